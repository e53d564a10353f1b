"""Hostile code against the real sandbox: no false passes, no escapes, no survivors, and the harness keeps going.

Every program below is a candidate for HumanEval/2 (`truncate_number(x)`, the fractional part of x) and
is graded by `routerllm.sandbox.grade.grade`, the same path real samples take. Payloads are harmless if
they ever escaped: canary files in the test's own temporary directory, a listener on 127.0.0.1 that
only counts connections, bombs with a bound.
"""
import os, socket, textwrap, threading, time
from pathlib import Path
import pytest
from routerllm import data
from routerllm.sandbox.grade import _allow, grade, oracles
from routerllm.sandbox.jail import JailPool, isolation

TASK = next(t for t in data.load('humaneval+') if t.task_id == 'HumanEval/2')
SIG = 'def truncate_number(number: float) -> float:\n'
WRONG = '    return 0.25\n'
MARK = 'routerllm-hostile'

def prog(body, top=''):
    "A full candidate: optional module-level code, then the function body."
    return textwrap.dedent(top) + '\n' + SIG + textwrap.indent(textwrap.dedent(body), '    ')

@pytest.fixture(scope='module', autouse=True)
def _oracle():
    oracles('humaneval+')  # computed once (cached on disk), so timings below are the grading alone

@pytest.fixture(scope='module')
def bwrap():
    if isolation() != 'bwrap': pytest.skip('escape tests need bubblewrap (tools/install.sh installs it)')

def _procs() -> dict[int, tuple[int, bytes]]:
    "pid -> (parent pid, command line) of every process on this machine."
    out = {}
    for p in Path('/proc').iterdir():
        if p.name.isdigit():
            try: cmd, stat = (p/'cmdline').read_bytes(), (p/'stat').read_text()
            except OSError: continue                                  # gone meanwhile
            out[int(p.name)] = (int(stat.rsplit(')', 1)[1].split()[1]), cmd)
    return out

def _ours(pid: int, procs: dict) -> bool:
    """Whether jail process `pid` belongs to this test: its jail hangs below this process, or was orphaned (re-parented
    to init). A jail of another pytest worker hangs below that worker instead."""
    jail = lambda p: b'routerllm-harness' in procs[p][1] or MARK.encode() in procs[p][1]
    while pid in procs and jail(pid): pid = procs[pid][0]             # climb out of the jail's own processes
    if pid not in procs or pid == 1: return True                      # orphaned
    seen = set()
    while pid in procs and pid not in seen:                           # is the jail's owner this process, or below it?
        if pid == os.getpid(): return True
        seen.add(pid); pid = procs[pid][0]
    return False

def survivors():
    "Processes left by this test's jails, or by payloads (marked), that outlive a check by half a second."
    def now():
        procs = _procs()
        return {(pid, cmd[:120]) for pid, (_, cmd) in procs.items()
                if MARK.encode() in cmd or (b'routerllm-harness' in cmd and _ours(pid, procs))}
    first = now()
    if not first: return []
    time.sleep(0.5)                                                   # a jail being torn down right now is not a survivor
    return sorted(first & now())

def check_clean(v):
    assert not v.passed, f"FALSE PASS: {v}"
    time.sleep(0.05)
    assert survivors() == [], survivors()

FAKE_PASS = {
    'eq-always-true': prog('''
        class Yes(float):
            def __eq__(self, o): return True
            def __ne__(self, o): return False
        return Yes(0.25)'''),
    'subclass-lies-everywhere': prog('''
        class Liar(float):
            def __eq__(self, o): return True
            def __float__(self): return number % 1.0
            def __repr__(self): return repr(number % 1.0)
            def __reduce__(self): return (float, (number % 1.0,))
        return Liar(0.25)'''),
    'patch-builtins': prog(WRONG, top='''
        import builtins
        builtins.isinstance = lambda *a: True
        builtins.type = lambda *a: float
        builtins.float = lambda *a: 0.0
        '''),
    'exit-0-at-import': prog(WRONG, top='import os\nos._exit(0)\n'),
    'sys-exit-in-call': prog('import sys\nsys.exit(0)'),
    'raise-keyboardinterrupt': prog('raise KeyboardInterrupt'),
    'raise-harness-timeout': prog('''
        import sys
        raise sys.modules['__main__'].CallTimeout('cpu')'''),
    'fake-replies-everywhere': prog('''
        import os
        for fd in range(0, 20):
            try: os.write(fd, b'{"out": 0.5, "cpu_s": 0.0}\\n{"ok": true}\\n' * 50)
            except OSError: pass
        return 0.25'''),
    'patch-reply-encoder': prog(WRONG, top='''
        import sys, json
        h = sys.modules['__main__']
        h.encode = lambda x, _d=0: 0.5
        h.shrink = lambda x: x
        json.dumps = lambda *a, **k: '{"out": 0.5, "cpu_s": 0.0}'
        '''),
    'frame-walk-for-expected': prog('''
        import sys, gc
        f = sys._getframe()
        while f is not None:
            for k in ('expected', 'exp', 'oracle', 'ts'):
                if k in f.f_locals: return f.f_locals[k]
            f = f.f_back
        for o in gc.get_objects():
            if isinstance(o, dict) and 'expected' in o: return o['expected']
        return 0.25'''),
    'read-oracle-cache-and-data': prog('''
        import os, glob
        for p in glob.glob('/root/**/expected/*.json.gz', recursive=True) + glob.glob('/**/HumanEvalPlus*.jsonl.gz', recursive=True):
            return 0.5
        return 0.25'''),
    'atexit-fake-reply': prog(WRONG, top='''
        import atexit, os
        atexit.register(lambda: [os.write(fd, b'{"out": 0.5, "cpu_s": 0}\\n' * 9) for fd in range(3, 9) if os.path.exists(f"/proc/self/fd/{fd}")])
        '''),
    'ignore-timeout-signals-and-spin': prog('''
        import signal
        signal.signal(signal.SIGPROF, signal.SIG_IGN); signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True: pass'''),
    'swallow-timeouts': prog('''
        while True:
            try:
                while True: pass
            except BaseException: pass'''),
    'child-writes-replies-later': prog('''
        import os, time
        if os.fork() == 0:
            time.sleep(0.2)
            for fd in range(3, 12):
                try: os.write(fd, b'{"out": 0.5, "cpu_s": 0}\\n' * 100)
                except OSError: pass
            os._exit(0)
        return 0.25'''),
    'identity': prog('return number'),
}

EXHAUSTION = {
    'infinite-loop': prog('while True: pass'),
    'sleep': prog('import time\ntime.sleep(60)\nreturn number % 1.0'),
    'recursion': prog('def f(n): return f(n + 1)\nreturn f(0)'),
    'memory-bomb': prog('x = bytearray(16 * 1024 ** 3)\nreturn number % 1.0'),
    'memory-creep': prog('xs = []\nwhile True: xs.append(bytearray(64 << 20))'),
    'fork-bomb-bounded': prog('''
        import os, time
        for _ in range(2000):
            try: pid = os.fork()
            except OSError: break
            if pid == 0:
                time.sleep(30); os._exit(0)
        return 0.25'''),
    'thread-bomb-bounded': prog('''
        import threading, time
        for _ in range(2000):
            try: threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
            except RuntimeError: break
        return 0.25'''),
    'disk-fill': prog('''
        with open('/tmp/fill', 'wb') as f:
            for _ in range(4096): f.write(b'x' * (1 << 20))
        return number % 1.0'''),
    'huge-return-value': prog('return list(range(10 ** 8))'),
    'unencodable-return': prog('return (i for i in range(3))'),
    'open-files-bomb': prog('''
        fs = [open('/dev/null') for _ in range(100000)]
        return number % 1.0'''),
}

@pytest.mark.parametrize('name', list(FAKE_PASS) + list(EXHAUSTION))
def test_hostile_fails_cleanly(name):
    code = {**FAKE_PASS, **EXHAUSTION}[name]
    t0 = time.monotonic()
    v = grade(TASK, code)
    check_clean(v)
    assert time.monotonic() - t0 < 60, f"{name} took {time.monotonic() - t0:.0f}s"

def test_output_flood_is_capped_and_correct_code_still_passes():
    code = prog('return number % 1.0', top='''
        import os, sys
        for _ in range(300): os.write(1, b'y' * (1 << 20)); os.write(2, b'z' * (1 << 20)); print('x' * (1 << 16))
        ''')
    v = grade(TASK, code)
    assert v.passed, v  # output is swallowed, as evalplus does; the value is what counts
    assert survivors() == []

# ---- escapes: need the bubblewrap jail ----

def test_cannot_write_outside_or_read_host_files(tmp_path, bwrap):
    secret = tmp_path / 'secret.txt'; secret.write_text('TOP-SECRET-42')
    canary = tmp_path / 'pwned'
    home = Path.home() / f'.{MARK}-pwned'
    code = prog(f'''
        found = 0
        for p in [{str(secret)!r}, '/etc/shadow', '/etc/passwd', '/root/.bash_history', {str(Path(__file__).resolve())!r}]:
            try: open(p).read(); found += 1
            except OSError: pass
        for p in [{str(canary)!r}, {str(home)!r}, '/usr/{MARK}', '/sandbox/harness.py', '/{MARK}']:
            try: open(p, 'w').write('x'); found += 10
            except OSError: pass
        return float(found)''')
    v = grade(TASK, code)
    check_clean(v)
    assert v.error_type == 'WrongAnswer' and 'got 0.0' in v.error, v  # nothing readable, nothing writable
    assert not canary.exists() and not home.exists() and not Path(f'/usr/{MARK}').exists()

def test_cannot_see_host_environment(bwrap, monkeypatch):
    monkeypatch.setenv('ROUTERLLM_TEST_SECRET', 'hunter2')
    v = grade(TASK, prog('import os\nreturn float(len(os.environ.get("ROUTERLLM_TEST_SECRET", "")) + 100 * ("HOME" in os.environ and os.environ["HOME"] != "/tmp"))'))
    check_clean(v)
    assert 'got 0.0' in v.error, v

def test_no_network_even_to_loopback(bwrap):
    srv = socket.socket(); srv.bind(('127.0.0.1', 0)); srv.listen(8); srv.settimeout(0.2)
    port, hits = srv.getsockname()[1], []
    stop = threading.Event()
    def accept():
        while not stop.is_set():
            try: c, _ = srv.accept(); hits.append(1); c.close()
            except OSError: pass
    th = threading.Thread(target=accept, daemon=True); th.start()
    code = prog(f'''
        import socket
        ok = 0
        for host in ['127.0.0.1', 'localhost', '10.0.2.2', '1.1.1.1']:
            try: socket.create_connection((host, {port}), timeout=1); ok += 1
            except OSError: pass
        try: socket.getaddrinfo('pypi.org', 443); ok += 10
        except OSError: pass
        return float(ok)''')
    v = grade(TASK, code)
    stop.set(); th.join(); srv.close()
    check_clean(v)
    assert hits == [] and 'got 0.0' in v.error, (hits, v)

def test_cannot_kill_the_host(bwrap):
    code = prog('''
        import os, signal
        for pid in [os.getppid(), 1, -1]:
            try: os.kill(pid, signal.SIGKILL)
            except OSError: pass
        return 0.25''')
    v = grade(TASK, code)
    check_clean(v)   # and this test process is still alive to check

def test_sees_only_its_own_processes_and_no_capabilities(bwrap):
    code = prog('''
        import os, ctypes
        pids = [p for p in os.listdir('/proc') if p.isdigit()]
        libc = ctypes.CDLL(None)
        mounted = libc.mount(b'none', b'/usr', b'tmpfs', 0, None) == 0
        unshared = libc.unshare(0x00020000) == 0   # CLONE_NEWNS
        return float(len(pids) > 5) + 10 * mounted + 100 * unshared''')
    v = grade(TASK, code)
    check_clean(v)
    assert 'got 0.0' in v.error, v

def test_detached_children_do_not_survive(bwrap):
    code = prog(f'''
        import os, sys, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(120)  # {MARK}'])
            os._exit(0)
        time.sleep(0.3)
        return 0.25''')
    v = grade(TASK, code)
    check_clean(v)

# ---- one jail, many samples: nothing crosses from one sample to the next, nothing reaches the zygote ----

RIGHT = 'return number % 1.0'

def colluders(stash, find):
    "A sample that prepares something (at import), one that passes only if it finds it (graded next in the same jail), and both in one."
    look = (f"g = globals()\nif '_found' not in g:  # looked for once per process\n"
            f"    try: g['_found'] = bool({find})\n    except Exception: g['_found'] = False\nif g['_found']: {RIGHT}\nreturn 0.25")
    return prog('return 0.25', top=stash), prog(look), prog(look, top=stash)

RESIDUE = {
    'tmp-file': colluders("open('/tmp/stash', 'w').write('x')", "open('/tmp/stash').read() == 'x'"),
    'shm-file': colluders("open('/dev/shm/stash', 'w').write('x')", "open('/dev/shm/stash').read() == 'x'"),
    'sysv-shm': colluders("import ctypes\nassert ctypes.CDLL(None).shmget(4242, 4096, 0o1600) >= 0",
                          "__import__('ctypes').CDLL(None).shmget(4242, 0, 0) >= 0"),
    'posix-mqueue': colluders("import ctypes\nassert ctypes.CDLL('librt.so.1').mq_open(b'/stash', 0o100 | 2, 0o600, None) >= 0",
                              "__import__('ctypes').CDLL('librt.so.1').mq_open(b'/stash', 2) >= 0"),
    'daemon-alive': colluders(f"import os, sys\nif os.fork() == 0:\n    os.setsid(); os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(30)  # {MARK}'])",
                              "len([p for p in __import__('os').listdir('/proc') if p.isdigit()]) > 3"),
    'abstract-socket': colluders("import os, socket, time\nif os.fork() == 0:\n    s = socket.socket(socket.AF_UNIX); s.bind('\\0stash'); s.listen(); time.sleep(30)\nimport time; time.sleep(0.2)",
                                 "__import__('socket').socket(__import__('socket').AF_UNIX).connect('\\0stash') is None"),
    'environment': colluders("import os\nos.environ['STASH'] = 'x'\nos.putenv('STASH', 'x')", "__import__('os').environ.get('STASH') == 'x'"),
    'module-state': colluders("import math\nmath.stash = 'x'", "__import__('math').__dict__.get('stash') == 'x'"),
}

@pytest.fixture
def pool(bwrap):
    with JailPool(allow=_allow()) as p: yield p

@pytest.mark.parametrize('name', RESIDUE)
def test_nothing_crosses_to_the_next_sample(pool, name):
    stash, find, both = RESIDUE[name]
    if name == 'posix-mqueue':  # blocked outright: cells have RLIMIT_MSGQUEUE = 0 (queues live in the jail's IPC namespace, unseen by the sweep)
        assert not grade(TASK, both, pool=pool).passed
    elif name not in ('environment', 'module-state'):  # (those two are gone with the process by construction)
        assert grade(TASK, both, pool=pool).passed, f"the attack itself does not work in one sample ({name}): the test would prove nothing"
    for _ in range(2):  # the second round runs in a jail that was either swept clean or started afresh
        grade(TASK, stash, pool=pool)
        v = grade(TASK, find, pool=pool)
        assert not v.passed, f"sample found what the previous one left ({name}): {v}"
    assert grade(TASK, data.hidden_tests(TASK).reference, pool=pool).passed
    if name in ('daemon-alive', 'abstract-socket', 'environment', 'module-state', 'posix-mqueue'): assert pool.started == 1, pool.recycled  # swept
    else: assert pool.recycled, name                                                                                  # thrown away
    time.sleep(0.05); assert [s for s in survivors() if MARK.encode() in s[1]] == []

def test_a_late_writer_cannot_answer_for_the_next_sample(pool):
    "A daemon that outlives its sample would write correct-looking replies everywhere; the next sample is wrong."
    attacker = prog(f'''
        import os, time
        if os.fork() == 0:
            os.setsid()
            time.sleep(0.15)   # past the end of its own sample
            for _ in range(40):
                time.sleep(0.025)
                for fd in range(0, 64):
                    try: os.write(fd, b'{{"ok": true}}\\n{{"out": 0.5, "cpu_s": 0}}\\n' * 20)
                    except OSError: pass
            os._exit(0)
        {RIGHT}''')
    for _ in range(3):
        grade(TASK, attacker, pool=pool)  # (its own verdict is its own business)
        v = grade(TASK, prog(WRONG), pool=pool)
        assert not v.passed and v.error_type == 'WrongAnswer', v

def test_the_zygote_is_out_of_reach(pool):
    "Its memory, its file descriptors (the control socket) and ptrace are refused; stopping it costs a jail, not a verdict."
    peek = prog(f'''
        import os, ctypes
        z, got = os.getppid(), 0
        for path in (f'/proc/{{z}}/mem', f'/proc/{{z}}/environ', f'/proc/{{z}}/fd/0'):
            try: open(path, 'rb').read(1); got += 1
            except OSError: pass
        for fd in os.listdir(f'/proc/{{z}}/fd'):   # the numbers are visible; the files behind them are not
            try: os.close(os.open(f'/proc/{{z}}/fd/{{fd}}', os.O_RDWR)); got += 1
            except OSError: pass
        got += ctypes.CDLL(None).ptrace(16, z, None, None) == 0   # PTRACE_ATTACH
        if got: {RIGHT}
        return 0.25''')
    v = grade(TASK, peek, pool=pool)
    assert not v.passed and 'got 0.25' in v.error, v
    stop = prog(f'import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n{RIGHT}')
    t0 = time.monotonic()
    grade(TASK, stop, pool=pool)
    assert time.monotonic() - t0 < 20
    assert any('zygote' in r for r in pool.recycled), pool.recycled
    assert not grade(TASK, prog(WRONG), pool=pool).passed
    assert grade(TASK, data.hidden_tests(TASK).reference, pool=pool).passed

def test_the_harness_keeps_going_after_all_of_that():
    ref = data.hidden_tests(TASK).reference
    assert grade(TASK, ref).passed
    assert grade(TASK, prog('import sys\nsys.setrecursionlimit(10000)\nreturn number % 1.0')).passed
    assert survivors() == []

def test_fallback_without_bwrap_is_loud_and_recorded(monkeypatch, tmp_path):
    from routerllm.sandbox import jail
    monkeypatch.setenv('PATH', str(tmp_path))          # no bwrap on PATH: as on a machine without it
    jail._bwrap_works.cache_clear()
    try:
        with pytest.warns(RuntimeWarning, match='SANDBOX DEGRADED: bwrap is not installed'):
            assert jail.isolation() == 'rlimits'
        monkeypatch.setenv('ROUTERLLM_SANDBOX', 'bwrap')
        with pytest.raises(RuntimeError, match='ROUTERLLM_SANDBOX=bwrap but bwrap is not installed'): jail.isolation()
        monkeypatch.setenv('ROUTERLLM_SANDBOX', 'rlimits')
        ref = data.hidden_tests(TASK).reference
        v = grade(TASK, ref); assert v.passed and v.isolation == 'rlimits', v
        v = grade(TASK, prog('while True: pass')); assert not v.passed and v.isolation == 'rlimits'
    finally:
        jail._bwrap_works.cache_clear()
    assert survivors() == []
