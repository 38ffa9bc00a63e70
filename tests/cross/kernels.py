#!/usr/bin/env python3
"""kernels.py — cross-compilation check on real programs: the benchmark kernels
(tools/bench/kernels/*.c) compiled once to wasm32, then by wasm2native for x86-64 and for AArch64
(guard pages and --bounds-checks), must compute the same checksum as the kernel built natively
with clang. The AArch64 executables run under qemu-aarch64 (or directly on an AArch64 host).

    kernels.py --wasm2native W2N --build-dir BUILD [--qemu QEMU] [--n N] [KERNEL...]

Each executable is the benchmark's driver (tools/bench/driver.c: instantiate, call bench_run)
linked with the kernel's object and the target's runtime archive, exactly as run_bench.py builds
the x86-64 side. Prints one line per kernel and ends with `N passed, N failed`.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BENCH = os.path.join(ROOT, 'tools', 'bench')
KERNELS_DIR = os.path.join(BENCH, 'kernels')

CC = 'clang-19'
LD = 'ld.lld-19'
WASM_CFLAGS = ['--target=wasm32', '-O2', '-mbulk-memory', '-nostdlib', '-Wl,--no-entry',
               '-Wl,--export=bench_run']
# The runtime's own flags (runtime/meson.build): the driver is freestanding code.
DRIVER_CFLAGS = ['-O2', '-ffreestanding', '-nostdlibinc', '-fno-stack-protector',
                 '-fno-asynchronous-unwind-tables', '-I' + os.path.join(ROOT, 'runtime'),
                 '-I' + os.path.join(ROOT, 'include')]
LINK_FLAGS = ['-static', '--gc-sections', '-z', 'noexecstack']
TARGETS = {'x86_64-linux': 'x86_64-linux-gnu', 'aarch64-linux': 'aarch64-linux-gnu'}
ARCH_DIR = {'x86_64-linux': 'x86_64', 'aarch64-linux': 'aarch64'}


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        raise RuntimeError('%s\n%s' % (' '.join(cmd), r.stdout))
    return r.stdout


def checksum(cmd):
    """Runs a kernel executable once (plus its warm-up call); returns its checksum."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=600)
    # "<times...> <checksum>": the timing fields (driver.c, native_main.c) do not matter here.
    m = re.match(r'(?:\d+ )+([0-9a-f]{8})$', r.stdout.strip())
    if r.returncode != 0 or not m:
        raise RuntimeError('%s: status %d: %s%s' % (' '.join(cmd), r.returncode, r.stdout,
                                                     r.stderr))
    return m.group(1)


def build_driver(target, out):
    obj = os.path.join(out, 'driver-%s.o' % target)
    run([CC, '--target=' + TARGETS[target]] + DRIVER_CFLAGS +
        ['-I' + os.path.join(ROOT, 'runtime', 'arch', ARCH_DIR[target]),
         '-c', os.path.join(BENCH, 'driver.c'), '-o', obj])
    return obj


def build(args, name, out, drivers):
    """The kernel's executables: {'native': ..., 'x86_64-linux': ..., ...}."""
    src = os.path.join(KERNELS_DIR, name + '.c')
    base = os.path.join(out, name)
    exes = {'native': base + '.native'}
    run([CC, '-O2', '-o', exes['native'], src, os.path.join(BENCH, 'native_main.c')])
    run([CC] + WASM_CFLAGS + ['-o', base + '.wasm', src])
    # The same source vectorized by clang (-msimd128): wasm SIMD through both targets.
    run([CC] + WASM_CFLAGS + ['-msimd128', '-o', base + '.simd.wasm', src])
    for target, mode, simd in (('x86_64-linux', [], False), ('aarch64-linux', [], False),
                               ('aarch64-linux', ['--bounds-checks'], False),
                               ('x86_64-linux', [], True), ('aarch64-linux', [], True)):
        key = target + (' bounds' if mode else '') + (' simd128' if simd else '')
        obj = '%s.%s%s%s.o' % (base, target, '-bc' if mode else '', '-simd' if simd else '')
        wasm = base + ('.simd.wasm' if simd else '.wasm')
        run([args.wasm2native, wasm, '-c', '-o', obj, '--target', target] + mode)
        runtime = os.path.join(args.build_dir, 'runtime', target, 'libw2n_rt.a')
        exes[key] = obj[:-2]
        run([LD] + LINK_FLAGS + ['-o', exes[key], drivers[target], obj, runtime])
    return exes


def check(args, name, out, drivers):
    exes = build(args, name, out, drivers)
    sums = {}
    for key, exe in exes.items():
        prefix = args.qemu if key.startswith('aarch64') else []
        sums[key] = checksum(prefix + [exe, str(args.n), '1'])
    if len(set(sums.values())) == 1:
        print('%-8s %s on native, x86_64-linux, aarch64-linux, aarch64-linux --bounds-checks, '
              'and -msimd128 builds for both' % (name, sums['native']))
        return True
    print('%-8s FAIL: checksums differ: %s' % (name, sums))
    return False


def main():
    kernels = sorted(f[:-2] for f in os.listdir(KERNELS_DIR) if f.endswith('.c'))
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('kernels', nargs='*', help='default: all: ' + ' '.join(kernels))
    p.add_argument('--wasm2native', required=True)
    p.add_argument('--build-dir', required=True, help='holds runtime/<target>/libw2n_rt.a')
    p.add_argument('--qemu', default='qemu-aarch64',
                   help='runs AArch64 executables (empty on an AArch64 host)')
    p.add_argument('--n', type=int, default=0, help="bench_run's size (0: the kernel's default)")
    args = p.parse_args()
    args.qemu = args.qemu.split()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix='w2n-cross-') as out:
        drivers = {t: build_driver(t, out) for t in TARGETS}
        for name in args.kernels or kernels:
            try:
                ok = check(args, name, out, drivers)
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                print('%-8s FAIL: %s' % (name, e))
                ok = False
            passed += ok
            failed += not ok
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
