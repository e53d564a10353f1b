"""The results store against loading the runs' JSONL with pandas: sync time, query time, and the same answers.

Measured in one run on this machine, on the run directories under --outputs (default: the full `route-all`
outputs, made first with `routerllm run params/route-all.yaml` when the folder holds no run: about 15 minutes):
  sync     a cold `Store.sync()` into an empty database file, and a second sync that finds nothing new
  pandas   the hand-written alternative: every record file read with `pd.read_json(lines=True)`, route rows
           flattened with `json_normalize`, traces and attempts exploded
  queries  two of the study's questions, answered both ways and checked equal: pass@1 and relative energy of every
           router per ladder over seeds; pass@1 and joules per solved task of every strategy (generate runs, if any).
           Time per answer: the store's SQL on a synced store, against pandas' load + compute.
Prints each time (median of --repeat) and the ratios; --figure PATH draws them as a bar chart.
Usage: python benchmarks/bench_store.py [--outputs DIR] [--repeat 5] [--figure bench_store.png]
"""
import argparse, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path
import pandas as pd
from routerllm.study.store import Store

ROOT = Path(__file__).resolve().parents[1]

def timed(f, repeat):
    ts, out = [], None
    for _ in range(repeat):
        t = time.perf_counter(); out = f(); ts.append(time.perf_counter() - t)
    return statistics.median(ts), out

def pandas_load(root: Path) -> dict:
    "Every record file as DataFrames, the way a notebook without the store would load them."
    route, traces, attempts, grades = [], [], [], []
    for p in sorted(root.glob('*/*/records/*.jsonl')):
        run_id, name = p.parents[1].name, p.stem
        df = pd.read_json(p, lines=True)
        if name in ('ladders', 'transfer') and len(df):
            df = df.explode('rows', ignore_index=True)
            rows = pd.json_normalize(df.pop('rows').tolist())
            rows = rows.drop(columns=[c for c in ('ladder',) if c in rows])
            rows['ladder'], rows['run_id'] = df['ladder'].values, run_id
            rows['trained_on'] = df['trained_on'].values if 'trained_on' in df else ''
            route.append(rows)
        elif name.startswith('traces-') and len(df):
            df['run_id'] = run_id; traces.append(df.drop(columns=['attempts']))
            a = df[['run_id', 'strategy', 'task_id', 'attempts']].explode('attempts', ignore_index=True).dropna()
            attempts.append(pd.concat([a.drop(columns=['attempts']), pd.json_normalize(a['attempts'].tolist())], axis=1))
        elif name == 'grades' and len(df):
            df['run_id'] = run_id; grades.append(df)
    cat = lambda xs: pd.concat(xs, ignore_index=True) if xs else pd.DataFrame()
    return dict(route=cat(route), traces=cat(traces), attempts=cat(attempts), grades=cat(grades))

def q_routers_pandas(root):
    r = pandas_load(root)['route']
    r = r[r.trained_on == '']
    return r.groupby(['ladder', 'router'], as_index=False).agg(pass1=('pass1', 'mean'), rel_cost=('rel_cost', 'mean'))

Q_ROUTERS = """SELECT ladder, router, avg(pass1) AS pass1, avg(rel_cost) AS rel_cost FROM route_rows
               WHERE trained_on = '' GROUP BY ALL ORDER BY ladder, router"""

def q_strategies_pandas(root):
    d = pandas_load(root)
    if not len(d['traces']): return pd.DataFrame(columns=['run_id', 'strategy', 'pass1', 'energy_j_per_solved'])
    a = d['attempts']; a['j'] = a['gen_j'].fillna(0) + a['check_j'].fillna(0)
    e = a.groupby(['run_id', 'strategy'], as_index=False).j.sum()
    g = d['grades'].groupby(['run_id', 'strategy'], as_index=False).agg(solved=('passed', 'sum'), graded=('passed', 'size'))
    m = g.merge(e, on=['run_id', 'strategy'])
    m['pass1'] = m.solved / m.graded; m['energy_j_per_solved'] = m.j / m.solved.clip(lower=1)
    return m[['run_id', 'strategy', 'pass1', 'energy_j_per_solved']].sort_values(['run_id', 'strategy'], ignore_index=True)

Q_STRATEGIES = """SELECT run_id, strategy, pass1, energy_j_per_solved FROM strategy_results ORDER BY run_id, strategy"""

def same(a: pd.DataFrame, b: pd.DataFrame, keys):
    a, b = a.sort_values(keys, ignore_index=True), b.sort_values(keys, ignore_index=True)
    assert len(a) == len(b) and (a[keys].values == b[keys].values).all(), (a.head(), b.head())
    for c in a.columns.difference(keys):
        x, y = a[c].astype(float).fillna(-1).values, b[c].astype(float).fillna(-1).values
        assert abs(x - y).max(initial=0) < 1e-9, (c, x, y)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--outputs', default=None, help='run directories (default: a cache folder with route-all outputs)')
    ap.add_argument('--repeat', type=int, default=5)
    ap.add_argument('--figure', default=None, help='where to save the bar chart (PNG)')
    a = ap.parse_args()
    root = Path(a.outputs or Path(tempfile.gettempdir())/'routerllm-bench-store')
    if not list(root.glob('*/*/params.json')):
        print(f"no runs under {root}: running params/route-all.yaml there first (about 15 minutes on 2 cores)", flush=True)
        subprocess.run([sys.executable, '-m', 'routerllm.cli', 'run', str(ROOT/'params'/'route-all.yaml')],
                       cwd=ROOT, env={**os.environ, 'ROUTERLLM_OUTPUTS': str(root)}, check=True)
    files = list(root.glob('*/*/records/*.jsonl'))
    print(f"{root}: {len(list(root.glob('*/*/params.json')))} runs, {len(files)} record files, "
          f"{sum(p.stat().st_size for p in files) / 1e6:.1f} MB of JSONL")
    with tempfile.TemporaryDirectory() as d:
        def cold():
            db = Path(d)/f'cold-{time.perf_counter_ns()}.duckdb'
            with Store(db, root) as s: return s.sync()
        t_cold, res = timed(cold, a.repeat)
        with Store(Path(d)/'store.duckdb', root) as st:
            st.sync()
            t_warm, again = timed(st.sync, a.repeat)
            assert again['lines'] == 0, again
            t_load, _ = timed(lambda: pandas_load(root), a.repeat)
            t_qr_store, qr_s = timed(lambda: st.sql(Q_ROUTERS), a.repeat)
            t_qr_pd, qr_p = timed(lambda: q_routers_pandas(root), a.repeat)
            t_qs_store, qs_s = timed(lambda: st.sql(Q_STRATEGIES), a.repeat)
            t_qs_pd, qs_p = timed(lambda: q_strategies_pandas(root), a.repeat)
    same(qr_s, qr_p, ['ladder', 'router']); same(qs_s, qs_p, ['run_id', 'strategy'])
    print(f"sync: {res['lines']} record lines; both ways give the same {len(qr_s)} router rows and {len(qs_s)} strategy rows")
    rows = [('store: cold sync (empty database)', t_cold), ('store: sync with nothing new', t_warm),
            ('pandas: load every record file', t_load),
            ('store: routers per ladder (SQL)', t_qr_store), ('pandas: routers per ladder (load + compute)', t_qr_pd),
            ('store: strategies (SQL)', t_qs_store), ('pandas: strategies (load + compute)', t_qs_pd)]
    for name, t in rows: print(f"  {name:46s} {t * 1000:9.1f} ms")
    print(f"ratio routers query, pandas / store:    {t_qr_pd / t_qr_store:8.1f}x")
    print(f"ratio strategies query, pandas / store: {t_qs_pd / t_qs_store:8.1f}x")
    print(f"ratio cold sync / pandas load:          {t_cold / t_load:8.2f}x (paid once; later syncs read only new lines)")
    if a.figure:
        import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.barh([n for n, _ in rows][::-1], [t * 1000 for _, t in rows][::-1],
                color=['tab:orange' if n.startswith('pandas') else 'tab:blue' for n, _ in rows][::-1])
        ax.set_xscale('log'); ax.set_xlabel(f'milliseconds (median of {a.repeat}, log scale)')
        ax.set_title(f'results store vs pandas on {len(files)} record files', fontsize=9)
        fig.tight_layout(); fig.savefig(a.figure, dpi=120); print(f"figure: {a.figure}")

if __name__ == '__main__':
    main()
