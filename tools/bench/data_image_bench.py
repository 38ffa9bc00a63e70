#!/usr/bin/env python3
"""data_image_bench.py — cold start and executable size of a plain (not pre-baked) module with
a large active data segment, built by two compilers: BEFORE copies the segment into memory at
instantiation, AFTER lays it out as a memory image mapped from the executable (docs/prebake.md
"Data images"). Process start to exit, every program once per round in turn (paired), the
median of --rounds runs; and the median CPU time (user + system).

Programs, for N in --mib (default 1 8 32): `data-N` has N MiB of non-zero data at a constant
offset; its _start reads one byte of each 64 KiB page of it (`touch`) or none (`idle`).
hello-c is the floor.

    tools/bench/data_image_bench.py --before OLD/wasm2native [--after build/compiler/wasm2native]
"""
import argparse
import os
import subprocess
import sys
import tempfile

from prebake_bench import measure  # the same paired whole-process timing

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

WAT = """(module
  (memory (export "memory") {pages})
  (data (i32.const 65536) "{data}")
  (func (export "_start")
    (local $i i32) (local $sum i32)
    (loop $l
      (if (i32.lt_u (local.get $i) (i32.const {touch}))
        (then
          (local.set $sum (i32.add (local.get $sum)
            (i32.load8_u offset=65536 (i32.mul (local.get $i) (i32.const 65536)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $l))))
    (if (i32.eq (local.get $sum) (i32.const -1)) (then unreachable))))
"""


def build(a, out):
    progs = [("hello-c", [os.path.join(ROOT, "build", "examples", "hello", "hello-c")])]
    sizes = {}
    for mib in a.mib:
        data = "".join("abcdefghijklmnopqrstuvwxyz"[i % 26] for i in range(1 << 16)) * (mib * 16)
        for touch in ("idle", "touch"):
            wat = os.path.join(out, f"data{mib}-{touch}.wat")
            wasm = wat[:-4] + ".wasm"
            with open(wat, "w") as f:
                f.write(WAT.format(pages=mib * 16 + 2, data=data,
                                   touch=0 if touch == "idle" else mib * 16))
            subprocess.run(["wat2wasm", wat, "-o", wasm], check=True)
            for who, w2n in (("before", a.before), ("after", a.after)):
                exe = os.path.join(out, f"data{mib}-{touch}-{who}")
                subprocess.run([w2n, wasm, "-o", exe], check=True)
                progs.append((f"data-{mib} MiB {touch} {who}", [exe]))
                sizes[f"data-{mib} MiB {who}"] = os.path.getsize(exe)
    return progs, sizes


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--before", required=True, help="a compiler without data images")
    p.add_argument("--after", default=os.path.join(ROOT, "build", "compiler", "wasm2native"))
    p.add_argument("--mib", type=int, nargs="+", default=[1, 8, 32])
    p.add_argument("--rounds", type=int, default=200)
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="w2n-data-bench-") as out:
        progs, sizes = build(a, out)
        wall, cpu = measure(progs, a.rounds)
    print(f"{a.rounds} rounds, load average {os.getloadavg()[0]:.1f}; medians, ms")
    print(f"{'program':28} {'wall':>9} {'CPU':>9}")
    for name, _ in progs:
        print(f"{name:28} {wall[name]:9.2f} {cpu[name]:9.2f}")
    for name, size in sizes.items():
        print(f"size {name:23} {size:>10} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
