"""Every library notebook's examples are tests: run each one here, as nbdev_test would.

Cells flagged with a test flag from settings.ini (`slow`, `gpu`) are skipped unless
ROUTERLLM_TEST_FLAGS names them (CI sets ROUTERLLM_TEST_FLAGS=slow). Each notebook runs in its own
process, so one notebook's imports and globals cannot make another pass.
"""
import configparser, os, sys
import pytest
from conftest import ROOT, run

cfg = configparser.ConfigParser(); cfg.read(ROOT / 'settings.ini')
SKIP = set(cfg['DEFAULT']['tst_flags'].split()) - set(os.environ.get('ROUTERLLM_TEST_FLAGS', '').split())
NOTEBOOKS = sorted(p for p in (ROOT / 'nbs').rglob('*.ipynb')
                   if not p.name.startswith('_') and 'experiments' not in p.parts and '.ipynb_checkpoints' not in p.parts)

def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 3, NOTEBOOKS

@pytest.mark.parametrize('nb', NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / 'nbs')))
def test_notebook(nb):
    code = ("import sys; from pathlib import Path; from nbdev.test import test_nb\n"
            f"ok, t = test_nb(Path({str(nb)!r}), skip_flags={sorted(SKIP)!r}, basepath={str(ROOT)!r})\n"
            "sys.exit(0 if ok else 1)")
    run([sys.executable, '-c', code], cwd=nb.parent, timeout=1800)   # 05f cross-validates every router on every ladder (~17 min with slow cells)
