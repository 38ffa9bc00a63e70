#!/usr/bin/env python3
"""touch.py — a lightly changed copy of a module, for the cache measurement (docs/cache.md).

    touch.py IN.wasm OUT.wasm FUNC...

Adds a `nop` at the end of the body of each defined function FUNC (index among the defined
functions): the smallest edit that changes a function's bytes, as a recompile after editing a
few functions would see. Everything else is copied as it is.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from merge import Reader, uleb  # noqa: E402


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: touch.py IN.wasm OUT.wasm FUNC...")
    data = open(sys.argv[1], "rb").read()
    touched = {int(f) for f in sys.argv[3:]}
    out = [data[:8]]
    r = Reader(data, 8)
    while not r.done():
        start = r.pos
        sid = r.byte()
        size = r.u32()
        if sid != 10:
            r.pos += size
            out.append(data[start:r.pos])
            continue
        sec = Reader(data, r.pos, r.pos + size)
        r.pos += size
        bodies = []
        for i in range(sec.u32()):
            n = sec.u32()
            body = data[sec.pos:sec.pos + n]
            sec.pos += n
            if i in touched:
                body = body[:-1] + b"\x01\x0b"  # nop before the final end
            bodies.append(uleb(len(body)) + body)
        payload = uleb(len(bodies)) + b"".join(bodies)
        out.append(b"\x0a" + uleb(len(payload)) + payload)
    open(sys.argv[2], "wb").write(b"".join(out))


if __name__ == "__main__":
    main()
