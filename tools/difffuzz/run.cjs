// run.cjs — the reference side of the differential fuzzer: runs a module in node's V8 and
// prints what driver.c prints for the compiled module (see driver.c for the format).
//
//   node run.cjs MODULE.wasm [--dump]
//
// --dump prints memory as driver.c --dump does (`memory PAGES -`, then `mem OFFSET HEX` for
// every 16-byte chunk that is not all zero) instead of its hash.
'use strict';
const fs = require('fs');

const lines = [];
const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);

// Bit patterns in hex, NaNs included (driver.c's put_value). An f32 reaches JS as a Number
// (V8 converts it to f64 and back here, which sets a signalling NaN's quiet bit); difffuzz.py
// knows that.
function show(type, v) {
  switch (type) {
    case 'i32': return 'i32 ' + (v >>> 0).toString(16);
    case 'i64': return 'i64 ' + BigInt.asUintN(64, v).toString(16);
    case 'f32': f32[0] = v; return 'f32 ' + u32[0].toString(16);
    case 'f64': f64[0] = v; return 'f64 ' + u64[0].toString(16);
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
// A float global's exact bits. V8's WebAssembly.Global value getter turns every NaN into the
// canonical positive one, so the bits are read in wasm: a small module imports the global and
// returns it reinterpreted as an integer.
function floatGlobalBits(g, type) {
  const f64 = type === 'f64';
  for (const mut of [1, 0]) {
    const bytes = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      1, 5, 1, 0x60, 0, 1, f64 ? 0x7e : 0x7f,                      // type () -> i32/i64
      2, 8, 1, 1, 0x6d, 1, 0x67, 3, f64 ? 0x7c : 0x7d, mut,       // import m.g global
      3, 2, 1, 0,                                                 // func 0: type 0
      7, 7, 1, 3, 0x67, 0x65, 0x74, 0, 0,                         // export "get"
      10, 7, 1, 5, 0, 0x23, 0, f64 ? 0xbd : 0xbc, 0x0b,            // global.get 0; reinterpret
    ]);
    try {
      const get = new WebAssembly.Instance(new WebAssembly.Module(bytes), { m: { g } }).exports.get;
      return f64 ? 'f64 ' + BigInt.asUintN(64, get()).toString(16)
                 : 'f32 ' + (get() >>> 0).toString(16);
    } catch (e) {
      if (!(e instanceof WebAssembly.LinkError)) throw e; // the other mutability
    }
  }
  throw new Error('cannot read global');
}

for (const { name, kind } of WebAssembly.Module.exports(mod)) {
  if (kind !== 'global') continue;
  const t = sigs.globals[name];
  if (t === 'f32' || t === 'f64') lines.push('global ' + name + ' ' + floatGlobalBits(ex[name], t));
  else if (numeric.has(t)) lines.push('global ' + name + ' ' + show(t, ex[name].value));
}
const mem = Object.values(ex).find((v) => v instanceof WebAssembly.Memory);
const dump = process.argv[3] === '--dump';
if (mem && dump) {
  const m = new Uint8Array(mem.buffer);
  lines.push('memory ' + (m.length / 65536).toString(16) + ' -');
  for (let at = 0; at + 16 <= m.length; at += 16) {
    const chunk = m.subarray(at, at + 16);
    if (chunk.every((b) => b === 0)) continue;
    lines.push('mem ' + at.toString(16) + ' ' +
               Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(''));
  }
} else if (mem) {
  const m = new Uint8Array(mem.buffer);
  let h = 2166136261;
  for (let i = 0; i < m.length; i++) h = Math.imul(h ^ m[i], 16777619);
  lines.push('memory ' + (m.length / 65536).toString(16) + ' ' + (h >>> 0).toString(16));
}
process.stdout.write(lines.join('\n') + '\n');
