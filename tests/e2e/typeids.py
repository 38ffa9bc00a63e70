#!/usr/bin/env python3
"""typeids.py — end-to-end tests of function type identity with typed references (Wasm 3.0).

Two function types are the same only if their value types are, typed references included: a
call_indirect of (func (param (ref $x))) on a function of (func (param (ref null $x))), or of
(ref $x) against (ref $y), or (ref func) against funcref, traps "indirect call type mismatch";
a concrete type is compared by its structure (recursively, a type naming itself matching another
naming itself), so equal types at different indices, in one module or in two, are the same.
Across modules the same holds for importing a function, a table or a global of typed
references: a difference only in a typed reference is "incompatible import type".

wabt 1.0.32 cannot write typed references, so the modules are written here as bytes. Part one
compiles single-module executables (bytecases.run_cases); part two writes a spec-style JSON
script of several registered modules and runs it with w2n-spec, which must pass all of it.

usage: typeids.py WASM2NATIVE W2N-SPEC [OPTION...]   (options go to both: --bounds-checks,
--target ...; $W2N_RUN runs part one's executables). Exit status 1 if anything failed.
"""
import json
import os
import subprocess
import sys
import tempfile

from bytecases import i32, leb, run_cases, section, sleb, vec

I32, FUNCREF = 0x7F, 0x70
FUNC, TABLE, GLOBAL = 0, 1, 3
REF_FUNC, CALL_INDIRECT, END = 0xD2, 0x11, 0x0B


def ref(heap, null=False):
    """(ref null? heap): heap a type index, or FUNCREF for the abstract func."""
    return bytes([0x63 if null else 0x64]) + (bytes([heap]) if heap == FUNCREF else sleb(heap))


def val(t):
    return bytes([t]) if isinstance(t, int) else t


def functype(*params):
    return b"\x60" + vec([val(t) for t in params]) + vec([])


def name(s):
    return leb(len(s)) + s.encode()


def module(types, funcs=(), imports=(), tables=(), exports=(), elems=(), memory=False,
           globals_=()):
    """funcs: (type index, body without the final end); imports: (module, field, kind, desc
    bytes); tables: table type bytes; exports: (name, kind, index); elems: segment bytes;
    globals_: global type and init expression bytes."""
    out = b"\x00asm\x01\x00\x00\x00" + section(1, vec(list(types)))
    if imports:
        out += section(2, vec([name(m) + name(f) + bytes([k]) + d for m, f, k, d in imports]))
    out += section(3, vec([leb(t) for t, _ in funcs]))
    if tables:
        out += section(4, vec(list(tables)))
    if memory:
        out += section(5, vec([b"\x00\x01"]))  # one page: WASI wants a memory
    if globals_:
        out += section(6, vec(list(globals_)))
    out += section(7, vec([name(n) + bytes([k]) + leb(i) for n, k, i in exports]))
    if elems:
        out += section(9, vec(list(elems)))
    return out + section(10, vec([leb(len(b) + 2) + b"\x00" + b + bytes([END])
                                  for _, b in funcs]))


def active_funcs(indices):
    """An active segment of funcref at table 0, offset 0 (which also declares them)."""
    return b"\x00" + i32(0) + bytes([END]) + vec([leb(i) for i in indices])


def declare(indices):
    return b"\x03\x00" + vec([leb(i) for i in indices])


def call_indirect(arg_func, table_index, type_index):
    """Calls table element `table_index` as `type_index` with ref.func `arg_func`."""
    return (bytes([REF_FUNC]) + leb(arg_func) + i32(table_index) + bytes([CALL_INDIRECT]) +
            leb(type_index) + b"\x00")


# ---- part one: call_indirect inside one module ------------------------------------------

# Type and function k go together (function k has type k, table element k is function k),
# except the start function, last, of type 0.
ONE_TYPES = [
    functype(),                        # 0
    functype(ref(0)),                  # 1  (ref $0)
    functype(ref(0, null=True)),       # 2  (ref null $0)
    functype(FUNCREF),                 # 3  funcref = (ref null func)
    functype(ref(FUNCREF)),            # 4  (ref func)
    functype(I32),                     # 5
    functype(ref(5)),                  # 6  (ref $5): another type than 1's
    functype(ref(1)),                  # 7  a reference to a type with a typed reference
    functype(ref(1)),                  # 8  the same as 7 at another index
    functype(ref(2)),                  # 9  7 but for the nullability inside type 1 / 2
    functype(ref(10)),                 # 10 naming itself
    functype(ref(11)),                 # 11 the same shape: equivalent to 10
    functype(ref(10)),                 # 12 naming 10, not itself: not 10
]
NTYPES = len(ONE_TYPES)


def one_module(start_body):
    funcs = [(k, b"") for k in range(NTYPES)] + [(0, start_body)]
    return module(ONE_TYPES, funcs, tables=[bytes([FUNCREF]) + b"\x00" + leb(NTYPES)],
                  exports=[("_start", FUNC, NTYPES)], elems=[active_funcs(range(NTYPES))],
                  memory=True)


MISMATCH = "indirect call type mismatch"
# name, call_indirect (argument function, callee, annotated type), trap expected
ONE_CASES = [
    ("same-type", (0, 1, 1), False),
    ("nonnull-as-nullable", (0, 2, 1), True),
    ("nullable-as-nonnull", (0, 1, 2), True),
    ("ref-func-as-funcref", (0, 3, 4), True),
    ("funcref-as-ref-func", (0, 4, 3), True),
    ("ref-x-as-ref-y", (0, 6, 1), True),
    ("equal-nested", (1, 7, 8), False),
    ("nested-nullability", (1, 9, 7), True),
    ("self-reference-equivalent", (11, 10, 11), False),
    ("self-reference-vs-named", (10, 10, 12), True),
]


def part_one(argv):
    cases = [(n, one_module(call_indirect(*c)), 134 if trap else 0, MISMATCH if trap else None)
             for n, c, trap in ONE_CASES]
    return run_cases(cases, argv)


# ---- part two: across modules (w2n-spec) ------------------------------------------------

UNLINKABLE = "incompatible import type"
# Module A: f1 of (func (param (ref $0))), a funcref table holding it at 1, a table of
# (ref null $1) holding it at 0, and an immutable global of (ref $1) holding it.
A = module([functype(), functype(ref(0))], [(0, b""), (1, b"")],
           tables=[bytes([FUNCREF]) + b"\x00\x02", ref(1, null=True) + b"\x00\x01"],
           globals_=[ref(1) + b"\x00" + bytes([REF_FUNC, 1, END])],
           exports=[("f1", FUNC, 1), ("tab", TABLE, 0), ("ttab", TABLE, 1), ("g", GLOBAL, 0)],
           elems=[active_funcs([0, 1]),
                  b"\x06\x01" + i32(0) + bytes([END]) + ref(1, null=True) +
                  vec([bytes([REF_FUNC, 1, END])])])
# Importing f1 as (ref null $x): unlinkable; as (ref $x) with $x at another index: links.
B_NULLABLE = module([functype(), functype(ref(0, null=True))],
                    imports=[("A", "f1", FUNC, leb(1))])
C_EQUAL = module([functype(I32), functype(), functype(ref(1))],
                 imports=[("A", "f1", FUNC, leb(2))])
# Calls through A's table: as (ref null $0) it traps, as A's own type (at index 2) it runs.
D_CALLS = module([functype(), functype(ref(0, null=True)), functype(ref(0))],
                 [(0, b""), (0, call_indirect(0, 1, 1)), (0, call_indirect(0, 1, 2))],
                 imports=[("A", "tab", TABLE, bytes([FUNCREF]) + b"\x00\x02")],
                 exports=[("mismatch", FUNC, 1), ("match", FUNC, 2)], elems=[declare([0])])
# A table of (ref null $t), $t differing from A's only inside: unlinkable; equal: links.
E_TABLE = module([functype(), functype(ref(0, null=True))],
                 imports=[("A", "ttab", TABLE, ref(1, null=True) + b"\x00\x01")])
F_TABLE = module([functype(I32), functype(), functype(ref(1))],
                 imports=[("A", "ttab", TABLE, ref(2, null=True) + b"\x00\x01")])
# The global as (ref null $t) (an immutable import may widen): $t differing from A's $1 only
# inside, unlinkable; equal at another index, links.
G_GLOBAL = module([functype(), functype(ref(0, null=True))],
                  imports=[("A", "g", GLOBAL, ref(1, null=True) + b"\x00")])
H_GLOBAL = module([functype(I32), functype(), functype(ref(1))],
                  imports=[("A", "g", GLOBAL, ref(2, null=True) + b"\x00")])


def invoke(field):
    return {"type": "invoke", "module": "$D", "field": field, "args": []}


def part_two(w2n_spec, opts, tmp):
    files = {"a.wasm": A, "b.wasm": B_NULLABLE, "c.wasm": C_EQUAL, "d.wasm": D_CALLS,
             "e.wasm": E_TABLE, "f.wasm": F_TABLE, "g.wasm": G_GLOBAL, "h.wasm": H_GLOBAL}
    for fname, wasm in files.items():
        with open(os.path.join(tmp, fname), "wb") as f:
            f.write(wasm)
    commands = [
        {"type": "module", "line": 1, "filename": "a.wasm"},
        {"type": "register", "line": 2, "as": "A"},
        {"type": "assert_unlinkable", "line": 3, "filename": "b.wasm", "text": UNLINKABLE,
         "module_type": "binary"},
        {"type": "module", "line": 4, "filename": "c.wasm"},
        {"type": "module", "line": 5, "name": "$D", "filename": "d.wasm"},
        {"type": "assert_trap", "line": 6, "action": invoke("mismatch"), "text": MISMATCH,
         "expected": []},
        {"type": "assert_return", "line": 7, "action": invoke("match"), "expected": []},
        {"type": "assert_unlinkable", "line": 8, "filename": "e.wasm", "text": UNLINKABLE,
         "module_type": "binary"},
        {"type": "module", "line": 9, "filename": "f.wasm"},
        {"type": "assert_unlinkable", "line": 10, "filename": "g.wasm", "text": UNLINKABLE,
         "module_type": "binary"},
        {"type": "module", "line": 11, "filename": "h.wasm"},
    ]
    script = os.path.join(tmp, "typeids.json")
    with open(script, "w") as f:
        json.dump({"source_filename": "typeids.wast", "commands": commands}, f)
    r = subprocess.run([w2n_spec, *opts, script], capture_output=True, text=True)
    last = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""
    want = f"{len(commands)} passed, 0 failed, 0 skipped"
    if r.returncode != 0 or last != want:
        print(f"FAIL: cross-module: w2n-spec said {last!r} (want {want!r})\n{r.stdout}{r.stderr}")
        return 1
    print(f"cross-module: {last}")
    return 0


if __name__ == "__main__":
    w2n, spec, options = sys.argv[1], sys.argv[2], sys.argv[3:]
    status = part_one([w2n, *options])
    with tempfile.TemporaryDirectory() as work:
        status |= part_two(spec, options, work)
    sys.exit(status)
