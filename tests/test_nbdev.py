"""The notebooks are the source: the exported library must match them and they must be clean.

Both checks run on a copy of the tracked files, so they never modify the checkout they test.
"""
import json, shutil, subprocess, sys
from pathlib import Path
import pytest
from conftest import ROOT, run

def _tracked_copy(dst: Path) -> Path:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split('\0')
    for f in filter(None, files):
        if (ROOT / f).is_file():
            (dst / f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(ROOT / f, dst / f)
    return dst

def _snapshot(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob('*')
            if p.is_file() and '__pycache__' not in p.parts}

def _nbdev(cwd, fn):
    run([sys.executable, '-c', f'from nbdev.{fn[0]} import {fn[1]}; {fn[1]}()'], cwd=cwd)

@pytest.fixture(scope='module')
def repo_copy(tmp_path_factory):
    if not (ROOT / '.git').exists(): pytest.skip('not a git checkout')
    return _tracked_copy(tmp_path_factory.mktemp('repo'))

def test_export_and_clean_change_nothing(repo_copy):
    before = _snapshot(repo_copy)
    _nbdev(repo_copy, ('doclinks', 'nbdev_export'))
    _nbdev(repo_copy, ('clean', 'nbdev_clean'))
    after = _snapshot(repo_copy)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"nbdev_export/nbdev_clean would change: {changed} (run them and commit the result)"

def test_clean_keeps_papermill_parameters_tag(repo_copy):
    nb = {'cells': [{'cell_type': 'code', 'id': 'p1', 'execution_count': 3, 'outputs': [],
                     'metadata': {'tags': ['parameters'], 'scrolled': True, 'collapsed': False},
                     'source': ['n_tasks = 5\n', "models = ['smollm2']"]},
                    {'cell_type': 'code', 'id': 'p2', 'execution_count': 4, 'metadata': {'tags': ['injected-parameters']},
                     'outputs': [{'output_type': 'stream', 'name': 'stdout', 'text': ['hi\n']}], 'source': ['print("hi")']}],
          'metadata': {'kernelspec': {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}},
          'nbformat': 4, 'nbformat_minor': 5}
    p = repo_copy / 'nbs' / 'experiments' / '_tag_probe.ipynb'
    p.parent.mkdir(parents=True, exist_ok=True); p.write_text(json.dumps(nb))
    _nbdev(repo_copy, ('clean', 'nbdev_clean'))
    cleaned = json.loads(p.read_text())
    c0 = cleaned['cells'][0]
    assert c0['metadata'] == {'tags': ['parameters']}, c0['metadata']  # the tag survives, editor noise does not
    assert c0['execution_count'] is None
