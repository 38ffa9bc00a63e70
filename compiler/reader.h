/* reader.h — a bounded cursor over the module bytes: fixed-size reads, LEB128, names.
 *
 * Every read checks the bytes left before touching them. On failure the reader reports one
 * positioned diagnostic, `<spec wording> (<what was being read>)`, sets `failed`, and the read
 * returns false; later reads on a failed reader return false without reporting again.
 */
#ifndef W2N_READER_H
#define W2N_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm2native/wasm2native.h"

struct w2n_reader {
	const uint8_t *base; /* start of the file: offsets in diagnostics are relative to it */
	const uint8_t *p;    /* next byte */
	const uint8_t *end;  /* end of the current window (file, section or function body) */
	const char *file;    /* file name for diagnostics */
	struct w2n_diag *dg;
	bool failed;
	const char *eof_msg; /* wording for running out of bytes in this window */
};

void w2n_reader_init(struct w2n_reader *r, const uint8_t *bytes, size_t size, const char *file,
                     struct w2n_diag *dg);

static inline uint32_t w2n_reader_pos(const struct w2n_reader *r)
{
	return (uint32_t)(r->p - r->base);
}

static inline size_t w2n_reader_left(const struct w2n_reader *r)
{
	return (size_t)(r->end - r->p);
}

/* Reports an error at `offset` and marks the reader failed. Always returns false. */
bool w2n_reader_fail(struct w2n_reader *r, uint32_t offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Rejects input that uses feature `f`, which is not implemented: "<feature> not implemented
 * (<what>)", and the sink marked unsupported (features.c). Always returns false. */
bool w2n_reader_unsupported(struct w2n_reader *r, uint32_t offset, enum w2n_feature f,
                            const char *what);
/* Marks the sink unsupported before a validator reports such a rejection (features.c). */
void w2n_mark_unsupported(struct w2n_diag *dg, enum w2n_feature f);

bool w2n_read_u8(struct w2n_reader *r, uint8_t *out, const char *what);
bool w2n_read_u32(struct w2n_reader *r, uint32_t *out, const char *what);
bool w2n_read_u64(struct w2n_reader *r, uint64_t *out, const char *what);
bool w2n_read_s32(struct w2n_reader *r, int32_t *out, const char *what);
bool w2n_read_s33(struct w2n_reader *r, int64_t *out, const char *what);
bool w2n_read_s64(struct w2n_reader *r, int64_t *out, const char *what);
bool w2n_read_fixed(struct w2n_reader *r, void *out, size_t n, const char *what);
/* Points *out at the next n bytes and skips them. */
bool w2n_read_bytes(struct w2n_reader *r, size_t n, const uint8_t **out, const char *what);
/* A vec(byte) that must be valid UTF-8. */
bool w2n_read_name(struct w2n_reader *r, struct w2n_bytes *out, const char *what);
/* A vector count, rejected early if even `min_item_size`-byte items could not fit. */
bool w2n_read_count(struct w2n_reader *r, uint32_t *out, size_t min_item_size, const char *what);

/* True if [p, p+n) is well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF). */
bool w2n_utf8_valid(const uint8_t *p, size_t n);

#endif
