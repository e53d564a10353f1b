"""`make study` on a bare machine: a fresh virtualenv with only the main job's extras (`hf,study,carbon`, installed by
tools/install.sh exactly as `make study` does) and an empty ROUTERLLM_CACHE runs `routerllm study` end to end, through
papermill, to the report's HTML and PDF; a second run resumes every experiment instead of redoing it. Then the
results store, from the same venv: `routerllm store sync` reads every run once (a second sync reads nothing), and
`routerllm query` answers the study's questions from it.

The parameters are the main job's own experiments made quick: one outcome ladder with two routers and two folds, and
SmolLM2 alone on two HumanEval+ tasks at 24 new tokens. What they exercise is what a newcomer's `make study` needs:
every import of every stage, the GGUF conversion and the expected outputs computed from nothing, the live stage's
energy metered (CodeCarbon), the report.
"""
import json, os, sys
from pathlib import Path
import pytest
import yaml
from conftest import ROOT, run

pytestmark = pytest.mark.slow
DEV_ONLY = ('nbdev', 'pytest', 'jupyterlab', 'evalplus', 'openai', 'ray', 'scikit-learn')

def quick_params(d: Path) -> list[Path]:
    d.mkdir(parents=True, exist_ok=True)
    ps = {'route': {'experiment': 'route', 'ladders': ['qwen-humaneval+'], 'routers': ['prior', 'logreg-features'], 'k_folds': 2, 'n_boot': 100},
          'generate': {'experiment': 'generate', 'benchmark': 'humaneval+', 'n_tasks': 2, 'models': ['smollm2-135m'], 'strategies': [],
                       'max_tokens': 24, 'n_boot': 100},
          'figures': {'experiment': 'figures'}}
    for name, p in ps.items(): (d / f'{name}.yaml').write_text(yaml.safe_dump(p))
    return [d / f'{n}.yaml' for n in ps]

def test_main_job_from_a_fresh_venv_with_only_its_extras(tmp_path):
    venv, cache, out, report = tmp_path / 'venv', tmp_path / 'cache', tmp_path / 'outputs', tmp_path / '_report'
    run(['bash', 'tools/install.sh', 'hf,study,carbon'], env={'ROUTERLLM_VENV': str(venv)}, timeout=1800)
    have = run([str(venv / 'bin' / 'python'), '-m', 'pip', 'list', '--format=freeze'], cwd=tmp_path).stdout.lower()
    assert 'torch==' in have and 'papermill==' in have and 'execnb==' in have
    assert not [p for p in DEV_ONLY if f'\n{p}==' in '\n' + have], have          # nothing that only `dev` brings
    params = [str(p) for p in quick_params(tmp_path / 'params')]
    env = {'ROUTERLLM_CACHE': str(cache), 'PATH': f"{venv / 'bin'}:{os.environ['PATH']}"}
    cmd = [str(venv / 'bin' / 'routerllm'), 'study', *params, '--root', str(out), '--out', str(report)]
    r = run(cmd, env=env, timeout=1800)
    assert 'where the time went' in r.stdout, r.stdout
    html, pdf = report / 'index.html', report / 'index.pdf'
    assert html.stat().st_size > 10_000 and pdf.read_bytes()[:4] == b'%PDF', (html, pdf)
    assert (cache / 'expected').is_dir() and any((cache / 'hf').iterdir())    # computed here, from nothing
    runs = sorted(out.glob('*/*/notebook.ipynb'))
    assert {p.parts[-3] for p in runs} == {'route', 'generate', 'figures'}, runs
    stamps = {p: p.stat().st_mtime_ns for p in runs}
    r2 = run(cmd, env=env, timeout=900)                                         # resumes: no experiment runs again
    assert {p: p.stat().st_mtime_ns for p in runs} == stamps, r2.stdout
    assert html.exists() and 'report:' in r2.stdout
    rl = str(venv / 'bin' / 'routerllm')
    s1 = run([rl, 'store', 'sync', '--root', str(out)], env=env, timeout=600).stdout
    assert ' 3 runs (0 running, 0 removed), ' in s1 and ', 0 new record lines' not in s1, s1
    assert ', 0 new record lines' in run([rl, 'store', 'sync', '--root', str(out)], env=env, timeout=600).stdout
    q = run([rl, 'query', '--root', str(out), '-f', 'json', 'SELECT strategy, tasks, pass1, energy_j_per_solved, '
             'energy_provenance FROM strategy_results'], env=env, timeout=600).stdout
    rows = {r['strategy']: r for r in json.loads(q)}
    assert rows['always smollm2-135m']['tasks'] == 2, rows
    assert rows['always smollm2-135m']['energy_provenance'] in ('estimated', 'measured'), rows     # metered, not modelled
    u = run([rl, 'query', '--root', str(out), 'SELECT source, count(*) AS tasks FROM unsolved GROUP BY source'],
            env=env, timeout=600).stdout
    assert 'ladder qwen-humaneval+' in u, u
