"""Where the main job's time goes, and what papermill adds per run, measured in the same run.

1. The main job (`routerllm.study.job.main_job`: params/route.yaml, generate.yaml, figures.yaml, then the report) into a
   fresh output directory: seconds per stage and in total (target: at most 15 minutes on a 2-core CPU machine), then
   again into the same directory: the resumed run's seconds (everything done: only the report is re-rendered).
2. The generate stage before and after batching: params/generate.yaml executed (through papermill, as the main job
   does) with `batch=1` (each task's first-stage answer generated alone, as before batching) and with its default batch,
   each into a fresh directory after both models' checkpoints are cached; seconds of each, their ratio (target: the
   batched stage takes at most half the time), and whether every answer and every pass@1 is the same.
3. Papermill's overhead per run: the same small route experiment (one ladder, the prior router, 2 folds) executed
   through its notebook by papermill and by calling `run_route` directly, each into a fresh directory, alternated
   `--repeat` times; the median difference is the overhead (kernel start, parameter injection, writing the notebook).
Usage: python benchmarks/bench_study.py [--repeat 3] [--skip-main] [--skip-generate]
"""
import argparse, statistics, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=3); ap.add_argument('--skip-main', action='store_true')
    ap.add_argument('--skip-generate', action='store_true')
    a = ap.parse_args()
    from routerllm.study.job import main_job
    from routerllm.study.experiments import execute, run_route
    from routerllm.study.runs import Run
    if not a.skip_main:
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter(); main_job(root=d, out=Path(d, '_report')); first = time.perf_counter() - t0
            t0 = time.perf_counter(); main_job(root=d, out=Path(d, '_report')); again = time.perf_counter() - t0
        print(f"main job: {first:.0f} s ({first / 60:.1f} min; target <= 15 min: {'met' if first <= 900 else 'NOT met'}); "
              f"resumed: {again:.0f} s ({again / first:.1%} of the first run)")
    if not a.skip_generate: generate_before_after()
    small = {'experiment': 'route', 'ladders': ['qwen-humaneval+'], 'routers': ['prior'], 'k_folds': 2, 'n_boot': 50}
    pm, direct = [], []
    for i in range(a.repeat):
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter(); execute({**small, 'seed': i}, d); pm.append(time.perf_counter() - t0)
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter(); r = Run({**small, 'seed': i}, d).open(); run_route(r); r.set_status('done'); direct.append(time.perf_counter() - t0)
    mp, md = statistics.median(pm), statistics.median(direct)
    print(f"papermill: {mp:.2f} s per small run vs {md:.2f} s called directly (median of {a.repeat}): overhead {mp - md:.2f} s per run, "
          f"{mp / md:.1f}x the direct call")

def generate_before_after():
    "The generate stage with batch=1 (before) and batched (after), same tasks and tokens, through papermill."
    from routerllm.core import project_root, read_jsonl
    from routerllm.models.core import ModelManager
    from routerllm.study.params import resolve
    from routerllm.study.experiments import execute
    p = resolve(project_root()/'params'/'generate.yaml')
    mm = ModelManager()
    for m in p['models']: mm.get(m)                     # GGUF checkpoints converted and cached before anything is timed
    mm.close()
    res = {}
    for b in (1, p['batch']):
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter(); r = execute({**p, 'batch': b}, d); s = time.perf_counter() - t0
            texts = {f.name: [[a['text'] for a in tr['attempts']] for tr in read_jsonl(f)] for f in sorted(r.dir.rglob('traces-*.jsonl'))}
            assert texts, f'no traces under {r.dir}'
            res[b] = (s, texts, {k: v['pass1'] for k, v in r.metrics().items()})
    (before, tb, pb), (after, ta, pa) = res[1], res[p['batch']]
    print(f"generate stage ({p['n_tasks']} tasks, {p['max_tokens']} tokens, {len(p['models'])} models + {len(p['strategies'])} strategies): "
          f"one at a time {before:.0f} s, batched by {p['batch']} {after:.0f} s: after/before = {after / before:.2f} "
          f"(target <= 0.5: {'met' if after <= before / 2 else 'NOT met'}); same answers: {ta == tb}; same pass@1: {pa == pb}")

if __name__ == '__main__': main()
