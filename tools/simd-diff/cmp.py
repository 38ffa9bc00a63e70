#!/usr/bin/env python3
"""Compares two driver outputs line by line: equal, or (for float-result operators) lanes where
both sides hold a quiet NaN. Prints the mismatching operators with a first example; exit 1 if
there is any."""
import sys, collections
a = open(sys.argv[1]).read().split('\n'); b = open(sys.argv[2]).read().split('\n')
bad = collections.Counter(); ex = {}
CMP = ('.eq', '.ne', '.lt', '.gt', '.le', '.ge')
for la, lb in zip(a, b):
    if la == lb: continue
    na, ta, ra = la.split(); nb, tb, rb = lb.split()
    assert na == nb and ta == tb
    op = na.split('/')[0]
    w = 0
    if (op.startswith('f32x4.') or op in ('f32x4.demote_f64x2_zero',)) and not op.endswith(CMP) and 'extract' not in op: w = 8
    if op.startswith('f64x2.') and not op.endswith(CMP) and 'extract' not in op: w = 16
    if op.startswith('f32x4.extract') : w = 8
    if op.startswith('f64x2.extract') : w = 16
    ok = False
    if w:
        ok = True
        for i in range(0, 32, w):
            x, y = int(ra[i:i+w], 16), int(rb[i:i+w], 16)
            if x == y: continue
            if w == 8: nan = lambda v: (v & 0x7f800000) == 0x7f800000 and (v & 0x7fffff) and (v & 0x400000)
            else: nan = lambda v: (v & 0x7ff0000000000000) == 0x7ff0000000000000 and (v & 0xfffffffffffff) and (v >> 51) & 1
            if not (nan(x) and nan(y)): ok = False
    if not ok:
        bad[na] += 1; ex.setdefault(na, (ta, ra, rb))
for k, v in sorted(bad.items()):
    print(k, v, ex[k])
print(len(bad), 'operators differ')
sys.exit(1 if bad else 0)
