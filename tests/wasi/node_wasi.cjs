// node_wasi.cjs — runs a WASI program under Node's node:wasi (the reference the tests compare
// with), taking the test host's options:
//     node node_wasi.cjs PROG.wasm [--dir=HOST[::GUEST]] [--env=K=V] -- [guest arguments]
// and exiting with the guest's exit code.
'use strict';
const { WASI } = require('node:wasi');
const fs = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);
const wasm = argv.shift();
const env = {};
const preopens = {};
let args = [];
while (argv.length > 0) {
  const a = argv.shift();
  if (a === '--') {
    args = argv.splice(0);
  } else if (a.startsWith('--dir=')) {
    const [host, guest] = a.slice(6).split('::');
    preopens[guest === undefined ? host : guest] = host;
  } else if (a.startsWith('--env=')) {
    const kv = a.slice(6);
    const eq = kv.indexOf('=');
    env[kv.slice(0, eq)] = kv.slice(eq + 1);
  } else {
    console.error(`node_wasi.cjs: unsupported option ${a}`);
    process.exit(2);
  }
}
const wasi = new WASI({
  version: 'preview1',
  args: [path.basename(wasm, '.wasm'), ...args],
  env,
  preopens,
  returnOnExit: true,
});
const compiled = new WebAssembly.Module(fs.readFileSync(wasm));
const instance = new WebAssembly.Instance(compiled, wasi.getImportObject());
process.exitCode = wasi.start(instance);
