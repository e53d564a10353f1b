"""One registry per concept, and every list of names derived from it.

Backends (`models.core.BACKENDS`), router algorithms (`router.core.ROUTERS`), named routers (`router.core.ROUTER_CONFIGS`),
strategies (`strategies.live.STRATEGIES`), ladders (`router.outcomes.LADDERS`), benchmarks (`data.DEFAULT_VERSIONS`),
experiments (`study.params.EXPERIMENTS`) and commands (`cli.COMMANDS`), each a `core.Registry`. Each test adds an entry to a registry
and checks that the lists built from it (params validation, CLI help, the gateway's names, comparisons) see it:
a copied list would not.
"""
import pytest
from routerllm.study.params import validate, ParamsError

def problems(**params) -> str:
    try: validate(params); return ''
    except ParamsError as e: return '; '.join(e.problems)

@pytest.fixture
def extra_router():
    from routerllm.router.core import ROUTER_CONFIGS
    ROUTER_CONFIGS.add('prior-twin', ('prior', {}))
    yield 'prior-twin'
    ROUTER_CONFIGS.remove('prior-twin')

def test_named_routers_come_from_router_configs(extra_router):
    from routerllm.router.core import ROUTER_CONFIGS, ROUTERS, make_router
    from routerllm.router.compare import default_routers
    from routerllm.cli import parser
    assert problems(experiment='route', routers=[extra_router]) == ''
    assert 'unknown router' in problems(experiment='route', routers=['prior-triplet'])
    assert list(default_routers(neural=True)) == list(ROUTER_CONFIGS)
    assert type(make_router(extra_router)).__name__ == 'Prior'
    route = parser()._subparsers._group_actions[0].choices['route']
    assert extra_router in route.format_help()                  # `route train -r` lists the same names
    assert {k for k, _ in ROUTER_CONFIGS.values()} <= set(ROUTERS)

def test_strategy_names_come_from_strategies():
    from routerllm.strategies.live import STRATEGIES, strategy, parse_strategy, Cascade, Stage
    from routerllm.serve.routed import RoutedManager
    from routerllm.models.core import ModelManager
    assert 'echo:smollm2-135m' not in RoutedManager(ModelManager()).cards
    strategy('echo', 1)(lambda name, models, max_tokens: Cascade([Stage(models[0], max_tokens=max_tokens)], name=name))
    try:
        assert problems(experiment='generate', strategies=['echo:smollm2-135m']) == ''
        assert 'echo:smollm2-135m' in RoutedManager(ModelManager()).cards      # the gateway serves it by name
        assert parse_strategy('echo:a').stages[0].model == 'a'
        assert 'ALGORITHM one of cascade, branching, draft-refine, consensus, echo' in problems(experiment='generate', strategies=['x:a'])
    finally: STRATEGIES.remove('echo')
    assert 'is not a strategy name' in problems(experiment='generate', strategies=['echo:smollm2-135m'])

def test_backends_ladders_benchmarks_and_experiments():
    from routerllm.models.core import BACKENDS, backend_class, cards
    from routerllm.router.outcomes import LADDERS
    from routerllm.data import DEFAULT_VERSIONS
    from routerllm.study.params import EXPERIMENTS
    from routerllm.study.experiments import notebook_path
    assert {c.backend for c in cards().values()} <= set(BACKENDS)
    for b, m in BACKENDS.lazy.items(): assert backend_class(b).__module__ == m
    with pytest.raises(ValueError, match='known: hf, llamacpp, openai, replay'): backend_class('nope')
    for name in LADDERS: assert problems(experiment='route', ladders=[name]) == ''
    for b in DEFAULT_VERSIONS: assert problems(experiment='generate', benchmark=b) == ''
    for e in EXPERIMENTS:                                        # each experiment has its notebook
        if e != 'study': assert notebook_path(e).is_file()
