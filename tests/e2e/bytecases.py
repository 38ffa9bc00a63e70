"""bytecases.py — what the e2e scripts that write their modules as bytes share (exceptions.py,
atomics_memories.py): the section and vector encodings, constants, and the runner that compiles
each case with wasm2native, runs it (under $W2N_RUN, e.g. qemu, when set) and judges its exit
status and stderr, ending with `N passed, N failed`.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'tools'))
from wasmbytes import sleb, uleb as leb  # noqa: E402,F401  (the one LEB128 encoder)


def vec(items):
    return leb(len(items)) + b"".join(items)


def section(sid, body):
    return bytes([sid]) + leb(len(body)) + body


def i32(n):
    return b"\x41" + sleb(n)


def i64(n):
    return b"\x42" + sleb(n)


def run_cases(cases, argv):
    """cases: (name, module bytes, expected exit status, text stderr must contain, or None for
    an empty stderr). argv: WASM2NATIVE [OPTION...]. Returns the exit status for the script."""
    w2n, opts = argv[0], argv[1:]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for cname, wasm, status, err_text in cases:
            src, exe = os.path.join(tmp, cname + ".wasm"), os.path.join(tmp, cname)
            with open(src, "wb") as f:
                f.write(wasm)
            c = subprocess.run([w2n, *opts, src, "-o", exe], capture_output=True, text=True)
            if c.returncode != 0:
                print(f"FAIL: {cname}: wasm2native: {c.stderr.strip()}")
                failed += 1
                continue
            run = os.environ.get("W2N_RUN", "").split()
            r = subprocess.run(run + [exe], capture_output=True, text=True, timeout=60)
            ok = r.returncode == status and (
                r.stderr == "" if err_text is None else err_text in r.stderr)
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"FAIL: {cname}: exit status {r.returncode} (want {status}), "
                      f"stderr: {r.stderr.strip() or '(empty)'}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
