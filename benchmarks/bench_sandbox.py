"""Sandbox throughput against evalplus and against no isolation at all, measured in one run.

For each sample set it times, on this machine:
  floor     every input of every sample called in plain processes (no isolation, no checks),
            spread over the same number of worker processes: the fastest any harness could be;
  routerllm routerllm.sandbox.grade.evaluate (bubblewrap jail per sample, CPU-time limits);
  evalplus  `python -m evalplus.evaluate --parallel N` (evalplus 0.3.1), until its process exits;
and prints verdict agreement and the time ratios. Expected outputs of both harnesses are computed
(and cached) before timing: the timings are of warm runs. The floor gets the same longest-first order
routerllm uses (else a slow task left for last would make the floor look slow). Machines are noisy, so
floor and routerllm are timed alternately --repeat times and the ratio is of the medians. With --load
it grades once more while N busy processes load the machine, and checks verdicts are identical.

Sets: he-canonical (164 HumanEval+ references, all 124,253 inputs), mbpp-canonical (378 MBPP+
references), qwen7b-he (Qwen2.5-Coder-7B solutions, HumanEval+ v0.1.9).
Usage: python benchmarks/bench_sandbox.py [--sets he-canonical,mbpp-canonical,qwen7b-he] [--workers 2] [--repeat 3] [--load]
"""
import argparse, json, multiprocessing as mp, os, statistics, subprocess, sys, tempfile, time
from copy import deepcopy
from pathlib import Path
from routerllm import data
from routerllm.sandbox.grade import evaluate, oracles

SHARED = Path(__file__).resolve().parents[1].parent / 'shared' / 'data' / 'outcomes'

def sample_set(name):
    "(benchmark, version, [(task, code)]) of a named set."
    if name in ('he-canonical', 'mbpp-canonical'):
        b = 'humaneval+' if name.startswith('he') else 'mbpp+'
        ts = data.load(b)
        return b, data.spec(b).version, [(t, data.hidden_tests(t).reference) for t in ts]
    if name == 'qwen7b-he':
        res = json.load(open(SHARED / 'qwen2.5-coder_base_evalplus/7b-base/humaneval/generated_eval_results.json'))['eval']
        ts = {t.task_id: t for t in data.load('humaneval+', 'v0.1.9')}
        return 'humaneval+', 'v0.1.9', [(ts[k], v[0]['solution']) for k, v in res.items()]
    raise SystemExit(f"unknown set {name!r}")

def _floor_one(job):
    "Call every input of one sample in this process, as evalplus's trusted_exec does; returns seconds."
    code, ep, inputs = job
    t0 = time.perf_counter()
    try:
        ns = {}; exec(code, ns); fn = ns[ep]
        for inp in inputs:
            try: fn(*deepcopy(inp))
            except Exception: pass
    except Exception: pass
    return time.perf_counter() - t0

def floor(pairs, workers, table):
    "Wall time of calling every input in `workers` plain forked processes, longest task first; and the single-process sum."
    def cost(t):
        o = table[t.task_id]
        return sum(o.base_cpu) + sum(o.plus_cpu)
    jobs = [(c, data.hidden_tests(t).entry_point, list(data.hidden_tests(t).base_inputs) + list(data.hidden_tests(t).plus_inputs))
            for t, c in sorted(pairs, key=lambda p: -cost(p[0]))]
    t0 = time.perf_counter()
    with mp.get_context('fork').Pool(workers) as pool: per = list(pool.imap_unordered(_floor_one, jobs, chunksize=1))
    return time.perf_counter() - t0, sum(per)

def run_evalplus(bench, version, pairs, workers):
    "Wall time of evalplus.evaluate until its process exits, and its verdicts."
    env = {**os.environ, **data.evalplus_offline(version if bench == 'humaneval+' else None, version if bench == 'mbpp+' else None)}
    d = Path(tempfile.mkdtemp())
    p = d / 'samples.jsonl'
    p.write_text(''.join(json.dumps({'task_id': t.task_id, 'solution': c}) + '\n' for t, c in pairs))
    cmd = [sys.executable, '-m', 'evalplus.evaluate', '--dataset', 'humaneval' if bench == 'humaneval+' else 'mbpp',
           '--samples', str(p), '--parallel', str(workers), '--i_just_wanna_run']
    subprocess.run(cmd, env=env, capture_output=True)  # warm-up: evalplus computes and caches its ground truth
    (d / 'samples_eval_results.json').unlink(missing_ok=True)  # else evalplus stops to ask before overwriting
    t0 = time.perf_counter()
    r = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if r.returncode != 0: print(r.stderr[-2000:]); return wall, None
    res = json.load(open(d / 'samples_eval_results.json'))['eval']
    return wall, {k: (v[0]['base_status'], v[0]['plus_status']) for k, v in res.items()}

def busy():
    while True: pass

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--sets', default='he-canonical,mbpp-canonical,qwen7b-he')
    ap.add_argument('--workers', type=int, default=os.cpu_count())
    ap.add_argument('--repeat', type=int, default=3, help='alternate floor and routerllm timings this many times (median reported)')
    ap.add_argument('--load', action='store_true', help='grade again under load and compare verdicts')
    ap.add_argument('--no-evalplus', action='store_true')
    a = ap.parse_args()
    for name in a.sets.split(','):
        bench, version, pairs = sample_set(name)
        table = oracles(bench, version)  # warm
        n_inputs = sum(len(data.hidden_tests(t).base_inputs) + len(data.hidden_tests(t).plus_inputs) for t, _ in pairs)  # (Mbpp/793 has none: {})
        # the floor runs code with no limits at all, so only for trusted (canonical) code: a model's infinite loop would hang it
        trusted = name.endswith('canonical')
        floors, ours_t, runs = [], [], []
        for _ in range(max(1, a.repeat)):
            if trusted: floors.append(floor(pairs, a.workers, table))
            t0 = time.perf_counter(); runs.append(evaluate(pairs, workers=a.workers, progress=False)); ours_t.append(time.perf_counter() - t0)
        vs, ours = runs[0], statistics.median(ours_t)
        mine = {v.task_id: (v.base, v.plus) for v in vs}
        repeat_same = all({v.task_id: (v.base, v.plus) for v in r} == mine for r in runs)
        print(f"\n== {name}: {len(pairs)} samples, {n_inputs:,} inputs, {a.workers} workers, median of {len(ours_t)} ==")
        f_wall = statistics.median(w for w, _ in floors) if floors else None
        if f_wall: print(f"floor (no isolation)   {f_wall:7.1f} s   (runs: {', '.join(f'{w:.1f}' for w, _ in floors)}; one process: {floors[0][1]:.1f} s)")
        ratio = f"ratio to floor {ours / f_wall:5.2f}x" if f_wall else "(no floor: untrusted code)"
        print(f"routerllm              {ours:7.1f} s   {ratio}   (runs: {', '.join(f'{w:.1f}' for w in ours_t)})   passed {sum(v.passed for v in vs)}/{len(vs)}   isolation {vs[0].isolation}")
        print(f"verdicts identical across the {len(runs)} runs: {repeat_same}")
        if not a.no_evalplus:
            ev_wall, theirs = run_evalplus(bench, version, pairs, a.workers)
            if theirs:
                agree = sum(mine[k] == theirs.get(k) for k in mine)
                passed = sum(v == ('pass', 'pass') for v in theirs.values())
                print(f"evalplus 0.3.1         {ev_wall:7.1f} s   evalplus / routerllm {ev_wall / ours:5.2f}x   passed {passed}/{len(theirs)}")
                print(f"verdicts agree         {agree}/{len(mine)}   differing: {[(k, mine[k], theirs.get(k)) for k in mine if mine[k] != theirs.get(k)][:6]}")
        if a.load:
            hogs = [mp.Process(target=busy, daemon=True) for _ in range(a.workers)]
            for h in hogs: h.start()
            t0 = time.perf_counter(); vs2 = evaluate(pairs, workers=a.workers, progress=False); loaded = time.perf_counter() - t0
            for h in hogs: h.terminate()
            same = sum((v.base, v.plus) == mine[v.task_id] for v in vs2)
            print(f"under load ({a.workers} busy procs) {loaded:5.1f} s   verdicts identical {same}/{len(vs2)}")

if __name__ == '__main__': main()
