#!/usr/bin/env python3
"""hello_bench.py — what a user notices first: the size of a hello-world executable and how
long it takes from start to exit, against a static native C hello world.

Builds examples/hello/hello.c three ways and examples/hello/hello.wat once:
  w2n         clang-19 --target=wasm32-wasi -O2 (wasi-libc), then `wasm2native -o` (stripped)
  w2n-wat     the hand-written hello.wat through wat2wasm and `wasm2native -o`
  native      clang-19 -static -O2 -s (glibc, static: no dynamic loader, the fair comparison)
then prints each one's size, the wasm2native compile time, and the median and mean
start-to-exit time over --rounds interleaved runs (spawn_time.c: posix_spawn to waitpid).

    tools/bench/hello_bench.py [--build-dir build] [--rounds 1000]

`ninja -C build bench-hello` runs it. Goals (issue 4): under 64 KB, within 1 ms.
Figures: docs/benchmarks.md.
"""
import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HELLO_DIR = os.path.join(ROOT, 'examples', 'hello')
CC = 'clang-19'
SIZE_GOAL = 64 * 1024
TIME_GOAL_US = 1000.0


def fail(msg):
    sys.exit('hello_bench: error: ' + msg)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        fail('command failed (status %d): %s\n%s' % (r.returncode, ' '.join(cmd), r.stdout))
    return r.stdout


def timed(cmd):
    t0 = time.perf_counter()
    run(cmd)
    return time.perf_counter() - t0


def build(out, w2n):
    """Builds the programs; returns [(label, path, compile seconds or None)]."""
    src = os.path.join(HELLO_DIR, 'hello.c')
    wasm = os.path.join(out, 'hello-c.wasm')
    run([CC, '--target=wasm32-wasi', '-O2', '-o', wasm, src])
    wat_wasm = os.path.join(out, 'hello-wat.wasm')
    run(['wat2wasm', os.path.join(HELLO_DIR, 'hello.wat'), '-o', wat_wasm])
    progs = []
    for label, module in (('w2n', wasm), ('w2n-wat', wat_wasm)):
        exe = os.path.join(out, 'hello.' + label)
        progs.append((label, exe, timed([w2n, module, '-o', exe])))
    native = os.path.join(out, 'hello.native')
    run([CC, '-static', '-O2', '-s', '-o', native, src])
    progs.append(('native', native, None))
    for label, exe, _ in progs:
        if run([exe]) != 'Hello, world!\n':
            fail('%s does not print "Hello, world!"' % exe)
    return progs


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    p.add_argument('--wasm2native', help='the compiler (default: BUILD/compiler/wasm2native)')
    p.add_argument('--spawn-time', help='the timer (default: BUILD/tools/bench/spawn_time)')
    p.add_argument('--out', help='where to build (default: BUILD/tools/bench/hello)')
    p.add_argument('--rounds', type=int, default=1000, help='runs of each (default 1000)')
    a = p.parse_args()
    build_dir = os.path.abspath(a.build_dir)
    w2n = a.wasm2native or os.path.join(build_dir, 'compiler', 'wasm2native')
    timer = a.spawn_time or os.path.join(build_dir, 'tools', 'bench', 'spawn_time')
    for tool in (w2n, timer):
        if not os.access(tool, os.X_OK):
            fail('%s not found (ninja -C %s)' % (tool, build_dir))
    out = a.out or os.path.join(build_dir, 'tools', 'bench', 'hello')
    os.makedirs(out, exist_ok=True)

    progs = build(out, w2n)
    lines = run([timer, str(a.rounds)] + [exe for _, exe, _ in progs]).splitlines()
    times = {}
    for line in lines:
        median, mean, exe = line.split(' ', 2)
        times[exe] = (float(median), float(mean))

    print('hello world, %d interleaved runs each (start to exit: posix_spawn to waitpid)'
          % a.rounds)
    print('%-8s %9s %10s %9s %9s' % ('program', 'bytes', 'compile s', 'median us', 'mean us'))
    for label, exe, compile_s in progs:
        med, mean = times[exe]
        print('%-8s %9d %10s %9.1f %9.1f' % (label, os.path.getsize(exe),
                                             '%.3f' % compile_s if compile_s else '-',
                                             med, mean))
    size = os.path.getsize(progs[0][1])
    med = times[progs[0][1]][0]
    print('goals: size %d bytes %s 64 KB; start-to-exit %.0f us %s 1 ms'
          % (size, '<=' if size <= SIZE_GOAL else '> (MISSED)',
             med, '<=' if med <= TIME_GOAL_US else '> (MISSED)'))


if __name__ == '__main__':
    main()
