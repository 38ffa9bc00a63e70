// run.cjs — the reference side of the differential fuzzer: runs a module in node's V8 and
// prints what driver.c prints for the compiled module (see driver.c for the format).
//
//   node run.cjs MODULE.wasm
'use strict';
const fs = require('fs');

const lines = [];
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

// Bit patterns in hex, NaNs as `nan` (driver.c's put_value).
function show(type, v) {
  switch (type) {
    case 'i32': return 'i32 ' + (v >>> 0).toString(16);
    case 'i64': return 'i64 ' + BigInt.asUintN(64, v).toString(16);
    case 'f32': f32[0] = v; return 'f32 ' + (Number.isNaN(v) ? 'nan' : u32[0].toString(16));
    case 'f64': f64[0] = v; return 'f64 ' + (Number.isNaN(v) ? 'nan' : u64[0].toString(16));
  }
  throw new Error('unexpected type ' + type);
}

// V8's trap messages mapped to driver.c's trap kinds.
const kinds = [
  [/unreachable/, 'unreachable'],
  [/memory access out of bounds/, 'memory'],
  [/by zero/, 'div-by-zero'],
  [/divide result unrepresentable|float unrepresentable/, 'int-overflow-or-conversion'],
  [/table index is out of bounds/, 'table'],
  [/null function|signature mismatch/, 'indirect'],
  [/call stack size/, 'stack'],
];
function trapKind(e) {
  if (e instanceof TypeError) return 'host'; // a v128 crossed into JS (driver.c: log_v128)
  for (const [re, kind] of kinds) if (re.test(e.message)) return kind;
  return 'other (' + e.message + ')';
}

const log = (type) => (v) => { lines.push('log ' + show(type, v)); };
const imports = {
  'fuzzing-support': {
    'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64'),
    'log-v128': () => { throw new TypeError('v128'); },
  },
};

const numeric = new Set(['i32', 'i64', 'f32', 'f64']);
const bytes = fs.readFileSync(process.argv[2]);
const mod = new WebAssembly.Module(bytes);
let instance;
try {
  instance = new WebAssembly.Instance(mod, imports);
} catch (e) {
  process.stdout.write('instantiate ' + trapKind(e) + '\n');
  process.exit(0);
}
const ex = instance.exports;

// Signatures come from MODULE.json, written by difffuzz.py (wasmbin.py): the JS API does not
// give them. {"funcs": {NAME: [PARAMS, RESULTS]}, "globals": {NAME: TYPE}}
const sigs = JSON.parse(fs.readFileSync(process.argv[2].replace(/\.wasm$/, '') + '.json'));
const reset = ex.hangLimitInitializer;
// hashMemory last, as driver.c does.
const exportsInOrder = WebAssembly.Module.exports(mod);
const calls = [...exportsInOrder.filter((e) => e.name !== 'hashMemory'),
               ...exportsInOrder.filter((e) => e.name === 'hashMemory')];
for (const { name, kind } of calls) {
  if (kind !== 'function' || name === 'hangLimitInitializer') continue;
  const [params, results] = sigs.funcs[name];
  if (![...params, ...results].every((t) => numeric.has(t))) {
    lines.push('skip ' + name);
    continue;
  }
  lines.push('call ' + name);
  if (reset) reset();
  const args = params.map((t) => (t === 'i64' ? 0n : 0));
  try {
    const r = ex[name](...args);
    const rs = results.length === 1 ? [r] : results.length ? r : [];
    results.forEach((t, i) => lines.push('result ' + show(t, rs[i])));
  } catch (e) {
    if (!(e instanceof WebAssembly.RuntimeError || e instanceof RangeError ||
          e instanceof TypeError)) throw e;
    lines.push('trap ' + trapKind(e));
  }
}
for (const { name, kind } of WebAssembly.Module.exports(mod)) {
  if (kind !== 'global') continue;
  const t = sigs.globals[name];
  if (numeric.has(t)) lines.push('global ' + name + ' ' + show(t, ex[name].value));
}
const mem = Object.values(ex).find((v) => v instanceof WebAssembly.Memory);
if (mem) {
  const m = new Uint8Array(mem.buffer);
  let h = 2166136261;
  for (let i = 0; i < m.length; i++) h = Math.imul(h ^ m[i], 16777619);
  lines.push('memory ' + (m.length / 65536).toString(16) + ' ' + (h >>> 0).toString(16));
}
process.stdout.write(lines.join('\n') + '\n');
