"""wasmbin.py — just enough of the wasm binary format for the differential fuzzer.

Reads the signatures of a module's exports (the JS API does not give them, run.cjs needs them to
pass zero arguments of the right types) and adds exports so that both engines can see the state
a run leaves behind: every defined global and memory 0. Only what binaryen's -ttf emits and our
own generator emits needs to be understood: types, imports, functions, memories, globals,
exports; other sections are copied as they are.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import wasmbytes  # noqa: E402

TYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128", 0x70: "funcref",
         0x6F: "externref"}


class Reader(wasmbytes.Reader):
    def name(self):
        n = self.uleb()
        self.pos += n
        return self.data[self.pos - n:self.pos].decode("utf-8", "replace")

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()

    def const_expr(self):
        """Skips a constant expression up to and including its `end`."""
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x42, 0x23, 0xD2):  # i32/i64.const, global.get, ref.func
                self.skip_leb()
            elif op == 0x43:
                self.pos += 4
            elif op == 0x44:
                self.pos += 8
            elif op == 0xD0:  # ref.null t
                self.byte()
            elif op == 0xFD:  # v128.const
                self.uleb()
                self.pos += 16
            elif op in (0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E):  # extended-const arithmetic
                pass
            else:
                raise ValueError("constant expression opcode 0x%02x" % op)


leb = wasmbytes.uleb


def sections(data):
    """[(id, payload bytes)] of a module."""
    r, out = Reader(data, 8), []
    while r.pos < len(data):
        sid = r.byte()
        size = r.uleb()
        out.append((sid, data[r.pos:r.pos + size]))
        r.pos += size
    return out


class Module:
    def __init__(self, data):
        self.data = data
        self.sections = sections(data)
        self.types, self.func_types, self.global_types = [], [], []
        self.mems = 0
        self.exports = []  # (name, kind, index)
        for sid, payload in self.sections:
            getattr(self, "_sec%d" % sid, lambda r: None)(Reader(payload))

    def _sec1(self, r):
        for _ in range(r.uleb()):
            assert r.byte() == 0x60, "only function types"
            params = [TYPES[r.byte()] for _ in range(r.uleb())]
            results = [TYPES[r.byte()] for _ in range(r.uleb())]
            self.types.append((params, results))

    def _sec2(self, r):
        for _ in range(r.uleb()):
            r.name()
            r.name()
            kind = r.byte()
            if kind == 0:
                self.func_types.append(r.uleb())
            elif kind == 1:
                r.byte()
                r.limits()
            elif kind == 2:
                r.limits()
                self.mems += 1
            else:
                self.global_types.append(TYPES[r.byte()])
                r.byte()

    def _sec3(self, r):
        self.func_types += [r.uleb() for _ in range(r.uleb())]

    def _sec5(self, r):
        self.mems += r.uleb()

    def _sec6(self, r):
        for _ in range(r.uleb()):
            self.global_types.append(TYPES[r.byte()])
            r.byte()
            r.const_expr()

    def _sec7(self, r):
        for _ in range(r.uleb()):
            name = r.name()
            kind = r.byte()
            self.exports.append((name, kind, r.uleb()))

    def signatures(self):
        """{"funcs": {name: [params, results]}, "globals": {name: type}} for run.cjs."""
        funcs = {n: list(self.types[self.func_types[i]]) for n, k, i in self.exports if k == 0}
        globs = {n: self.global_types[i] for n, k, i in self.exports if k == 3}
        return {"funcs": funcs, "globals": globs}

    def with_state_exports(self):
        """The module's bytes with every global and memory 0 exported (names `global$N` and
        `memory`, unless already exported)."""
        exported = {(k, i) for _, k, i in self.exports}
        names = {n for n, _, _ in self.exports}
        extra = [("global$%d" % i, 3, i) for i in range(len(self.global_types))
                 if (3, i) not in exported and "global$%d" % i not in names]
        if self.mems and (2, 0) not in exported and "memory" not in names:
            extra.append(("memory", 2, 0))
        entries = self.exports + extra
        body = leb(len(entries)) + b"".join(
            leb(len(n.encode())) + n.encode() + bytes([k]) + leb(i) for n, k, i in entries)
        out, placed = bytearray(self.data[:8]), False
        order = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 5.5, 6: 6, 7: 7}  # tag (13) sits before globals
        for sid, payload in self.sections:
            if not placed and sid != 0 and order.get(sid, 8) > 7:
                out += bytes([7]) + leb(len(body)) + body
                placed = True
            if sid == 7:
                continue
            out += bytes([sid]) + leb(len(payload)) + payload
        if not placed:
            out += bytes([7]) + leb(len(body)) + body
        self.exports = entries
        return bytes(out)
