/* test_reader.c — compiler/reader.c: bounded reads, LEB128 limits, UTF-8 names, diagnostics.
 *
 * Every failing case compares the exact formatted diagnostic (`file:0xOFFSET: error: ...`), so
 * both the spec wording and the byte offset are pinned.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* ---- a diagnostic sink that keeps the formatted lines ------------------------------------- */

#define MAX_MSGS 4

struct sink {
	int n;                   /* diagnostics received (may exceed MAX_MSGS) */
	char msg[MAX_MSGS][256]; /* the first MAX_MSGS, formatted like the default sink */
};

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	struct sink *s = ctx;
	if (s->n < MAX_MSGS)
		w2n_format_diag(s->msg[s->n], sizeof s->msg[0], sev, file, offset, message);
	s->n++;
}

static struct sink sink;
static struct w2n_diag dg;
static struct w2n_reader rd;

/* A fresh reader over `n` bytes, reporting into `sink`. */
static struct w2n_reader *open_bytes(const uint8_t *bytes, size_t n)
{
	memset(&sink, 0, sizeof sink);
	dg = (struct w2n_diag){.fn = capture, .ctx = &sink};
	w2n_reader_init(&rd, bytes, n, "t.wasm", &dg);
	return &rd;
}

/* Expands to `pointer, length` for an inline byte list. */
#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static void expect_no_diag(void)
{
	ck_assert_msg(sink.n == 0, "unexpected diagnostic: %s", sink.msg[0]);
	ck_assert_uint_eq(dg.errors, 0);
	ck_assert(!rd.failed);
}

static void expect_one_diag(const char *want)
{
	ck_assert_int_eq(sink.n, 1);
	ck_assert_str_eq(sink.msg[0], want);
	ck_assert_uint_eq(dg.errors, 1);
	ck_assert(rd.failed);
}

/* ---- LEB128 through one entry point ------------------------------------------------------- */

enum kind { U32, U64, S32, S33, S64 };

/* Reads one integer of `kind`; signed results are returned sign-extended to 64 bits. */
static bool read_int(struct w2n_reader *r, enum kind kind, uint64_t *out)
{
	bool ok = false;
	uint32_t u32 = 0;
	int32_t s32 = 0;
	int64_t s64 = 0;
	switch (kind) {
	case U32:
		ok = w2n_read_u32(r, &u32, "value");
		*out = u32;
		break;
	case U64:
		ok = w2n_read_u64(r, out, "value");
		break;
	case S32:
		ok = w2n_read_s32(r, &s32, "value");
		*out = (uint64_t)(int64_t)s32;
		break;
	case S33:
		ok = w2n_read_s33(r, &s64, "value");
		*out = (uint64_t)s64;
		break;
	case S64:
		ok = w2n_read_s64(r, &s64, "value");
		*out = (uint64_t)s64;
		break;
	}
	return ok;
}

/* The bytes decode to `want` and are consumed exactly. */
static void ok_int(enum kind kind, uint64_t want, const uint8_t *bytes, size_t n)
{
	struct w2n_reader *r = open_bytes(bytes, n);
	uint64_t got = 0;
	ck_assert_msg(read_int(r, kind, &got), "rejected: %s", sink.msg[0]);
	ck_assert_msg(got == want, "got 0x%llx, want 0x%llx", (unsigned long long)got,
	              (unsigned long long)want);
	ck_assert_uint_eq(w2n_reader_pos(r), n);
	expect_no_diag();
}

/* The bytes are rejected with exactly the diagnostic `want`. */
static void bad_int(enum kind kind, const char *want, const uint8_t *bytes, size_t n)
{
	struct w2n_reader *r = open_bytes(bytes, n);
	uint64_t got = 0;
	ck_assert(!read_int(r, kind, &got));
	expect_one_diag(want);
}

#define OK(kind, want, ...) ok_int(kind, (uint64_t)(want), BYTES(__VA_ARGS__))
#define BAD(kind, msg, ...) bad_int(kind, msg, BYTES(__VA_ARGS__))

#define TOO_LONG            "t.wasm:0x00000000: error: integer representation too long (value)"
#define TOO_LARGE           "t.wasm:0x00000000: error: integer too large (value)"

START_TEST(u32_values)
{
	OK(U32, 0, 0x00);
	OK(U32, 1, 0x01);
	OK(U32, 127, 0x7f);
	OK(U32, 128, 0x80, 0x01);
	OK(U32, 624485, 0xe5, 0x8e, 0x26);
	OK(U32, 0x0fffffff, 0xff, 0xff, 0xff, 0x7f);
	OK(U32, UINT32_MAX, 0xff, 0xff, 0xff, 0xff, 0x0f);
	OK(U32, 0x80000000, 0x80, 0x80, 0x80, 0x80, 0x08);
}
END_TEST

START_TEST(u32_padding_within_limit)
{
	/* Zero padding is allowed as long as the encoding fits in ceil(32/7) = 5 bytes. */
	OK(U32, 0, 0x80, 0x00);
	OK(U32, 0, 0x80, 0x80, 0x80, 0x80, 0x00);
	OK(U32, 3, 0x83, 0x80, 0x80, 0x80, 0x00);
	OK(U32, 127, 0xff, 0x80, 0x80, 0x80, 0x00);
}
END_TEST

START_TEST(u32_too_long)
{
	BAD(U32, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	BAD(U32, TOO_LONG, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f);
	/* The continuation bit in the 5th byte alone is enough; the 6th byte is never read. */
	BAD(U32, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80);
	ck_assert_uint_eq(w2n_reader_pos(&rd), 5);
}
END_TEST

START_TEST(u32_unused_bits)
{
	/* Only the low 4 bits of the 5th byte carry value bits. */
	BAD(U32, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0x1f);
	BAD(U32, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x10);
	BAD(U32, TOO_LARGE, 0x82, 0x80, 0x80, 0x80, 0x70);
	BAD(U32, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x40);
}
END_TEST

START_TEST(u32_truncated)
{
	bad_int(U32, "t.wasm:0x00000000: error: unexpected end (value)", (const uint8_t *)"", 0);
	/* The offset is where the missing byte would have been. */
	BAD(U32, "t.wasm:0x00000001: error: unexpected end (value)", 0x80);
	BAD(U32, "t.wasm:0x00000004: error: unexpected end (value)", 0xff, 0xff, 0xff, 0xff);
}
END_TEST

START_TEST(u64_values)
{
	OK(U64, 0, 0x00);
	OK(U64, 0x100000000ull, 0x80, 0x80, 0x80, 0x80, 0x10);
	OK(U64, UINT64_MAX, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
	OK(U64, 0x8000000000000000ull, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
	OK(U64, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	OK(U64, 5, 0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
}
END_TEST

START_TEST(u64_errors)
{
	BAD(U64, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	/* The 10th byte has one value bit. */
	BAD(U64, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02);
	BAD(U64, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e);
	BAD(U64, "t.wasm:0x00000009: error: unexpected end (value)", 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	    0x80, 0x80, 0x80);
}
END_TEST

START_TEST(s32_values)
{
	OK(S32, 0, 0x00);
	OK(S32, 63, 0x3f);
	OK(S32, -1, 0x7f);
	OK(S32, -64, 0x40);
	OK(S32, 64, 0xc0, 0x00);
	OK(S32, -65, 0xbf, 0x7f);
	OK(S32, -128, 0x80, 0x7f);
	OK(S32, -123456, 0xc0, 0xbb, 0x78);
	OK(S32, INT32_MAX, 0xff, 0xff, 0xff, 0xff, 0x07);
	OK(S32, (int64_t)INT32_MIN, 0x80, 0x80, 0x80, 0x80, 0x78);
}
END_TEST

START_TEST(s32_padding_within_limit)
{
	/* Padding with copies of the sign is fine up to 5 bytes. */
	OK(S32, 0, 0x80, 0x80, 0x80, 0x80, 0x00);
	OK(S32, -1, 0xff, 0xff, 0xff, 0xff, 0x7f);
	OK(S32, -1, 0xff, 0x7f);
	OK(S32, 1, 0x81, 0x80, 0x00);
}
END_TEST

START_TEST(s32_errors)
{
	BAD(S32, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	BAD(S32, TOO_LONG, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
	/* Bits 3..6 of the 5th byte must all equal the sign bit (bit 3). */
	BAD(S32, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0x0f); /* positive, sign bit set */
	BAD(S32, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x70); /* negative, sign bit clear */
	BAD(S32, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x10);
	BAD(S32, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0x4f);
	BAD(S32, "t.wasm:0x00000002: error: unexpected end (value)", 0xff, 0xff);
}
END_TEST

START_TEST(s33_values)
{
	/* s33 carries block types: negative single bytes and non-negative type indices. */
	OK(S33, -64, 0x40); /* the empty block type 0x40 */
	OK(S33, -1, 0x7f);  /* i32 */
	OK(S33, -5, 0x7b);  /* v128 */
	OK(S33, 0, 0x00);
	OK(S33, 0x80, 0x80, 0x01);
	OK(S33, 0xffffffffll, 0xff, 0xff, 0xff, 0xff, 0x0f);   /* largest: 2^32 - 1 */
	OK(S33, -0x100000000ll, 0x80, 0x80, 0x80, 0x80, 0x70); /* smallest: -2^32 */
	OK(S33, -1, 0xff, 0xff, 0xff, 0xff, 0x7f);
}
END_TEST

START_TEST(s33_errors)
{
	/* Bits 4..6 of the 5th byte must equal the sign bit (bit 4). */
	BAD(S33, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x10);
	BAD(S33, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x20);
	BAD(S33, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0x6f);
	BAD(S33, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	BAD(S33, "t.wasm:0x00000001: error: unexpected end (value)", 0xc0);
}
END_TEST

START_TEST(s64_values)
{
	OK(S64, 0, 0x00);
	OK(S64, -1, 0x7f);
	OK(S64, INT32_MIN - 1ll, 0xff, 0xff, 0xff, 0xff, 0x77);
	OK(S64, INT64_MAX, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00);
	OK(S64, INT64_MIN, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f);
	OK(S64, -1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
	OK(S64, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
}
END_TEST

START_TEST(s64_errors)
{
	BAD(S64, TOO_LONG, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
	/* The 10th byte holds only the sign: it must be 0x00 or 0x7f. */
	BAD(S64, TOO_LARGE, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
	BAD(S64, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e);
	BAD(S64, TOO_LARGE, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x41);
	bad_int(S64, "t.wasm:0x00000000: error: unexpected end (value)", (const uint8_t *)"", 0);
}
END_TEST

/* ---- fixed-size reads and windows --------------------------------------------------------- */

START_TEST(fixed_reads)
{
	struct w2n_reader *r = open_bytes(BYTES(0x01, 0x02, 0x03, 0x04, 0x05, 0x06));
	uint8_t b = 0;
	uint8_t four[4] = {0};
	const uint8_t *p = NULL;

	ck_assert(w2n_read_u8(r, &b, "byte"));
	ck_assert_uint_eq(b, 0x01);
	ck_assert(w2n_read_fixed(r, four, 4, "four"));
	ck_assert_mem_eq(four, ((uint8_t[]){2, 3, 4, 5}), 4);
	ck_assert(w2n_read_bytes(r, 0, &p, "none"));
	ck_assert_uint_eq(w2n_reader_pos(r), 5);
	ck_assert_uint_eq(w2n_reader_left(r), 1);
	ck_assert(!w2n_read_bytes(r, 2, &p, "f64 constant"));
	expect_one_diag("t.wasm:0x00000005: error: unexpected end (f64 constant)");
}
END_TEST

START_TEST(window_offsets_are_file_offsets)
{
	/* A window (e.g. a section) in the middle of the file: offsets stay relative to `base`,
	 * and running out of the window uses the window's own wording. */
	static const uint8_t file[] = {0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x80, 0xff};
	struct w2n_reader *r = open_bytes(file, sizeof file);
	uint32_t v;
	r->p = file + 8;
	r->end = file + 10;
	r->eof_msg = "section size mismatch";
	ck_assert(!w2n_read_u32(r, &v, "function index"));
	expect_one_diag("t.wasm:0x0000000a: error: section size mismatch (function index)");
	ck_assert_uint_eq(w2n_reader_pos(r), 10); /* never read past the window */
}
END_TEST

START_TEST(fails_once)
{
	struct w2n_reader *r = open_bytes(BYTES(0xff, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x01));
	uint32_t v;
	uint8_t b;
	struct w2n_bytes name;
	ck_assert(!w2n_read_u32(r, &v, "first"));
	/* Bytes remain, but a failed reader stays failed and silent. */
	ck_assert(!w2n_read_u8(r, &b, "second"));
	ck_assert(!w2n_read_u32(r, &v, "third"));
	ck_assert(!w2n_read_name(r, &name, "fourth"));
	ck_assert(!w2n_read_count(r, &v, 1, "fifth"));
	ck_assert(!w2n_reader_fail(r, 3, "explicit %d", 6));
	expect_one_diag("t.wasm:0x00000000: error: integer too large (first)");
}
END_TEST

START_TEST(explicit_fail)
{
	struct w2n_reader *r = open_bytes(BYTES(0x00));
	ck_assert(!w2n_reader_fail(r, 0x1d, "type mismatch (%s %u)", "local", 7u));
	expect_one_diag("t.wasm:0x0000001d: error: type mismatch (local 7)");
}
END_TEST

/* ---- counts ------------------------------------------------------------------------------- */

START_TEST(count_fits)
{
	uint32_t n = 0;
	struct w2n_reader *r = open_bytes(BYTES(0x04, 1, 2, 3, 4));
	ck_assert(w2n_read_count(r, &n, 1, "export"));
	ck_assert_uint_eq(n, 4);
	expect_no_diag();

	r = open_bytes(BYTES(0x02, 1, 2, 3, 4));
	ck_assert(w2n_read_count(r, &n, 2, "local"));
	ck_assert_uint_eq(n, 2);
	expect_no_diag();

	/* min_item_size 0: no check (items that may take no bytes). */
	r = open_bytes(BYTES(0xff, 0xff, 0xff, 0xff, 0x0f));
	ck_assert(w2n_read_count(r, &n, 0, "anything"));
	ck_assert_uint_eq(n, UINT32_MAX);
	expect_no_diag();
}
END_TEST

START_TEST(count_too_big)
{
	uint32_t n = 0;
	struct w2n_reader *r = open_bytes(BYTES(0x05, 1, 2, 3, 4));
	ck_assert(!w2n_read_count(r, &n, 1, "export"));
	expect_one_diag("t.wasm:0x00000000: error: unexpected end (export count 5 exceeds the bytes "
	                "left)");

	r = open_bytes(BYTES(0x03, 1, 2, 3, 4, 5));
	ck_assert(!w2n_read_count(r, &n, 2, "local"));
	expect_one_diag("t.wasm:0x00000000: error: unexpected end (local count 3 exceeds the bytes "
	                "left)");

	/* The huge count is rejected before any allocation could be attempted. */
	r = open_bytes(BYTES(0xff, 0xff, 0xff, 0xff, 0x0f));
	ck_assert(!w2n_read_count(r, &n, 1, "function"));
	expect_one_diag("t.wasm:0x00000000: error: unexpected end (function count 4294967295 "
	                "exceeds the bytes left)");

	/* A malformed count is reported as such, not as a size problem. */
	r = open_bytes(BYTES(0x80, 0x80, 0x80, 0x80, 0x80, 0x00));
	ck_assert(!w2n_read_count(r, &n, 1, "type"));
	expect_one_diag("t.wasm:0x00000000: error: integer representation too long (type)");
}
END_TEST

/* ---- names -------------------------------------------------------------------------------- */

START_TEST(name_valid)
{
	static const uint8_t bytes[] = {0x07, 'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 'z', 0xff};
	struct w2n_bytes name;
	struct w2n_reader *r = open_bytes(bytes, sizeof bytes);
	ck_assert(w2n_read_name(r, &name, "export name"));
	ck_assert_ptr_eq(name.ptr, bytes + 1);
	ck_assert_uint_eq(name.len, 7);
	ck_assert_uint_eq(w2n_reader_pos(r), 8);
	expect_no_diag();

	r = open_bytes(BYTES(0x00));
	ck_assert(w2n_read_name(r, &name, "module name"));
	ck_assert_uint_eq(name.len, 0);
	expect_no_diag();

	/* A NUL byte is a valid code point. */
	r = open_bytes(BYTES(0x02, 'a', 0x00));
	ck_assert(w2n_read_name(r, &name, "field"));
	expect_no_diag();
}
END_TEST

START_TEST(name_length_out_of_bounds)
{
	struct w2n_bytes name;
	struct w2n_reader *r = open_bytes(BYTES(0x05, 'a', 'b'));
	ck_assert(!w2n_read_name(r, &name, "import module"));
	expect_one_diag("t.wasm:0x00000000: error: length out of bounds (import module)");

	/* One byte short is enough. */
	r = open_bytes(BYTES(0x03, 'a', 'b'));
	ck_assert(!w2n_read_name(r, &name, "field"));
	expect_one_diag("t.wasm:0x00000000: error: length out of bounds (field)");

	r = open_bytes(BYTES(0xff, 0xff, 0xff, 0xff, 0x0f, 'a'));
	ck_assert(!w2n_read_name(r, &name, "export name"));
	expect_one_diag("t.wasm:0x00000000: error: length out of bounds (export name)");

	r = open_bytes(BYTES(0x80));
	ck_assert(!w2n_read_name(r, &name, "export name"));
	expect_one_diag("t.wasm:0x00000001: error: unexpected end (export name)");
}
END_TEST

START_TEST(name_malformed_utf8)
{
	/* The offset is the name's start (its length field), not the bad byte. */
	static const uint8_t file[] = {0xaa, 0xbb, 0x03, 'a', 0xed, 0xa0};
	struct w2n_bytes name;
	struct w2n_reader *r = open_bytes(file, sizeof file);
	r->p += 2;
	ck_assert(!w2n_read_name(r, &name, "custom section name"));
	expect_one_diag("t.wasm:0x00000002: error: malformed UTF-8 encoding (custom section name)");
}
END_TEST

/* ---- UTF-8 -------------------------------------------------------------------------------- */

static bool utf8(const uint8_t *p, size_t n)
{
	/* Copy to an exact-size heap block so ASan catches any read past `n`. */
	uint8_t *copy = malloc(n ? n : 1);
	memcpy(copy, p, n);
	bool ok = w2n_utf8_valid(copy, n);
	free(copy);
	return ok;
}

#define UTF8_OK(...)  ck_assert_msg(utf8(BYTES(__VA_ARGS__)), "rejected: " #__VA_ARGS__)
#define UTF8_BAD(...) ck_assert_msg(!utf8(BYTES(__VA_ARGS__)), "accepted: " #__VA_ARGS__)

START_TEST(utf8_valid)
{
	ck_assert(w2n_utf8_valid((const uint8_t *)"", 0));
	UTF8_OK('a', 'b', 'c');
	UTF8_OK(0x00);
	UTF8_OK(0x7f);
	UTF8_OK(0xc2, 0x80);             /* U+0080, smallest 2-byte */
	UTF8_OK(0xdf, 0xbf);             /* U+07FF */
	UTF8_OK(0xe0, 0xa0, 0x80);       /* U+0800, smallest 3-byte */
	UTF8_OK(0xed, 0x9f, 0xbf);       /* U+D7FF, just below the surrogates */
	UTF8_OK(0xee, 0x80, 0x80);       /* U+E000, just above */
	UTF8_OK(0xef, 0xbf, 0xbf);       /* U+FFFF */
	UTF8_OK(0xf0, 0x90, 0x80, 0x80); /* U+10000, smallest 4-byte */
	UTF8_OK(0xf4, 0x8f, 0xbf, 0xbf); /* U+10FFFF, the largest code point */
	UTF8_OK('x', 0xf0, 0x9f, 0x98, 0x80, 'y');
}
END_TEST

START_TEST(utf8_invalid)
{
	/* lone continuation bytes */
	UTF8_BAD(0x80);
	UTF8_BAD(0xbf);
	UTF8_BAD('a', 0x80);
	UTF8_BAD(0xc0, 0x80);                         /* overlong NUL */
	UTF8_BAD(0xc1, 0xbf);                         /* overlong U+007F */
	UTF8_BAD(0xe0, 0x80, 0x80);                   /* overlong 3-byte */
	UTF8_BAD(0xe0, 0x9f, 0xbf);                   /* overlong U+07FF */
	UTF8_BAD(0xf0, 0x80, 0x80, 0x80);             /* overlong 4-byte */
	UTF8_BAD(0xf0, 0x8f, 0xbf, 0xbf);             /* overlong U+FFFF */
	UTF8_BAD(0xed, 0xa0, 0x80);                   /* U+D800, a surrogate */
	UTF8_BAD(0xed, 0xbf, 0xbf);                   /* U+DFFF */
	UTF8_BAD(0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80); /* an encoded surrogate pair (CESU-8) */
	UTF8_BAD(0xf4, 0x90, 0x80, 0x80);             /* U+110000 */
	/* lead bytes that can only start values > U+10FFFF */
	UTF8_BAD(0xf5, 0x80, 0x80, 0x80);
	UTF8_BAD(0xf7, 0xbf, 0xbf, 0xbf);
	/* 5- and 6-byte forms */
	UTF8_BAD(0xf8, 0x88, 0x80, 0x80, 0x80);
	UTF8_BAD(0xfc, 0x84, 0x80, 0x80, 0x80, 0x80);
	UTF8_BAD(0xfe);
	UTF8_BAD(0xff);
	/* truncated sequences */
	UTF8_BAD(0xc2);
	UTF8_BAD(0xe0, 0xa0);
	UTF8_BAD(0xf0, 0x90, 0x80);
	UTF8_BAD('a', 'b', 0xe2, 0x82);
	/* a continuation that is not one */
	UTF8_BAD(0xc2, 'A');
	UTF8_BAD(0xe0, 0xa0, 'A');
	UTF8_BAD(0xf0, 0x90, 0x80, 0xc0);
}
END_TEST

static Suite *reader_suite(void)
{
	Suite *s = suite_create("reader");
	TCase *tc = tcase_create("leb128");
	tcase_add_test(tc, u32_values);
	tcase_add_test(tc, u32_padding_within_limit);
	tcase_add_test(tc, u32_too_long);
	tcase_add_test(tc, u32_unused_bits);
	tcase_add_test(tc, u32_truncated);
	tcase_add_test(tc, u64_values);
	tcase_add_test(tc, u64_errors);
	tcase_add_test(tc, s32_values);
	tcase_add_test(tc, s32_padding_within_limit);
	tcase_add_test(tc, s32_errors);
	tcase_add_test(tc, s33_values);
	tcase_add_test(tc, s33_errors);
	tcase_add_test(tc, s64_values);
	tcase_add_test(tc, s64_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("bounds");
	tcase_add_test(tc, fixed_reads);
	tcase_add_test(tc, window_offsets_are_file_offsets);
	tcase_add_test(tc, fails_once);
	tcase_add_test(tc, explicit_fail);
	tcase_add_test(tc, count_fits);
	tcase_add_test(tc, count_too_big);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, name_valid);
	tcase_add_test(tc, name_length_out_of_bounds);
	tcase_add_test(tc, name_malformed_utf8);
	tcase_add_test(tc, utf8_valid);
	tcase_add_test(tc, utf8_invalid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(reader_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
