#!/usr/bin/env python3
"""cache.py — the cache of compiled parts (compiler/cache.c, docs/cache.md), from the command line.

    cache.py WASM2NATIVE WAT2WASM

Generates a module of 240 functions (about 150,000 instructions: several parts), compiles it at
-O1 (fast) into executables with XDG_CACHE_HOME pointing at temporary folders, and reads
--time-report's "(P parts on T threads, H from the cache)". Checks: a first compile fills the
cache and finds nothing; a second finds every part and writes the same executable; another
option (--bounds-checks) finds nothing; a module with one function changed finds all but the
changed group and the main part; damaged entries are ignored, the output still right, and
replaced; --no-cache neither reads nor writes it; HOME without XDG_CACHE_HOME uses
~/.cache/wasm2native; --cache-size evicts the least recently used entries (a hit counts as a
use), only after a compile that stored entries, and removes stale temporary files. Each executable must print the module's checksum line. Prints one line per
check and `N passed, N failed`.
"""
import os
import re
import subprocess
import sys
import tempfile
import time

REPORT = re.compile(r'\((\d+) parts on \d+ threads, (\d+) from the cache\)')
NFUNCS = 240


def module(changed):
    """WAT text: NFUNCS functions of straight-line arithmetic, each calling the previous one;
    `_start` prints f(NFUNCS-1)'s result in decimal. `changed` alters one constant of function
    120 (same encoded size, so no boundary moves by size alone)."""
    out = ['(module',
           ' (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))',
           ' (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))',
           ' (memory (export "memory") 1)']
    for i in range(NFUNCS):
        body = ['(local $x i32) (local.set $x (local.get 0))']
        for k in range(100):
            c = (i * 131 + k * 7) % 1000 + 1
            if changed and i == 120 and k == 50:
                c += 1
            body.append(f'(local.set $x (i32.xor (i32.mul (local.get $x) (i32.const {c})) '
                        f'(i32.shr_u (local.get $x) (i32.const {k % 31 + 1}))))')
        call = f'(call $f{i - 1} (local.get $x))' if i else '(local.get $x)'
        out.append(f' (func $f{i} (param i32) (result i32) {" ".join(body)} {call})')
    # _start: digits of f(last)(7) as unsigned decimal at 100.., iovec at 0, newline.
    out.append(''' (func (export "_start") (local $v i32) (local $p i32)
  (local.set $v (call $f%d (i32.const 7)))
  (local.set $p (i32.const 120))
  (i32.store8 (local.get $p) (i32.const 10))
  (block $done (loop $digits
    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
    (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
    (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
    (br_if $digits (local.get $v))))
  (i32.store (i32.const 0) (local.get $p))
  (i32.store (i32.const 4) (i32.sub (i32.const 121) (local.get $p)))
  (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
  (call $exit (i32.const 0)))
)''' % (NFUNCS - 1))
    return '\n'.join(out)


def trim_checks(compile, entry_sizes, check, path):
    """--cache-size: three option sets A (used again last), B and C in one folder, with a cap
    that holds A and C but not B: storing C must evict B, the least recently used."""
    def fill(folder, *opts):
        before = set(entry_sizes(folder))
        status, _, hits, err = compile('base', 'trim', folder, *opts)
        return status, hits, {k: v for k, v in entry_sizes(folder).items() if k not in before}

    sizes_c = fill(path('measure'), '--fuel-metering')[2]
    lru = path('lru')
    status_a, _, a = fill(lru)
    status_b, _, b = fill(lru, '--bounds-checks')
    status, hits, _ = fill(lru)  # A used again: now newer than B
    check('trim-setup', status_a == status_b == status == 0 and hits == len(a) > 0 and
          len(b) > 0, f'{status_a} {status_b} {status} {hits} {len(a)} {len(b)}')
    cap = (sum(a.values()) + sum(sizes_c.values())) * 10 // 9 + 4096
    status, _, _, err = compile('base', 'trim', lru, '--cache-size', str(cap), '--fuel-metering')
    left = entry_sizes(lru)
    check('trim-evicts-least-recent', status == 0 and not set(b) & set(left) and
          set(a) | set(sizes_c) == set(left) and sum(left.values()) <= cap,
          f'{len(left)} entries left, {sum(left.values())} bytes, cap {cap}: {err[-200:]}')

    status, _, hits, err = compile('base', 'trim', lru, '--cache-size', '1')
    check('trim-only-after-stores', status == 0 and hits == len(a) and
          set(entry_sizes(lru)) == set(left), f'{hits} hits: {err[-200:]}')

    sub = os.path.join(lru, 'wasm2native', '00')
    os.makedirs(sub, exist_ok=True)
    stale, fresh = os.path.join(sub, 'x.o.tmp1.2'), os.path.join(sub, 'y.o.tmp3.4')
    for f in (stale, fresh):
        open(f, 'wb').write(b'partial')
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    status = compile('base', 'trim', lru, '--bounds-checks')[0]
    check('trim-removes-stale-tmp', status == 0 and not os.path.exists(stale) and
          os.path.exists(fresh), f'stale {os.path.exists(stale)}, fresh {os.path.exists(fresh)}')

    status, _, _, err = compile('base', 'trim', lru, '--cache-size', 'lots')
    check('trim-bad-size', status == 1 and '--cache-size' in err, err[-200:])


def main(w2n, wat2wasm):
    results = []

    def check(name, ok, detail=''):
        results.append(ok)
        print(f'{"PASS" if ok else "FAIL"} {name}' + ('' if ok else f': {detail}'))

    with tempfile.TemporaryDirectory() as tmp:
        def path(*p):
            return os.path.join(tmp, *p)

        wasm = {}
        for name, changed in (('base', False), ('edit', True)):
            with open(path(name + '.wat'), 'w') as f:
                f.write(module(changed))
            subprocess.run([wat2wasm, path(name + '.wat'), '-o', path(name + '.wasm')],
                           check=True)
            wasm[name] = path(name + '.wasm')

        def compile(name, out, cache, *opts, env_home=None):
            env = {k: v for k, v in os.environ.items() if k not in ('XDG_CACHE_HOME', 'HOME')}
            if cache:
                env['XDG_CACHE_HOME'] = cache
            if env_home:
                env['HOME'] = env_home
            r = subprocess.run([w2n, wasm[name], '-O1', '-o', path(out), '--time-report', *opts],
                               capture_output=True, text=True, env=env)
            m = REPORT.search(r.stderr)
            parts, hits = (int(m.group(1)), int(m.group(2))) if m else (0, -1)
            return r.returncode, parts, hits, r.stderr

        def run(out):
            r = subprocess.run([path(out)], capture_output=True, text=True)
            return r.returncode, r.stdout

        def entries(folder):
            return len(entry_sizes(folder))

        def entry_sizes(folder):
            """{file name: size} of the cache entries under folder."""
            out = {}
            for root, _, files in os.walk(folder):
                for f in files:
                    if f.endswith('.o'):
                        out[f] = os.path.getsize(os.path.join(root, f))
            return out

        cache = path('cache')
        status, parts, hits, err = compile('base', 'cold', cache)
        check('cold-compile', status == 0 and parts >= 3 and hits == 0, err[-300:])
        want = run('cold')
        check('cold-runs', want[0] == 0 and want[1].strip().isdigit(), want)
        check('cold-fills-cache', entries(path('cache', 'wasm2native')) == parts,
              f'{entries(cache)} entries for {parts} parts')

        status, parts2, hits, err = compile('base', 'warm', cache)
        check('warm-all-hits', status == 0 and hits == parts2 == parts, err[-300:])
        same = open(path('cold'), 'rb').read() == open(path('warm'), 'rb').read()
        check('warm-same-output', same, 'executables differ')

        status, _, hits, err = compile('base', 'bc', cache, '--bounds-checks')
        check('option-change-misses', status == 0 and hits == 0, err[-300:])
        check('option-change-runs', run('bc') == want, run('bc'))

        status, parts3, hits, err = compile('edit', 'edit', cache)
        check('edit-reuses-most', status == 0 and parts3 - 2 <= hits < parts3,
              f'{hits} of {parts3} from the cache')
        edited = run('edit')
        check('edit-runs', edited[0] == 0 and edited[1] != want[1], edited)

        damaged = 0
        for root, _, files in os.walk(cache):
            for f in files:
                if f.endswith('.o'):
                    p = os.path.join(root, f)
                    data = bytearray(open(p, 'rb').read())
                    data[len(data) // 2] ^= 0xFF
                    open(p, 'wb').write(data)
                    damaged += 1
        status, _, hits, err = compile('base', 'damaged', cache)
        check('damaged-ignored', damaged > 0 and status == 0 and hits == 0, err[-300:])
        check('damaged-runs', run('damaged') == want, run('damaged'))
        status, _, hits, err = compile('base', 'repaired', cache)
        check('damaged-replaced', status == 0 and hits == parts, err[-300:])

        fresh = path('fresh')
        status, _, hits, err = compile('base', 'nocache', fresh, '--no-cache')
        check('no-cache-writes-nothing', status == 0 and not os.path.exists(fresh), err[-300:])
        status, _, hits, err = compile('base', 'nocache', cache, '--no-cache')
        check('no-cache-reads-nothing', status == 0 and hits == 0, err[-300:])

        home = path('home')
        os.mkdir(home)
        status, _, hits, err = compile('base', 'from-home', None, env_home=home)
        check('home-cache', status == 0 and
              entries(os.path.join(home, '.cache', 'wasm2native')) == parts, err[-300:])
        trim_checks(compile, entry_sizes, check, path)
    print(f'{results.count(True)} passed, {results.count(False)} failed')
    return 0 if all(results) else 1


if __name__ == '__main__':
    sys.exit(main(*sys.argv[1:]))
