"""Where the main job's time goes, and what papermill adds per run, measured in the same run.

1. The main job (`routerllm.study.sweep.main_job`: params/route.yaml, generate.yaml, figures.yaml, then the report) into a
   fresh output directory: seconds per stage and in total (target: at most 15 minutes on a 2-core CPU machine), then
   again into the same directory: the resumed run's seconds (everything done: only the report is re-rendered).
2. Papermill's overhead per run: the same small route experiment (one ladder, the prior router, 2 folds) executed
   through its notebook by papermill and by calling `run_route` directly, each into a fresh directory, alternated
   `--repeat` times; the median difference is the overhead (kernel start, parameter injection, writing the notebook).
Usage: python benchmarks/bench_study.py [--repeat 3] [--skip-main]
"""
import argparse, statistics, tempfile, time
from pathlib import Path

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=3); ap.add_argument('--skip-main', action='store_true')
    a = ap.parse_args()
    from routerllm.study.sweep import main_job
    from routerllm.study.experiments import execute, run_route
    from routerllm.study.runs import Run
    if not a.skip_main:
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter(); main_job(root=d, out=Path(d, '_report')); first = time.perf_counter() - t0
            t0 = time.perf_counter(); main_job(root=d, out=Path(d, '_report')); again = time.perf_counter() - t0
        print(f"main job: {first:.0f} s ({first / 60:.1f} min; target <= 15 min: {'met' if first <= 900 else 'NOT met'}); "
              f"resumed: {again:.0f} s ({again / first:.1%} of the first run)")
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

if __name__ == '__main__': main()
