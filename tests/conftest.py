"""Shared helpers for routerllm's integration tests."""
import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

if os.environ.get('PYTEST_XDIST_WORKER'):
    # `make test` runs two workers on two cores: one compute thread each. Left alone, torch, OpenMP and BLAS start a
    # thread per core in every worker and, oversubscribed, spin against each other (a notebook ran four times slower).
    for var in ('OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'OPENBLAS_NUM_THREADS'): os.environ.setdefault(var, '1')
    os.environ.setdefault('TOKENIZERS_PARALLELISM', 'false')
SHARED = ROOT.parent / 'shared'

def run(cmd, cwd=ROOT, env=None, timeout=600, check=True):
    "Run a command, returning CompletedProcess; on failure show its output in the assertion."
    r = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)
    if check: assert r.returncode == 0, f"{cmd} exited {r.returncode}\nstdout:\n{r.stdout[-4000:]}\nstderr:\n{r.stderr[-4000:]}"
    return r

@pytest.fixture
def py(): return sys.executable

def needs_shared(path:Path):
    "Skip (with the reason) when shared data are missing; where CI requires them (ROUTERLLM_REQUIRE_SHARED), fail instead."
    if path.exists(): return pytest.mark.skipif(False, reason='')
    if os.environ.get('ROUTERLLM_REQUIRE_SHARED'): raise FileNotFoundError(f"{path} is missing and ROUTERLLM_REQUIRE_SHARED is set")
    return pytest.mark.skipif(True, reason=f'needs the shared data at {path}')

FLAGS = set(os.environ.get('ROUTERLLM_TEST_FLAGS', '').split())

# Seconds the longest tests took in CI with the slow tier (2 workers on 2 cores, empty cache). `make test` runs on two
# pytest-xdist workers with `--dist loadgroup`, which hands each test to the next free worker in collection order:
# sorted longest first, both workers finish together (longest-processing-time-first scheduling; `--dist load` would
# send the first dozen tests, all the long ones, to one worker).
LONGEST = {'05f_router.compare': 295, '06b_strategies.live': 265, 'test_main_job': 185, '02d_sandbox.grade': 155,
           '07g_study.experiments': 170, 'test_ladders_rebuild': 150, 'test_python_blocks_run_in_order': 75,
           '04f_models.speculative': 70, '06h_experts.train': 65, 'test_probe_tables_rebuild': 65,
           '07h_study.sweep': 55, 'test_wheel_installs': 55, 'test_check_tables_rebuild': 45, 'test_command_lines_run': 45,
           '07c_study.store': 40, '05e_router.neural': 40, '04c_models.hf': 35, '08a_serve.routed': 25,
           '08c_serve.gateway': 15, '05g_router.cascades': 15}

def pytest_collection_modifyitems(config, items):
    "The fast tier by default: tests marked `slow` run only when ROUTERLLM_TEST_FLAGS names `slow` (`make test`, CI)."
    guess = lambda it: next((s for k, s in LONGEST.items() if k in it.nodeid), 0)
    items.sort(key=lambda it: -guess(it))                      # stable: the rest keep their order
    if 'slow' in FLAGS: return
    skip = pytest.mark.skip(reason='slow tier: set ROUTERLLM_TEST_FLAGS=slow (make test) to run it')
    for it in items:
        if 'slow' in it.keywords: it.add_marker(skip)
