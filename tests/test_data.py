"""routerllm.data against evalplus's own loaders: same tasks, same inputs (types included), offline."""
import json, sys
import pytest
from conftest import run

PARITY = r'''
import os, sys, json
he_v, mb_v, import_first = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
if import_first: import evalplus.data            # patching after import must work too
from routerllm import data
from routerllm.core import HiddenRef
env = data.evalplus_offline(he_v, mb_v)
from evalplus.data import get_human_eval_plus, get_mbpp_plus
checked = 0
for bench, ver, theirs in [('humaneval+', he_v, get_human_eval_plus()), ('mbpp+', mb_v, get_mbpp_plus())]:
    ours = {t.task_id: t for t in data.load(bench, ver)}
    assert list(ours) == list(theirs), (bench, set(ours) ^ set(theirs))
    for tid, p in theirs.items():
        t, h = ours[tid], data.hidden_tests(HiddenRef(bench, ver, tid))
        assert t.prompt == p['prompt'] and t.entry_point == p['entry_point'], tid
        assert h.reference == p['prompt'] + p['canonical_solution'], tid
        assert repr(h.base_inputs) == repr(p['base_input']), (tid, 'base')   # repr: tuple vs list matters
        assert repr(h.plus_inputs) == repr(p['plus_input']), (tid, 'plus')
        assert h.atol == p['atol'] and h.contract == p['contract'], tid
        checked += len(p['base_input']) + len(p['plus_input'])
print(json.dumps({'inputs': checked, 'cache': [p for p in os.listdir(os.path.expanduser('~/.cache/evalplus'))] if os.path.isdir(os.path.expanduser('~/.cache/evalplus')) else []}))
'''

@pytest.mark.parametrize('he_v,mb_v,import_first', [('v0.1.10', 'v0.2.0', '0'), ('v0.1.9', 'v0.1.0', '1')])
def test_same_tasks_and_inputs_as_evalplus(tmp_path, he_v, mb_v, import_first):
    pytest.importorskip('evalplus')
    # an empty HOME: evalplus has no cached download to fall back on, and no network is used
    r = run([sys.executable, '-c', PARITY, he_v, mb_v, import_first], env={'HOME': str(tmp_path), 'XDG_CACHE_HOME': str(tmp_path / 'cache')})
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out['inputs'] > 60_000, out
    assert not any('jsonl' in f for f in out['cache']), f"evalplus downloaded a dataset: {out['cache']}"
