#!/usr/bin/env python3
"""exn_bench.py — what exceptions cost: entering and leaving a try_table, and a throw caught
one frame up, against the same loop without them.

Three executables, each a loop of N iterations in _start (modules written with the emitter of
tests/e2e/exceptions.py, since wabt cannot write try_table):
  plain   call $work                                   (the baseline)
  try     try_table (catch_all) call $work end         (entering and leaving, nothing thrown)
  throw   block try_table (catch $e) call $thrower end end   (a throw caught by the caller)
$work adds to a counter in memory, so no loop is folded away. Prints the median wall time of
--rounds runs and the cost per iteration over `plain`.

    tools/bench/exn_bench.py [--build-dir build] [--rounds 5] [-n 10000000] [WASM2NATIVE-OPTION...]

Figures: docs/benchmarks.md, "Exceptions".
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
import exceptions as e  # noqa: E402  (the emitter)

# mem[0] += 1
WORK = e.op(e.i32(0), e.i32(0), e.op(0x28, 2, 0), e.i32(1), e.op(0x6A), e.op(0x36, 2, 0))
THROWER = (e.T_VOID, [], e.op(e.i32(1), e.op(e.THROW, 0)))


def loop_module(n, body):
    """_start: local i = n; loop body; i -= 1; br_if i != 0."""
    code = e.op(e.i32(n), e.op(e.LOCAL_SET, 0),
                e.op(0x03, e.EMPTY, body,
                     e.op(e.LOCAL_GET, 0), e.i32(1), e.op(0x6B), e.op(0x22, 0),  # tee
                     e.op(0x0D, 0), 0x0B))
    funcs = [(e.T_VOID, [], WORK), THROWER, (e.T_VOID, [(1, e.I32)], code)]
    return e.module(e.TYPES, funcs, [e.T_VOID], [('_start', 2)], ['work', 'thrower', 'start'])


def variants(n):
    return {
        'plain': loop_module(n, e.call(0)),
        'try': loop_module(n, e.try_table(e.EMPTY, [(e.CATCH_ALL, None, 0)], e.call(0))),
        'throw': loop_module(n, e.block(e.EMPTY, e.try_table(e.EMPTY, [(e.CATCH, 0, 0)],
                                                             e.call(1)))),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('-n', type=int, default=10_000_000)
    ap.add_argument('options', nargs='*')
    a = ap.parse_args()
    w2n = os.path.join(a.build_dir, 'compiler', 'wasm2native')
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        exes = {}
        for name, wasm in variants(a.n).items():
            src, exe = os.path.join(tmp, name + '.wasm'), os.path.join(tmp, name)
            with open(src, 'wb') as f:
                f.write(wasm)
            subprocess.run([w2n, *a.options, src, '-o', exe], check=True)
            exes[name] = exe
        for _ in range(a.rounds):
            for name, exe in exes.items():
                t0 = time.perf_counter()
                subprocess.run([exe], check=True)
                times.setdefault(name, []).append(time.perf_counter() - t0)
    base = statistics.median(times['plain'])
    print(f'{a.n} iterations, median of {a.rounds} runs, wasm2native {" ".join(a.options)}')
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f'  {name:6} {m * 1000:8.1f} ms  {(m - base) / a.n * 1e9:7.1f} ns/iteration over plain')
    return 0


if __name__ == '__main__':
    sys.exit(main())
