#!/usr/bin/env python3
"""ab_compilers.py — two wasm2native builds against each other on the same .wasm files: the
paired before/after measurement of a compiler change (docs/benchmarks.md).

    ab_compilers.py --before W2N --after W2N --wasm-dir DIR [--out-dir DIR] [--rounds 5]
                    [--only NAME,...] [--w2n-flags '...']

Every NAME.wasm in --wasm-dir (wasi_bench.py leaves its scalar and SIMD builds in its out
dir) is compiled by both compilers with the same flags; the two executables then run in
alternation, the order swapped every round, each run a whole process whose CPU time (user +
system) is taken. A program's figure is the median over rounds of after/before, with the
range; outputs must agree.
"""
import argparse
import os
import statistics
import subprocess
import sys
import types

from wasi_bench import bench  # paired rounds, order swapped each round, outputs compared


def compile_both(args, name):
    exes = {}
    for side in ('before', 'after'):
        exe = os.path.join(args.out_dir, f'{name}-{side}')
        cmd = [getattr(args, side), os.path.join(args.wasm_dir, name + '.wasm'), '-o', exe]
        r = subprocess.run(cmd + args.w2n_flags.split(), capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f'ab_compilers: {" ".join(cmd)} failed:\n{r.stderr}')
        exes[side] = exe
    return exes


def measure(exes, rounds):
    """after/before CPU time of each round."""
    times = bench(types.SimpleNamespace(reps=rounds, smoke=False), 'ab', exes)
    return [a[1] / b[1] for a, b in zip(times['after'], times['before'])]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--before', required=True)
    ap.add_argument('--after', required=True)
    ap.add_argument('--wasm-dir', required=True)
    ap.add_argument('--out-dir', default='build/ab')
    ap.add_argument('--rounds', type=int, default=5)
    ap.add_argument('--only', default='')
    ap.add_argument('--w2n-flags', default='')
    args = ap.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    names = sorted(f[:-5] for f in os.listdir(args.wasm_dir) if f.endswith('.wasm'))
    if args.only:
        names = [n for n in names if n in args.only.split(',')]
    medians = []
    for name in names:
        r = measure(compile_both(args, name), args.rounds)
        medians.append(statistics.median(r))
        print(f'{name:24s} after/before {medians[-1]:.3f}  ({min(r):.3f}-{max(r):.3f})',
              flush=True)
    if medians:
        geo = statistics.geometric_mean(medians)
        print(f'{"geomean":24s} after/before {geo:.3f}  ({len(medians)} programs)')


if __name__ == '__main__':
    main()
