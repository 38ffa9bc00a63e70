#!/usr/bin/env python3
"""difffuzz.py — differential fuzzing of the code wasm2native generates (docs/reliability.md).

Each round turns random bytes into a valid module with binaryen's `wasm-opt -ttf` (exports,
calls to fuzzing-support.log-* imports, loops bounded by a hang limit), exports its globals and
memory (wasmbin.py), runs it in node's V8 (run.cjs) and, compiled by wasm2native, in every
chosen mode (driver.c), and compares the outputs line for line: every export's results, the
logged values, traps by kind, and the globals and a hash of memory after all calls.

NaN bits: by default the module goes through binaryen's --denan pass, which turns every NaN a
float operation produces into 0, so no value the spec leaves open (a NaN's sign and payload)
can reach memory, a global or an integer, and the whole state compares bit for bit.
--nans keeps NaNs and compares against V8 by the spec's rules (nanrules.py): two arithmetic
NaNs (quiet bit set) agree, in floats, in integers that carry their bits, and in memory, which
is then compared by a dump rather than a hash.

    difffuzz.py [--seconds N | --modules N] [--seed S] [--modes x86,x86-bc,a64,a64-bc]
                [--generator binaryen|wasmgen] [--build DIR] [--out DIR] [--reduce]
    difffuzz.py --check MODULE.wasm [--modes ...]   exit 1 if the engines disagree (wasm-reduce)
    difffuzz.py --show MODULE.wasm [--modes ...]    print both outputs' difference

Seeds are deterministic: round k of a run started with --seed S uses seed S + k, so a smoke
run in CI executes the same modules every time. A mismatch is saved in --out as
seed-N.wasm (and the outputs), and with --reduce shrunk by binaryen's wasm-reduce into
seed-N.reduced.wasm.
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import nanrules  # noqa: E402
import wasmbin  # noqa: E402

# What binaryen 108 generates that wasm2native supports (Wasm 2.0 minus reference types:
# binaryen 108's reference-types output uses its GC-era `anyref`, which Wasm 2.0 lacks).
FEATURES = ["--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-bulk-memory",
            "--enable-multivalue", "--enable-mutable-globals", "--enable-simd"]

# Mode name: (wasm2native options, target arch).
MODES = {
    "x86": ([], "x86_64"),
    "x86-bc": (["--bounds-checks"], "x86_64"),
    "x86-O0": (["-O0"], "x86_64"),
    "a64": (["--target", "aarch64-linux"], "aarch64"),
    "a64-bc": (["--target", "aarch64-linux", "--bounds-checks"], "aarch64"),
}
TIMEOUT = 60  # seconds per engine run; binaryen's hang limit keeps real runs far below

# binaryen lives outside PATH (tools/setup.sh): clang 19 runs any `wasm-opt` it finds on PATH
# after linking wasm with -O, which would silently change every wasm test program.
BINARYEN = os.environ.get("W2N_BINARYEN_DIR", "/opt/wasm2native/binaryen/usr/bin")


def binaryen(tool):
    """The path of a binaryen tool: in BINARYEN, else on PATH."""
    path = os.path.join(BINARYEN, tool)
    return path if os.access(path, os.X_OK) else (shutil.which(tool) or tool)


def run(cmd, timeout=TIMEOUT, **kw):
    """(exit status, stdout) of a command; status 'timeout' when it overran."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        out += "exit %d\n%s" % (p.returncode, p.stderr.decode("utf-8", "replace")[-2000:])
    return p.returncode, out


class Engines:
    """The compiled drivers and tools, and one scratch directory."""

    def __init__(self, build, modes, work):
        self.w2n = os.path.join(build, "compiler", "wasm2native")
        self.rt = {a: os.path.join(build, "runtime", a + "-linux", "libw2n_rt.a")
                   for a in ("x86_64", "aarch64")}
        self.modes, self.work = modes, work
        self.driver = {}
        for arch in sorted({MODES[m][1] for m in modes}):
            self.driver[arch] = os.path.join(work, "driver-%s.o" % arch)
            subprocess.run(["clang-19", "--target=%s-linux-gnu" % arch, "-ffreestanding",
                            "-nostdlibinc", "-fno-stack-protector", "-fno-builtin", "-O2",
                            "-I" + os.path.join(ROOT, "include"),
                            "-I" + os.path.join(ROOT, "tools", "spec", "harness"),
                            "-c", os.path.join(HERE, "driver.c"), "-o", self.driver[arch]],
                           check=True)

    def prepare(self, data, name="m"):
        """Writes the module with its state exported, and its signatures for run.cjs. Raises
        ValueError for bytes that are not a valid module (wabt's wasm-validate decides)."""
        raw = os.path.join(self.work, name + ".in.wasm")
        with open(raw, "wb") as f:
            f.write(data)
        if subprocess.run(["wasm-validate", raw], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode != 0:
            raise ValueError("not a valid module")
        mod = wasmbin.Module(data)
        path = os.path.join(self.work, name + ".wasm")
        with open(path, "wb") as f:
            f.write(mod.with_state_exports())
        with open(os.path.join(self.work, name + ".json"), "w") as f:
            json.dump(mod.signatures(), f)
        return path

    def reference(self, path, dump):
        return run(["node", os.path.join(HERE, "run.cjs"), path] + (["--dump"] if dump else []))

    def native(self, path, mode, dump):
        opts, arch = MODES[mode]
        obj, exe = path + "." + mode + ".o", path + "." + mode + ".exe"
        status, out = run([self.w2n, path, "-c", "-q", "-o", obj] + opts, timeout=300)
        if status != 0:
            return status, "compile failed\n" + out
        status, out = run(["ld.lld-19", "-static", "--gc-sections", "-z", "noexecstack", "-o",
                           exe, obj, self.driver[arch], self.rt[arch]])
        if status != 0:
            return status, "link failed\n" + out
        args = ["--dump"] if dump else []
        return run(["qemu-aarch64", exe] + args if arch == "aarch64" else [exe] + args)


def generate(seed, work, denan, generator, build):
    """A valid module from bytes drawn with `seed`: binaryen's -ttf, or our own wasmgen
    (tools/fuzz/wasmgen.c), whose NaNs binaryen's --denan then removes the same way."""
    out = os.path.join(work, "gen.wasm")
    denan_flags = FEATURES + (["--denan"] if denan else [])
    if generator == "wasmgen":
        raw = os.path.join(work, "raw.wasm")
        subprocess.run([os.path.join(build, "tools", "fuzz", "wasmgen"), "--seed", str(seed),
                        raw], check=True)
        subprocess.run([binaryen("wasm-opt"), raw, "-o", out] + denan_flags, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        rng = random.Random(seed)
        raw = os.path.join(work, "raw.bin")
        with open(raw, "wb") as f:
            f.write(rng.randbytes(rng.randint(256, 24000)))
        cmd = [binaryen("wasm-opt"), "-ttf", raw, "-o", out] + denan_flags
        # Every other module without out-of-bounds accesses (binaryen masks the addresses),
        # so that the guard-page modes, whose state after such a trap is not exact
        # (docs/reliability.md), are compared through whole modules too.
        if seed % 2 == 0:
            cmd.append("--no-fuzz-oob")
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return f.read()


def canonicalized(data, work):
    """The module with every NaN a float expression makes replaced by the canonical positive
    NaN: binaryen's --denan wraps each such expression (but local.get) in a call to its helper
    deNan32/deNan64, whose `x == x ? x : 0` becomes `x == x ? x : nan` here. Then no NaN sign
    or payload is left to the engines, and the module must agree bit for bit (the adjudication
    of a --nans mismatch, docs/reliability.md). NaN constants become 0 as with --denan; v128
    values are not wrapped (binaryen 108 has no deNan for them)."""
    raw, text, out = (os.path.join(work, "nancanon" + x) for x in (".in.wasm", ".wat", ".wasm"))
    with open(raw, "wb") as f:
        f.write(data)
    subprocess.run([binaryen("wasm-opt"), raw, "--denan", "-S", "-o", text] + FEATURES,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(text) as f:
        wat = f.read()
    for t in ("32", "64"):
        head = " (func $deNan%s " % t
        at = wat.index(head)
        end = wat.index("\n )\n", at)
        body = wat[at:end].replace("(f%s.const 0)" % t, "(f%s.const nan)" % t)
        assert body != wat[at:end], "unexpected deNan%s helper" % t
        wat = wat[:at] + body + wat[end:]
    with open(text, "w") as f:
        f.write(wat)
    subprocess.run([binaryen("wasm-as"), text, "-o", out] + FEATURES, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out, "rb") as f:
        return f.read()


def explained_by_nans(eng, data):
    """True if a --nans mismatch goes away when every NaN is canonical (canonicalized): the
    difference came from NaN bits the spec leaves open, reaching a number through an exact
    operator (copysign's sign, reinterpret then integer arithmetic or a branch, a partial
    load). The canonical module gets the same guard-page allowance as the original: a guard-page
    mode may still differ from V8's first out-of-bounds trap on."""
    try:
        canon = canonicalized(data, eng.work)
    except (subprocess.CalledProcessError, ValueError):
        return False  # no float expression to wrap (no helper): nothing to explain with
    again, _, _ = compare(eng, eng.prepare(canon, "canon"), False)
    return again is None


def calls(out):
    """An output cut into calls: [[line, ...], ...], the state lines last on their own."""
    parts = [[]]
    for line in out.splitlines():
        if line.startswith(("call ", "skip ", "global ", "memory ")) and parts[-1] and \
                not parts[-1][0].startswith(("global ", "memory ")):
            parts.append([])
        parts[-1].append(line)
    return parts


def agree(ref, out, nans):
    """Whether V8's output and a mode's agree, by nanrules.py's rules."""
    return nanrules.first_difference(ref, out, nans) is None


def guard_tolerated(ref, out, nans):
    """True if a guard-page mode's output differs from the reference only where
    docs/reliability.md allows: from the first call in which the reference traps out of
    bounds on (a dead load need not trap; stores and global writes of that call may be
    reordered around the faulting access), as long as the run itself completed."""
    a, b = calls(ref), calls(out)
    last = [[x for x in o.splitlines() if x.strip() and not x.startswith("mem ")][-1:]
            for o in (ref, out)]  # memory dump lines (--nans) aside
    completed = last[1] != [] and last[0] != [] and \
        last[1][0].split()[0] == last[0][0].split()[0]
    for i, call in enumerate(a):
        if "trap memory" in call:
            same = agree("\n".join(sum(a[:i], [])), "\n".join(sum(b[:i], [])), nans)
            return completed and same and len(b) > i and b[i][0] == call[0]
    return False


def compare(eng, path, nans, tolerate=True):
    """(None if every mode agrees with V8, else what disagreed; {engine: output}; the
    guard-page modes whose difference guard_tolerated allowed). With `nans`, memory is
    compared by a dump and NaNs by nanrules.py's rules."""
    outs = {}
    status, outs["v8"] = eng.reference(path, nans)
    if status == "timeout":
        return None, {}, []  # the hang limit makes this rare; nothing to compare with
    for m in eng.modes:
        outs[m] = eng.native(path, m, nans)[1]
    first = "v8"
    bad, tolerated = [], []
    for k in outs:
        if agree(outs[first], outs[k], nans):
            continue
        if tolerate and "--bounds-checks" not in MODES[k][0] and \
                guard_tolerated(outs[first], outs[k], nans):
            tolerated.append(k)
        else:
            bad.append(k)
    return (first + " vs " + ",".join(bad) if bad else None), outs, tolerated


def signature(outs, nans):
    """What kind of disagreement: the first line of V8's output no mode agrees with and that
    mode's, cut to their first two words ("trap memory", "result i32", "global global$3"),
    so that wasm-reduce keeps reductions that fail the same way rather than drifting to
    another mismatch."""
    ref = outs["v8"]
    for k, v in outs.items():
        i = nanrules.first_difference(ref, v, nans)
        if i is None:
            continue
        first = [x for x in ref.splitlines() if not x.startswith("mem ")]
        other = [x for x in v.splitlines() if not x.startswith("mem ")]
        a = first[i] if i < len(first) else "(end)"
        b = other[i] if i < len(other) else "(end)"
        return "mismatch: %s / %s: %s" % (" ".join(a.split()[:2]), k, " ".join(b.split()[:2]))
    return "same"


def stats_of(out):
    """Calls and traps in one engine's output."""
    lines = out.splitlines()
    return (sum(1 for x in lines if x.startswith("call ")),
            sum(1 for x in lines if x.startswith("trap ")))


def save(args, seed, data, outs):
    os.makedirs(args.out, exist_ok=True)
    base = os.path.join(args.out, "seed-%d" % seed)
    with open(base + ".wasm", "wb") as f:
        f.write(data)
    for k, v in outs.items():
        with open("%s.%s.txt" % (base, k), "w") as f:
            f.write(v)
    return base


def reduce(args, base):
    """Shrinks base.wasm with wasm-reduce while --check still reports a mismatch."""
    check = "%s %s --check %s.reduce-test.wasm --modes %s --build %s%s" % (
        sys.executable, os.path.abspath(__file__), base, ",".join(args.modes),
        args.build, " --nans" if args.nans else "")
    subprocess.run([binaryen("wasm-reduce"), base + ".wasm", "--command=" + check,
                    "-t", base + ".reduce-test.wasm", "-w", base + ".reduced.wasm",
                    "-b", os.path.dirname(binaryen("wasm-opt")) + "/", "--timeout", "60"]
                   + FEATURES,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)


def fuzz(args, eng):
    start, rounds, ncalls, traps, found, tolerated = time.time(), 0, 0, 0, [], 0
    by_rule = 0  # modules whose outputs differ in text but agree by nanrules.py's rules
    explained = []  # --nans mismatches that canonical NaNs remove (explained_by_nans)
    while True:
        if args.modules and rounds >= args.modules:
            break
        if args.seconds and time.time() - start >= args.seconds:
            break
        seed = args.seed + rounds
        rounds += 1
        data = generate(seed, eng.work, not args.nans, args.generator, args.build)
        path = eng.prepare(data)
        bad, outs, tol = compare(eng, path, args.nans)
        if tol:
            tolerated += 1
            print("difffuzz: seed %d: guard-page difference after an out-of-bounds trap (%s)"
                  % (seed, ",".join(tol)), flush=True)
        if args.progress and rounds % args.progress == 0:
            print("difffuzz: progress: %d modules, %d calls, %d mismatches, %.0f s"
                  % (rounds, ncalls, len(found), time.time() - start), flush=True)
        if bad is None:
            if any(outs[k] != outs["v8"] for k in outs if k not in tol):
                by_rule += 1
                if args.verbose:
                    print("seed %d: NaN differences the rules accept (%s)" % (seed, ",".join(
                        k for k in outs if k not in tol and outs[k] != outs["v8"])), flush=True)
            c, t = stats_of(next(iter(outs.values()), ""))
            ncalls, traps = ncalls + c, traps + t
            if args.verbose:
                print("seed %d: ok, %d calls, %d traps" % (seed, c, t), flush=True)
            continue
        base = save(args, seed, data, outs)
        if args.nans and explained_by_nans(eng, data):
            explained.append(seed)
            c, t = stats_of(outs["v8"])
            ncalls, traps = ncalls + c, traps + t
            print("difffuzz: seed %d: difference from NaN bits the spec leaves open (%s; gone "
                  "with canonical NaNs), saved as %s.wasm" % (seed, bad, base), flush=True)
            continue
        found.append(seed)
        print("difffuzz: MISMATCH seed %d (%s), saved as %s.wasm" % (seed, bad, base),
              flush=True)
        if args.reduce:
            reduce(args, base)
            print("difffuzz: reduced to %s.reduced.wasm" % base, flush=True)
    secs = time.time() - start
    print("difffuzz: %d modules, %d calls (%d trapped), modes %s%s, seeds %d-%d, %.0f s: "
          "%d mismatches%s; %d modules with a guard-page difference after an out-of-bounds "
          "trap; %d modules with NaN differences the rules accept%s" % (rounds, ncalls, traps, ",".join(eng.modes),
                               " and V8" + (" (NaNs kept)" if args.nans else ""), args.seed,
                               args.seed + rounds - 1, secs, len(found),
                               "" if not found else " (seeds %s)" % found, tolerated, by_rule,
                               "" if not args.nans else "; %d with differences canonical NaNs "
                               "remove%s" % (len(explained), " (seeds %s)" % explained
                                             if explained else "")),
          flush=True)
    return 1 if found else 0


def replay(args, eng):
    """Every regression module through --check, strictly: no guard-page allowance, a
    regression module must now behave as V8 in every mode. Prints one line each."""
    status = 0
    for f in args.replay:
        with open(f, "rb") as fh:
            data = fh.read()
        bad, outs, tol = compare(eng, eng.prepare(data), args.nans, tolerate=False)
        if bad and args.nans and explained_by_nans(eng, data):
            print("%s: same (differences canonical NaNs remove)" % os.path.basename(f))
            continue
        print("%s: %s" % (os.path.basename(f), signature(outs, args.nans) if bad else
                          "same" + (" (guard-page difference after an out-of-bounds trap: %s)"
                                    % ",".join(tol) if tol else "")))
        if bad:
            status = 1
            for k, v in outs.items():
                print("==== %s\n%s" % (k, v))
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--seconds", type=float, default=0)
    ap.add_argument("--modules", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--modes", default="x86,x86-bc,a64,a64-bc")
    ap.add_argument("--out", default="difffuzz-out")
    ap.add_argument("--nans", action="store_true",
                    help="keep NaNs (no --denan), compare them by the spec's rules (nanrules.py)")
    ap.add_argument("--generator", choices=("binaryen", "wasmgen"), default="binaryen",
                    help="wasm-opt -ttf (default) or tools/fuzz/wasmgen")
    ap.add_argument("--reduce", action="store_true")
    ap.add_argument("--check", help="compare the engines on one module; exit 1 if they differ")
    ap.add_argument("--show", help="print every engine's output on one module")
    ap.add_argument("--replay", nargs="+", metavar="MODULE",
                    help="--check each module (the regression files); exit 1 if any differs")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--progress", type=int, default=0, help="a progress line every N modules")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.modes = args.modes.split(",")
    for m in args.modes:
        if m not in MODES:
            ap.error("unknown mode %s (known: %s)" % (m, ", ".join(MODES)))
    if not args.seconds and not args.modules and not (args.check or args.show or args.replay):
        args.modules = 10
    missing = [t for t in ("node", "wasm-validate", "clang-19", "ld.lld-19")
               + (("qemu-aarch64",) if any(MODES[m][1] == "aarch64" for m in args.modes) else ())
               if not shutil.which(t)]
    if not os.access(binaryen("wasm-opt"), os.X_OK):
        missing.append("wasm-opt (binaryen, in %s or on PATH)" % BINARYEN)
    if missing:
        # Exit status 77: meson's "skipped". binaryen is in tools/setup.sh; node is not.
        print("difffuzz: SKIP: not installed: %s" % " ".join(missing))
        return 77
    work = tempfile.mkdtemp(prefix="w2n-difffuzz.")
    try:
        eng = Engines(args.build, args.modes, work)
        if args.replay:
            return replay(args, eng)
        one = args.check or args.show
        if one:
            try:
                with open(one, "rb") as f:
                    data = f.read()
                path = eng.prepare(data)
            except (ValueError, KeyError, IndexError, AssertionError) as e:
                print("not a module difffuzz can run: %r" % e)
                return 2  # neither "same" nor "mismatch", for wasm-reduce
            bad, outs, tol = compare(eng, path, args.nans)
            if args.show:
                for k, v in outs.items():
                    print("==== %s\n%s" % (k, v))
            if bad and args.nans and explained_by_nans(eng, data):
                print("same (differences canonical NaNs remove)")
                return 0
            print(signature({k: outs[k] for k in outs if k not in tol}, args.nans) if bad else
                  "same" + (" (guard-page difference after an out-of-bounds trap: %s)"
                            % ",".join(tol) if tol else ""))
            return 1 if bad else 0
        return fuzz(args, eng)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
