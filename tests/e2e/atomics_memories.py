#!/usr/bin/env python3
"""atomics_memories.py — atomic operators on memories other than memory 0, and on a memory64
memory, in executables (threads x multi-memory x memory64).

The spec suites test the threads proposal on memory 0 only (its files predate multi-memory),
and wat2wasm 1.0.32 cannot write a memarg with a memory index or a 64-bit memory, so the modules
are written here as bytes. Each case's `_start` does its checks and traps with `unreachable`
when one fails; the trapping cases must end with the named trap.

usage: atomics_memories.py WASM2NATIVE [WASM2NATIVE-OPTION...]
Ends with `N passed, N failed`; exit status 1 if anything failed.
"""
import sys

from bytecases import i32, i64, leb, run_cases, section, vec


def module(code):
    """Memory 0: one page; memory 1: one page (32-bit, not shared); memory 2: one page with
    64-bit addresses. `_start` is [] -> [] with `code` as its body."""
    mems = [b"\x00\x01", b"\x00\x01", b"\x04\x01"]  # flags, min
    start = vec([]) + code + b"\x0b"
    return (b"\x00asm\x01\x00\x00\x00" + section(1, vec([b"\x60\x00\x00"])) +
            section(3, vec([leb(0)])) + section(5, vec(mems)) +
            section(7, vec([leb(6) + b"_start\x00" + leb(0)])) +
            section(10, vec([leb(len(start)) + start])))


def memarg(align_log2, mem, offset=0):
    """A memarg naming memory `mem` (bit 6 of the alignment field) unless it is 0."""
    if mem == 0:
        return leb(align_log2) + leb(offset)
    return leb(align_log2 | 0x40) + leb(mem) + leb(offset)


def atomic(code, align_log2, mem, offset=0):
    return b"\xfe" + leb(code) + memarg(align_log2, mem, offset)


def expect_i32(value_code, want):
    """Traps unless value_code leaves the i32 `want`."""
    return value_code + i32(want) + b"\x47\x04\x40\x00\x0b"  # i32.ne if unreachable end


def expect_i64(value_code, want):
    return value_code + i64(want) + b"\x52\x04\x40\x00\x0b"  # i64.ne if unreachable end


RMW_ADD_I32, STORE_I64, LOAD_I64, LOAD_I32, NOTIFY, WAIT32 = 0x1E, 0x18, 0x11, 0x10, 0x00, 0x01

CASES = [
    # An atomic add in memory 1 changes memory 1 only; its old value comes back.
    ("rmw-memory-1", module(
        expect_i32(i32(8) + i32(5) + atomic(RMW_ADD_I32, 2, 1), 0) +
        expect_i32(i32(8) + i32(2) + atomic(RMW_ADD_I32, 2, 1), 5) +
        expect_i32(i32(8) + atomic(LOAD_I32, 2, 1), 7) +
        expect_i32(i32(8) + b"\x28" + memarg(2, 0), 0)), 0, None),
    # i64 addresses: a store and a load through memory 2, with an offset.
    ("memory64", module(
        i64(16) + i64(-7) + atomic(STORE_I64, 3, 2, 8) +
        expect_i64(i64(24) + b"\x29" + memarg(3, 2), -7) +
        expect_i64(i64(8) + atomic(LOAD_I64, 3, 2, 16), -7)), 0, None),
    # notify on a memory that is not shared wakes nobody, after checking the address.
    ("notify-memory-1", module(
        expect_i32(i32(4) + i32(1) + atomic(NOTIFY, 2, 1), 0)), 0, None),
    ("unaligned-memory-1", module(
        i32(6) + i32(1) + atomic(RMW_ADD_I32, 2, 1) + b"\x1a"), 134, "unaligned atomic"),
    # past the end of memory 1 (one page), though memory 0 would not matter
    ("oob-memory-1", module(
        i32(65536) + atomic(LOAD_I32, 2, 1) + b"\x1a"), 134, "out of bounds memory access"),
    # an i64 address far past the 64-bit memory's page, and one whose sum with the offset
    # wraps past 2^64: both out of bounds, neither a fault outside the sandbox
    ("oob-memory64", module(
        i64(1 << 40) + atomic(LOAD_I64, 3, 2) + b"\x1a"), 134, "out of bounds memory access"),
    ("oob-memory64-wrap", module(
        i64(-8) + atomic(LOAD_I64, 3, 2, 16) + b"\x1a"), 134, "out of bounds memory access"),
    # notify computes the effective address itself: the wrapped sum must not land in bounds
    ("notify-memory64-wrap", module(
        i64(-8) + i32(1) + atomic(NOTIFY, 2, 2, 16) + b"\x1a"), 134,
     "out of bounds memory access"),
    ("wait-unshared-memory-1", module(
        i32(0) + i32(0) + i64(-1) + atomic(WAIT32, 2, 1) + b"\x1a"), 134,
     "expected shared memory"),
]


if __name__ == "__main__":
    sys.exit(run_cases(CASES, sys.argv[1:]))
