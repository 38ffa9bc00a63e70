/* reader.c — bounded reads with the spec's malformation wording. */
#include "reader.h"

#include <stdio.h>
#include <string.h>

void w2n_reader_init(struct w2n_reader *r, const uint8_t *bytes, size_t size, const char *file,
                     struct w2n_diag *dg)
{
	*r = (struct w2n_reader){.base = bytes,
	                         .p = bytes,
	                         .end = bytes + size,
	                         .file = file,
	                         .dg = dg,
	                         .eof_msg = "unexpected end"};
}

bool w2n_reader_fail(struct w2n_reader *r, uint32_t offset, const char *fmt, ...)
{
	if (r->failed)
		return false;
	r->failed = true;
	va_list ap;
	va_start(ap, fmt);
	w2n_vreport(r->dg, W2N_ERROR, r->file, offset, fmt, ap);
	va_end(ap);
	return false;
}

static bool need(struct w2n_reader *r, size_t n, const char *what)
{
	if (r->failed)
		return false;
	if (w2n_reader_left(r) < n)
		return w2n_reader_fail(r, w2n_reader_pos(r), "%s (%s)", r->eof_msg, what);
	return true;
}

bool w2n_read_u8(struct w2n_reader *r, uint8_t *out, const char *what)
{
	if (!need(r, 1, what))
		return false;
	*out = *r->p++;
	return true;
}

/* Unsigned LEB128 of at most `bits` bits: at most ceil(bits/7) bytes, and the unused high bits
 * of the last byte must be zero ("integer too large"); a longer encoding is "integer
 * representation too long". */
static bool read_uleb(struct w2n_reader *r, unsigned bits, uint64_t *out, const char *what)
{
	uint32_t start = w2n_reader_pos(r);
	unsigned max_bytes = (bits + 6) / 7;
	uint64_t v = 0;
	for (unsigned i = 0;; i++) {
		uint8_t b;
		if (!need(r, 1, what))
			return false;
		b = *r->p++;
		unsigned shift = 7 * i;
		if (i == max_bytes - 1) {
			unsigned used = bits - shift; /* payload bits allowed in the last byte */
			if (b & 0x80)
				return w2n_reader_fail(r, start, "integer representation too long (%s)", what);
			if (used < 7 && (b >> used) != 0)
				return w2n_reader_fail(r, start, "integer too large (%s)", what);
			*out = v | ((uint64_t)b << shift);
			return true;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return true;
		}
	}
}

/* Signed LEB128: in the last allowed byte, the unused bits must all equal the sign bit. */
static bool read_sleb(struct w2n_reader *r, unsigned bits, int64_t *out, const char *what)
{
	uint32_t start = w2n_reader_pos(r);
	unsigned max_bytes = (bits + 6) / 7;
	uint64_t v = 0;
	for (unsigned i = 0;; i++) {
		uint8_t b;
		if (!need(r, 1, what))
			return false;
		b = *r->p++;
		unsigned shift = 7 * i;
		if (i == max_bytes - 1) {
			if (b & 0x80)
				return w2n_reader_fail(r, start, "integer representation too long (%s)", what);
			unsigned used = bits - shift; /* bits of the value in this byte, sign included */
			if (used < 7) {
				/* bits used-1 .. 6 must all be copies of the sign bit */
				uint8_t rest = (uint8_t)(b >> (used - 1)) & (uint8_t)(0x7f >> (used - 1));
				uint8_t all = (uint8_t)(0x7f >> (used - 1));
				if (rest != 0 && rest != all)
					return w2n_reader_fail(r, start, "integer too large (%s)", what);
			}
			v |= (uint64_t)(b & 0x7f) << shift;
			shift += 7;
			if (shift < 64 && (b & 0x40))
				v |= ~(uint64_t)0 << shift;
			*out = (int64_t)v;
			return true;
		}
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			shift += 7;
			if (shift < 64 && (b & 0x40))
				v |= ~(uint64_t)0 << shift;
			*out = (int64_t)v;
			return true;
		}
	}
}

bool w2n_read_u32(struct w2n_reader *r, uint32_t *out, const char *what)
{
	uint64_t v;
	if (!read_uleb(r, 32, &v, what))
		return false;
	*out = (uint32_t)v;
	return true;
}

bool w2n_read_u64(struct w2n_reader *r, uint64_t *out, const char *what)
{
	return read_uleb(r, 64, out, what);
}

bool w2n_read_s32(struct w2n_reader *r, int32_t *out, const char *what)
{
	int64_t v;
	if (!read_sleb(r, 32, &v, what))
		return false;
	*out = (int32_t)v;
	return true;
}

bool w2n_read_s33(struct w2n_reader *r, int64_t *out, const char *what)
{
	return read_sleb(r, 33, out, what);
}

bool w2n_read_s64(struct w2n_reader *r, int64_t *out, const char *what)
{
	return read_sleb(r, 64, out, what);
}

bool w2n_read_fixed(struct w2n_reader *r, void *out, size_t n, const char *what)
{
	if (!need(r, n, what))
		return false;
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

bool w2n_read_bytes(struct w2n_reader *r, size_t n, const uint8_t **out, const char *what)
{
	if (!need(r, n, what))
		return false;
	*out = r->p;
	r->p += n;
	return true;
}

bool w2n_read_count(struct w2n_reader *r, uint32_t *out, size_t min_item_size, const char *what)
{
	uint32_t pos = w2n_reader_pos(r);
	if (!w2n_read_u32(r, out, what))
		return false;
	/* Checked before anything is allocated for the items. */
	if (min_item_size && *out > w2n_reader_left(r) / min_item_size)
		return w2n_reader_fail(r, pos, "%s (%s count %u exceeds the bytes left)", r->eof_msg, what,
		                       *out);
	return true;
}

bool w2n_read_name(struct w2n_reader *r, struct w2n_bytes *out, const char *what)
{
	uint32_t len;
	uint32_t pos = w2n_reader_pos(r);
	if (!w2n_read_u32(r, &len, what))
		return false;
	if (len > w2n_reader_left(r))
		return w2n_reader_fail(r, pos, "length out of bounds (%s)", what);
	out->ptr = r->p;
	out->len = len;
	r->p += len;
	if (!w2n_utf8_valid(out->ptr, len))
		return w2n_reader_fail(r, pos, "malformed UTF-8 encoding (%s)", what);
	return true;
}

bool w2n_utf8_valid(const uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint8_t c = p[i];
		uint32_t cp;
		size_t len;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			len = 2, cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3, cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4, cp = c & 0x07;
		} else {
			return false; /* continuation byte, overlong lead 0xc0/0xc1, or above 0xf4 */
		}
		if (n - i < len)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}
