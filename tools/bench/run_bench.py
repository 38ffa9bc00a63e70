#!/usr/bin/env python3
"""run_bench.py — the kernel benchmark: wasm2native's generated code against native clang.

Builds every kernel in tools/bench/kernels/ three ways from the same C source:
  native      clang-19 -O2 -march=x86-64-v2 (the compiler's default CPU level), native_main.c
  w2n         clang-19 --target=wasm32 -O2 -mbulk-memory, then `wasm2native -c`, linked with
              driver.c and the runtime archive (guard-page memory, no bounds checks)
  w2n-bc      the same wasm compiled with `wasm2native -c --bounds-checks`
  w2n-int     (with --limits) compiled with `--interruptible`: deadline checks
  w2n-fuel    (with --limits) compiled with `--fuel-metering`: fuel counting
  w2n64       (with --memory64) clang-19 --target=wasm64: a memory64 module, whose accesses
              wasm2native checks explicitly in both modes; w2n64-bc the same with --bounds-checks
then runs them interleaved (native, w2n, w2n-bc, native, ... for --rounds rounds), checks that
all checksums agree, and prints per kernel the median times and the ratios to native, with
the geometric mean of the ratios. A time is the CPU time of one bench_run call (--clock wall
for wall-clock time), after one untimed warm-up call in the same process. Also prints the
compile time of each module and of the largest module at hand (--big, the decode benchmark's
generated program).

    tools/bench/run_bench.py [--build-dir build] [--rounds 5] [--big FILE.wasm] [--simd]
                             [--limits] [--fast] [--memory64] [KERNEL...]

--simd builds the wasm with -msimd128, so clang vectorizes with wasm SIMD operators (the SIMD
column of docs/simd.md).

`ninja -C build bench-kernels` runs it with the big module. Figures: docs/benchmarks.md.
"""
import argparse
import math
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
KERNELS_DIR = os.path.join(HERE, 'kernels')

CC = 'clang-19'
LD = 'ld.lld-19'
# Keep in step with the x86-64 default CPU in compiler/target.c: the native side gets the same
# ISA level as the code wasm2native emits by default.
NATIVE_CFLAGS = ['-O2', '-march=x86-64-v2']
WASM_CFLAGS = ['--target=wasm32', '-O2', '-mbulk-memory', '-nostdlib',
               '-Wl,--no-entry', '-Wl,--export=bench_run']
# The runtime's own flags (runtime/meson.build): the driver is freestanding code linked into
# the same static executable.
DRIVER_CFLAGS = ['--target=x86_64-linux-gnu', '-O2', '-ffreestanding', '-nostdlibinc',
                 '-fno-stack-protector', '-fno-asynchronous-unwind-tables']
# compiler/link.c's ld.lld arguments for an executable.
LINK_FLAGS = ['-static', '--gc-sections', '-z', 'noexecstack']

# The wasm2native sides and their extra compiler options; the w2n64 ones compile the wasm64
# build of the kernel.
VARIANTS = {'w2n': [], 'w2n-bc': ['--bounds-checks'], 'w2n-int': ['--interruptible'],
            'w2n-fuel': ['--fuel-metering'], 'w2n-O1': ['-O1'], 'w2n64': [],
            'w2n64-bc': ['--bounds-checks']}
SIDES = ('native', 'w2n', 'w2n-bc')
LIMIT_SIDES = ('native', 'w2n', 'w2n-int', 'w2n-fuel')
FAST_SIDES = ('native', 'w2n', 'w2n-O1')
MEMORY64_SIDES = ('native', 'w2n', 'w2n64', 'w2n-bc', 'w2n64-bc')
CLOCKS = ('cpu', 'wall')
STATS = {'median': statistics.median, 'min': min}


def fail(msg):
    sys.exit('run_bench: error: ' + msg)


def run(cmd, **kw):
    """Runs a build step; stops with its output on failure."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if r.returncode != 0:
        fail('command failed (status %d): %s\n%s' % (r.returncode, ' '.join(cmd), r.stdout))
    return r.stdout


def timed(cmd):
    """Wall-clock seconds of one build step (the whole process, as a user would wait)."""
    return timed_cpu(cmd)[0]


def timed_cpu(cmd):
    """Wall-clock and CPU (user + system, all threads) seconds of one build step. On a loaded
    machine the CPU time is the steadier figure."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    run(cmd)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def find_runtime(build_dir, override):
    path = override or os.path.join(build_dir, 'runtime', 'x86_64-linux', 'libw2n_rt.a')
    if not os.path.exists(path):
        fail('runtime archive not found: %s (build it: ninja -C %s, or pass --runtime)'
             % (path, build_dir))
    return path


def build_kernel(name, out, w2n, runtime, driver_o, sides):
    """Builds the executables of one kernel; returns their paths and compile times."""
    src = os.path.join(KERNELS_DIR, name + '.c')
    base = os.path.join(out, name)
    run([CC] + NATIVE_CFLAGS + ['-o', base + '.native', src, os.path.join(HERE, 'native_main.c')])
    run([CC] + WASM_CFLAGS + ['-o', base + '.wasm', src])
    if any(side.startswith('w2n64') for side in sides):
        run([CC, '--target=wasm64'] + WASM_CFLAGS[1:] + ['-o', base + '.wasm64', src])
    info = {'wasm_bytes': os.path.getsize(base + '.wasm'), 'exe': {'native': base + '.native'}}
    for side in sides[1:]:
        extra = VARIANTS[side]
        obj = '%s.%s.o' % (base, side)
        wasm = base + ('.wasm64' if side.startswith('w2n64') else '.wasm')
        info[side + '_compile_s'] = timed([w2n, wasm, '-c', '-o', obj] + extra)
        exe = '%s.%s' % (base, side)
        run([LD] + LINK_FLAGS + ['-o', exe, driver_o, obj, runtime])
        info['exe'][side] = exe
    return info


def run_once(exe, n):
    """One process: a warm-up call, then one timed call. Returns ({clock: ms}, checksum)."""
    r = subprocess.run([exe, str(n), '1'], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    m = re.match(r'(\d+) (\d+) ([0-9a-f]{8})$', r.stdout.strip())
    if r.returncode != 0 or not m:
        fail('%s failed (status %d): %s%s' % (exe, r.returncode, r.stdout, r.stderr))
    return {'wall': int(m.group(1)) / 1e6, 'cpu': int(m.group(2)) / 1e6}, m.group(3)


def measure(kernels, infos, rounds, n, sides):
    """Interleaves the sides round by round so that drifts in machine load hit all alike.
    Returns times[clock][kernel][side] (lists of ms) and the checksums."""
    times = {c: {k: {s: [] for s in sides} for k in kernels} for c in CLOCKS}
    sums = {k: {} for k in kernels}
    for r in range(rounds):
        for k in kernels:
            for s in sides:
                ms, sum_ = run_once(infos[k]['exe'][s], n)
                for c in CLOCKS:
                    times[c][k][s].append(ms[c])
                sums[k].setdefault(s, sum_)
                if sums[k][s] != sum_:
                    fail('%s/%s: checksum changed between runs' % (k, s))
        print('  round %d/%d done' % (r + 1, rounds), file=sys.stderr)
    for k in kernels:
        if len(set(sums[k].values())) != 1:
            fail('%s: checksums differ: %s' % (k, sums[k]))
    return times, sums


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def cpu_name():
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return 'unknown CPU'


def base_of(side):
    """The side an extra side is compared with: its wasm32 twin in the same memory mode."""
    return 'w2n-bc' if side.endswith('-bc') else 'w2n'


def report(kernels, times, sums, sides, clock, stat):
    """The table for one clock and statistic, then the geometric means for every clock and
    statistic as a cross-check: if they disagree much, the machine was too noisy. Sides other
    than w2n and w2n-bc (the limits, memory64) also get their ratio to w2n (w2n64-bc: to w2n-bc):
    what the limit's or memory64's code costs."""
    t = {k: {s: STATS[stat](times[clock][k][s]) for s in sides} for k in kernels}
    extra = [s for s in sides[1:] if s not in ('w2n', 'w2n-bc')]
    head = '%-9s %10s' % ('kernel', 'native ms')
    for s in sides[1:]:
        head += ' %10s %9s' % (s + ' ms', 'ratio')
        if s in extra:
            head += ' %8s' % 'vs w2n'
    print(head + '  checksum')
    for k in kernels:
        line = '%-9s %10.1f' % (k, t[k]['native'])
        for s in sides[1:]:
            line += ' %10.1f %8.3fx' % (t[k][s], t[k][s] / t[k]['native'])
            if s in extra:
                line += ' %7.3fx' % (t[k][s] / t[k][base_of(s)])
        print(line + '  ' + sums[k]['native'])
    for c in CLOCKS:
        for st in STATS:
            name = 'geomean' if (c, st) == (clock, stat) else '  (%s, %s)' % (c, st)
            line = '%-20s' % name
            for s in sides[1:]:
                line += ' %19.3fx' % side_geomean(kernels, times[c], s, st)
                if s in extra:
                    line += ' %7.3fx' % side_geomean(kernels, times[c], s, st, base=base_of(s))
            print(line)


def side_geomean(kernels, times, side, stat, base='native'):
    f = STATS[stat]
    return geomean([f(times[k][side]) / f(times[k][base]) for k in kernels])


def report_compile(kernels, infos, big, sides):
    print('\ncompile time (wasm2native -c, whole process, -O2):')
    print('%-9s %9s' % ('module', 'wasm KB') + ''.join(' %9s %8s' % (s + ' s', 'MB/s')
                                                         for s in sides[1:]))
    for k in kernels:
        i = infos[k]
        mb = i['wasm_bytes'] / 1e6
        print('%-9s %9.1f' % (k, i['wasm_bytes'] / 1e3) + ''.join(
            ' %9.3f %8.3f' % (i[s + '_compile_s'], mb / i[s + '_compile_s']) for s in sides[1:]))
    if big:
        print('%-9s %9.1f %9.3f %8.3f  (%s)' % (
            'big', big['bytes'] / 1e3, big['s'], big['bytes'] / 1e6 / big['s'], big['path']))
        print('big: %.1f s wall, %.1f s CPU (all threads), %d CPUs' % (
            big['s'], big['cpu'], os.cpu_count()))


def compile_big(path, w2n, out):
    size = os.path.getsize(path)
    print('compiling the big module %s (%.1f MB)...' % (path, size / 1e6), file=sys.stderr)
    # Guard-page mode only: a big module takes minutes on a small machine.
    s, cpu = timed_cpu([w2n, path, '-c', '-o', os.path.join(out, 'big.o')])
    return {'path': path, 'bytes': size, 's': s, 'cpu': cpu}


def main():
    all_kernels = sorted(f[:-2] for f in os.listdir(KERNELS_DIR) if f.endswith('.c'))
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('kernels', nargs='*', help='kernels to run (default: all: %s)'
                   % ' '.join(all_kernels))
    p.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    p.add_argument('--wasm2native', help='the compiler (default: BUILD/compiler/wasm2native)')
    p.add_argument('--runtime', help='runtime archive (default: '
                   'BUILD/runtime/x86_64-linux/libw2n_rt.a)')
    p.add_argument('--out', help='where to build (default: BUILD/tools/bench/kernels)')
    p.add_argument('--rounds', type=int, default=5, help='interleaved rounds (default 5)')
    p.add_argument('-n', type=int, default=0, help="work size (default 0: each kernel's own)")
    p.add_argument('--big', help='also time compiling this (large) module')
    p.add_argument('--clock', choices=('cpu', 'wall'), default='cpu',
                   help="what a call's time is: the process's CPU time (default; leaves out "
                   "other processes' time slices on a shared machine) or wall-clock time")
    p.add_argument('--stat', choices=('median', 'min'), default='median',
                   help='per-side statistic over the rounds (min: least disturbed by other load)')
    p.add_argument('--no-bounds-checks', action='store_true',
                   help='skip the --bounds-checks column')
    p.add_argument('--limits', action='store_true',
                   help='compare --interruptible and --fuel-metering code with plain w2n '
                   '(sides native, w2n, w2n-int, w2n-fuel; no --bounds-checks column)')
    p.add_argument('--fast', action='store_true',
                   help='compare -O1 (the fast mode) code with plain w2n (sides native, w2n, '
                   'w2n-O1; no --bounds-checks column)')
    p.add_argument('--memory64', action='store_true',
                   help='compare memory64 code (the kernels built for wasm64) with wasm32 code '
                   'in both memory modes (sides native, w2n, w2n64, w2n-bc, w2n64-bc)')
    p.add_argument('--simd', action='store_true',
                   help='build the wasm with -msimd128 (clang vectorizes with wasm SIMD)')
    a = p.parse_args()
    if a.simd:
        WASM_CFLAGS.append('-msimd128')

    kernels = a.kernels or all_kernels
    for k in kernels:
        if k not in all_kernels:
            fail('unknown kernel %s (have: %s)' % (k, ' '.join(all_kernels)))
    build = os.path.abspath(a.build_dir)
    w2n = a.wasm2native or os.path.join(build, 'compiler', 'wasm2native')
    if not os.access(w2n, os.X_OK):
        fail('compiler not found: %s (ninja -C %s)' % (w2n, build))
    for tool in (CC, LD):
        if not shutil.which(tool):
            fail('%s not found on PATH' % tool)
    runtime = find_runtime(build, a.runtime)
    out = a.out or os.path.join(build, 'tools', 'bench', 'kernels')
    os.makedirs(out, exist_ok=True)

    driver_o = os.path.join(out, 'driver.o')
    run([CC] + DRIVER_CFLAGS + ['-I', os.path.join(ROOT, 'include'),
                                '-I', os.path.join(ROOT, 'runtime'),
                                '-I', os.path.join(ROOT, 'runtime', 'arch', 'x86_64'),
                                '-c', os.path.join(HERE, 'driver.c'), '-o', driver_o])
    print('building %d kernels in %s...' % (len(kernels), out), file=sys.stderr)
    sides = (LIMIT_SIDES if a.limits else FAST_SIDES if a.fast else
             MEMORY64_SIDES if a.memory64 else
             SIDES[:2] if a.no_bounds_checks else SIDES)
    infos = {k: build_kernel(k, out, w2n, runtime, driver_o, sides) for k in kernels}
    big_path = a.big
    if big_path and not os.path.isabs(big_path) and 'MESON_BUILD_ROOT' in os.environ:
        # meson's run_target names built files relative to the build root.
        big_path = os.path.join(os.environ['MESON_BUILD_ROOT'], big_path)
    big = compile_big(big_path, w2n, out) if big_path else None
    times, sums = measure(kernels, infos, a.rounds, a.n, sides)

    print('\n%s, %d cores, load average %.1f; %s time, %s of %d interleaved runs per side; '
          'ratio = w2n / native' % (cpu_name(), os.cpu_count(), os.getloadavg()[0], a.clock,
                                    a.stat, a.rounds))
    report(kernels, times, sums, sides, a.clock, a.stat)
    report_compile(kernels, infos, big, sides)


if __name__ == '__main__':
    main()
