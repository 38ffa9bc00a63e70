#!/usr/bin/env python3
"""prebake_bench.py — cold start with and without --prebake (issue 10, docs/benchmarks.md
"Pre-baking: cold start"): process start to exit (fork, exec, run, exit, wait), the median of
--rounds runs, every program once per round in turn (paired: a busy machine slows all alike),
and the median CPU time (user + system) of the process, which a busy machine disturbs less.

Programs:
  hello-c                 examples/hello/hello.c (the floor: a process that does nothing)
  fill-N (N = 1, 16, 64)  a module whose init export fills N MiB of memory; `plain` runs it at
                          start, `baked` was built with --prebake (its N MiB image is mapped
                          copy-on-write from the executable: the start should not grow with N)
  primes                  examples/prebake (init builds a 48 MiB table), plain and baked
  lua                     Lua 5.4 with tests/prebake/lua/luainit.c (init creates the state and
                          compiles main.lua), plain and baked, if the build made lua-prebake.wasm

    tools/bench/prebake_bench.py [--build-dir build] [--rounds 200]
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

FILL_WAT = """(module
  (memory (export "memory") {pages})
  (global $done (mut i32) (i32.const 0))
  (func $init (export "wizer.initialize")
    (memory.fill (i32.const 0) (i32.const 0x5a) (i32.const {bytes}))
    (global.set $done (i32.const 1)))
  (func (export "_start")
    (if (i32.eqz (global.get $done)) (then (call $init)))))
"""


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.exit("prebake_bench: command failed: %s\n%s" % (" ".join(cmd), r.stdout))


def build(a, out):
    """[(name, argv)] of the programs, built into `out`."""
    w2n = a.wasm2native
    progs = [("hello-c", [os.path.join(a.build_dir, "examples", "hello", "hello-c")])]
    for mib in (1, 16, 64):
        wat, wasm = os.path.join(out, f"fill{mib}.wat"), os.path.join(out, f"fill{mib}.wasm")
        with open(wat, "w") as f:
            f.write(FILL_WAT.format(pages=mib * 16, bytes=mib << 20))
        run(["wat2wasm", wat, "-o", wasm])
        for how, opts in (("plain", []), ("baked", ["--prebake"])):
            exe = os.path.join(out, f"fill{mib}-{how}")
            run([w2n, wasm, "-o", exe, *opts])
            progs.append((f"fill-{mib} MiB {how}", [exe]))
    primes = os.path.join(a.build_dir, "examples", "prebake")
    progs += [("primes plain", [os.path.join(primes, "primes"), "97"]),
              ("primes baked", [os.path.join(primes, "primes-baked"), "97"])]
    lua = os.path.join(a.build_dir, "tests", "prebake", "lua-prebake.wasm")
    script = os.path.join(ROOT, "tests", "prebake", "lua")
    if os.path.exists(lua):
        for how, opts in (("plain", ["--dir", script + "::/script"]),
                          ("baked", ["--prebake", "--prebake-dir", script + "::/script"])):
            exe = os.path.join(out, f"lua-{how}")
            run([w2n, lua, "-o", exe, *opts])
            progs.append((f"lua {how}", [exe, "100"]))
    else:
        print(f"(lua skipped: {lua} not built: Lua sources not in ../shared/real-programs)")
    return progs


def measure(progs, rounds):
    wall = {n: [] for n, _ in progs}
    cpu = {n: [] for n, _ in progs}
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(rounds):
        for name, cmd in progs:
            t0 = time.perf_counter()
            p = subprocess.Popen(cmd, stdout=devnull)
            _, status, usage = os.wait4(p.pid, 0)
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(usage.ru_utime + usage.ru_stime)
            if status != 0:
                sys.exit(f"{os.path.basename(sys.argv[0])}: {cmd[0]} failed (wait status {status})")
    return ({n: statistics.median(v) * 1e3 for n, v in wall.items()},
            {n: statistics.median(v) * 1e3 for n, v in cpu.items()})


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    p.add_argument("--wasm2native", help="the compiler (default: BUILD/compiler/wasm2native)")
    p.add_argument("--rounds", type=int, default=200)
    a = p.parse_args()
    a.build_dir = os.path.abspath(a.build_dir)
    a.wasm2native = a.wasm2native or os.path.join(a.build_dir, "compiler", "wasm2native")
    with tempfile.TemporaryDirectory(prefix="w2n-prebake-bench-") as out:
        progs = build(a, out)
        wall, cpu = measure(progs, a.rounds)
    load = os.getloadavg()[0]
    print(f"{a.rounds} rounds, load average {load:.1f}; medians, ms; x hello = wall / hello's")
    print(f"{'program':24} {'wall':>9} {'CPU':>9} {'x hello':>8}")
    for name, _ in progs:
        print(f"{name:24} {wall[name]:9.2f} {cpu[name]:9.2f} {wall[name] / wall['hello-c']:8.1f}")
    for what in ("primes", "lua", "fill-64 MiB"):
        if f"{what} baked" in wall:
            print(f"{what}: baked starts {wall[what + ' plain'] / wall[what + ' baked']:.0f}x "
                  f"faster (wall), {cpu[what + ' plain'] / cpu[what + ' baked']:.0f}x (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
