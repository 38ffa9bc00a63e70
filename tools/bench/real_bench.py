#!/usr/bin/env python3
"""real_bench.py — real programs (SQLite, Lua, QuickJS) compiled by wasm2native against the same
programs built natively with clang -O2: compile time, peak compile memory, executable size and
run-time ratios. Method and figures: docs/benchmarks.md ("Real programs").

    real_bench.py --src REAL_PROGRAMS_DIR --cache-dir DIR --out-dir DIR --wasm2native W2N
                  [--reps 5] [--modes guard,bounds] [--only NAME-PART]

The programs come from REAL_PROGRAMS_DIR/build.sh, built into CACHE-DIR/programs (the `real`
test suite's cache, shared). Each .wasm is compiled into OUT-DIR once per memory mode (guard
pages, --bounds-checks), measuring the compiler process's wall and CPU time and its peak
resident memory (wait4's ru_maxrss: the largest of wasm2native and the ld.lld it runs). Then
every workload runs as paired rounds: native, then each mode, in an order that alternates from
round to round, --reps rounds. A time is the whole process's wall clock (start to exit,
including loading and instantiation) and its CPU time (user + system). Per workload the table
gives the median times and, as the ratio, the median over rounds of (mode time / native time
of the same round); then the geometric mean of the ratios. Every output is checked against
expected/ (the native output) on every run; a wrong output stops the benchmark.
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'real'))
import run as real  # noqa: E402  (tests/real/run.py: build_programs, strip_times)

MODES = {'guard': [], 'bounds': ['--bounds-checks']}

# (program, expected/NAME.txt, folder, arguments, stdin): the benchmark sizes of
# ../shared/real-programs/README.md.
BENCH = [
    ('speedtest1', 'speedtest1-size50', 'sqlite', ['--memdb', '--size', '50', '--verify'], None),
    ('sqlite3', 'sqlite-workload', 'sqlite', [], 'workload.sql'),
    ('lua', 'lua-fib', 'lua/bench', ['fib.lua'], None),
    ('lua', 'lua-strings', 'lua/bench', ['strings.lua'], None),
    ('lua', 'lua-sort', 'lua/bench', ['sort.lua'], None),
    ('lua', 'lua-nbody', 'lua/bench', ['nbody.lua'], None),
    ('lua', 'lua-bintrees', 'lua/bench', ['bintrees.lua'], None),
    ('qjs-run', 'quickjs-fib', 'quickjs/bench', ['fib.js'], None),
    ('qjs-run', 'quickjs-strings', 'quickjs/bench', ['strings.js'], None),
    ('qjs-run', 'quickjs-sort', 'quickjs/bench', ['sort.js'], None),
    ('qjs-run', 'quickjs-nbody', 'quickjs/bench', ['nbody.js'], None),
]


def fail(msg):
    sys.exit('real_bench: error: ' + msg)


def measure(cmd, cwd=None, stdin=None, env=None):
    """(exit status, stdout bytes, wall seconds, CPU seconds, peak RSS in KiB) of one process."""
    with open(stdin or os.devnull, 'rb') as f:
        start = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdin=f, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, env=env)
        out = p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, out, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss


def stripped_size(path, tmp):
    """Size of a stripped copy (the native programs are built with symbols)."""
    subprocess.run(['llvm-strip-19', '-o', tmp, path], check=True)
    size = os.path.getsize(tmp)
    os.unlink(tmp)
    return size


def compile_all(args, programs_dir, programs):
    """Compiles each program in each mode; returns {(prog, mode): stats dict}."""
    stats = {}
    for prog in programs:
        wasm = os.path.join(programs_dir, 'wasm', prog + '.wasm')
        for mode in args.modes:
            exe = os.path.join(args.out_dir, f'{prog}-{mode}')
            status, _, wall, cpu, rss = measure([args.wasm2native, wasm, '-o', exe] + MODES[mode])
            if status != 0:
                fail(f'wasm2native {wasm} {" ".join(MODES[mode])} failed (exit {status})')
            stats[(prog, mode)] = {'wall': wall, 'cpu': cpu, 'rss': rss,
                                   'size': os.path.getsize(exe)}
            print(f'compiled {prog:<10} {mode:<6} {wall:7.1f} s wall {cpu:7.1f} s CPU '
                  f'{rss / 1024:6.0f} MiB  {os.path.getsize(exe):>9} bytes', flush=True)
    return stats


def run_once(cmd, args, name, folder, stdin, strip):
    status, out, wall, cpu, _ = measure(cmd, cwd=os.path.join(args.src, folder), stdin=stdin,
                                        env=dict(os.environ, WASM2NATIVE_GRANTS=real.GRANTS))
    text = out.decode('utf-8', 'replace')
    if strip:
        text = real.strip_times(text)
    with open(os.path.join(args.src, 'expected', name + '.txt'), encoding='utf-8') as f:
        if status != 0 or text != f.read():
            fail(f'{" ".join(cmd)} in {folder}: exit {status} or output differs from expected/')
    return wall, cpu


def run_workloads(args, programs_dir, workloads):
    """{name: {side: [(wall, cpu) per round]}}, sides 'native' and each mode."""
    results = {}
    for prog, name, folder, wargs, stdin in workloads:
        stdin_path = os.path.join(args.src, folder, stdin) if stdin else None
        sides = {'native': [os.path.join(programs_dir, 'native', prog)] + wargs}
        for mode in args.modes:
            sides[mode] = [os.path.join(args.out_dir, f'{prog}-{mode}')] + wargs
        order = list(sides)
        times = {side: [] for side in sides}
        for rnd in range(args.reps):
            # Alternate the order: a side never always runs first (cold caches, frequency).
            for side in (order if rnd % 2 == 0 else order[::-1]):
                times[side].append(run_once(sides[side], args, name, folder, stdin_path,
                                            prog == 'speedtest1'))
        results[name] = times
        line = ' '.join(f'{side} {statistics.median(t[0] for t in ts):6.2f}s'
                        for side, ts in times.items())
        print(f'ran {name:<18} {line}', flush=True)
    return results


def paired_ratio(times, side, clock):
    """Median over rounds of side's time / native's time in the same round."""
    k = 0 if clock == 'wall' else 1
    return statistics.median(s[k] / n[k] for s, n in zip(times[side], times['native']))


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')


def report(args, programs_dir, programs, compiled, results, workloads):
    tmp = os.path.join(args.out_dir, 'strip.tmp')
    print('\n### Compile (wasm2native -O2, default CPU x86-64-v2)\n')
    print('| program | .wasm bytes | mode | wall s | CPU s | peak RSS MiB | executable bytes | '
          'native bytes (stripped) |')
    print('|---|---:|---|---:|---:|---:|---:|---:|')
    for prog in programs:
        wasm = os.path.getsize(os.path.join(programs_dir, 'wasm', prog + '.wasm'))
        native = stripped_size(os.path.join(programs_dir, 'native', prog), tmp)
        for mode in args.modes:
            c = compiled[(prog, mode)]
            print(f'| {prog} | {wasm:,} | {mode} | {c["wall"]:.1f} | {c["cpu"]:.1f} | '
                  f'{c["rss"] / 1024:.0f} | {c["size"]:,} | {native:,} |')
    for clock in ('wall', 'cpu'):
        print(f'\n### Run time, {clock} clock: median of {args.reps} paired rounds\n')
        head = ' | '.join(f'{m} s | {m} ratio' for m in args.modes)
        print(f'| workload | native s | {head} |')
        print('|---|---:|' + '---:|---:|' * len(args.modes))
        ratios = {m: [] for m in args.modes}
        k = 0 if clock == 'wall' else 1
        for _, name, _, _, _ in workloads:
            times = results[name]
            cells = [f'{statistics.median(t[k] for t in times["native"]):.3f}']
            for m in args.modes:
                r = paired_ratio(times, m, clock)
                ratios[m].append(r)
                cells += [f'{statistics.median(t[k] for t in times[m]):.3f}', f'{r:.3f}']
            print(f'| {name} | ' + ' | '.join(cells) + ' |')
        gm = ''.join(f' | | **{geomean(ratios[m]):.3f}**' for m in args.modes)
        print(f'| **geomean** |{gm} |')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--src', required=True, help='the real-programs folder')
    ap.add_argument('--cache-dir', required=True, help="where build.sh's output is kept")
    ap.add_argument('--out-dir', required=True, help='where the compiled programs go')
    ap.add_argument('--wasm2native', required=True)
    ap.add_argument('--reps', type=int, default=5, help='paired rounds per workload')
    ap.add_argument('--modes', default='guard,bounds', help='comma-separated: guard, bounds')
    ap.add_argument('--only', default='', help='only workloads whose name contains this')
    args = ap.parse_args()
    for name in ('src', 'cache_dir', 'out_dir', 'wasm2native'):  # the runs change folder
        setattr(args, name, os.path.abspath(getattr(args, name)))
    args.modes = [m for m in args.modes.split(',') if m]
    if any(m not in MODES for m in args.modes):
        fail(f'--modes takes {", ".join(MODES)}')
    os.makedirs(args.out_dir, exist_ok=True)
    programs_dir = real.build_programs(args.src, args.cache_dir)
    if not programs_dir:
        fail('build.sh failed')
    workloads = [b for b in BENCH if args.only in b[1]]
    programs = list(dict.fromkeys(b[0] for b in workloads))
    compiled = compile_all(args, programs_dir, programs)
    results = run_workloads(args, programs_dir, workloads)
    report(args, programs_dir, programs, compiled, results, workloads)
    return 0


if __name__ == '__main__':
    sys.exit(main())
