#!/usr/bin/env python3
"""cow.py — copy-on-write memory images (suite 'prebake', docs/prebake.md "Copy-on-write
memory images"): cow/image64.wat baked has a 64 MiB image. In guard-page mode the executable
maps it from its own file, so its pages are the page cache's until written: the process's
private memory (RssAnon in /proc/PID/status, read while it waits on stdin) must stay far below
64 MiB (copying makes it at least 64 MiB: the test fails without the feature). In
bounds-check mode the image is copied (the fallback) and must behave the same. Each executable
runs twice: it writes into its image, and the second run must still see the original (the
mapping is private). Prints one line per check and `N passed, N failed`."""
import argparse
import os
import subprocess
import sys
import tempfile

EXPECTED = "ok\nok\nok\n"
MAPPED_ANON_LIMIT_KB = 24 * 1024


def run(exe):
    """stdout, stderr, exit status and private memory (RssAnon, KiB) of one run."""
    p = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    out = "".join(p.stdout.readline() for _ in range(3))
    anon = -1
    with open(f"/proc/{p.pid}/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                anon = int(line.split()[1])
    rest, err = p.communicate("", timeout=60)
    return out + rest, err, p.returncode, anon


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wasm2native", required=True)
    ap.add_argument("--wat2wasm", required=True)
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    results = []

    def check(ok, name, detail=""):
        results.append(ok)
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))

    with tempfile.TemporaryDirectory(prefix="w2n-cow-") as tmp:
        wasm = os.path.join(tmp, "image64.wasm")
        subprocess.run([a.wat2wasm, os.path.join(here, "cow", "image64.wat"), "-o", wasm],
                       check=True)
        builds = {"plain": [], "baked": ["--prebake"],
                  "baked-bounds": ["--prebake", "--bounds-checks"]}
        for name, opts in builds.items():
            exe = os.path.join(tmp, name)
            p = subprocess.run([a.wasm2native, wasm, "-o", exe, *opts], capture_output=True,
                               text=True)
            if p.returncode != 0:
                check(False, name + " builds", p.stderr)
                continue
            for n in (1, 2):
                out, err, status, rss = run(exe)
                check(out == EXPECTED and status == 0, f"{name} run {n}",
                      f"status {status}, stdout {out!r}, stderr {err!r}")
                if name == "baked":
                    check(rss < MAPPED_ANON_LIMIT_KB, f"{name} run {n} maps its image",
                          f"RssAnon {rss} KiB for a 64 MiB image (copied, not mapped?)")
                print(f"     {name} run {n}: RssAnon {rss} KiB")
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
