"""wasmbytes.py — the LEB128 and byte-reading layer of the wasm binary format, shared by the
Python tools that read or write modules (tools/bigmod/merge.py, tools/difffuzz/wasmbin.py).

Each tool keeps its own idea of which sections and operators it understands; only the encoding
lives here, so a fix to it is made once.
"""


class Reader:
    """Reads bytes and LEB128 numbers from data[pos:end]."""

    def __init__(self, data, pos=0, end=None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def byte(self):
        b = self.data[self.pos]
        self.pos += 1
        return b

    def _leb(self):
        """The bits of a LEB128 number, how many there are and its last byte."""
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return result, shift, b

    def uleb(self):
        return self._leb()[0]

    u32 = uleb

    def sleb(self):
        result, shift, last = self._leb()
        return result - (1 << shift) if last & 0x40 else result

    def skip_leb(self):
        while self.byte() & 0x80:
            pass

    def take(self, n):
        s = self.data[self.pos:self.pos + n]
        self.pos += n
        return s

    def done(self):
        return self.pos >= self.end


def uleb(v):
    """The unsigned LEB128 encoding of v >= 0."""
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(v):
    """The signed LEB128 encoding of v."""
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if (v == 0 and not b & 0x40) or (v == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)
