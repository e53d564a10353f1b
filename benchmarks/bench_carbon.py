"""Energy metering: do per-call windows add up to the run, what does a window cost, what does monitoring cost.

Measured in one run on this machine:
  sum      a run of --calls back-to-back calls (CPU work of varied length, as model calls are), each in its own
           window, inside one run window of the same meter; and the same run seen by an *independent* observer,
           a separate process with its own CodeCarbon tracker measuring the whole run as one window.
           Prints sum(windows) / run for both. Target: within 5%.
  cost     wall time of an empty window (two readings), median and 99th percentile, in both tracking modes.
           Target: under 20 ms (the median, default 'machine' tracking).
  monitor  the cost of one ResourceMonitor sample (target: under 1% of a core when sampling every second), and a
           CPU-bound workload timed alternately with and without the monitor, as a cross-check.
On CPU-only machines without RAPL every joule here is CodeCarbon's estimate (TDP x load), and is labelled so.
Usage: python benchmarks/bench_carbon.py [--calls 60] [--repeat 5]
"""
import argparse, multiprocessing as mp, random, statistics, sys, tempfile, time
from pathlib import Path
from routerllm.carbon.meter import Meter, ResourceMonitor

def spin(s):
    t = time.perf_counter(); x = 0
    while time.perf_counter() - t < s: x += 1
    return x

def observer(conn):
    "A separate process: its own tracker, one window from 'start' to 'stop'."
    m = Meter('machine').start()
    conn.send('ready'); conn.recv()
    with m.window('run') as w:
        conn.send('started'); conn.recv()
    conn.send(w.energy.to_dict())

def bench_sum(calls, seed=0):
    from routerllm.carbon.energy import Energy
    rng = random.Random(seed)
    m = Meter('machine').start()
    parent, child = mp.Pipe()
    p = mp.get_context('spawn').Process(target=observer, args=(child,)); p.start()
    assert parent.recv() == 'ready'
    parent.send('go'); assert parent.recv() == 'started'
    windows = []
    with m.window('run') as run:
        for i in range(calls):
            with m.window(f'call{i}') as w:
                spin(rng.uniform(0.05, 0.6))
                if rng.random() < 0.3: time.sleep(rng.uniform(0.02, 0.2))   # a call that waits on I/O part of the time
            windows.append(w.energy)
    parent.send('stop'); seen = Energy.from_dict(parent.recv()); p.join()
    s = sum(e.joules for e in windows)
    print(f"sum: {calls} windows over {run.energy.duration_s:.1f} s; provenance {run.energy.provenance} ({run.energy.source})")
    print(f"  sum(windows)            {s:10.2f} J")
    print(f"  run window, same meter  {run.energy.joules:10.2f} J   sum / run   {s / run.energy.joules:.4f}")
    print(f"  independent observer    {seen.joules:10.2f} J   sum / run   {s / seen.joules:.4f}")
    ok = abs(s / run.energy.joules - 1) <= 0.05 and abs(s / seen.joules - 1) <= 0.05
    print(f"  within 5%: {'yes' if ok else 'NO'}")
    return ok

def bench_cost(n=300):
    ok = True
    for mode in ('machine', 'process'):
        m = Meter(mode).start(); ts = []
        for _ in range(n):
            t = time.perf_counter()
            with m.window(): pass
            ts.append(time.perf_counter() - t)
        ts.sort(); med, p99 = ts[n // 2] * 1e3, ts[int(n * 0.99)] * 1e3
        print(f"cost: empty window, {mode:8s} tracking: median {med:6.2f} ms, p99 {p99:6.2f} ms")
        if mode == 'machine': ok = med < 20
        m.close()
    print(f"  under 20 ms: {'yes' if ok else 'NO'}")
    return ok

def bench_monitor(repeat, work_s=3.0):
    "The monitor's cost two ways: one sample timed directly, and a CPU-bound workload timed with and without it."
    m = ResourceMonitor(); m.sample(); ts = []
    for _ in range(100):
        t = time.perf_counter(); m.sample(); ts.append(time.perf_counter() - t)
    cost = statistics.median(ts)
    print(f"monitor: one sample costs {cost * 1e3:.2f} ms (median of 100): {cost / 1.0:.2%} of a core at 1 s, {cost / 0.1:.2%} at 0.1 s")
    def job():
        t = time.perf_counter(); x = 0
        for i in range(int(3e6 * work_s)): x += i * i
        return time.perf_counter() - t
    job()
    for interval in (1.0, 0.1):
        base, mon = [], []
        with tempfile.TemporaryDirectory() as d:
            for _ in range(repeat):
                base.append(job())
                with ResourceMonitor(Path(d) / 'r.jsonl', interval_s=interval): mon.append(job())
        print(f"  workload with a sample every {interval:g} s: {statistics.median(mon):.3f} s vs {statistics.median(base):.3f} s without, "
              f"ratio {statistics.median(mon) / statistics.median(base):.4f} (timed alternately; this machine's noise is a few %)")
    ok = cost / 1.0 < 0.01
    print(f"  under 1% of a core at 1 s: {'yes' if ok else 'NO'}")
    return ok

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--calls', type=int, default=60)
    ap.add_argument('--repeat', type=int, default=7)
    a = ap.parse_args()
    oks = [bench_sum(a.calls), bench_cost(), bench_monitor(a.repeat)]
    sys.exit(0 if all(oks) else 1)
