#!/usr/bin/env python3
"""spectest64.py WAT2WASM IN.wat OUT.wasm — builds the spectest module and turns its table
exported as "table64" into a 64-bit table (table64, Wasm 3.0), which the reference
interpreter's spectest.ml has and Debian's wat2wasm (wabt 1.0.32) cannot write: the table
section entry of that table gets the limits flag 0x04 (i64 indices)."""
import subprocess
import sys


def leb(data, pos):
    """The unsigned LEB128 at pos: (value, position after it)."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def sections(data):
    """(id, payload start, payload end) of every section."""
    pos = 8
    while pos < len(data):
        sid = data[pos]
        size, start = leb(data, pos + 1)
        yield sid, start, start + size
        pos = start + size


def table64_index(data):
    """The table index that the export "table64" names."""
    for sid, start, _ in sections(data):
        if sid != 7:
            continue
        count, pos = leb(data, start)
        for _ in range(count):
            n, pos = leb(data, pos)
            name = bytes(data[pos:pos + n])
            kind = data[pos + n]
            index, pos = leb(data, pos + n + 1)
            if name == b"table64" and kind == 1:
                return index
    sys.exit("spectest64.py: no table exported as table64")


def main():
    wat2wasm, src, out = sys.argv[1:]
    subprocess.run([wat2wasm, src, "-o", out], check=True)
    data = bytearray(open(out, "rb").read())
    want = table64_index(data)  # the module imports no table
    for sid, start, _ in sections(data):
        if sid != 4:
            continue
        count, pos = leb(data, start)
        for k in range(count):
            flags = pos + 1  # after the reference type byte
            if k == want:
                data[flags] |= 0x04
            _, pos = leb(data, flags + 1)
            if data[flags] & 0x01:
                _, pos = leb(data, pos)
    open(out, "wb").write(data)


main()
