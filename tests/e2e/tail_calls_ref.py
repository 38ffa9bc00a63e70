#!/usr/bin/env python3
"""tail_calls_ref.py — return_call_ref between functions of different signatures runs in
constant stack (tail-calls-signatures.wat does return_call and return_call_indirect).

wabt 1.0.32 cannot write return_call_ref, so the module is written here as bytes: the same
three-state machine, a(i64) -> b(f64, i64, i32) -> c(i32, i64 x 9, f32) -> a, each state
reaching the next through return_call_ref of a ref.func, ten million calls deep under a
64 KiB stack cap. c takes more integers than x86-64 and AArch64 pass in registers. Each
state checks its arguments; a wrong value or final state traps with `unreachable`.

usage: tail_calls_ref.py WASM2NATIVE [WASM2NATIVE-OPTION...]
Ends with `N passed, N failed`; exit status 1 if anything failed.
"""
import struct
import sys

from bytecases import i32, i64, leb, run_cases, section, vec

I32, I64, F32, F64 = 0x7F, 0x7E, 0x7D, 0x7C
T_A, T_B, T_C, T_START = 0, 1, 2, 3
F_A, F_B, F_C, F_START = 0, 1, 2, 3
DEPTH = 10_000_000


def functype(params, results):
    return b"\x60" + vec([bytes([t]) for t in params]) + vec([bytes([t]) for t in results])


def f32(x):
    return b"\x43" + struct.pack("<f", x)


def f64(x):
    return b"\x44" + struct.pack("<d", x)


def get(i):
    return b"\x20" + leb(i)


def trap_unless_zero(cond):
    """`cond` (an i32 that must be 0), then: if unreachable end."""
    return cond + b"\x04\x40\x00\x0b"


def return_if_zero(counter, state):
    """if counter (an i64) is 0, return `state`."""
    return get(counter) + b"\x50\x04\x40" + i32(state) + b"\x0f\x0b"


def tail_call_ref(args, func, typ):
    return args + b"\xd2" + leb(func) + b"\x15" + leb(typ)


def dec(counter):
    return get(counter) + i64(1) + b"\x7d"


A = return_if_zero(0, 0) + tail_call_ref(f64(1.5) + dec(0) + i32(7), F_B, T_B)
B = (trap_unless_zero(get(2) + i32(7) + b"\x47" + get(0) + f64(1.5) + b"\x62" + b"\x72") +
     return_if_zero(1, 1) +
     tail_call_ref(i32(7) + dec(1) + b"".join(i64(k) for k in range(1, 9)) + f32(2.5), F_C, T_C))
C_SUM = b"".join(get(k) + (b"\x7c" if k > 2 else b"") for k in range(2, 10))  # i64.add chain
C = (trap_unless_zero(get(0) + i32(7) + b"\x47" + get(10) + f32(2.5) + b"\x5c" + b"\x72") +
     trap_unless_zero(C_SUM + i64(36) + b"\x52") +
     return_if_zero(1, 2) + tail_call_ref(dec(1), F_A, T_A))


def start(depth, state):
    return trap_unless_zero(i64(depth) + b"\x10" + leb(F_A) + i32(state) + b"\x47")


def module(depth, state):
    types = [functype([I64], [I32]), functype([F64, I64, I32], [I32]),
             functype([I32] + [I64] * 9 + [F32], [I32]), functype([], [])]
    bodies = [A, B, C, start(depth, state)]
    code = [vec([]) + b + b"\x0b" for b in bodies]
    return (b"\x00asm\x01\x00\x00\x00" + section(1, vec(types)) +
            section(3, vec([leb(t) for t in (T_A, T_B, T_C, T_START)])) +
            section(5, vec([b"\x00\x01"])) +  # one memory of one page (WASI wants one)
            section(7, vec([leb(6) + b"_start" + b"\x00" + leb(F_START)])) +
            # a declarative segment: ref.func may name a, b and c
            section(9, vec([b"\x03\x00" + vec([leb(F_A), leb(F_B), leb(F_C)])])) +
            section(10, vec([leb(len(c)) + c for c in code])))


# After n calls from a the machine is in state n mod 3 (a, b, c = 0, 1, 2).
CASES = [
    ("return-call-ref-ends-in-b", module(DEPTH, DEPTH % 3), 0, None),
    ("return-call-ref-ends-in-c", module(DEPTH + 1, (DEPTH + 1) % 3), 0, None),
]

if __name__ == "__main__":
    sys.exit(run_cases(CASES, sys.argv[1:]))
