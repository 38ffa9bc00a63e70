#!/usr/bin/env python3
"""wasi_bench.py — C programs built natively and to wasm32-wasi, the wasm compiled by
wasm2native, timed as whole processes the way users compare them. Method and figures:
docs/benchmarks.md ("C programs against native: libc routines, image, PolyBench-style loops").

    wasi_bench.py --out-dir DIR --wasm2native W2N [--reps 7] [--only NAME,...]
                  [--w2n-flags '--cpu native'] [--sides native,scalar,simd] [--smoke]

Every program of tools/bench/wasi/ is built three ways from the same source:
  native   clang-19 -O2 against glibc (the machine's default target, as users build)
  scalar   clang-19 --target=wasm32-wasi -O2 against the system wasi-libc, then
           `wasm2native X.wasm -o X` with default flags (plus --w2n-flags)
  simd     the same with -msimd128
Each run is a whole process: start to exit, output through a pipe and checked against the
native output. Paired rounds: every side once per round, the order alternating from round to
round; a program's ratio is the median over rounds of (side time / native time of the same
round), for the wall clock and for the CPU time (user + system of wait4). The summary is the
geometric mean of the ratios. CPU time is the steadier figure on a shared machine; wall time is
what a user sees on a quiet one.

--smoke builds the two smallest programs and runs each side once with one repetition: the
check that the benchmark still builds and runs (the `bench` test suite).
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'wasi')
PROGRAMS = ['mem_copy', 'mem_scan', 'str_search', 'image_u8', 'matmul_f32', 'jacobi2d', 'floyd',
            'gemm', 'correlation', 'hashmap', 'lu', 'nussinov', 'floyd_heap']
SMOKE = ['mem_scan', 'floyd']
CC = 'clang-19'
WASM_FLAGS = {'scalar': [], 'simd': ['-msimd128']}


def fail(msg):
    sys.exit('wasi_bench: error: ' + msg)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        fail('command failed (status %d): %s\n%s' % (r.returncode, ' '.join(cmd), r.stdout))


def build(args, name):
    """{side: command prefix} for one program, building what is missing or stale."""
    src = os.path.join(SRC, name + '.c')
    deps = [src, os.path.join(SRC, 'common.h')]
    out = {}
    native = os.path.join(args.out_dir, name + '-native')
    if 'native' in args.sides:
        if stale(native, deps):
            run([CC, '-O2', src, '-o', native, '-lm'])
        out['native'] = native
    for side, flags in WASM_FLAGS.items():
        if side not in args.sides:
            continue
        wasm = os.path.join(args.out_dir, f'{name}-{side}.wasm')
        exe = os.path.join(args.out_dir, f'{name}-{side}')
        if stale(wasm, deps):
            run([CC, '--target=wasm32-wasi', '-O2'] + flags + [src, '-o', wasm, '-lm'])
        # Always recompile: the point is the current compiler's code.
        run([args.wasm2native, wasm, '-o', exe] + args.w2n_flags.split())
        out[side] = exe
    return out


def stale(path, deps):
    return not os.path.exists(path) or any(os.path.getmtime(d) > os.path.getmtime(path)
                                           for d in deps)


def measure(cmd):
    """(stdout, wall seconds, CPU seconds) of one whole process."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        fail(f'{" ".join(cmd)}: exit status {os.waitstatus_to_exitcode(status)}')
    return out, wall, ru.ru_utime + ru.ru_stime


def bench(args, name, sides):
    """{side: [(wall, cpu) per round]}; every output must equal the first one."""
    order = list(sides)
    times = {side: [] for side in sides}
    expect = None
    extra = ['1'] if args.smoke else []
    for rnd in range(args.reps):
        for side in (order if rnd % 2 == 0 else order[::-1]):
            out, wall, cpu = measure([sides[side]] + extra)
            if expect is None:
                expect = out
            elif out != expect:
                fail(f'{name}: {side} printed {out!r}, expected {expect!r}')
            times[side].append((wall, cpu))
    return times


def ratios(times, side, clock):
    k = 0 if clock == 'wall' else 1
    return statistics.median(t[k] / n[k] for t, n in zip(times[side], times['native']))


def report(results, sides, clock):
    wasm_sides = [s for s in sides if s != 'native']
    print(f'\n{clock} time, median of {len(next(iter(results.values()))["native"])} paired rounds')
    print('| program | native s | ' + ' | '.join(f'{s} s | {s} ratio' for s in wasm_sides) + ' |')
    print('|---|---:|' + '---:|---:|' * len(wasm_sides))
    k = 0 if clock == 'wall' else 1
    geo = {s: [] for s in wasm_sides}
    for name, times in results.items():
        row = [f'{statistics.median(t[k] for t in times["native"]):.3f}']
        for s in wasm_sides:
            r = ratios(times, s, clock)
            geo[s].append(r)
            row += [f'{statistics.median(t[k] for t in times[s]):.3f}', f'{r:.3f}']
        print(f'| {name} | ' + ' | '.join(row) + ' |')
    row = ['']
    for s in wasm_sides:
        row += ['', f'**{math.exp(sum(map(math.log, geo[s])) / len(geo[s])):.3f}**']
    print('| **geomean** | ' + ' | '.join(row) + ' |')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out-dir', required=True)
    ap.add_argument('--wasm2native', required=True)
    ap.add_argument('--reps', type=int, default=7)
    ap.add_argument('--only', default='')
    ap.add_argument('--sides', default='native,scalar,simd')
    ap.add_argument('--w2n-flags', default='')
    ap.add_argument('--smoke', action='store_true')
    args = ap.parse_args()
    args.sides = args.sides.split(',')
    if 'native' not in args.sides:
        fail('--sides must include native (the ratios are to native)')
    os.makedirs(args.out_dir, exist_ok=True)
    names = SMOKE if args.smoke else PROGRAMS
    if args.only:
        names = [n for n in names if n in args.only.split(',')]
    if args.smoke:
        args.reps = 1
    results = {}
    for name in names:
        sides = build(args, name)
        results[name] = bench(args, name, sides)
        if not args.smoke:
            line = ' '.join(f'{s} {ratios(results[name], s, "cpu"):.3f}'
                            for s in args.sides if s != 'native')
            print(f'{name:<12} cpu ratio: {line}', flush=True)
    if args.smoke:
        print('smoke: built and ran ' + ', '.join(names))
        return
    try:
        print('load average at the end: %.2f %.2f %.2f' % os.getloadavg())
    except OSError:
        pass
    report(results, args.sides, 'cpu')
    report(results, args.sides, 'wall')


if __name__ == '__main__':
    main()
