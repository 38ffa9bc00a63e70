#!/usr/bin/env python3
"""test_nanrules.py — what nanrules.py accepts and rejects (suite `fuzz`): each case is one
clause of the rule in docs/reliability.md, and each rejection one difference that is a bug."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import difffuzz  # noqa: E402
import nanrules  # noqa: E402

QNAN32, NEG_QNAN32, PAYLOAD32, SNAN32 = 0x7FC00000, 0xFFC00000, 0x7FC12345, 0x7FA00001
QNAN64, NEG_QNAN64, SNAN64 = 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF4000000000001


def out(*lines):
    return "\n".join(lines) + "\n"


class Values(unittest.TestCase):
    def test_arithmetic_nans_differ_in_sign_and_payload(self):
        # x86-64's default NaN is negative, AArch64's positive; payloads propagate.
        for a, b in ((QNAN32, NEG_QNAN32), (QNAN32, PAYLOAD32)):
            self.assertTrue(nanrules.value_ok("f32", a, b, True))
            self.assertFalse(nanrules.value_ok("f32", a, b, False))
        self.assertTrue(nanrules.value_ok("f64", QNAN64, NEG_QNAN64, True))

    def test_signalling_nans_are_exact(self):
        self.assertFalse(nanrules.value_ok("f64", SNAN64, SNAN64 + 1, True))
        self.assertFalse(nanrules.value_ok("f64", QNAN64, SNAN64, True))  # ours quiet, V8's not
        self.assertFalse(nanrules.value_ok("f32", QNAN32, 0x3F800000, True))  # NaN vs 1.0

    def test_v8_quiets_signalling_nans(self):
        # The JS boundary quiets an f32 in both modes; V8's exact operators may quiet an f64.
        self.assertTrue(nanrules.value_ok("f32", SNAN32 | 0x400000, SNAN32, False))
        self.assertTrue(nanrules.value_ok("f64", SNAN64 | 1 << 51, SNAN64, True))
        self.assertFalse(nanrules.value_ok("f64", SNAN64 | 1 << 51, SNAN64, False))

    def test_integers_carry_nan_bits(self):
        self.assertTrue(nanrules.value_ok("i32", QNAN32, NEG_QNAN32, True))
        self.assertTrue(nanrules.value_ok("i64", QNAN64, NEG_QNAN64, True))
        self.assertFalse(nanrules.value_ok("i64", QNAN32, NEG_QNAN32, True))  # not f64 NaNs
        self.assertFalse(nanrules.value_ok("i32", 1, 2, True))


class Outputs(unittest.TestCase):
    def test_lines(self):
        a = out("call f", "result f32 7fc00000", "log f64 7ff8000000000000")
        b = out("call f", "result f32 ffc00000", "log f64 fff8000000000000")
        self.assertIsNone(nanrules.first_difference(a, b, True))
        self.assertEqual(nanrules.first_difference(a, b, False), 1)
        self.assertEqual(nanrules.first_difference(a, out("call f", "trap memory"), True), 1)

    def test_hash_memory_result_is_not_compared_with_nans(self):
        a, b = out("call hashMemory", "result i32 1"), out("call hashMemory", "result i32 2")
        self.assertIsNone(nanrules.first_difference(a, b, True))
        self.assertEqual(nanrules.first_difference(a, b, False), 1)
        a, b = out("call other", "result i32 1"), out("call other", "result i32 2")
        self.assertEqual(nanrules.first_difference(a, b, True), 1)

    def test_memory_nan_windows(self):
        # An f32 NaN stored at offset 3 (unaligned), an f64 NaN at 16 that crosses no chunk.
        a = out("memory 1 -", "mem 0 0000000000c07f000000000000000000",
                "mem 10 000000000000f87f0000000000000000")
        b = out("memory 1 -", "mem 0 0000000000c0ff000000000000000000",
                "mem 10 000000000000f8ff0000000000000000")
        self.assertIsNone(nanrules.first_difference(a, b, True))
        self.assertEqual(nanrules.first_difference(a, b, False), 0)

    def test_memory_other_bytes(self):
        # A single byte (an i32.store8 of NaN bits, or a bug) next to equal NaNs is no NaN
        # window on both sides; nor is a NaN on one side and zeros on the other.
        a = out("memory 1 -", "mem 0 0000c07f000000000000000000000001")
        b = out("memory 1 -", "mem 0 0000c07f000000000000000000000002")
        self.assertEqual(nanrules.first_difference(a, b, True), 0)
        a = out("memory 1 -", "mem 20 0000c07f000000000000000000000000")
        self.assertEqual(nanrules.first_difference(a, out("memory 1 -"), True), 0)

    def test_memory_window_across_chunks(self):
        a = out("memory 1 -", "mem 0 000000000000000000000000000000c0",
                "mem 10 7f000000000000000000000000000000")
        b = out("memory 1 -", "mem 0 000000000000000000000000000000c0",
                "mem 10 ff000000000000000000000000000000")
        self.assertIsNone(nanrules.first_difference(a, b, True))


class GuardPages(unittest.TestCase):
    def test_allowance_with_a_memory_dump(self):
        # A guard-page mode that went on after V8's out-of-bounds trap and stored more: the
        # run completed although its last line is a dump line V8 does not have.
        ref = out("call a", "trap memory", "call b", "result i32 1", "memory 1 -")
        nat = out("call a", "log i32 5", "call b", "result i32 1", "memory 1 -",
                  "mem 10 01000000000000000000000000000000")
        self.assertTrue(difffuzz.guard_tolerated(ref, nat, True))
        self.assertFalse(difffuzz.guard_tolerated(ref, out("call a", "log i32 5"), True))


if __name__ == "__main__":
    unittest.main()
