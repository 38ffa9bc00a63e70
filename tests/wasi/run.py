#!/usr/bin/env python3
"""run.py — runs the WASI test cases (docs/wasi.md "Tests") and compares each with its
expected output, expected/CASE.out: the program's stdout followed by a line "exit: N".

    run.py --bin-dir DIR [--mode native|fallback|node|qemu] [--update] [CASE...]

native    the test programs as executables (DIR/PROG, linked with tests/wasi/host.c)
fallback  the same with --fallback: path resolution by the component walk, not openat2
qemu      the AArch64 executables (DIR/PROG-aarch64, --suffix) under qemu-aarch64, whose
          openat2 is ENOSYS: the fallback walk again, chosen by the runtime itself
node      DIR/PROG.wasm under Node's node:wasi (node_wasi.cjs), for the cases marked node

Each case runs in a fresh copy of the fixture (make_fixture), with that directory as the
working directory. Prints one line per case and a final "N passed, N failed"."""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Case:
    def __init__(self, name, prog, grants=(), args=(), node=False, client=None, real=False,
                 launch=None, expect=None):
        self.name = name          # the case
        self.prog = prog          # the test program (PROG.c), or a real executable's name
        self.grants = list(grants)  # test host options (host.c)
        self.args = list(args)    # guest arguments
        self.node = node          # node:wasi gives the same output
        self.client = client      # socket client to run against the program, or None
        self.real = real          # prog is an executable as users build it (meson.build):
                                  # runtime/main.c, grants baked in or given at launch
        self.launch = launch      # WASM2NATIVE_GRANTS for a real executable ({fd}, {port})
        self.expect = expect or name  # expected/EXPECT.out


SANDBOX = '--dir=sandbox::/sandbox'

CASES = [
    Case('args-none', 'args_env', args=['a', 'b c', ''], node=True),
    Case('args-env', 'args_env', grants=['--env=FOO=bar', '--env=EMPTY=', '--env=A=b=c'],
         node=True),
    Case('clock-random', 'clock_random', node=True),
    Case('files', 'files', grants=[SANDBOX], node=True),
    Case('readdir', 'readdir', grants=[SANDBOX], node=True),
    Case('sandbox', 'sandbox', grants=[SANDBOX]),
    Case('no-grants', 'nogrant'),
    Case('two-dirs', 'twodirs', grants=[SANDBOX, '--dir=sandbox/sub::/data'], node=True),
    Case('fdops', 'fdops', grants=[SANDBOX]),
    Case('bounds', 'bounds', grants=[SANDBOX]),
    Case('poll', 'poll', grants=[SANDBOX]),
    Case('corners', 'corners', grants=[SANDBOX]),
    Case('proc-exit', 'proc', args=['exit', '7'], node=True),
    Case('proc-exit-0', 'proc', args=['exit', '0'], node=True),
    Case('proc-raise', 'proc', args=['raise'], node=False),
    Case('proc-yield', 'proc', args=['yield'], node=True),
    Case('sock-listen-fd', 'sock', client='listen-fd'),
    Case('sock-listen', 'sock', client='listen'),
    # The grant mechanisms of real executables (runtime/main.c, runtime/grants.c): the same
    # programs and expected output as above, the grants baked in or given at launch.
    Case('real-sandbox-baked', 'real-sandbox-baked', real=True, expect='sandbox'),
    Case('real-sandbox-launch', 'real-sandbox', real=True, launch='--dir=sandbox::/sandbox',
         expect='sandbox'),
    Case('real-nogrant', 'real-nogrant', real=True, expect='no-grants'),
    Case('real-nogrant-sealed', 'real-nogrant-sealed', real=True,
         launch='--dir=sandbox::/sandbox --env=HOME=/x', expect='no-grants'),
    Case('real-env-baked', 'real-args_env-baked', real=True, expect='args-env'),
    Case('real-env-launch', 'real-args_env', real=True,
         launch="--env=FOO=bar --env=EMPTY= --env='A=b=c'", expect='args-env'),
    Case('real-args', 'real-args_env', real=True, args=['a', 'b c', ''], expect='args-none'),
    Case('real-files', 'real-files', real=True, launch='--dir=sandbox::/sandbox',
         expect='files'),
    Case('real-two-dirs', 'real-twodirs-baked', real=True, expect='two-dirs'),
    Case('real-proc-exit', 'real-proc', real=True, args=['exit', '7'], expect='proc-exit'),
    Case('real-sock-listen', 'real-sock', real=True, client='listen',
         launch='--listen=127.0.0.1:{port}', expect='sock-listen'),
    Case('real-sock-listen-fd', 'real-sock', real=True, client='listen-fd',
         launch='--listen-fd={fd}', expect='sock-listen-fd'),
]


def make_fixture(root):
    """The directory tree the programs run in (sandbox.c's comment draws it)."""
    def write(path, text):
        with open(os.path.join(root, path), 'w') as f:
            f.write(text)
    write('outside.txt', 'secret outside\n')
    os.makedirs(os.path.join(root, 'sandbox', 'sub'))
    write('sandbox/hello.txt', 'hello from the sandbox\n')
    write('sandbox/sub/nested.txt', 'nested\n')
    links = {
        'sandbox/link_in': 'hello.txt',
        'sandbox/link_sub': 'sub',
        'sandbox/sub/up': '../hello.txt',
        'sandbox/link_out': '../outside.txt',
        'sandbox/link_abs': os.path.join(root, 'outside.txt'),
        'sandbox/link_dotdot': '..',
        'sandbox/link_chain': 'link_dotdot/outside.txt',
        'sandbox/sub/deep_out': '../../outside.txt',
        'sandbox/loop_a': 'loop_b',
        'sandbox/loop_b': 'loop_a',
        'sandbox/link_dangling': 'nothing_here',
    }
    for path, target in links.items():
        os.symlink(target, os.path.join(root, path))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def talk(port, deadline):
    """The socket client: connect (retrying while the server starts), send, read to EOF."""
    while True:
        try:
            c = socket.create_connection(('127.0.0.1', port), timeout=5)
            break
        except OSError:
            if time.time() > deadline:
                return b'(client: cannot connect)\n'
            time.sleep(0.02)
    with c:
        c.sendall(b'ping from the client')
        c.shutdown(socket.SHUT_WR)
        reply = b''
        while True:
            chunk = c.recv(4096)
            if not chunk:
                break
            reply += chunk
    return b'client got: ' + reply + b'\n'


def run_sock(case, cmd, cwd, at, env):
    """Runs a socket case: the program serves one connection from our client. The test host
    takes the socket grant as an option after the program (at `at` in cmd), a real executable
    in WASM2NATIVE_GRANTS."""
    deadline = time.time() + 10
    ls = None
    if case.client == 'listen-fd':
        ls = socket.socket()
        ls.bind(('127.0.0.1', 0))
        ls.listen(4)
        port = ls.getsockname()[1]
        fd = ls.fileno()
        os.set_inheritable(fd, True)
        grant = '--listen-fd=%d' % fd
    else:
        port, fd = free_port(), -1
        grant = '--listen=127.0.0.1:%d' % port
    if case.real:
        env = dict(env, WASM2NATIVE_GRANTS=case.launch.format(fd=fd, port=port))
    else:
        cmd = cmd[:at] + [grant] + cmd[at:]
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, env=env, pass_fds=[fd] if ls else [])
    if ls:
        ls.close()
    client = talk(port, deadline)
    out, err = p.communicate(timeout=20)
    return out + client, err, p.returncode


def run_case(case, mode, bin_dir, node, qemu='qemu-aarch64', suffix=''):
    with tempfile.TemporaryDirectory(prefix='w2n-wasi-') as cwd:
        make_fixture(cwd)
        if mode == 'node':
            cmd = [node, '--no-warnings', os.path.join(HERE, 'node_wasi.cjs'),
                   os.path.join(bin_dir, case.prog + '.wasm')]
        else:
            cmd = [os.path.join(bin_dir, case.prog + suffix)]
            if mode == 'qemu' and qemu:
                cmd.insert(0, qemu)
            if mode == 'fallback':
                cmd.append('--fallback')
        env = dict(os.environ)
        env.pop('WASM2NATIVE_GRANTS', None)
        if case.real:
            cmd += case.args
            if case.launch and not case.client:
                env['WASM2NATIVE_GRANTS'] = case.launch
        else:
            cmd += case.grants + ['--'] + case.args
        if case.client:
            # the host's options go right after the program (and qemu)
            out, err, status = run_sock(case, cmd, cwd, 2 if mode == 'qemu' and qemu else 1,
                                        env)
        else:
            p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=60,
                               stdin=subprocess.DEVNULL, env=env)
            out, err, status = p.stdout, p.stderr, p.returncode
    status_line = 'exit: %d\n' % status if status >= 0 else 'signal: %d\n' % -status
    return out.decode('utf-8', 'replace') + status_line, err.decode('utf-8', 'replace')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin-dir', required=True)
    ap.add_argument('--mode', default='native', choices=['native', 'fallback', 'node', 'qemu'])
    ap.add_argument('--node', default='node')
    ap.add_argument('--qemu', default='qemu-aarch64', help="'' on an AArch64 host")
    ap.add_argument('--suffix', default='', help='of the executables\' names (-aarch64)')
    ap.add_argument('--update', action='store_true',
                    help='rewrite the expected files (node: CASE.node.out)')
    ap.add_argument('cases', nargs='*')
    opts = ap.parse_args()
    opts.bin_dir = os.path.abspath(opts.bin_dir)
    passed = failed = 0
    for case in CASES:
        if opts.cases and case.name not in opts.cases:
            continue
        if (opts.mode == 'node' and not case.node) or (opts.mode == 'fallback' and case.real):
            continue
        got, err = run_case(case, opts.mode, opts.bin_dir, opts.node, opts.qemu, opts.suffix)
        path = os.path.join(HERE, 'expected', case.expect + '.out')
        # Where node:wasi differs from WASI as we implement it, CASE.node.out says how.
        node_path = os.path.join(HERE, 'expected', case.expect + '.node.out')
        if opts.mode == 'node' and (os.path.exists(node_path) or opts.update):
            path = node_path
        if opts.update and case.expect == case.name:
            with open(path, 'w') as f:
                f.write(got)
        with open(path) as f:
            want = f.read()
        if got == want:
            passed += 1
            print('PASS %s' % case.name)
            continue
        failed += 1
        print('FAIL %s (%s)' % (case.name, opts.mode))
        import difflib
        sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                   'expected', 'got'))
        if err:
            print('stderr:\n' + err)
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
