#!/usr/bin/env python3
"""faults.py — the runtime under resource faults (docs/runtime.md "Resource faults"): each case
either works or fails with a clear message and status, never a crash or a hang.

    faults.py WASM2NATIVE WAT2WASM

- address space: guard-page mode's 8 GiB reservation under RLIMIT_AS (ulimit -v) fails at
  instantiation with a message that suggests --bounds-checks, status 1; the same module
  compiled with --bounds-checks runs.
- mmap failure: with --bounds-checks, a memory.grow the host cannot map returns -1 (the guest
  carries on), an initial memory it cannot map fails instantiation with status 1.
- signals during a guest call (in a WASI sleep, then in generated code): SIGCHLD and SIGWINCH
  (default: ignore) change nothing; SIGTERM, SIGINT and SIGUSR1 terminate as their default
  action says; an ignored SIGINT changes nothing.
(Many instances, and a host function re-entering the guest with a trap inside:
tests/runtime/test_faults.c.)
Prints one line per failure and "N passed, N failed"; exit status 1 if anything failed."""
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LIMIT = 1 << 30  # 1 GiB of address space: far below 8 GiB, far above what a run needs


def build(w2n, wat2wasm, tmp, name, opts):
    wasm = os.path.join(tmp, name + '.wasm')
    exe = os.path.join(tmp, name + ''.join(opts).replace('-', '_'))
    subprocess.run([wat2wasm, os.path.join(HERE, 'faults', name + '.wat'), '-o', wasm],
                   check=True)
    subprocess.run([w2n, wasm, '-o', exe] + opts, check=True)
    return exe


def limited():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def ignore_sigint():
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(exe, preexec=None, signals=()):
    """Runs exe; sends each (delay, signal) in order. (status, stdout, stderr); a negative
    status is the signal that ended it."""
    p = subprocess.Popen([exe], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=preexec)
    start = time.monotonic()
    for at, sig in signals:
        time.sleep(max(0, start + at - time.monotonic()))
        p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return 'hang', out.decode(), err.decode()
    return p.returncode, out.decode(), err.decode()


def main():
    w2n, wat2wasm = sys.argv[1], sys.argv[2]
    passed = failed = 0

    def check(name, got, status, out=None, err_has=()):
        nonlocal passed, failed
        st, o, e = got
        ok = st == status and (out is None or o == out) and all(s in e for s in err_has)
        if ok:
            passed += 1
        else:
            failed += 1
            print(f'FAIL: {name}: status {st} (want {status}), stdout {o!r}, stderr {e!r}')

    with tempfile.TemporaryDirectory(prefix='w2n-faults-') as tmp:
        guard = build(w2n, wat2wasm, tmp, 'memory', [])
        bounds = build(w2n, wat2wasm, tmp, 'memory', ['--bounds-checks'])
        check('guard pages, no limit', run(guard), 0)
        check('guard pages under ulimit -v', run(guard, limited), 1,
              err_has=['cannot reserve', 'ulimit -v', '--bounds-checks'])
        check('--bounds-checks under ulimit -v', run(bounds, limited), 0)

        grow = build(w2n, wat2wasm, tmp, 'grow', ['--bounds-checks'])
        check('memory.grow the host cannot map', run(grow, limited), 0, err_has=[])
        big = build(w2n, wat2wasm, tmp, 'big-initial', ['--bounds-checks'])
        check('initial memory the host cannot map', run(big, limited), 1,
              err_has=['cannot instantiate the module'])

        sig = build(w2n, wat2wasm, tmp, 'signals', [])
        check('no signal', run(sig), 0, out='done\n')
        # 0.2 s: in poll_oneoff's sleep; 0.6 s: in generated code (or still sleeping on a
        # slow machine: either way a call in progress).
        for s in (signal.SIGCHLD, signal.SIGWINCH):
            check(f'{s.name} (ignored by default)', run(sig, signals=[(0.2, s), (0.6, s)]), 0,
                  out='done\n')
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
            check(f'{s.name} while sleeping', run(sig, signals=[(0.2, s)]), -s, out='')
            check(f'{s.name} while computing', run(sig, signals=[(0.6, s)]), -s, out='')
        check('SIGINT ignored', run(sig, ignore_sigint, [(0.2, signal.SIGINT),
                                                         (0.6, signal.SIGINT)]), 0, out='done\n')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
