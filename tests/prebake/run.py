#!/usr/bin/env python3
"""run.py — the pre-baking tests (suite 'prebake', docs/prebake.md "Tests").

Each case in cases/ is a .wat module that prints a line and exports `wizer.initialize`. It is
compiled twice, without and with --prebake, and both executables must print the same, which
must be the case's expected output (so the test fails if either way is wrong, and without the
feature). The cases write the patterns baking must get right: tables and funcref globals
changed by the initialization, a start function that must run exactly once, memory grown and
written sparsely, dropped segments, a trap after baking.

Modes (--mode):
  native   the cases as x86-64 executables, and as -c objects linked with the runtime the way a
           host links them; then every refusal in refusals/ (exact message, exit status 1,
           no output file)
  bounds   the cases compiled with --bounds-checks, as executables and as -c objects
  aarch64  the cases baked on this machine for --target aarch64-linux, run under qemu
  wasm     the cases' --emit-wasm output run by Node's WASI (--node, --wasi-runner)
  program  a real program (--program NAME.wasm with an init export, --args ...): the same
           output with and without --prebake (--plain-args, --prebake-args: the options of
           each build), and from its --emit-wasm module under Node

A case states what it expects in its leading comments:
  ;; expect-stdout: TEXT    stdout, compared after stripping surrounding whitespace
  ;; expect-status: N       exit status (default 0)
  ;; expect-stderr: TEXT    stderr contains TEXT
  ;; expect-error: TEXT     (refusals) stderr is exactly the .wasm path followed by TEXT
  ;; prebake-args: ARGS     more wasm2native options ({dir}: a folder holding app.conf)
Cases print through $print (a number and a space) and $print_text (ptr, len), which this
script adds to the module: WASI's fd_write import after `(module`, the functions at its end.
Each case starts with $print_how: "baked " if its initialization had already run when _start
began, "plain " if not; "{how}" in expect-stdout stands for the word the build must give, so a
build that claims to be baked but initializes at start fails.

Prints one line per check and, last, `N passed, N failed`; exit status 1 on a failure.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

PRINT_IMPORT = """
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))"""

# Scratch memory at 0..63: an iovec at 0, the digits at 32..47. Cases keep their data above.
PRINT_FUNCS = """
  (func $print_text (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $print_how (param $inited i32)
    (i64.store (i32.const 48)
      (select (i64.const 0x2064656b6162) (i64.const 0x206e69616c70) (local.get $inited)))
    (call $print_text (i32.const 48) (i32.const 6)))
  (func $print (param $v i32)
    (local $p i32)
    (local.set $p (i32.const 47))
    (i32.store8 (local.get $p) (i32.const 32))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $digits (local.get $v)))
    (call $print_text (local.get $p) (i32.sub (i32.const 48) (local.get $p))))
"""


class Runner:
    def __init__(self, args, tmp):
        self.a = args
        self.tmp = tmp
        self.passed = 0
        self.failed = 0

    def check(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}{': ' + detail if detail else ''}")
        return ok

    def w2n(self, *args):
        return subprocess.run([self.a.wasm2native, *args], capture_output=True, text=True)

    def run(self, cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120,
                                  cwd=self.tmp)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(cmd, -1, "", "timed out")


def expectations(path):
    exp = {"status": 0, "stderr": [], "stdout": None, "error": None, "args": ""}
    with open(path) as f:
        for line in f:
            if not line.startswith(";;"):
                break
            for key in ("expect-stdout", "expect-status", "expect-stderr", "expect-error",
                        "prebake-args"):
                tag = f";; {key}: "
                if line.startswith(tag):
                    value = line[len(tag):].rstrip("\n")
                    if key == "expect-status":
                        exp["status"] = int(value)
                    elif key == "expect-stderr":
                        exp["stderr"].append(value)
                    elif key == "prebake-args":
                        exp["args"] = value
                    else:
                        exp[key.split("-")[1]] = value
    return exp


def assemble(r, wat, out, with_print):
    text = open(wat).read()
    if with_print:
        start = text.index("(module") + len("(module")
        end = text.rindex(")")
        text = text[:start] + PRINT_IMPORT + text[start:end] + PRINT_FUNCS + ")\n"
    src = os.path.join(r.tmp, os.path.basename(wat))
    with open(src, "w") as f:
        f.write(text)
    p = subprocess.run([r.a.wat2wasm, "--debug-names", src, "-o", out], capture_output=True,
                       text=True)
    return r.check(p.returncode == 0, f"{os.path.basename(wat)}: assembles", p.stderr.strip())


def judge(r, name, p, exp, baked):
    """One run against the case's expectations."""
    problems = []
    want = exp["stdout"].replace("{how}", "baked" if baked else "plain")
    if exp["stdout"] is not None and p.stdout.strip() != want:
        problems.append(f"stdout {p.stdout.strip()!r}, expected {want!r}")
    if p.returncode != exp["status"]:
        problems.append(f"status {p.returncode}, expected {exp['status']}")
    for want in exp["stderr"]:
        if want not in p.stderr:
            problems.append(f"stderr {p.stderr.strip()!r} lacks {want!r}")
    return r.check(not problems, name, "; ".join(problems))


def link_object(r, obj, exe, triple_dir):
    """Links a -c object with the runtime as a host would (the runtime's default program)."""
    archive = os.path.join(r.a.runtime_dir, triple_dir, "libw2n_rt.a")
    p = subprocess.run([r.a.ld, "-static", "--gc-sections", "-o", exe, obj, archive],
                       capture_output=True, text=True)
    return p.returncode == 0


def build(r, wasm, out, mode, baked, extra):
    """Compiles one case for the mode; returns the command that runs it, or None."""
    opts = shlex.split(extra) + (["--prebake"] if baked else [])
    if mode in ("bounds", "object-bounds"):
        opts.append("--bounds-checks")
    if mode == "aarch64":
        opts += ["--target", "aarch64-linux"]
    if mode.startswith("object"):
        p = r.w2n(wasm, "-c", "-o", out + ".o", *opts)
        if p.returncode == 0 and not link_object(r, out + ".o", out, "x86_64-linux"):
            return None
    elif mode == "wasm":
        node = [r.a.node, "--no-warnings", r.a.wasi_runner]
        if not baked:
            return node + [wasm]
        p = r.w2n(wasm, "-c", "-o", out + ".o", "--emit-wasm", out + ".wasm", *opts)
        if p.returncode == 0:
            return node + [out + ".wasm"]
    else:
        p = r.w2n(wasm, "-o", out, *opts)
    if p.returncode != 0:
        print(p.stderr.strip())
        return None
    prefix = shlex.split(r.a.qemu) if mode == "aarch64" and r.a.qemu else []
    return prefix + [out]


def run_case(r, wat, mode):
    name = os.path.splitext(os.path.basename(wat))[0]
    exp = expectations(wat)
    if mode == "wasm" and exp["status"] != 0:
        # Node reports a trap its own way (a RuntimeError, exit status 1): judge stdout only.
        exp = dict(exp, status=1, stderr=["RuntimeError"])
    wasm = os.path.join(r.tmp, name + ".wasm")
    if not assemble(r, wat, wasm, True):
        return
    for baked in (False, True):
        label = f"{name} ({mode}{', baked' if baked else ''})"
        out = os.path.join(r.tmp, f"{name}-{mode}-{'baked' if baked else 'plain'}")
        cmd = build(r, wasm, out, mode, baked, exp["args"])
        if r.check(cmd is not None, f"{label}: compiles"):
            judge(r, label, r.run(cmd), exp, baked)


def run_refusal(r, wat):
    name = os.path.splitext(os.path.basename(wat))[0]
    exp = expectations(wat)
    wasm = os.path.join(r.tmp, name + ".wasm")
    if not assemble(r, wat, wasm, False):
        return
    conf = os.path.join(r.tmp, "conf")
    os.makedirs(conf, exist_ok=True)
    with open(os.path.join(conf, "app.conf"), "w") as f:
        f.write("answer=42\n")
    out = os.path.join(r.tmp, name + "-refused")
    p = r.w2n(wasm, "-o", out, "--prebake", *shlex.split(exp["args"].replace("{dir}", conf)))
    want = wasm + exp["error"]
    r.check(p.returncode == 1 and p.stderr.strip() == want and not os.path.exists(out),
            f"refusal {name}",
            f"status {p.returncode}, stderr {p.stderr.strip()!r}, expected {want!r}"
            + (", output exists" if os.path.exists(out) else ""))


def run_reactor(r):
    """reactor/reactor.wat: its _initialize runs once at start plainly, and never at start
    when baked with --init-func _initialize (it ran at build time)."""
    wasm = os.path.join(r.tmp, "reactor.wasm")
    if not assemble(r, os.path.join(HERE, "reactor", "reactor.wat"), wasm, True):
        return
    plain, baked = os.path.join(r.tmp, "reactor"), os.path.join(r.tmp, "reactor-baked")
    p1 = r.w2n(wasm, "-o", plain)
    p2 = r.w2n(wasm, "-o", baked, "--prebake", "--init-func", "_initialize")
    if not r.check(p1.returncode == 0 and p2.returncode == 0, "reactor: compiles",
                   (p1.stderr + p2.stderr).strip()):
        return
    got = r.run([plain])
    r.check((got.stdout.strip(), got.returncode) == ("initialized 1", 0),
            "reactor: plain runs _initialize", f"{got.stdout!r} {got.returncode}")
    r.check(p2.stdout.strip() == "initialized 1", "reactor: initialized at build time",
            f"{p2.stdout!r}")
    got = r.run([baked])
    r.check((got.stdout, got.returncode) == ("", 0), "reactor: baked does not run it again",
            f"stdout {got.stdout!r}, status {got.returncode}, {got.stderr.strip()!r}")


def run_env(r):
    """grants/env.wat: --prebake-env reaches the initialization only (both forms, NAME=VALUE
    and NAME passed through from the build's environment), --env the run only."""
    wasm = os.path.join(r.tmp, "env.wasm")
    if not assemble(r, os.path.join(HERE, "grants", "env.wat"), wasm, True):
        return
    exe = os.path.join(r.tmp, "env-baked")
    p = subprocess.run([r.a.wasm2native, wasm, "-o", exe, "--prebake", "--prebake-env",
                        "GREETING=hi", "--prebake-env", "PASSED", "--env", "OTHER=x"],
                       capture_output=True, text=True,
                       env=dict(os.environ, PASSED="through", OTHER="build"))
    if not r.check(p.returncode == 0, "env: compiles", p.stderr.strip()):
        return
    got = subprocess.run([exe], capture_output=True, text=True, env={"GREETING": "run"})
    want = "GREETING=hi\0PASSED=through|OTHER=x"
    r.check((got.stdout, got.returncode) == (want, 0), "env: --prebake-env for the "
            "initialization, --env for the run", f"stdout {got.stdout!r}, expected {want!r}")


def run_program(r):
    """A real program: identical output with and without --prebake, and from the baked
    module under Node."""
    name = os.path.splitext(os.path.basename(r.a.program))[0]
    grants = shlex.split(r.a.prebake_args)
    plain, baked = os.path.join(r.tmp, name), os.path.join(r.tmp, name + "-baked")
    emitted = baked + ".wasm"
    p1 = r.w2n(r.a.program, "-o", plain, *shlex.split(r.a.plain_args))
    p2 = r.w2n(r.a.program, "-o", baked, "--prebake", "--emit-wasm", emitted, *grants)
    if not r.check(p1.returncode == 0 and p2.returncode == 0, f"{name}: compiles",
                   (p1.stderr + p2.stderr).strip()):
        return
    want = r.run([plain, *r.a.args])
    got = r.run([baked, *r.a.args])
    r.check(want.returncode == 0 and want.stdout != "", f"{name}: runs",
            want.stderr.strip())
    r.check((got.stdout, got.returncode) == (want.stdout, want.returncode),
            f"{name}: baked output identical", f"{got.stdout!r} != {want.stdout!r}")
    if r.a.node:
        node = r.run([r.a.node, "--no-warnings", r.a.wasi_runner, emitted, *r.a.args])
        r.check((node.stdout, node.returncode) == (want.stdout, want.returncode),
                f"{name}: --emit-wasm output identical under Node",
                f"{node.stdout!r} {node.stderr.strip()!r}")
    else:
        print(f"skipped {name}: --emit-wasm output under Node: no --node and --wasi-runner "
              "(node or ../shared/real-programs/run-wasi.mjs not found)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wasm2native", required=True)
    ap.add_argument("--wat2wasm", default="wat2wasm")
    ap.add_argument("--mode", required=True,
                    choices=["native", "bounds", "aarch64", "wasm", "program"])
    ap.add_argument("--qemu", default="", help="command prefix running AArch64 executables")
    ap.add_argument("--node", default="")
    ap.add_argument("--wasi-runner", default="", help="run-wasi.mjs of ../shared/real-programs")
    ap.add_argument("--ld", default="ld.lld-19")
    ap.add_argument("--runtime-dir", default="", help="build/runtime (for -c objects)")
    ap.add_argument("--program", default="")
    ap.add_argument("--prebake-args", default="", help="wasm2native options, baked build")
    ap.add_argument("--plain-args", default="", help="wasm2native options, plain build")
    ap.add_argument("--skip", default="", help="print this reason and exit 77 (skipped)")
    ap.add_argument("--args", nargs="*", default=[])
    a = ap.parse_args()
    if a.skip:
        print(f"skipped: {a.skip}")
        return 77
    a.wasm2native = os.path.abspath(a.wasm2native)
    with tempfile.TemporaryDirectory(prefix="w2n-prebake-") as tmp:
        r = Runner(a, tmp)
        cases = sorted(os.path.join(HERE, "cases", f) for f in os.listdir(f"{HERE}/cases"))
        if a.mode == "program":
            run_program(r)
        for wat in cases if a.mode != "program" else []:
            run_case(r, wat, a.mode)
            if a.mode in ("native", "bounds"):
                run_case(r, wat, "object" if a.mode == "native" else "object-bounds")
        if a.mode == "native":
            run_reactor(r)
            run_env(r)
            for wat in sorted(os.listdir(f"{HERE}/refusals")):
                run_refusal(r, os.path.join(HERE, "refusals", wat))
    print(f"{r.passed} passed, {r.failed} failed")
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
