"""routerllm's extraction against evalplus's own sanitizer, on real model outputs from ../shared/data/outcomes."""
import csv, json, re, time
import pytest
from conftest import SHARED, needs_shared
from routerllm import data
from routerllm.sandbox.extract import extract, sanitize

OUT = SHARED / 'data' / 'outcomes'
pytestmark = needs_shared(OUT)

def real_outputs(limit=120):
    "(label, raw text, entry point, prompt) from three sources with different shapes."
    mbpp = {int(t.task_id.split('/')[1]): t for t in data.load('mbpp')}
    got = []
    for size in ('1b', '8b', '70b'):  # Llama MBPP outputs: bare code, often with stray fences
        for line in open(OUT / 'llmr_llama_1b_8b_70b_mbpp' / f'{size}_test_outputs.jsonl').readlines()[:limit // 3]:
            r = json.loads(line); t = mbpp[r['item']['task_id']]
            got.append((f'llama-{size}', r['text'][0], t.entry_point, None))
    he = {t.task_id: t for t in data.load('humaneval+')}
    for model in ('llama', 'gemma', 'deepseek'):  # TaskEval: code for HumanEval+
        d = json.load(open(OUT / 'taskeval_5models_heplus_greedy' / f'{model}_greedy_eval.json'))
        for k, (code, _) in list(d.items())[:limit // 3]:
            t = he[f'HumanEval/{k}']; got.append((f'taskeval-{model}', code, t.entry_point, t.prompt))
    csv.field_size_limit(1 << 30)
    rows = list(csv.DictReader(open(OUT / 'routerbench_mbpp' / 'mbpp_test.csv')))[:limit // 3]
    for r in rows:  # chat answers with prose and fences (and some JavaScript)
        for m in ('gpt-4-1106-preview', 'meta/llama-2-70b-chat', 'mistralai/mixtral-8x7b-chat'):
            text = eval(r[f'{m}|model_response'])[0] if r[f'{m}|model_response'].startswith('[') else r[f'{m}|model_response']
            calls = re.findall(r'def (\w+)\(', text)
            got.append((f'routerbench-{m}', text, calls[-1] if calls else 'f', None))
    return got

def test_sanitize_agrees_with_evalplus_on_real_outputs():
    ev = pytest.importorskip('evalplus.sanitize')
    outs = real_outputs()
    same, diffs, t_ours, t_theirs = 0, [], 0.0, 0.0
    for label, text, ep, _ in outs:
        t0 = time.perf_counter(); a = sanitize(text, ep); t1 = time.perf_counter(); b = ev.sanitize(text, ep); t2 = time.perf_counter()
        t_ours += t1 - t0; t_theirs += t2 - t1
        if a.strip() == b.strip(): same += 1
        else: diffs.append((label, ep))
    print(f"identical: {same}/{len(outs)}; time ours {t_ours:.2f}s, evalplus {t_theirs:.2f}s; differing: {diffs[:10]}")
    assert same / len(outs) >= 0.95, diffs

def test_extract_finds_the_function_in_real_outputs():
    outs = real_outputs()
    found = sum(bool(re.search(rf'^def {re.escape(ep)}\(', extract(text, ep, prompt), re.M)) for _, text, ep, prompt in outs)
    has_def = sum(bool(re.search(rf'def {re.escape(ep)}\(', text)) or prompt is not None for _, text, ep, prompt in outs)
    print(f"entry point recovered in {found}/{len(outs)} outputs ({has_def} mention it)")
    assert found >= 0.9 * has_def
