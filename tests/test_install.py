"""`pip install .` gives an importable routerllm with its data inside, in a fresh virtualenv: the light core's data,
evaluate and feature-router commands work, and what needs an extra says which one."""
import json, os, sys, zipfile
import pytest
from conftest import ROOT, run

@pytest.mark.slow
def test_wheel_installs_with_data_in_fresh_venv(tmp_path):
    dist = tmp_path / 'dist'
    run([sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-q', '-w', str(dist), str(ROOT)])
    (whl,) = dist.glob('routerllm-*.whl')
    names = zipfile.ZipFile(whl).namelist()
    assert 'routerllm/assets/benchmarks/humanevalplus/HumanEvalPlus.jsonl.gz' in names
    assert 'routerllm/assets/benchmarks/PROVENANCE.md' in names
    venv = tmp_path / 'venv'
    run([sys.executable, '-m', 'venv', str(venv)])
    run([str(venv / 'bin' / 'python'), '-m', 'pip', 'install', '-q', '--disable-pip-version-check', str(whl)])
    check = ("import routerllm, routerllm.data as d; assert 'site-packages' in routerllm.__file__, routerllm.__file__; "
             "print({b: len(d.load(b)) for b in ['humaneval', 'humaneval+', 'mbpp', 'mbpp+']})")
    r = run([str(venv / 'bin' / 'python'), '-c', check], cwd=tmp_path)
    assert r.stdout.strip() == "{'humaneval': 164, 'humaneval+': 164, 'mbpp': 974, 'mbpp+': 378}"
    r = run([str(venv / 'bin' / 'routerllm'), 'data', 'verify'], cwd=tmp_path)
    assert r.stdout.count('ok  ') == 7
    # modelled energy and CO2 work from the shipped tables, without CodeCarbon
    check = ("from routerllm.carbon.model import default_model; from routerllm.carbon.energy import Grid; "
             "e = default_model().energy(70, 1000); print(e.provenance, round(Grid('FRA').co2_kg(e) * 1e6) > 0)")
    r = run([str(venv / 'bin' / 'python'), '-c', check], cwd=tmp_path)
    assert r.stdout.strip() == 'modelled True', r.stdout
    assert 'routerllm/assets/energy/mlenergy.csv' in names and 'routerllm/assets/carbon/grid_intensity.json' in names
    # feature routers train, save and route on the light core: numpy only, no torch
    assert 'routerllm/assets/outcomes/deepseek-mbpp+.csv.gz' in names and 'routerllm/assets/outcomes/PROVENANCE.md' in names
    rl = str(venv / 'bin' / 'routerllm')
    r = run([rl, 'route', 'train', '-r', 'logreg-features', '-l', 'deepseek-mbpp+', '-o', str(tmp_path / 'lr')], cwd=tmp_path)
    assert 'trained logreg-features on deepseek-mbpp+ (399 tasks' in r.stdout, r.stdout
    r = run([rl, 'route', 'single', '-r', str(tmp_path / 'lr'), '--task', 'Mbpp/2'], cwd=tmp_path)
    assert r.stdout.startswith('Mbpp/2: ds-'), r.stdout
    # evalplus-style grading in the sandbox, from an empty cache (expected outputs computed here)
    (tmp_path / 'samples.jsonl').write_text(
        json.dumps({'task_id': 'HumanEval/2', 'solution': 'def truncate_number(number):\n    return number % 1.0\n'}) + '\n' +
        json.dumps({'task_id': 'HumanEval/2', 'completion': '    return 0.0\n'}) + '\n')
    light = {'ROUTERLLM_CACHE': str(tmp_path / 'cache')}
    r = run([rl, 'evaluate', '--dataset', 'humaneval+', '--samples', str(tmp_path / 'samples.jsonl'), '--no-progress'], cwd=tmp_path, env=light)
    assert 'pass@1:\t0.500' in r.stdout, r.stdout
    # what needs an extra says which one, in one line: the report (study), a transformers model (hf)
    r = run([rl, 'report', '--out', str(tmp_path / 'rep')], cwd=ROOT, env=light, check=False)
    assert r.returncode == 1 and "pip install 'routerllm[study]'" in r.stderr and 'Traceback' not in r.stderr, r.stderr
    check = ("from routerllm.models.core import ModelManager; g = ModelManager().generate('smollm2-135m', ['hi'])[0]; print(g.error)")
    r = run([str(venv / 'bin' / 'python'), '-c', check], cwd=tmp_path, env=light)
    assert "LoadError: MissingExtra: the hf backend needs 'torch': pip install 'routerllm[hf]'" in r.stdout, r.stdout
    # the light core install must not drag in the heavy stacks
    r = run([str(venv / 'bin' / 'python'), '-m', 'pip', 'list', '--format=freeze'], cwd=tmp_path)
    assert not any(x in r.stdout.lower() for x in ('torch==', 'transformers==', 'evalplus==', 'codecarbon==')), r.stdout
