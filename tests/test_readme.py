"""The README is tested: its Python blocks run in order, and every `routerllm ...` command line in it runs.

The Python blocks run as one script (a reader runs them in order), after a prelude with the one thing the README
leaves to its reader (`raw_model_answer`), and before checks on what they made. Command lines run as written,
in the README's order, in a scratch directory; where the real thing takes minutes, `QUICK` says what runs instead
(`--help`, or a quick parameter set), and `routerllm serve` is started, asked the README's `curl` request, and
stopped. A README example that stops working fails this test; a new command line is run as written.
"""
import json, os, re, shlex, signal, socket, subprocess, sys, time, urllib.error, urllib.request
from pathlib import Path
import pytest
from conftest import ROOT, run

pytestmark = pytest.mark.slow
README = (ROOT / 'README.md').read_text()
BIN = Path(sys.executable).parent

def blocks(lang: str) -> list[str]:
    "The README's fenced blocks of `lang`, in order."
    return re.findall(rf'^```{lang}\n(.*?)^```', README, re.M | re.S)

def command_lines(prog: str) -> list[str]:
    "Lines of the bash blocks that start with `prog`, backslash continuations joined, trailing comments dropped."
    out = []
    for b in blocks('bash'):
        for line in b.replace('\\\n', ' ').splitlines():
            if not line.startswith(prog + ' '): continue
            # routerllm lines: comments dropped, arguments holding spaces (SQL) kept quoted
            quoted = ' '.join(shlex.quote(x) if ' ' in x else x for x in shlex.split(line, comments=True))
            out.append(quoted if prog == 'routerllm' else line)
    return out

PRELUDE = '''
raw_model_answer = """Sure! Here is the function:
```python
def truncate_number(number: float) -> float:
    return number % 1.0
```
It returns the fractional part."""
'''

CHECKS = '''
print("CHECKS")
assert len(tasks) == 164 and t.task_id == 'HumanEval/2'
assert grade(t, code).passed, grade(t, code)
vs = evaluate([(t, code), (t, 'def truncate_number(x):\\n    return 0.0\\n')])
assert [v.passed for v in vs] == [True, False], vs
assert w.energy.joules > 0 and w.energy.provenance in ('estimated', 'measured')
assert gens[0].error is None and gens[0].output_tokens > 0 and gens[0].energy_provenance in ('estimated', 'measured')
assert 'oracle' in set(tab.router) and (tab.kind == 'strategy').any()          # the simulated strategies' table
assert len(traces) == 2 and all(tr.attempts for tr in traces)
assert len(Path('cascade.jsonl').read_text().splitlines()) == 2
assert {r['kind'] for r in rows} == {'strategy', 'bound'} and all(0 <= r['false_accept'] <= 1 for r in rows if r['kind'] == 'strategy')
assert (Path('he32') / 'rule.json').exists()
print("README python ok")
'''

def test_python_blocks_run_in_order(tmp_path):
    code = PRELUDE + '\n'.join(blocks('python')) + CHECKS
    assert 'import routerllm.models.' not in code, "the README must not import a backend for its side effect"
    script = tmp_path / 'readme.py'; script.write_text('from pathlib import Path\n' + code)
    r = run([sys.executable, str(script)], cwd=tmp_path, timeout=1500)
    assert 'README python ok' in r.stdout, r.stdout[-3000:]

def free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait_health(port: int, proc, timeout: float = 120):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        assert proc.poll() is None, f"server exited {proc.returncode}: {proc.stdout.read()[-3000:]}"
        try:
            with urllib.request.urlopen(f'http://127.0.0.1:{port}/health', timeout=2) as r:
                if r.status == 200: return json.loads(r.read())
        except OSError: time.sleep(0.5)
    raise AssertionError(f"no /health on port {port} within {timeout} s")

def served(cmd: list[str], cwd: Path, check):
    "Start `routerllm serve ...` on a free port, run `check(port)`, stop it (SIGINT, as Ctrl-C would)."
    port = free_port()
    cmd = [*cmd[:cmd.index('--port') + 1], str(port), *cmd[cmd.index('--port') + 2:]] if '--port' in cmd else [*cmd, '--port', str(port)]
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_health(port, p); check(port)
    finally:
        p.send_signal(signal.SIGINT)
        try: p.wait(30)
        except subprocess.TimeoutExpired: p.kill(); p.wait()

def ask_like_readme(port: int):
    "The README's curl request, sent with curl to the served model: an answer with code in it."
    (curl,) = [c for c in command_lines('curl') if '"stream": true' not in c]
    r = run(shlex.split(curl.replace('localhost:8000', f'127.0.0.1:{port}')), timeout=300)
    resp = json.loads(r.stdout)
    text = resp['choices'][0]['message']['content']
    assert resp['model'] == 'smollm2-135m' and 'def add' in text, resp

def models_listed(port: int):
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/v1/models', timeout=10) as r: ids = {m['id'] for m in json.loads(r.read())['data']}
    assert {'smollm2-135m', 'gemma3-270m', 'router:knn'} <= ids, ids
    (curl,) = [c for c in command_lines('curl') if '"stream": true' in c]      # the streamed, routed request
    out = run(shlex.split(curl.replace('localhost:8000', f'127.0.0.1:{port}')), timeout=300).stdout
    events = [json.loads(l[6:]) for l in out.splitlines() if l.startswith('data: {')]
    assert out.rstrip().endswith('data: [DONE]') and events[-1]['choices'] == [], out[-2000:]
    u = events[-1]['usage']
    assert u['energy_j'] > 0 and u['energy']['routing_j'] > 0 and u['models'][0] in ('smollm2-135m', 'gemma3-270m'), u
    assert abs(u['energy_j'] - sum(u['energy'][k] for k in ('generation_j', 'checks_j', 'routing_j'))) < 1e-9, u

def deferral_decides(port: int):
    "The README's deferral rule, served: a cascade[he32] request is answered and says which rule decided, at what cost."
    body = {'model': 'cascade[he32]:smollm2-135m>gemma3-270m', 'max_tokens': 64,
            'messages': [{'role': 'user', 'content': 'def add(a, b):\n    \"\"\"Return a + b.\n    >>> add(2, 3)\n    5\n    \"\"\"\n'}]}
    req = urllib.request.Request(f'http://127.0.0.1:{port}/v1/chat/completions', json.dumps(body).encode(),
                                 {'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=600) as r: resp = json.loads(r.read())
    d = resp['routerllm']['deferral']
    assert d['rule'] == 'he32' and d['decisions'][0]['model'] == 'smollm2-135m' and d['j'] > 0, d
    assert resp['usage']['energy']['routing_j'] == d['j'], resp['usage']

def keys_required(port: int, cwd: Path):
    "The README's keyed gateway: no key is 401; a key made in the same store (as `keys add` does) answers, with its budget."
    from routerllm.serve.keys import KeyStore
    secret = KeyStore(cwd / 'team-keys.sqlite').add('readme-test', joules_per_day=5000)
    body = json.dumps({'model': 'smollm2-135m', 'max_tokens': 16, 'messages': [{'role': 'user', 'content': 'def add(a, b):'}]}).encode()
    url = f'http://127.0.0.1:{port}/v1/chat/completions'
    try: urllib.request.urlopen(urllib.request.Request(url, body, {'Content-Type': 'application/json'}), timeout=60); raise AssertionError('no 401')
    except urllib.error.HTTPError as e: assert e.code == 401, e.code
    req = urllib.request.Request(url, body, {'Content-Type': 'application/json', 'Authorization': f'Bearer {secret}'})
    with urllib.request.urlopen(req, timeout=600) as r:
        assert r.status == 200 and float(r.headers['x-ratelimit-limit-joules']) == 5000, dict(r.headers)
    tested = json.loads(body) | {'routerllm': {'tests': ['assert add(2, 3) == 5']}}    # the README's --fallback, with tests
    req = urllib.request.Request(url, json.dumps(tested).encode(), {'Content-Type': 'application/json',
                                                                    'Authorization': f'Bearer {secret}'})
    with urllib.request.urlopen(req, timeout=600) as r: x = json.loads(r.read())['routerllm']
    assert x['fallbacks'][0]['model'] == 'smollm2-135m' and x['tests'] is not None, x
    assert [t['model'] for t in x['fallbacks']][1:] in ([], ['gemma3-270m']), x

def test_command_lines_run(tmp_path):
    out = tmp_path / 'outputs'
    quick = ['--set', 'ladders=[qwen-humaneval+]', '--set', 'routers=[prior]', '--set', 'k_folds=2', '--set', 'n_boot=50', '--root', str(out)]
    # what runs instead, where the README's command takes minutes (or needs a cluster); the rest run as written
    QUICK = {
        'routerllm run params/route.yaml --set seed=1': lambda c: (c + quick, {}),
        'routerllm run params/figures.yaml': lambda c: (c + ['--root', str(out)], {}),
        'routerllm sweep params/route.yaml params/generate.yaml [--address 127.0.0.1:6379]': lambda c: (c[:2] + ['--help'], {}),
        'routerllm study': lambda c: (c + ['--help'], {}),    # run for real in a fresh venv by test_main_job.py
        'routerllm run params/experts.yaml': lambda c: (c[:2] + ['--help'], {}),   # run for real by 07f's experts test
        'routerllm report': lambda c: (c + ['--out', str(tmp_path / '_report'), '--no-quarto'], {'ROUTERLLM_OUTPUTS': str(out)}),
    }
    (tmp_path / 'samples.jsonl').write_text(
        json.dumps({'task_id': 'HumanEval/2', 'solution': 'def truncate_number(number):\n    return number % 1.0\n'}) + '\n' +
        json.dumps({'task_id': 'HumanEval/2', 'completion': '    return 0.0\n'}) + '\n')
    lines = command_lines('routerllm')
    assert len(lines) >= 13 and any(l.startswith('routerllm serve --models smollm2-135m --port') for l in lines), lines
    ran = []
    for line in lines:
        cmd = shlex.split(line)
        cmd, env = QUICK[line](cmd) if line in QUICK else (cmd, {})
        if cmd[1] in ('store', 'query'): env = {'ROUTERLLM_OUTPUTS': str(out)}   # the runs made above, not the checkout's
        cmd = [str(BIN / 'routerllm'), *cmd[1:]]
        study = cmd[1] in ('run', 'sweep', 'study', 'report')               # the study runs from its checkout (params/, nbs/, report/)
        cwd = ROOT if study else tmp_path
        if line.startswith('routerllm serve'):
            check = (models_listed if '--router' in line else deferral_decides if '--deferral' in line else
                     (lambda port: keys_required(port, cwd)) if '--require-keys' in line else ask_like_readme)
            served(cmd, cwd, check)
        else:
            r = run(cmd, cwd=cwd, env=env, timeout=900)
            if line.startswith('routerllm report'):
                assert (tmp_path / '_report' / 'index.html').stat().st_size > 10_000 and (tmp_path / '_report' / 'index.pdf').exists()
            if line.startswith('routerllm evaluate'): assert 'pass@1' in r.stdout and '0.5' in r.stdout, r.stdout
            if line.startswith('routerllm route single'): assert r.stdout.startswith('HumanEval/2: '), r.stdout
            if line.startswith('routerllm store sync'): assert ', 0 removed), ' in r.stdout and (out / 'routerllm.duckdb').exists()
            if 'FROM unsolved' in line: assert 'ladder qwen-humaneval+' in r.stdout, r.stdout
            if line.startswith('routerllm keys add'): assert r.stdout.strip().splitlines()[-1].startswith('rlk_'), r.stdout
            if 'FROM requests' in line: assert 'readme-test' in r.stdout, r.stdout      # the keyed request, synced
            if 'FROM route_results' in line: assert 'qwen-humaneval+,always qwen-7b,' in r.stdout, r.stdout
        ran.append(line)
    assert ran == lines
