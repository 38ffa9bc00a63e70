#!/usr/bin/env python3
"""run.py — the `real` test suite (docs/real-programs.md): SQLite's shell and speedtest1, Lua 5.4
and QuickJS from ../shared/real-programs, built natively and to wasm32-wasi by that folder's
build.sh, compiled by wasm2native, run on their workloads; stdout and exit status must equal the
native program's.

    run.py --config CONFIG --src REAL_PROGRAMS_DIR --work-dir DIR --wasm2native W2N [--qemu CMD]
    run.py --config CONFIG --unavailable REASON     every line of CONFIG skipped, with REASON

CONFIG is one of CONFIGS below. Into DIR/programs, build.sh builds the programs (under a lock:
the configurations run concurrently); into DIR, W2N compiles each for CONFIG as PROG-CONFIG.
Both are kept: build.sh rebuilds what is older than its sources, and a compiled program is
redone when it is older than its .wasm, W2N or the target's runtime archive.

x86-64 runs the full-size workloads and compares with expected/ (the native output recorded
with the programs); AArch64 runs under qemu-aarch64, about ten times slower, so it runs reduced
sizes and compares with the native program run here at the same size. Prints one
PASS/FAIL/SKIP line per (program, workload, mode, target), every SKIP with its reason, and last
`N passed, N failed, N skipped`. Exit status 1 if anything failed, 77 (meson's skip) if
everything was skipped.
"""
import argparse
import fcntl
import os
import re
import subprocess
import sys
import tempfile
import time


class Workload:
    def __init__(self, program, name, folder, args, small=None, stdin=None, small_edit=None,
                 strip_times=False):
        self.program = program          # build.sh's name: sqlite3, speedtest1, lua, qjs-run
        self.name = name                # expected/NAME.txt is the full-size stdout
        self.folder = folder            # working directory, in the real-programs folder
        self.args = args                # full size
        self.small = small if small is not None else args  # reduced size (AArch64)
        self.stdin = stdin              # file in folder fed to stdin, or None
        self.small_edit = small_edit    # (old, new): the reduced stdin replaces old by new
        self.strip_times = strip_times  # speedtest1: drop the timing at the end of lines


# The workloads of ../shared/real-programs/README.md. Reduced sizes take about a tenth of the
# time (the scripts take their size as first argument).
WORKLOADS = [
    Workload('sqlite3', 'sqlite-workload', 'sqlite', [], stdin='workload.sql',
             small_edit=('WHERE i < 100000', 'WHERE i < 10000')),
    Workload('speedtest1', 'speedtest1-size5', 'sqlite', ['--memdb', '--size', '5', '--verify'],
             small=['--memdb', '--size', '1', '--verify'], strip_times=True),
    Workload('lua', 'lua-fib', 'lua/bench', ['fib.lua'], ['fib.lua', '30']),
    Workload('lua', 'lua-strings', 'lua/bench', ['strings.lua'], ['strings.lua', '40000']),
    Workload('lua', 'lua-sort', 'lua/bench', ['sort.lua'], ['sort.lua', '100000']),
    Workload('lua', 'lua-nbody', 'lua/bench', ['nbody.lua'], ['nbody.lua', '50000']),
    Workload('lua', 'lua-bintrees', 'lua/bench', ['bintrees.lua'], ['bintrees.lua', '12']),
    Workload('qjs-run', 'quickjs-fib', 'quickjs/bench', ['fib.js'], ['fib.js', '27']),
    Workload('qjs-run', 'quickjs-strings', 'quickjs/bench', ['strings.js'], ['strings.js', '10000']),
    Workload('qjs-run', 'quickjs-sort', 'quickjs/bench', ['sort.js'], ['sort.js', '30000']),
    Workload('qjs-run', 'quickjs-nbody', 'quickjs/bench', ['nbody.js'], ['nbody.js', '20000']),
]

# Workloads of the folder that this suite leaves to the benchmark, and why.
NOT_TESTED = {
    'speedtest1-size50': ('speedtest1', 'the benchmark size (ninja bench-real); --size 5 runs '
                          'the same tests and checks its verification hash in a tenth of the time'),
}


class Config:
    def __init__(self, target, mode, small, options):
        self.target = target    # x86_64 or aarch64
        self.mode = mode        # native, guard-pages or bounds-checks
        self.small = small      # run the reduced sizes, compared with the native run
        self.options = options  # wasm2native options


CONFIGS = {
    'native': Config('x86_64', 'native', False, None),
    'x86_64': Config('x86_64', 'guard-pages', False, []),
    'x86_64-bounds': Config('x86_64', 'bounds-checks', False, ['--bounds-checks']),
    'aarch64': Config('aarch64', 'guard-pages', True, ['--target', 'aarch64-linux']),
    'aarch64-bounds': Config('aarch64', 'bounds-checks', True,
                             ['--target', 'aarch64-linux', '--bounds-checks']),
}

# Programs not compiled in a configuration, and why. Compiling is what costs in CI (CPU seconds
# on 2 cores, docs/real-programs.md): sqlite3.c is 1.5 MB of wasm, about 35 s at -O2 and 55 s
# with --bounds-checks; Lua takes 7 s, QuickJS 14 s.
SQLITE_AGAIN = ('speedtest1 is the same sqlite3.c as the shell, which runs in this '
                'configuration; speedtest1 runs on x86-64 with guard pages here and in both '
                'modes in ninja bench-real')
SKIPS = {
    ('speedtest1', 'x86_64-bounds'): SQLITE_AGAIN,
    ('speedtest1', 'aarch64'): SQLITE_AGAIN,
    ('speedtest1', 'aarch64-bounds'): SQLITE_AGAIN,
    ('sqlite3', 'aarch64-bounds'): 'explicit bounds checks are the same IR on both targets and '
                                   'run for SQLite on x86-64; Lua and QuickJS check them on '
                                   'AArch64; compiling SQLite again would cost about 55 s of CPU',
}

GRANTS = '--dir=.::.'  # the scripts are read from the working directory


def programs(config):
    """Programs compiled for config, in WORKLOADS order."""
    seen = []
    for w in WORKLOADS:
        if w.program not in seen and (w.program, config) not in SKIPS:
            seen.append(w.program)
    return seen


def strip_times(text):
    """speedtest1's lines end in `....   0.123s`; only the rest is compared (the README's sed)."""
    return re.sub(r'[. ]+ *[0-9]+\.[0-9]+s$', '', text, flags=re.M)


def build_programs(src, work_dir):
    """Runs src/build.sh into work_dir/programs (once at a time); returns that folder, or None
    after printing build.sh's log if it failed."""
    out = os.path.abspath(os.path.join(work_dir, 'programs'))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(work_dir, 'programs.lock'), 'w') as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        log = os.path.join(out, 'build.log')
        with open(log, 'w') as f:
            status = subprocess.run([os.path.join(src, 'build.sh'), out], stdout=f,
                                    stderr=subprocess.STDOUT).returncode
    if status == 0:
        return out
    with open(log, errors='replace') as f:
        sys.stdout.write(f.read()[-4000:])
    print(f'build.sh failed (exit {status}); its whole log: {log}')
    return None


def runtime_archive(w2n, target):
    """The runtime archive wasm2native links for target, in the build tree next to it."""
    build = os.path.dirname(os.path.dirname(os.path.abspath(w2n)))
    return os.path.join(build, 'runtime', target + '-linux', 'libw2n_rt.a')


def compile_program(w2n, wasm, options, exe, target):
    """Compiles wasm to exe unless exe is newer than its inputs. Returns (seconds or None if
    cached, error text or None)."""
    inputs = [wasm, w2n, runtime_archive(w2n, target)]
    if os.path.exists(exe) and all(os.path.getmtime(exe) >= os.path.getmtime(i)
                                   for i in inputs if os.path.exists(i)):
        return None, None
    tmp = exe + '.tmp'
    start = time.monotonic()
    r = subprocess.run([w2n, wasm, '-o', tmp] + options, capture_output=True, text=True)
    secs = time.monotonic() - start
    if r.returncode != 0:
        return secs, (r.stderr.strip() or f'exit {r.returncode}')[-2000:]
    os.replace(tmp, exe)  # never leave a half-written executable that looks up to date
    return secs, None


class Runner:
    def __init__(self, config, args):
        self.config = config            # the name, a key of CONFIGS
        self.cfg = CONFIGS[config]
        # Absolute: the programs run in the workloads' folders.
        self.src = args.src and os.path.abspath(args.src)
        self.work_dir = args.work_dir and os.path.abspath(args.work_dir)
        self.w2n = args.wasm2native and os.path.abspath(args.wasm2native)
        self.qemu = args.qemu.split() if args.qemu else []
        self.programs_dir = None        # build.sh's output
        self.broken = {}                # program -> why it could not be compiled
        self.passed = self.failed = self.skipped = 0
        self.tmp = tempfile.mkdtemp(prefix='w2n-real-')
        self.native_cache = {}

    def prepare(self):
        """Builds the programs and compiles those of this configuration; False if build.sh
        failed (then nothing can run)."""
        self.programs_dir = build_programs(self.src, self.work_dir)
        if not self.programs_dir or self.cfg.mode == 'native':
            return self.programs_dir is not None
        for prog in programs(self.config):
            wasm = os.path.join(self.programs_dir, 'wasm', prog + '.wasm')
            secs, error = compile_program(self.w2n, wasm, self.cfg.options, self.exe(prog),
                                          self.cfg.target)
            if error:
                self.broken[prog] = 'wasm2native failed: ' + error
            what = 'failed' if error else 'up to date' if secs is None else f'{secs:.1f} s'
            print(f'compile {prog:<10} {self.config:<14} {what}', flush=True)
        return True

    def exe(self, prog):
        return os.path.join(self.work_dir, f'{prog}-{self.config}')

    def native(self, prog):
        return os.path.join(self.programs_dir, 'native', prog)

    def line(self, verdict, w, detail):
        print(f'{verdict} {w.program:<10} {w.name:<18} {self.cfg.mode:<13} {self.cfg.target:<7} '
              f'{detail}', flush=True)

    def skip(self, w, reason):
        self.skipped += 1
        self.line('SKIP', w, '(' + reason + ')')

    def fail(self, w, why, want='', out='', err=''):
        self.failed += 1
        self.line('FAIL', w, why)
        show_difference(want, out, err)

    def stdin_file(self, w, small):
        """The file fed to stdin: the workload's, or its reduced copy."""
        if w.stdin is None:
            return None
        path = os.path.join(self.src, w.folder, w.stdin)
        if not (small and w.small_edit):
            return path
        with open(path, encoding='utf-8') as f:
            text = f.read()
        old, new = w.small_edit
        if old not in text:
            raise RuntimeError(f'{path} no longer contains {old!r}: update run.py')
        reduced = os.path.join(self.tmp, w.name + '-small' + os.path.splitext(path)[1])
        with open(reduced, 'w', encoding='utf-8') as f:
            f.write(text.replace(old, new))
        return reduced

    def run(self, cmd, w, small):
        """(exit status, stdout, stderr, seconds) of cmd in the workload's folder."""
        stdin = self.stdin_file(w, small)
        env = dict(os.environ, WASM2NATIVE_GRANTS=GRANTS)
        start = time.monotonic()
        with open(stdin or os.devnull, 'rb') as f:
            try:
                r = subprocess.run(cmd, stdin=f, capture_output=True,
                                   cwd=os.path.join(self.src, w.folder), env=env, timeout=600)
                status, out, err = r.returncode, r.stdout, r.stderr
            except subprocess.TimeoutExpired:
                status, out, err = 'timeout', b'', b'timed out after 600 s'
        out = out.decode('utf-8', 'replace')
        if w.strip_times:
            out = strip_times(out)
        return status, out, err.decode('utf-8', 'replace'), time.monotonic() - start

    def reference(self, w, small):
        """(stdout to match, problem or None): expected/ at full size, the native program's
        at reduced size."""
        if not small:
            with open(os.path.join(self.src, 'expected', w.name + '.txt'), encoding='utf-8') as f:
                return f.read(), None
        if w.name not in self.native_cache:
            status, out, err, _ = self.run([self.native(w.program)] + w.small, w, True)
            self.native_cache[w.name] = (out, None if status == 0 else
                                         f'the native program exited {status}: {err[-200:]}')
        return self.native_cache[w.name]

    def check(self, w):
        if (w.program, self.config) in SKIPS:
            return self.skip(w, SKIPS[(w.program, self.config)])
        if w.program in self.broken:
            return self.fail(w, self.broken[w.program])
        small = self.cfg.small
        want, problem = self.reference(w, small)
        if problem:
            return self.fail(w, problem)
        if self.cfg.mode == 'native':
            cmd = [self.native(w.program)]
        else:
            cmd = (self.qemu if self.cfg.target == 'aarch64' else []) + [self.exe(w.program)]
        status, out, err, secs = self.run(cmd + (w.small if small else w.args), w, small)
        size = 'reduced size' if small else 'full size'
        if status == 0 and out == want:
            self.passed += 1
            return self.line('PASS', w, f'{secs:6.2f}s {size}')
        why = f'exit {status}' if status != 0 else 'stdout differs'
        self.fail(w, f'{secs:6.2f}s {size}: {why}', want, out, err)


def show_difference(want, got, err):
    """The first line where got differs from want, and the start of stderr."""
    want_lines, got_lines = want.split('\n'), got.split('\n')
    n = max(len(want_lines), len(got_lines))
    for i in range(n):
        a = want_lines[i] if i < len(want_lines) else '(end of output)'
        b = got_lines[i] if i < len(got_lines) else '(end of output)'
        if a != b:
            print(f'  first difference at line {i + 1}:\n    want: {a[:160]}\n    got:  {b[:160]}')
            break
    for e in err.strip().split('\n')[:5]:
        if e:
            print('  stderr: ' + e[:200])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--config', choices=CONFIGS, required=True)
    ap.add_argument('--src', help='the real-programs folder')
    ap.add_argument('--work-dir', help='where programs are built and compiled, and kept')
    ap.add_argument('--wasm2native', help='the compiler')
    ap.add_argument('--qemu', default='', help='command that runs AArch64 executables')
    ap.add_argument('--unavailable', metavar='REASON', help='skip every line with REASON')
    args = ap.parse_args()
    runner = Runner(args.config, args)
    if not args.unavailable and not (args.src and args.work_dir and args.wasm2native):
        ap.error('--src, --work-dir and --wasm2native are needed')
    if not args.unavailable and not runner.prepare():
        print('0 passed, 1 failed')
        return 1
    for w in WORKLOADS:
        if args.unavailable:
            runner.skip(w, args.unavailable)
        else:
            runner.check(w)
    for name, (prog, reason) in NOT_TESTED.items():
        runner.skip(Workload(prog, name, '', []), reason)
    print(f'{runner.passed} passed, {runner.failed} failed, {runner.skipped} skipped')
    if runner.failed:
        return 1
    return 77 if runner.passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main())
