"""Cold-start cost of loading the pinned benchmarks: routerllm.data vs evalplus's loaders, same run.

Each measurement is a fresh interpreter (what a papermill run or a Ray worker pays), repeated and
reported as the median. routerllm's side includes sha256 verification of every file and parsing the
visible examples; evalplus's side reads the same files through HUMANEVAL/MBPP_OVERRIDE_PATH.
Usage: python benchmarks/bench_data.py [--repeats 5]
"""
import argparse, statistics, subprocess, sys, time

OURS = "from routerllm import data; data.load('humaneval+'); data.load('mbpp+')"
THEIRS = "from evalplus.data import get_human_eval_plus, get_mbpp_plus; get_human_eval_plus(); get_mbpp_plus()"
BARE = "import routerllm.core"

def timed(code, n):
    ts = []
    for _ in range(n):
        t = time.perf_counter(); subprocess.run([sys.executable, '-c', code], check=True); ts.append(time.perf_counter() - t)
    return statistics.median(ts)

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--repeats', type=int, default=5); a = ap.parse_args()
    from routerllm import data
    data.evalplus_offline()  # children inherit the override paths: evalplus reads the same files, offline
    bare, ours = timed(BARE, a.repeats), timed(OURS, a.repeats)
    print(f"interpreter + import routerllm.core : {bare:6.2f} s")
    print(f"routerllm.data  HumanEval+ & MBPP+  : {ours:6.2f} s  (verify sha256 + parse + visible examples)")
    try:
        theirs = timed(THEIRS, a.repeats)
        print(f"evalplus.data   HumanEval+ & MBPP+  : {theirs:6.2f} s")
        print(f"ratio evalplus / routerllm          : {theirs / ours:6.2f}x")
    except subprocess.CalledProcessError:
        print("evalplus not installed (pip install routerllm[eval]): no comparison")
