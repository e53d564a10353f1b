"""Extras that match the code: every third-party module routerllm imports is brought by what its import asks for.

An import at module level (or anywhere outside a guard) must come with the light core (`requirements` in
settings.ini). An import inside `with needs('x'):` must come with extra `x`. An import inside `try: ...
except ImportError` is optional by construction (the code says what to do without it). "Comes with" means
the distribution that provides the module is among the requirements or what they require, transitively
(matplotlib brings PIL, ipykernel brings IPython), as the installed metadata says.

The same rule covers what the study runs outside the package: the experiment notebooks and the report
(`study` extra). The checker is tested against itself: dropping a module from its extra makes it complain,
so deleting a dependency from an extra cannot pass silently. The fresh-venv tests (test_install.py,
test_main_job.py) then prove the same thing by running the code.
"""
import ast, configparser, json, re, sys
from importlib import metadata
from pathlib import Path
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from conftest import ROOT

STD = set(sys.stdlib_module_names) | {'__future__'}
# modules of extras the test machine does not install (llama-cpp-python builds from source for ~11 minutes): the
# distribution that provides each, checked against the extra's own requirements
NOT_INSTALLED = {'llama_cpp': 'llama-cpp-python'}

def settings() -> dict[str, list[str]]:
    "{'core': [...], extra: [...]} as setup.py builds them from settings.ini."
    cfg = configparser.ConfigParser(delimiters=['=']); cfg.read(ROOT / 'settings.ini')
    d = cfg['DEFAULT']
    out = {'core': d['requirements'].split()}
    out.update({k[len('extra_'):]: v.split() for k, v in d.items() if k.startswith('extra_')})
    return out

def closure(reqs: list[str]) -> set[str]:
    "Canonical names of the distributions `reqs` install, transitively (from the installed metadata)."
    seen, todo = set(), [(Requirement(r), ()) for r in reqs]
    while todo:
        r, _ = todo.pop()
        name = canonicalize_name(r.name)
        key = (name, tuple(sorted(r.extras)))
        if key in seen: continue
        seen.add(key)
        try: dist = metadata.distribution(r.name)
        except metadata.PackageNotFoundError: continue          # not installed here (NOT_INSTALLED): nothing to follow
        for s in dist.requires or []:
            q = Requirement(s)
            if q.marker is None or any(q.marker.evaluate({'extra': e}) for e in (r.extras or {''})):
                todo.append((q, ()))
    return {n for n, _ in seen}

def providers() -> dict[str, set[str]]:
    "Top-level module -> canonical names of the installed distributions that provide it."
    return {m: {canonicalize_name(d) for d in ds} for m, ds in metadata.packages_distributions().items()}

def _guard(node, parents) -> tuple[str, str | None]:
    "('needs', extra) inside `with needs(extra)`, ('optional', None) inside try/except ImportError, else ('core', None)."
    for p in reversed(parents):
        if isinstance(p, ast.With):
            for it in p.items:
                c = it.context_expr
                if isinstance(c, ast.Call) and getattr(c.func, 'id', None) == 'needs' and c.args and isinstance(c.args[0], ast.Constant):
                    return 'needs', c.args[0].value
        if isinstance(p, ast.Try) and node_in(node, p.body):
            for h in p.handlers:
                names = [h.type] if not isinstance(h.type, ast.Tuple) else h.type.elts
                if h.type is None or any(getattr(n, 'id', None) in ('ImportError', 'ModuleNotFoundError', 'Exception') for n in names):
                    return 'optional', None
    return 'core', None

def node_in(node, body) -> bool: return any(node is n for b in body for n in ast.walk(b))

def imports(source: str, where: str, default: str = 'core') -> list[tuple[str, str, str]]:
    "(where:line, top-level module, extra it needs) for every third-party import in `source`."
    tree, out = ast.parse(source), []
    def visit(n, parents):
        if isinstance(n, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in n.names] if isinstance(n, ast.Import) else [n.module] if n.level == 0 and n.module else []
            guard, extra = _guard(n, parents)
            for m in mods:
                top = m.split('.')[0]
                if top in STD or top == 'routerllm' or guard == 'optional': continue
                out.append((f"{where}:{n.lineno}", top, extra if guard == 'needs' else default))
        for c in ast.iter_child_nodes(n): visit(c, parents + [n])
    visit(tree, [])
    return out

def study_sources() -> list[tuple[str, str]]:
    "The code the study runs outside the package: experiment notebooks' cells and the report's python cells."
    out = []
    for nb in sorted((ROOT / 'nbs' / 'experiments').glob('*.ipynb')):
        cells = json.loads(nb.read_text())['cells']
        out.append((str(nb.relative_to(ROOT)), '\n'.join(''.join(c['source']) for c in cells if c['cell_type'] == 'code')))
    qmd = (ROOT / 'report' / 'index.qmd').read_text()
    out.append(('report/index.qmd', '\n'.join(re.findall(r'^```\{python\}[^\n]*\n(.*?)^```', qmd, re.M | re.S))))
    return out

def all_imports():
    res = []
    for f in sorted((ROOT / 'routerllm').rglob('*.py')):
        res += imports(f.read_text(), str(f.relative_to(ROOT)))
    for where, src in study_sources(): res += imports(src, where, default='study')
    return res

def problems(extras: dict[str, list[str]], found=None) -> list[str]:
    "Every import whose module its extra (plus the core, which every install has) does not bring."
    prov, out, cache = providers(), [], {}
    for where, mod, extra in (found if found is not None else all_imports()):
        if extra not in extras: out.append(f"{where}: needs({extra!r}) names no extra of settings.ini"); continue
        have = cache.setdefault(extra, closure(extras['core'] + (extras[extra] if extra != 'core' else [])))
        ds = prov.get(mod) or ({canonicalize_name(NOT_INSTALLED[mod])} if mod in NOT_INSTALLED else None)
        if not ds: out.append(f"{where}: {mod!r} is not installed here, so its extra cannot be checked"); continue
        if not ds & have: out.append(f"{where}: imports {mod!r} (from {sorted(ds)}), which {'the core' if extra == 'core' else f'extra {extra!r}'} does not bring")
    return out

def test_every_import_is_brought_by_its_extra():
    found = all_imports()
    assert {m for _, m, e in found if e == 'study'} >= {'papermill', 'execnb', 'pypandoc', 'typst', 'matplotlib', 'IPython'}
    assert {m for _, m, e in found if e == 'hf'} >= {'torch', 'transformers', 'gguf', 'accelerate'}
    assert problems(settings(), found) == []

def test_dropping_a_module_from_its_extra_is_caught():
    ex = settings()
    cut = {**ex, 'study': [r for r in ex['study'] if not r.startswith('execnb')]}
    bad = problems(cut)
    assert any("routerllm/study/report.py" in p and "'execnb'" in p for p in bad), bad
    cut = {**ex, 'http': []}
    assert any("routerllm/models/http.py" in p and "'openai'" in p for p in problems(cut))
    cut = {**ex, 'core': [r for r in ex['core'] if not r.startswith('pyyaml')]}
    assert any("'yaml'" in p for p in problems(cut))

def test_the_checker_reads_guards():
    src = ("import numpy\nfrom routerllm.core import needs\n"
           "def f():\n    with needs('hf'): import torch\n    try: import pynvml\n    except Exception: pass\n"
           "    import seaborn as sns\n")
    assert [(m, e) for _, m, e in imports(src, 'x')] == [('numpy', 'core'), ('torch', 'hf'), ('seaborn', 'core')]
    assert any("'seaborn'" in p and 'the core does not bring' in p for p in problems(settings(), imports(src, 'x')))
