#!/usr/bin/env python3
"""exceptions.py — end-to-end tests of exception handling (3.0) in executables.

wabt 1.0.32 (Debian's wat2wasm) writes only the legacy exception proposal (try/catch), not
try_table or exnref, and Debian's wasm32-wasi libc++abi is built without exceptions (no
__cxa_throw: a C++ program built with -fwasm-exceptions does not link), so the modules are
written here as bytes by a small emitter. Each case is compiled by wasm2native, run, and
judged by its exit status and stderr; a failed check inside a module traps with `unreachable`
in a function named after it.

usage: exceptions.py WASM2NATIVE [WASM2NATIVE-OPTION...]
Ends with `N passed, N failed`; exit status 1 if anything failed.
"""
import sys

from bytecases import i32, leb, run_cases, section, vec

# ---- a tiny module emitter ---------------------------------------------------------------


def name(s):
    return leb(len(s)) + s.encode()


I32, EXNREF, EMPTY = 0x7F, 0x69, 0x40


def functype(params, results):
    return b"\x60" + vec([bytes([t]) for t in params]) + vec([bytes([t]) for t in results])


def module(types, funcs, tags, exports, names):
    """funcs: (type index, locals [(count, type)], code bytes without the final end)."""
    body = [vec([leb(n) + bytes([t]) for n, t in locals_]) + code + b"\x0b"
            for _, locals_, code in funcs]
    fnames = vec([leb(i) + name(n) for i, n in enumerate(names)])
    return (b"\x00asm\x01\x00\x00\x00" + section(1, vec(types)) +
            section(3, vec([leb(t) for t, _, _ in funcs])) +
            section(5, vec([b"\x00\x01"])) +  # one memory of one page (WASI wants one)
            section(13, vec([b"\x00" + leb(t) for t in tags])) +
            section(7, vec([name(n) + b"\x00" + leb(i) for n, i in exports])) +
            section(10, vec([leb(len(b)) + b for b in body])) +
            section(0, name("name") + b"\x01" + leb(len(fnames)) + fnames))


def op(*parts):
    out = bytearray()
    for p in parts:
        out += bytes([p]) if isinstance(p, int) else p
    return bytes(out)


def call(f):
    return op(0x10, leb(f))


def block(bt, *code):
    return op(0x02, bt, *code, 0x0B)


def try_table(bt, catches, *code):
    """catches: (kind, tag, label) with tag None for catch_all(_ref)."""
    cs = [bytes([k]) + (leb(t) if t is not None else b"") + leb(l) for k, t, l in catches]
    return op(0x1F, bt, vec(cs), *code, 0x0B)


def check_eq(value_code, want):
    """Traps (unreachable) unless value_code leaves `want`."""
    return op(value_code, i32(want), 0x47, 0x04, 0x40, 0x00, 0x0B)  # i32.ne if unreachable end


CATCH, CATCH_REF, CATCH_ALL, CATCH_ALL_REF = 0, 1, 2, 3
LOCAL_GET, LOCAL_SET, BR, RETURN, THROW, THROW_REF = 0x20, 0x21, 0x0C, 0x0F, 0x08, 0x0A
RETURN_CALL, UNREACHABLE = 0x12, 0x00

TYPES = [functype([I32], []), functype([], []), functype([I32], [I32]), functype([], [I32])]
T_I32, T_VOID, T_I32_I32, T_RES = 0, 1, 2, 3

# Functions shared by the cases. 0 throws tag 0 with its argument; 1 is a frame in between.
THROWER = (T_I32, [], op(LOCAL_GET, 0, THROW, 0))
MID = (T_I32, [], op(LOCAL_GET, 0, call(0)))
# 2: catch across two frames: the value thrown comes back.
CATCH_ACROSS = (T_I32_I32, [], block(I32, try_table(EMPTY, [(CATCH, 0, 0)],
                                                    op(LOCAL_GET, 0), call(1)),
                                     i32(-1), op(RETURN)))
# 3: a local set inside the try_table before the throw is seen by the catch side.
LOCAL_SEEN = (T_RES, [(1, I32)], op(block(EMPTY, try_table(EMPTY, [(CATCH_ALL, None, 0)],
                                                           i32(5), op(LOCAL_SET, 0),
                                                           i32(1), call(1))),
                                    op(LOCAL_GET, 0)))
# 4: catch_all_ref, then throw_ref to an outer try_table's catch of the tag.
RETHROW = (T_RES, [], block(I32, try_table(EMPTY, [(CATCH, 0, 0)],
                                           block(EXNREF, try_table(EMPTY,
                                                                   [(CATCH_ALL_REF, None, 0)],
                                                                   i32(9), call(1)),
                                                 op(UNREACHABLE)),
                                           op(THROW_REF)),
                            i32(-1), op(RETURN)))
# 5: leaves a try_table by br: its handler must not stay linked.
BR_OUT = (T_RES, [], block(I32, block(EMPTY, try_table(EMPTY, [(CATCH_ALL, None, 0)],
                                                       i32(3), op(BR, 2))),
                           i32(-1)))
# 6: a tail call from inside a try_table: the callee's throw is not caught here.
TAIL_OUT = (T_VOID, [], op(try_table(EMPTY, [(CATCH_ALL, None, 0)],
                                     i32(11), op(RETURN_CALL, 0)), op(UNREACHABLE)))
# 7: the caller of 6 catches what 6's tail callee throws.
TAIL_CAUGHT = (T_RES, [], block(I32, try_table(EMPTY, [(CATCH, 0, 0)], call(6)), i32(-1)))
COMMON = [THROWER, MID, CATCH_ACROSS, LOCAL_SEEN, RETHROW, BR_OUT, TAIL_OUT, TAIL_CAUGHT]
NAMES = ["thrower", "mid", "catch_across", "local_seen", "rethrow", "br_out", "tail_out",
         "tail_caught"]


def case_module(start_code, start_name):
    funcs = COMMON + [(T_VOID, [], start_code)]
    return module(TYPES, funcs, [T_I32], [("_start", len(COMMON))], NAMES + [start_name])


# A loop of many catches: the handler chain does not grow and frames stay intact.
LOOP_CATCHES = op(0x03, EMPTY, block(EMPTY, op(call(5), 0x1A),  # call br_out; drop
                                     check_eq(op(i32(42), call(2)), 42)),
                  # counter in a global would need a global section: use memory[0].
                  i32(0), i32(0), op(0x28, 2, 0), i32(1), op(0x6A), op(0x36, 2, 0),
                  i32(0), op(0x28, 2, 0), i32(1000), op(0x48), op(0x0D, 0), 0x0B)

CASES = [
    # name, module, expected status, expected stderr text (or None: empty)
    ("caught", case_module(op(check_eq(op(i32(42), call(2)), 42),
                              check_eq(call(3), 5),
                              check_eq(call(4), 9),
                              check_eq(call(5), 3),
                              check_eq(call(7), 11),
                              LOOP_CATCHES), "caught_checks"), 0, None),
    ("uncaught", case_module(op(i32(1), call(1)), "start"), 134,
     "uncaught exception (in function thrower)"),
    # After br_out left its try_table, a throw finds no handler (not br_out's dead frame).
    ("uncaught-after-br", case_module(op(call(5), 0x1A, i32(1), call(1)), "start"), 134,
     "uncaught exception (in function thrower)"),
    ("null-exnref", case_module(op(0xD0, EXNREF, THROW_REF), "start"), 134,
     "null exception reference"),
]


if __name__ == "__main__":
    sys.exit(run_cases(CASES, sys.argv[1:]))
