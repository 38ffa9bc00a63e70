#!/usr/bin/env python3
"""One exported function per SIMD load and store of ops.def (same signature as gen.py's): the
address is n & 255 plus an offset; stores return the stored-to 16 bytes."""
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
out = ['(module (memory 1)']
addr = '(i32.and (local.get 3) (i32.const 255))'
for ident, code, imm, sig, fam, arg, text in rows:
    if fam == 'SIMD_LOAD':
        body = '(%s offset=5 %s)' % (text, addr)
    elif fam == 'SIMD_LOAD_LANE':
        body = '(%s offset=3 1 %s (local.get 0))' % (text, addr)
    elif fam == 'SIMD_STORE':
        body = '(%s offset=7 %s (local.get 0)) (v128.load %s)' % (text, addr, addr)
    elif fam == 'SIMD_STORE_LANE':
        body = '(%s offset=2 1 %s (local.get 0)) (v128.load %s)' % (text, addr, addr)
    else:
        continue
    out.append('  (func (export "%s") (param v128 v128 v128 i32 i64 f32 f64) (result v128) %s)' % (text, body))
out.append(')')
print('\n'.join(out))
