#!/usr/bin/env python3
"""One exported function per non-memory SIMD operator of ops.def, all with the signature
(v128 a, v128 b, v128 c, i32 n, i64 l, f32 f, f64 d) -> v128 (scalar results are splatted),
plus a copy with constant v128 operands (NaNs, -0, 1.0) that LLVM folds at compile time."""
import re, sys
rows = []
for line in open(sys.argv[1]):
    if not line.startswith('W2N_OP('):
        continue
    # the columns, split at the commas outside the SIG column's parentheses
    col = re.split(r',\s*(?![^()]*\))', line[len('W2N_OP('):line.rindex(')')])
    if col[1] != '0xfd':
        continue
    sig = col[4].strip('()').split(', ')  # e.g. V, i, >, V
    params, result = sig[:sig.index('>')], sig[-1]
    rows.append((col[0], col[2], col[3], ''.join(params) + '>' + result.strip('_'), col[5],
                 col[6], col[-1].strip('"')))
# Debian's wabt 1.0.32 knows the relaxed dot products by their pre-standard names (same opcodes)
wabt_names = {'i16x8.relaxed_dot_i8x16_i7x16_s': 'i16x8.dot_i8x16_i7x16_s',
              'i32x4.relaxed_dot_i8x16_i7x16_add_s': 'i32x4.dot_i8x16_i7x16_add_s'}
out = ['(module']
for ident, code, imm, sig, fam, arg, text in rows:
    if fam in ('SIMD_LOAD', 'SIMD_STORE', 'SIMD_LOAD_LANE', 'SIMD_STORE_LANE', 'SIMD_CONST'):
        continue
    params, result = sig.split('>')
    vs = iter(['0', '1', '2'])
    ops = []
    for c in params:
        ops.append({'V': lambda: '(local.get %s)' % next(vs), 'i': lambda: '(local.get 3)',
                    'I': lambda: '(local.get 4)', 'f': lambda: '(local.get 5)',
                    'F': lambda: '(local.get 6)'}[c]())
    immtxt = ''
    if imm == 'LANE':
        immtxt = ' 1'
    elif imm == 'SHUFFLE':
        immtxt = ' 0 17 2 31 4 5 16 7 8 9 10 11 12 13 30 15'
    export, text = text, wabt_names.get(text, text)
    body = '(%s%s %s)' % (text, immtxt, ' '.join(ops))
    splat = {'V': None, 'i': 'i32x4.splat', 'I': 'i64x2.splat', 'f': 'f32x4.splat', 'F': 'f64x2.splat'}[result]
    if splat:
        body = '(%s %s)' % (splat, body)
    out.append('  (func (export "%s") (param v128 v128 v128 i32 i64 f32 f64) (result v128) %s)' % (export, body))
    # the same operator with constant operands, to exercise constant folding
    if params and all(c == 'V' for c in params):
        consts = ['(v128.const i32x4 0x7fa00000 0x80000000 0x3f800000 0xffc00001)',
                  '(v128.const i32x4 0x3f800000 0x00000000 0xbf800000 0x7f800000)',
                  '(v128.const i32x4 0x80008000 0x7fff8000 0x00010002 0xfffefffd)']
        cb = '(%s%s %s)' % (text, immtxt, ' '.join(consts[:len(params)]))
        if splat:
            cb = '(%s %s)' % (splat, cb)
        out.append('  (func (export "%s/const") (param v128 v128 v128 i32 i64 f32 f64) (result v128) %s)' % (export, cb))
out.append(')')
print('\n'.join(out))
