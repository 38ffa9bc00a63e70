#!/usr/bin/env python3
"""merge.py — joins several WASI programs into one big module, for compile-throughput tests.

    merge.py OUT.wasm FIRST.wasm PASSENGER.wasm...

The result runs FIRST exactly as before (its memory, data, exports and start are kept). Each
passenger contributes all of its functions, tables, globals and element segments, renumbered;
its data, memory and exports are dropped and its code shares FIRST's memory 0, so a passenger's
code is valid but never runs. Every function is compiled all the same: the module descriptor of
wasm2native points to every defined function. Function imports with the same module, name and
type are shared. Custom sections (names, producers) are dropped.

Only what clang-19 emits for wasm32-wasi without SIMD is understood (MVP, sign-ext,
multi-value, reference types, bulk memory and saturating conversions); anything else stops
with an error naming the module. Deterministic: the same inputs give the same bytes.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import wasmbytes  # noqa: E402
from wasmbytes import sleb, uleb  # noqa: E402,F401


class Reader(wasmbytes.Reader):
    def name(self):
        return self.take(self.u32())


def vec(items):
    return uleb(len(items)) + b"".join(items)


def limits(r):
    flags = r.byte()
    lo = r.u32()
    hi = r.u32() if flags & 1 else None
    return flags, lo, hi


def enc_limits(flags, lo, hi):
    return bytes([flags]) + uleb(lo) + (uleb(hi) if flags & 1 else b"")


class Module:
    """The parts of one input that the merge needs, each item as its raw bytes or fields."""

    def __init__(self, path):
        self.path = path
        data = open(path, "rb").read()
        if data[:8] != b"\0asm\1\0\0\0":
            sys.exit(f"{path}: not a wasm module")
        self.types, self.imports, self.funcs, self.tables = [], [], [], []
        self.mems, self.globals, self.exports, self.elems = [], [], [], []
        self.codes, self.datas, self.start, self.datacount = [], [], None, None
        r = Reader(data, 8)
        while not r.done():
            sid = r.byte()
            size = r.u32()
            sec = Reader(data, r.pos, r.pos + size)
            r.pos += size
            if sid != 0:
                getattr(self, "sec%d" % sid)(sec)

    def fail(self, what):
        sys.exit(f"{self.path}: {what}")

    def sec1(self, r):
        for _ in range(r.u32()):
            if r.byte() != 0x60:
                self.fail("only function types are supported")
            params = r.take(r.u32())
            results = r.take(r.u32())
            self.types.append((bytes(params), bytes(results)))

    def sec2(self, r):
        for _ in range(r.u32()):
            mod, name, kind = r.name(), r.name(), r.byte()
            if kind != 0:
                self.fail("only function imports are supported")
            self.imports.append((mod, name, r.u32()))

    def sec3(self, r):
        self.funcs = [r.u32() for _ in range(r.u32())]

    def sec4(self, r):
        for _ in range(r.u32()):
            self.tables.append((r.byte(), limits(r)))

    def sec5(self, r):
        self.mems = [limits(r) for _ in range(r.u32())]

    def sec6(self, r):
        for _ in range(r.u32()):
            t, mut = r.byte(), r.byte()
            self.globals.append((t, mut, const_expr(r, self)))

    def sec7(self, r):
        for _ in range(r.u32()):
            self.exports.append((r.name(), r.byte(), r.u32()))

    def sec8(self, r):
        self.start = r.u32()

    def sec9(self, r):
        for _ in range(r.u32()):
            flags = r.byte()
            if flags not in (0, 2):
                self.fail(f"element segment kind {flags} is not supported")
            table = r.u32() if flags == 2 else 0
            offset = const_expr(r, self)
            if flags == 2 and r.byte() != 0:
                self.fail("element kind must be funcref")
            self.elems.append((table, offset, [r.u32() for _ in range(r.u32())]))

    def sec10(self, r):
        for _ in range(r.u32()):
            size = r.u32()
            self.codes.append(Reader(r.data, r.pos, r.pos + size))
            r.pos += size

    def sec11(self, r):
        self.datas = bytes(r.data[r.pos:r.end])

    def sec12(self, r):
        self.datacount = r.u32()


def const_expr(r, m):
    """A constant expression as a list of (opcode, immediate)."""
    out = []
    while True:
        op = r.byte()
        if op == 0x0B:
            return out
        if op == 0x41 or op == 0x42:
            out.append((op, r.sleb()))
        elif op == 0x43:
            out.append((op, r.take(4)))
        elif op == 0x44:
            out.append((op, r.take(8)))
        elif op in (0x23, 0xD2):
            out.append((op, r.u32()))
        elif op == 0xD0:
            out.append((op, r.byte()))
        else:
            m.fail(f"constant expression opcode 0x{op:02x} is not supported")


def enc_const(expr, remap):
    out = bytearray()
    for op, imm in expr:
        out.append(op)
        if op in (0x41, 0x42):
            out += sleb(imm)
        elif op in (0x43, 0x44):
            out += imm
        elif op == 0x23:
            out += uleb(remap.globals[imm])
        elif op == 0xD2:
            out += uleb(remap.funcs[imm])
        else:
            out.append(imm)
    return bytes(out + b"\x0b")


class Remap:
    """One input's index spaces in the output."""

    def __init__(self):
        self.types, self.funcs, self.tables, self.globals = [], [], [], []


# Opcodes whose immediates are copied as they are: (immediate reader) by opcode.
def _memarg(r):
    r.u32()
    r.u32()


def _none(r):
    pass


PLAIN = {0x00: _none, 0x01: _none, 0x05: _none, 0x0B: _none, 0x0F: _none, 0x1A: _none,
         0x1B: _none, 0x0C: Reader.u32, 0x0D: Reader.u32, 0x20: Reader.u32, 0x21: Reader.u32,
         0x22: Reader.u32, 0x3F: Reader.byte, 0x40: Reader.byte, 0x41: Reader.sleb,
         0x42: Reader.sleb, 0x43: lambda r: r.take(4), 0x44: lambda r: r.take(8),
         0xD0: Reader.byte, 0xD1: _none}
for _op in range(0x28, 0x3F):
    PLAIN[_op] = _memarg
for _op in range(0x45, 0xC5):
    PLAIN[_op] = _none


def rewrite_body(m, body, remap, out):
    """Copies one function body, renumbering types, functions, tables and globals."""
    r = body
    start = r.pos
    for _ in range(r.u32()):  # locals
        r.u32()
        r.byte()
    out += r.data[start:r.pos]
    while not r.done():
        at = r.pos
        op = r.byte()
        if op in PLAIN:
            PLAIN[op](r)
            out += r.data[at:r.pos]
        elif op in (0x02, 0x03, 0x04):
            out.append(op)
            bt = r.data[r.pos]
            if bt == 0x40 or bt >= 0x6F:
                out.append(r.byte())
            else:
                out += sleb(remap.types[r.sleb()])
        elif op == 0x0E:
            n = r.u32()
            for _ in range(n + 1):
                r.u32()
            out += r.data[at:r.pos]
        elif op in (0x10, 0x12):
            out.append(op)
            out += uleb(remap.funcs[r.u32()])
        elif op in (0x11, 0x13):
            out.append(op)
            out += uleb(remap.types[r.u32()])
            out += uleb(remap.tables[r.u32()])
        elif op == 0x1C:
            n = r.u32()
            r.take(n)
            out += r.data[at:r.pos]
        elif op in (0x23, 0x24):
            out.append(op)
            out += uleb(remap.globals[r.u32()])
        elif op in (0x25, 0x26):
            out.append(op)
            out += uleb(remap.tables[r.u32()])
        elif op == 0xD2:
            out.append(op)
            out += uleb(remap.funcs[r.u32()])
        elif op == 0xFC:
            rewrite_fc(m, r, remap, out)
        else:
            m.fail(f"opcode 0x{op:02x} is not supported")


def rewrite_fc(m, r, remap, out):
    sub = r.u32()
    out.append(0xFC)
    out += uleb(sub)
    if sub <= 7:
        return
    if sub in (10,):
        out.append(r.byte())
        out.append(r.byte())
    elif sub == 11:
        out.append(r.byte())
    elif sub in (15, 16, 17):
        out += uleb(remap.tables[r.u32()])
    elif sub == 14:
        out += uleb(remap.tables[r.u32()])
        out += uleb(remap.tables[r.u32()])
    else:
        m.fail(f"opcode 0xfc {sub} (data or element segment index) is not supported")


class Output:
    def __init__(self):
        self.types, self.type_index = [], {}
        self.imports, self.import_index = [], {}
        self.funcs, self.codes, self.tables, self.globals, self.elems = [], [], [], [], []

    def type(self, t):
        if t not in self.type_index:
            self.type_index[t] = len(self.types)
            self.types.append(t)
        return self.type_index[t]

    def add(self, m):
        remap = Remap()
        remap.types = [self.type(t) for t in m.types]
        for mod, name, t in m.imports:
            key = (mod, name, remap.types[t])
            if key not in self.import_index:
                self.import_index[key] = len(self.imports)
                self.imports.append(key)
            remap.funcs.append(self.import_index[key])
        return remap

    def define(self, m, remap):
        """Defined functions, tables and globals of m; imports of all inputs come first."""
        base = len(self.imports) + len(self.funcs)
        remap.funcs += [base + i for i in range(len(m.funcs))]
        self.funcs += [remap.types[t] for t in m.funcs]
        remap.tables = [len(self.tables) + i for i in range(len(m.tables))]
        self.tables += m.tables
        remap.globals = [len(self.globals) + i for i in range(len(m.globals))]
        self.globals += [(t, mut, enc_const(e, remap)) for t, mut, e in m.globals]
        for table, offset, funcs in m.elems:
            self.elems.append((remap.tables[table], enc_const(offset, remap),
                               [remap.funcs[f] for f in funcs]))
        for body in m.codes:
            out = bytearray()
            rewrite_body(m, body, remap, out)
            self.codes.append(bytes(out))


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


def encode(o, first, remap0):
    s = [b"\0asm\1\0\0\0"]
    s.append(section(1, vec([b"\x60" + vec([bytes([b]) for b in p]) +
                             vec([bytes([b]) for b in res]) for p, res in o.types])))
    s.append(section(2, vec([vec([bytes([c]) for c in mod]) + vec([bytes([c]) for c in name]) +
                             b"\0" + uleb(t) for mod, name, t in o.imports])))
    s.append(section(3, vec([uleb(t) for t in o.funcs])))
    s.append(section(4, vec([bytes([rt]) + enc_limits(*lim) for rt, lim in o.tables])))
    s.append(section(5, vec([enc_limits(*lim) for lim in first.mems])))
    s.append(section(6, vec([bytes([t, mut]) + e for t, mut, e in o.globals])))
    exports = []
    for name, kind, idx in first.exports:
        idx = {0: remap0.funcs, 1: remap0.tables, 3: remap0.globals}.get(kind, None)[idx] \
            if kind != 2 else idx
        exports.append(vec([bytes([c]) for c in name]) + bytes([kind]) + uleb(idx))
    s.append(section(7, vec(exports)))
    if first.start is not None:
        s.append(section(8, uleb(remap0.funcs[first.start])))
    elems = []
    for table, offset, funcs in o.elems:
        head = b"\0" if table == 0 else b"\2" + uleb(table)
        elems.append(head + offset + (b"" if table == 0 else b"\0") +
                     vec([uleb(f) for f in funcs]))
    s.append(section(9, vec(elems)))
    if first.datacount is not None:
        s.append(section(12, uleb(first.datacount)))
    s.append(section(10, vec([uleb(len(c)) + c for c in o.codes])))
    if first.datas:
        s.append(section(11, first.datas))
    return b"".join(s)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: merge.py OUT.wasm FIRST.wasm PASSENGER.wasm...")
    mods = [Module(p) for p in sys.argv[2:]]
    for m in mods[1:]:
        if m.datacount is not None:
            m.fail("a passenger with bulk-memory data segments is not supported")
    o = Output()
    remaps = [o.add(m) for m in mods]
    for m, remap in zip(mods, remaps):
        o.define(m, remap)
    with open(sys.argv[1], "wb") as f:
        f.write(encode(o, mods[0], remaps[0]))
    code = sum(len(c) for c in o.codes)
    print(f"{sys.argv[1]}: {len(o.funcs)} functions, {code} bytes of code, "
          f"{len(o.imports)} imports, {len(o.tables)} tables, {len(o.globals)} globals")


if __name__ == "__main__":
    main()
