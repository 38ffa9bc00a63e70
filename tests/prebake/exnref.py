#!/usr/bin/env python3
"""exnref.py — the exnref refusals of pre-baking (suite 'prebake', docs/prebake.md "What is
refused"): an init function that catches an exception with catch_all_ref and leaves the exnref
in a global, or in a table, must be refused with the exact positioned message, exit status 1
and no output file. An exnref names an exception object of the build's process, which the
executable's process does not have. run.py's refusals/ are .wat files, but wabt 1.0.32 cannot
write try_table or exnref, so these modules are written as bytes (tests/e2e/bytecases.py).

    exnref.py WASM2NATIVE
Prints one line per check and, last, `N passed, N failed`; exit status 1 on a failure.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from bytecases import leb, section, vec  # noqa: E402

EXNREF = b"\x69"
INIT = b"wizer.initialize"
# block (result exnref) (try_table (catch_all_ref 0) (throw 0)) unreachable end: the caught
# exception's exnref is left on the stack.
CATCH = b"\x02" + EXNREF + b"\x1f\x40" + vec([b"\x03\x00"]) + b"\x08\x00\x0b\x00\x0b"
SET_GLOBAL = b"\x24\x00"                                # global.set 0
SET_TABLE = b"\x21\x00" + b"\x41\x00\x20\x00\x26\x00"  # local.set 0; table.set 0 (i32 0) local


def module(in_table):
    """The module: one [] -> [] type, a tag of it, the init export, and an exnref global
    (mutable, null) or an exnref table of one (null) element that the init function sets."""
    locals_ = vec([b"\x01" + EXNREF]) if in_table else vec([])
    body = locals_ + CATCH + (SET_TABLE if in_table else SET_GLOBAL) + b"\x0b"
    return (b"\x00asm\x01\x00\x00\x00" + section(1, vec([b"\x60\x00\x00"])) +
            section(3, vec([b"\x00"])) +
            (section(4, vec([EXNREF + b"\x00\x01"])) if in_table else b"") +
            section(13, vec([b"\x00\x00"])) +
            (b"" if in_table else section(6, vec([EXNREF + b"\x01\xd0" + EXNREF + b"\x0b"]))) +
            section(7, vec([leb(len(INIT)) + INIT + b"\x00\x00"])) +
            section(10, vec([leb(len(body)) + body])))


CASES = [
    ("global", False, ":0x0000001a: error: cannot pre-bake: global 0 holds a non-null exnref: "
     "an exception exists only in the process that threw it"),
    ("table", True, ":0x00000015: error: cannot pre-bake: table 0 holds a non-null exnref: "
     "an exception exists only in the process that threw it"),
]


def main():
    w2n = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="w2n-exnref-") as tmp:
        for name, in_table, error in CASES:
            wasm, out = os.path.join(tmp, f"exnref-{name}.wasm"), os.path.join(tmp, name)
            with open(wasm, "wb") as f:
                f.write(module(in_table))
            p = subprocess.run([w2n, wasm, "-o", out, "--prebake"], capture_output=True,
                               text=True)
            want = wasm + error
            if p.returncode == 1 and p.stderr.strip() == want and not os.path.exists(out):
                passed += 1
                print(f"ok   refusal exnref in a {name}")
            else:
                failed += 1
                print(f"FAIL refusal exnref in a {name}: status {p.returncode}, stderr "
                      f"{p.stderr.strip()!r}, expected {want!r}"
                      + (", output exists" if os.path.exists(out) else ""))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
