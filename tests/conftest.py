"""Shared helpers for routerllm's integration tests."""
import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / 'shared'

def run(cmd, cwd=ROOT, env=None, timeout=600, check=True):
    "Run a command, returning CompletedProcess; on failure show its output in the assertion."
    r = subprocess.run(cmd, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout)
    if check: assert r.returncode == 0, f"{cmd} exited {r.returncode}\nstdout:\n{r.stdout[-4000:]}\nstderr:\n{r.stderr[-4000:]}"
    return r

@pytest.fixture
def py(): return sys.executable
