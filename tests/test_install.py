"""`pip install .` gives an importable routerllm with its data inside, in a fresh virtualenv."""
import sys, zipfile
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
    assert 'routerllm/assets/energy/mlenergy_dense.csv' in names and 'routerllm/assets/carbon/grid_intensity.json' in names
    # feature routers train, save and route on the light core: numpy only, no torch
    assert 'routerllm/assets/outcomes/deepseek-mbpp+.csv.gz' in names and 'routerllm/assets/outcomes/PROVENANCE.md' in names
    rl = str(venv / 'bin' / 'routerllm')
    r = run([rl, 'route', 'train', '-r', 'logreg', '-l', 'deepseek-mbpp+', '-o', str(tmp_path / 'lr')], cwd=tmp_path)
    assert 'trained logreg on deepseek-mbpp+ (399 tasks' in r.stdout, r.stdout
    r = run([rl, 'route', 'single', '-r', str(tmp_path / 'lr'), '--task', 'Mbpp/2'], cwd=tmp_path)
    assert r.stdout.startswith('Mbpp/2: ds-'), r.stdout
    # the light core install must not drag in the heavy stacks
    r = run([str(venv / 'bin' / 'python'), '-m', 'pip', 'list', '--format=freeze'], cwd=tmp_path)
    assert not any(x in r.stdout.lower() for x in ('torch==', 'transformers==', 'evalplus==', 'codecarbon==')), r.stdout
