#!/usr/bin/env python3
"""progress.py — the progress line (compiler/progress.c), seen through a pseudo-terminal.

    progress.py WASM2NATIVE BIG.wasm

BIG.wasm is a module that takes seconds to compile (meson.build: gen_big.py, 1200 functions),
so that the line, which appears after one second, must show. Checks: on a terminal, stderr
gets progress lines "[M:SS] BIG.wasm: D/N functions, D/P parts done (...)", the same N and
P (at least 4: one per thread, and the main part) in every line, and ends by erasing
the line; with -q it gets nothing; when stderr is not a terminal it gets nothing. Prints one
line per check and `N passed, N failed`.
"""
import os
import pty
import re
import subprocess
import sys
import tempfile

LINE = re.compile(rb'\[\d+:\d\d\] [^:]+: \d+/(\d+) functions, \d+/(\d+) parts done \([^)]+\)')
ERASE = b'\r\x1b[K'


def compile_on_pty(cmd):
    """(exit status, everything written to stderr) with stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    data = b''
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the last writer closed the terminal
            break
        if not chunk:
            break
        data += chunk
    os.close(master)
    return p.wait(), data


def main(w2n, big):
    results = []

    def check(name, ok, detail):
        results.append(ok)
        print(f'{"PASS" if ok else "FAIL"} {name}' + ('' if ok else f': {detail}'))

    with tempfile.TemporaryDirectory() as tmp:
        # Four threads: several parts and progress states even on a fast machine (docs:
        # --threads). No cache, or a second run of the tests would find every part there.
        cmd = [w2n, big, '-c', '-o', os.path.join(tmp, 'big.o'), '--threads', '4', '--no-cache']
        status, err = compile_on_pty(cmd)
        lines = LINE.findall(err)
        check('progress-shown', status == 0 and len(lines) > 0,
              f'exit {status}, stderr {err[:300]!r}')
        check('progress-counts', len(lines) > 0 and len(set(lines)) == 1 and
              int(lines[0][1]) >= 4, f'lines {lines[:3]}')
        check('progress-erased', err.endswith(ERASE), f'stderr ends {err[-40:]!r}')

        status, err = compile_on_pty(cmd + ['-q'])
        check('quiet-on-terminal', status == 0 and err == b'', f'exit {status}, stderr {err[:200]!r}')

        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)
        check('no-terminal-no-progress', r.returncode == 0 and r.stderr == b'',
              f'exit {r.returncode}, stderr {r.stderr[:200]!r}')
    print(f'{results.count(True)} passed, {results.count(False)} failed')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
