#!/usr/bin/env python3
"""cold-start.py — cold start of the prebake example, as the README reports it: process start
to exit (fork, exec, run, exit, wait), the median of many runs, for the plain build, the
baked build and the hello world, alternating so that a busy machine slows all three alike.
Also the median CPU time (user + system) of the process, which a busy machine disturbs less.

    examples/prebake/cold-start.py [BUILD_DIR] [RUNS]      (defaults: build, 200)
"""
import os
import statistics
import subprocess
import sys
import time

build = sys.argv[1] if len(sys.argv) > 1 else "build"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 200
programs = {
    "hello-c": [f"{build}/examples/hello/hello-c"],
    "primes (initializes at start)": [f"{build}/examples/prebake/primes", "97"],
    "primes-baked (--prebake)": [f"{build}/examples/prebake/primes-baked", "97"],
}
times = {name: [] for name in programs}
cpu = {name: [] for name in programs}
devnull = os.open(os.devnull, os.O_WRONLY)
for _ in range(runs):
    for name, cmd in programs.items():
        start = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=devnull)
        _, status, usage = os.wait4(p.pid, 0)
        times[name].append(time.perf_counter() - start)
        cpu[name].append(usage.ru_utime + usage.ru_stime)
        p.returncode = os.waitstatus_to_exitcode(status)
        assert p.returncode == 0, f"{cmd} failed"
for name, t in times.items():
    print(f"{name:32} wall median {statistics.median(t) * 1000:8.2f} ms (min "
          f"{min(t) * 1000:7.2f}), CPU median {statistics.median(cpu[name]) * 1000:7.2f} ms, "
          f"{runs} runs")
