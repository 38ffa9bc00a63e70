"""nanrules.py — which differences between V8's output and wasm2native's the fuzzer accepts.

Both engines print every value as its bit pattern (run.cjs, driver.c). Two outputs agree when
they are equal line for line, except for what the spec (or the JS boundary) leaves open:

- The JS boundary (both modes): an f32 reaches JS as a Number, and V8's f32 -> f64 conversion
  sets a signalling NaN's quiet bit, so a native f32 NaN is compared with its quiet bit set.
  V8 keeps an f64 NaN's bits, and run.cjs reads float globals in wasm (floatGlobalBits), so
  nothing else is lost on the way.
- With `nans` (difffuzz.py --nans, NaNs not removed), a NaN may differ where the spec's rule
  for arithmetic results allows it: the result of an arithmetic operator that is a NaN is an
  arithmetic NaN (quiet bit set, any sign, any payload), and a canonical one if every NaN input
  was canonical. The fuzzer does not know which operator made a value, so it accepts two values
  that are both arithmetic NaNs (`arithmetic`), and a signalling NaN of wasm2native's against
  the same NaN quieted by V8 (V8 deviates from the spec there: its f64.neg of a signalling
  constant is quiet), and nothing else: a NaN against a number, two different signalling NaNs,
  or a quiet NaN of ours against a signalling one of V8's are mismatches. This is the spec's
  rule for operators such as add or sqrt, with the canonical-input refinement not checked; a
  wrong sign or payload after an exact operator (neg, abs, copysign, loads, stores, moves,
  select) is missed when both results are quiet NaNs. Integers carry NaN bits through
  reinterpret: an i32 pair that are both arithmetic f32 NaN patterns, or an i64 pair of f64
  ones, is accepted the same way. Memory is compared by a dump (`mem OFFSET HEX` lines), byte
  for byte: a differing byte is accepted when it lies in a 4-byte window (any offset) that is
  an arithmetic f32 NaN on both sides, or an 8-byte window that is an arithmetic f64 NaN on
  both sides (a float store of a NaN, a v128 store of NaN lanes, an integer store of
  reinterpreted bits). binaryen's `hashMemory` export returns a hash of memory, which such
  bytes change legitimately: its result is not compared (the dump is).
"""

FORMATS = {  # type: (exponent mask, mantissa mask, quiet bit)
    "f32": (0x7F800000, 0x007FFFFF, 0x00400000),
    "f64": (0x7FF0000000000000, 0x000FFFFFFFFFFFFF, 0x0008000000000000),
}
REINTERPRETED = {"i32": "f32", "i64": "f64"}


def is_nan(bits, fmt):
    exp, mant, _ = FORMATS[fmt]
    return bits & exp == exp and bits & mant != 0


def arithmetic(bits, fmt):
    """True for an arithmetic NaN: a NaN with its quiet bit (the payload's top bit) set."""
    return is_nan(bits, fmt) and bits & FORMATS[fmt][2] != 0


def nan_pair_ok(ref, nat, fmt):
    """Whether two different bit patterns of format fmt are NaNs the rules let differ: both
    arithmetic, or V8's the wasm2native one with its quiet bit set (V8 quiets a signalling NaN
    in some exact operators: f64.neg of a signalling constant gives a quiet NaN)."""
    quieted = is_nan(nat, fmt) and ref == nat | FORMATS[fmt][2]
    return quieted or (arithmetic(ref, fmt) and arithmetic(nat, fmt))


def value_ok(typ, ref, nat, nans):
    """Whether V8's bits `ref` and wasm2native's `nat` for a value of type `typ` agree."""
    if typ == "f32" and is_nan(nat, "f32"):
        nat |= FORMATS["f32"][2]  # what the JS boundary does to V8's side
    if ref == nat:
        return True
    fmt = REINTERPRETED.get(typ, typ)
    return nans and fmt in FORMATS and nan_pair_ok(ref, nat, fmt)


def line_ok(ref, nat, nans, call):
    """Whether one output line of V8's agrees with wasm2native's; `call` is the current export."""
    if ref == nat:
        return True
    a, b = ref.split(), nat.split()
    if len(a) != len(b) or a[:-1] != b[:-1] or a[0] not in ("result", "log", "global"):
        return False
    if nans and call == "hashMemory" and a[0] == "result":
        return True
    try:
        return value_ok(a[-2], int(a[-1], 16), int(b[-1], 16), nans)
    except ValueError:
        return False


def memory_of(lines):
    """{offset: 16 bytes} from `mem OFFSET HEX` lines."""
    return {int(x.split()[1], 16): bytes.fromhex(x.split()[2]) for x in lines}


def byte_ok(a, b, i):
    """Whether the differing byte i of memories a and b lies in a NaN window on both sides."""
    for fmt, size in (("f32", 4), ("f64", 8)):
        for start in range(max(0, i - size + 1), i + 1):
            if start + size > len(a) or start + size > len(b):
                continue
            x = int.from_bytes(a[start:start + size], "little")
            y = int.from_bytes(b[start:start + size], "little")
            if nan_pair_ok(x, y, fmt):
                return True
    return False


def memory_difference(ref, nat, nans):
    """None if the dumps agree under the rules, else the offset of the first unaccepted byte."""
    a, b = memory_of(ref), memory_of(nat)
    if a == b or not nans:
        return None if a == b else min(set(a) ^ set(b) | {k for k in a if a[k] != b.get(k)})
    chunks = sorted(set(a) | set(b))
    zero = bytes(16)
    # Differing chunks with one neighbour each side: a NaN window can cross a chunk boundary.
    for off in chunks:
        if a.get(off, zero) == b.get(off, zero):
            continue
        base = max(0, off - 16)
        x = b"".join(a.get(base + k, zero) for k in range(0, 48, 16))
        y = b"".join(b.get(base + k, zero) for k in range(0, 48, 16))
        for i in range(off - base, off - base + 16):
            if x[i] != y[i] and not byte_ok(x, y, i):
                return base + i
    return None


def first_difference(ref, nat, nans):
    """None if two outputs agree under the rules, else the index of the first line that does
    not (a memory difference counts as the `memory` line's)."""
    a, b = ref.splitlines(), nat.splitlines()
    am = [x for x in a if x.startswith("mem ")]
    bm = [x for x in b if x.startswith("mem ")]
    a = [x for x in a if not x.startswith("mem ")]
    b = [x for x in b if not x.startswith("mem ")]
    call = None
    for i in range(max(len(a), len(b))):
        if i >= len(a) or i >= len(b):
            return i
        if a[i].startswith("call "):
            call = a[i].split()[1]
        if not line_ok(a[i], b[i], nans, call):
            return i
    if (am or bm) and memory_difference(am, bm, nans) is not None:
        return next((i for i, x in enumerate(a) if x.startswith("memory ")), len(a))
    return None
