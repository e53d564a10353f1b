"""The gateway under load, on 127.0.0.1, with replayed models: requests/s, latency, errors, overhead, joules kept.

Measured in one run on this machine:
  load      N concurrent clients (1, 8, 64; keep-alive connections, asyncio) each sending chat requests as soon as
            the previous one is answered, for a bounded number of requests, against a plain replayed model, a
            `router:` name (the complexity router trained on the Qwen HumanEval+ ladder) and a `cascade:` name
            (visible checks in the sandbox: far slower, so fewer requests). Prints requests/s, p50/p99 latency and
            errors (anything but 200).
  overhead  the gateway's p50 at one client minus the median time of the same call in process
            (`RoutedManager.generate` plus its energy report): what HTTP, parsing and the event loop add.
  joules    the joules summed over every response against the joules in /metrics: nothing may be lost.
  workers   `routerllm serve --workers N` (N = 1, 2) on the plain model at 64 clients: the Python client three
            times in a row (a request whose keep-alive connection the server closed as it was sent is sent again on
            a new connection, as real clients do; counted as a retry, not an error), then `wrk` (Debian's, a compiled
            load generator that leaves the CPU to the server) when it is on PATH. Prints req/s and p99 per client.
Targets on 2 cores: >= 300 requests/s and p99 < 100 ms at 64 clients for the plain model, 0 errors, joules equal;
0 errors in each of the three consecutive runs per worker count.
The server runs in its own process (as `routerllm serve` would); the clients share the machine with it.
Usage: python benchmarks/bench_serve.py [--requests 2000] [--clients 1,8,64] [--cascade-requests 60] [--workers 1,2]
"""
import argparse, asyncio, json, multiprocessing as mp, re, shutil, statistics, subprocess, sys, tempfile, time
import urllib.request
from pathlib import Path

def setup(d: Path):
    "Replay cards over 40 HumanEval+ tasks, a router over them; what the server and the in-process baseline use."
    from routerllm import data
    from routerllm.models.core import ModelCard, ModelManager
    from routerllm.serve.routed import RoutedManager
    from routerllm.router.core import train
    from routerllm.router.features import Complexity
    from routerllm.router.outcomes import ladder
    tasks = data.load('humaneval+')[:40]
    E = {'gpu': 'A100', 'batch': 32, 'setup': 'v2-code'}
    for name, right in (('small', lambda i: i % 2 == 0), ('large', lambda i: True)):
        rows = []
        for i, t in enumerate(tasks):
            code = data.hidden_tests(t).reference if right(i) else t.prompt + '    return None\n'
            rows.append({'task_id': t.task_id, 'text': f"```python\n{code}\n```", 'output_tokens': len(code) // 4,
                         'prompt_tokens': len(t.prompt) // 4})
        (d/f'{name}.jsonl').write_text(''.join(json.dumps(r) + '\n' for r in rows))
    cards = {n: ModelCard(n, 'qwen2.5', b, 'replay', source={'records': str(d/f'{n}.jsonl')}, energy=E)
             for n, b in (('small', 1.5), ('large', 72.7))}
    tr = train(Complexity(), ladder('qwen-humaneval+'))
    return tasks, RoutedManager(ModelManager(cards), {'cx': (tr, {'qwen-1.5b': 'small', 'qwen-7b': 'large'})})

def server(d, port, ready):
    from routerllm.serve.codec import ServeLimits
    from routerllm.serve.gateway import Gateway
    _, rm = setup(Path(d))
    g = Gateway(rm, ServeLimits(concurrency=8, queue=1024), port=port)
    ready.set(); g.run()

async def load(port, bodies, clients, total):
    "`clients` keep-alive connections sending `total` requests in all; (latencies, statuses, joules reported, seconds)."
    lat, statuses, joules, sent = [], [], [0.0], [0]
    retries = [0]
    async def exchange(conn, body):
        r, w = conn
        w.write(b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n'
                b'Content-Length: %d\r\n\r\n' % len(body) + body)
        await w.drain()
        head = await r.readuntil(b'\r\n\r\n')
        n = int([l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')][0].split(b':')[1])
        return head, await r.readexactly(n)
    async def client(k):
        conn = await asyncio.open_connection('127.0.0.1', port)
        try:
            while sent[0] < total:
                body = bodies[sent[0] % len(bodies)]; sent[0] += 1
                t = time.perf_counter()
                for attempt in range(3):       # closed under us before any byte of an answer: a new connection
                    try: head, payload = await exchange(conn, body); break
                    except (ConnectionResetError, BrokenPipeError, asyncio.IncompleteReadError):
                        if attempt == 2: raise
                        retries[0] += 1; conn[1].close(); conn = await asyncio.open_connection('127.0.0.1', port)
                lat.append(time.perf_counter() - t); statuses.append(int(head.split(b' ', 2)[1]))
                if statuses[-1] == 200: joules[0] += json.loads(payload)['usage']['energy_j']
        finally: conn[1].close()
    t0 = time.perf_counter()
    await asyncio.gather(*(client(k) for k in range(clients)))
    load.retries = retries[0]
    return lat, statuses, joules[0], time.perf_counter() - t0

def pct(xs, p): xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def wrk(port, body: bytes, seconds: int, clients: int = 64) -> dict | None:
    "`wrk` (compiled) posting `body` for `seconds` with `clients` connections: req/s, p99 ms, non-200s, socket errors."
    if shutil.which('wrk') is None: return None
    with tempfile.NamedTemporaryFile('w', suffix='.lua', delete=False) as f:
        f.write(f'wrk.method = "POST"\nwrk.body = {json.dumps(body.decode())}\n'
                'wrk.headers["Content-Type"] = "application/json"\n')
    out = subprocess.run(['wrk', '-t2', f'-c{clients}', f'-d{seconds}s', '--latency', '-s', f.name,
                          f'http://127.0.0.1:{port}/v1/chat/completions'], capture_output=True, text=True).stdout
    unit = {'us': 1e-3, 'ms': 1.0, 's': 1e3}
    p99 = re.search(r'^\s*99%\s+([\d.]+)(us|ms|s)\s*$', out, re.M)
    errs = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    return dict(rps=float(re.search(r'Requests/sec:\s+([\d.]+)', out).group(1)),
                p99=float(p99.group(1)) * unit[p99.group(2)] if p99 else float('nan'),
                non200=int(m.group(1)) if (m := re.search(r'Non-2xx or 3xx responses: (\d+)', out)) else 0,
                socket_errors=sum(map(int, errs.groups())) if errs else 0,
                requests=int(re.search(r'(\d+) requests in', out).group(1)))

def workers_phase(d: Path, tasks, workers: list[int], port: int, n: int, runs: int, seconds: int) -> list[dict]:
    "`routerllm serve --workers N` on the replayed `large`: the Python client `runs` times, then wrk."
    cards = d/'cards'; cards.mkdir(exist_ok=True)
    (cards/'large.yaml').write_text(f"id: large\nfamily: qwen2.5\nparams_b: 72.7\nbackend: replay\n"
                                    f"source: {{records: {d}/large.jsonl}}\nenergy: {{gpu: A100, batch: 32, setup: v2-code}}\n")
    bodies = [json.dumps({'model': 'large', 'task_id': t.task_id, 'messages': [{'role': 'user', 'content': t.prompt}]}).encode()
              for t in tasks]
    rows, exe = [], str(Path(sys.executable).parent/'routerllm')
    for w in workers:
        p = subprocess.Popen([exe, 'serve', '--cards', str(cards), '--models', 'large', '--port', str(port), '--workers',
                              str(w), '--no-log', '--meter', 'off', '--concurrency', '8', '--queue', '1024'],
                             stdout=subprocess.DEVNULL)
        try:
            for _ in range(600):
                try:
                    with urllib.request.urlopen(f'http://127.0.0.1:{port}/ready', timeout=1): break
                except OSError: time.sleep(0.1)
            asyncio.run(load(port, bodies, 8, 200))                                  # warm-up, not timed
            for r in range(runs):
                lat, st, _, sec = asyncio.run(load(port, bodies, 64, n))
                rows.append(dict(client='python', workers=w, run=r + 1, requests=len(st), errors=sum(x != 200 for x in st),
                                 retries=load.retries, rps=len(st) / sec, p99=pct(lat, 99) * 1000))
            if (x := wrk(port, bodies[0], seconds)) is not None:
                rows.append(dict(client='wrk', workers=w, run=1, requests=x['requests'], errors=x['non200'] + x['socket_errors'],
                                 retries=0, rps=x['rps'], p99=x['p99']))
        finally: p.terminate(); p.wait(60)
    return rows

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--requests', type=int, default=2000)
    ap.add_argument('--cascade-requests', type=int, default=60)
    ap.add_argument('--clients', default='1,8,64')
    ap.add_argument('--port', type=int, default=8931)
    ap.add_argument('--workers', default='1,2', help="worker counts for `routerllm serve --workers N` ('' to skip)")
    ap.add_argument('--runs', type=int, default=3, help='consecutive Python-client runs per worker count')
    ap.add_argument('--wrk-seconds', type=int, default=8)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tasks, rm = setup(Path(d))
        ctx = mp.get_context('spawn'); ready = ctx.Event()
        p = ctx.Process(target=server, args=(d, a.port, ready), daemon=True); p.start(); ready.wait(120)
        base = f'http://127.0.0.1:{a.port}'
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + '/ready', timeout=1) as r:
                    if r.status == 200: break
            except OSError: time.sleep(0.1)
        def bodies(model):
            return [json.dumps({'model': model, 'task_id': t.task_id, 'messages': [{'role': 'user', 'content': t.prompt}]}).encode()
                    for t in tasks]
        rows, reported = [], 0.0
        for model in ('large', 'router:cx', 'cascade:small>large'):
            reported += asyncio.run(load(a.port, bodies(model), 4, 20))[2]   # warm-up (first jails): not timed
            for c in map(int, a.clients.split(',')):
                n = a.cascade_requests if model.startswith('cascade') else (a.requests if c > 1 else a.requests // 4)
                lat, st, j, s = asyncio.run(load(a.port, bodies(model), c, n))
                reported += j
                rows.append(dict(model=model, clients=c, requests=len(st), errors=sum(x != 200 for x in st), rps=len(st) / s,
                                 p50=pct(lat, 50) * 1000, p99=pct(lat, 99) * 1000))
        with urllib.request.urlopen(base + '/metrics') as r: prom = r.read().decode()
        p.terminate(); p.join(10)
        ws = [int(w) for w in a.workers.split(',') if w.strip()]
        wrows = workers_phase(Path(d), tasks, ws, a.port + 1, a.requests, a.runs, a.wrk_seconds) if ws else []
    from routerllm.serve.routed import energy_report
    from routerllm.models.core import GenParams
    t = tasks[0]; msgs = [{'role': 'user', 'content': t.prompt}]
    inproc = []
    for _ in range(200):
        t0 = time.perf_counter(); g = rm.generate('large', [msgs], GenParams(), [t.task_id])[0]; energy_report(g, rm)
        inproc.append(time.perf_counter() - t0)
    print(f"{'name':22s} {'clients':>7s} {'requests':>8s} {'errors':>6s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s}")
    for r in rows:
        print(f"{r['model']:22s} {r['clients']:7d} {r['requests']:8d} {r['errors']:6d} {r['rps']:8.0f} {r['p50']:8.1f} {r['p99']:8.1f}")
    one = [r for r in rows if r['model'] == 'large' and r['clients'] == 1][0]
    print(f"in process: {statistics.median(inproc) * 1000:.2f} ms per call (median); gateway overhead at 1 client: "
          f"{one['p50'] - statistics.median(inproc) * 1000:.2f} ms (p50 over HTTP minus in process)")
    metric = sum(float(l.rsplit(' ', 1)[1]) for l in prom.splitlines() if l.startswith('routerllm_energy_joules_total{'))
    print(f"joules: {reported:.6g} summed over responses, {metric:.6g} in /metrics "
          f"({'equal' if abs(reported - metric) <= 1e-9 * max(metric, 1) else 'DIFFERENT'})")
    if wrows:
        print(f"\n{'client':8s} {'workers':>7s} {'run':>3s} {'requests':>8s} {'errors':>6s} {'retries':>7s} {'req/s':>8s} {'p99 ms':>8s}")
        for r in wrows:
            print(f"{r['client']:8s} {r['workers']:7d} {r['run']:3d} {r['requests']:8d} {r['errors']:6d} {r['retries']:7d} "
                  f"{r['rps']:8.0f} {r['p99']:8.1f}")
        if not shutil.which('wrk'): print('wrk: not on PATH (apt-get install wrk), so only the Python client ran')
        clean = all(r['errors'] == 0 for r in wrows if r['client'] == 'python')
        print(f"target (0 errors in {a.runs} consecutive runs at 64 clients, every worker count): {'met' if clean else 'NOT met'}")
    top = [r for r in rows if r['model'] == 'large' and r['clients'] == max(map(int, a.clients.split(',')))][0]
    ok = top['rps'] >= 300 and top['p99'] < 100 and not any(r['errors'] for r in rows)
    print(f"target (plain model, {top['clients']} clients: >= 300 req/s, p99 < 100 ms, 0 errors anywhere): "
          f"{'met' if ok else 'NOT met'} ({top['rps']:.0f} req/s, p99 {top['p99']:.1f} ms)")

if __name__ == '__main__':
    main()
