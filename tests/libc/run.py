#!/usr/bin/env python3
"""run.py — the fast paths for libc routines (docs/libc-routines.md) against the module's own
code.

    run.py WASM2NATIVE LIBC_HASHES WASM2WAT WAT2WASM OUT_DIR

edge.c is built against wasi-libc as wasm-ld leaves it and, when binaryen's wasm-opt is
installed, as clang leaves it after `wasm-opt -O2`. For each module:
- the compiler must recognize memcpy, memmove, memset, memchr, memcmp, strlen, strchr, strcmp
  and strstr (libc_hashes --match), or the rest would test nothing;
- compiled with the fast paths and with --no-fast-libc, in both memory modes and for AArch64
  (under qemu-aarch64, when installed), every run
  (`edge`, and each `oob-NAME`) must print the same, exit the same and trap with the same
  message;
- a look-alike: memcpy with one load offset changed (a different function) must not be
  recognized, nor memmove, which calls it; it must behave as its own code says.
Prints one line per check and ends with `N passed, N failed`.
"""
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROUTINES = {'memcpy', 'memmove', 'memset', 'memchr', 'memcmp', 'strlen', 'strchr', 'strcmp',
            'strstr'}
RUNS = [['edge']] + [['oob-' + m] for m in (
    'memset', 'memcpy', 'memcpy-src', 'memmove', 'memchr-found', 'memchr', 'memcmp-diff',
    'memcmp', 'strlen', 'strchr', 'strcmp', 'strstr-found', 'strstr-near-end', 'strstr',
    'strstr-needle')]
MODES = {'guard': [], 'bounds': ['--bounds-checks']}
# AArch64 output under qemu-aarch64 (the runtime's NEON side of the fast paths), guard pages.
QEMU = shutil.which('qemu-aarch64')
if QEMU:
    MODES['aarch64'] = ['--target', 'aarch64-linux']

passed = failed = 0


def check(ok, what):
    global passed, failed
    print(('ok   ' if ok else 'FAIL ') + what, flush=True)
    if ok:
        passed += 1
    else:
        failed += 1


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def build_raw(out):
    """edge.c linked by wasm-ld only: clang runs wasm-opt when it finds it in PATH."""
    bindir = os.path.join(os.path.dirname(out), 'no-wasm-opt')
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, 'wasm-ld-19')
    if not os.path.exists(link):
        os.symlink(shutil.which('wasm-ld-19'), link)
    r = run([shutil.which('clang-19'), '--target=wasm32-wasi', '-O2',
             os.path.join(HERE, 'edge.c'), '-o', out], env=dict(os.environ, PATH=bindir))
    if r.returncode:
        sys.exit('run.py: building edge.c failed:\n' + r.stderr)


def recognized(tool, wasm):
    r = run([tool, wasm, '--match'])
    return {line.split(': ')[-1] for line in r.stdout.splitlines()}


def outcome(exe, args):
    r = run(([QEMU] if '-aarch64-' in exe else []) + [exe] + args)
    return (r.returncode, r.stdout, r.stderr)


def compare(w2n, wasm, out_dir, name):
    """Fast paths against --no-fast-libc, both memory modes; returns the guard-mode outcomes."""
    outcomes = {}
    for mode, flags in MODES.items():
        exes = {}
        for side, extra in (('fast', []), ('own', ['--no-fast-libc'])):
            exes[side] = os.path.join(out_dir, f'{name}-{mode}-{side}')
            r = run([w2n, wasm, '-o', exes[side]] + flags + extra)
            if r.returncode:
                sys.exit('run.py: wasm2native failed:\n' + r.stderr)
        for args in RUNS:
            fast, own = outcome(exes['fast'], args), outcome(exes['own'], args)
            check(fast == own, f'{name} {mode} {args[0]}: fast path = own code '
                  f'(exit {fast[0]}{", " + fast[2].strip() if fast[2] else ""})')
            outcomes[args[0]] = own
    return outcomes


def look_alike(args, raw, originals):
    """memcpy with its first `i32.load8_u offset=1` reading offset 2: not memcpy any more."""
    w2n, tool, wasm2wat, wat2wasm, out_dir = args
    wat = run([wasm2wat, raw]).stdout
    start = wat.index('(func $memcpy ')
    end = wat.index('\n  (func ', start + 1)
    body = wat[start:end].replace('i32.load8_u offset=1\n', 'i32.load8_u offset=2\n', 1)
    check(body != wat[start:end], 'look-alike: memcpy mutated')
    with open(os.path.join(out_dir, 'look-alike.wat'), 'w') as f:
        f.write(wat[:start] + body + wat[end:])
    wasm = os.path.join(out_dir, 'look-alike.wasm')
    r = run([wat2wasm, os.path.join(out_dir, 'look-alike.wat'), '-o', wasm])
    if r.returncode:
        sys.exit('run.py: wat2wasm failed:\n' + r.stderr)
    found = recognized(tool, wasm)
    check('memcpy' not in found, 'look-alike: memcpy not recognized')
    check('memmove' not in found, 'look-alike: memmove (which calls it) not recognized')
    check('memset' in found, 'look-alike: the untouched memset still recognized')
    outcomes = compare(w2n, wasm, out_dir, 'look-alike')
    check(outcomes['edge'] != originals['edge'], 'look-alike: its results differ from memcpy\'s')


def placement(w2n, wasm, out_dir):
    """Every fast path starts on a 64-byte boundary, wherever the linker puts it (a 16-byte
    start let an unrelated change slow str_search's strchr scan by 1.16x)."""
    exe = os.path.join(out_dir, 'edge-symbols')
    r = run([w2n, wasm, '-g', '-o', exe])
    if r.returncode:
        sys.exit('run.py: wasm2native -g failed:\n' + r.stderr)
    syms = {}
    for line in run([shutil.which('llvm-nm-19') or 'nm', exe]).stdout.splitlines():
        addr, _, name = line.partition(' T ')
        if name.startswith('w2n_rt_libc_'):
            syms[name] = int(addr, 16)
    check(len(syms) >= len(ROUTINES), f'placement: {len(syms)} fast paths linked')
    for name, addr in sorted(syms.items()):
        check(addr % 64 == 0, f'placement: {name} at {addr:#x} is 64-byte aligned')


def find_wasm_opt():
    """wasm-opt from PATH, else where tools/setup.sh unpacks binaryen (off PATH, see there)."""
    found = shutil.which('wasm-opt')
    if found:
        return found
    unpacked = os.path.join(os.environ.get('W2N_BINARYEN_DIR', '/opt/wasm2native/binaryen/usr/bin'),
                            'wasm-opt')
    return unpacked if os.access(unpacked, os.X_OK) else None


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    args = sys.argv[1:]
    w2n, tool, _, _, out_dir = args
    os.makedirs(out_dir, exist_ok=True)
    raw = os.path.join(out_dir, 'edge-raw.wasm')
    build_raw(raw)
    modules = {'wasm-ld': raw}
    wasm_opt = find_wasm_opt()
    if wasm_opt:
        opt = os.path.join(out_dir, 'edge-opt.wasm')
        r = run([wasm_opt, raw, '-O2', '-o', opt])
        if r.returncode == 0:
            modules['wasm-opt'] = opt
    else:
        print('skip wasm-opt -O2 module: binaryen is neither on PATH nor in W2N_BINARYEN_DIR')
    originals = None
    for name, wasm in modules.items():
        found = recognized(tool, wasm)
        check(ROUTINES <= found, f'{name}: recognized {sorted(found)}')
        outcomes = compare(w2n, wasm, out_dir, name)
        originals = originals or outcomes
    look_alike(args, raw, originals)
    placement(w2n, raw, out_dir)
    print(f'{passed} passed, {failed} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
