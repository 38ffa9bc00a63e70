/* libc_match.h — recognizing libc string and memory routines in a module by their code.
 *
 * Owner: libc_match.c; the known bodies are rows of libc_known.def. A defined function is
 * recognized as, say, memcpy only when a hash of its normalized body (signature, locals,
 * every instruction with its immediates; call targets replaced by what they are) equals the
 * hash of a known implementation of memcpy, and every function it calls is itself recognized
 * as what that implementation calls, in the same order. Names play no part. lower_libc.c then gives a recognized
 * function a fast path into the runtime (docs/libc-routines.md). */
#ifndef W2N_LIBC_MATCH_H
#define W2N_LIBC_MATCH_H

#include <stdint.h>

#include "wasm2native/module.h"

/* The routines there is a fast path for. NONE: not recognized. */
enum w2n_libc_fn {
	W2N_LIBC_NONE,
	W2N_LIBC_MEMCPY,     /* void *memcpy(void *d, const void *s, size_t n) */
	W2N_LIBC_MEMMOVE,    /* void *memmove(void *d, const void *s, size_t n) */
	W2N_LIBC_MEMSET,     /* void *memset(void *d, int c, size_t n) */
	W2N_LIBC_MEMCHR,     /* void *memchr(const void *s, int c, size_t n) */
	W2N_LIBC_MEMCMP,     /* int memcmp(const void *a, const void *b, size_t n) */
	W2N_LIBC_STRLEN,     /* size_t strlen(const char *s) */
	W2N_LIBC_STRCHRNUL,  /* char *__strchrnul(const char *s, int c) */
	W2N_LIBC_STRCHR,     /* char *strchr(const char *s, int c) */
	W2N_LIBC_STRCMP,     /* int strcmp(const char *a, const char *b) */
	W2N_LIBC_STRSTR,     /* char *strstr(const char *h, const char *n) */
	W2N_LIBC_MEMCHR_NUL, /* memchr(s, n) with c = 0 removed: binaryen's dead-argument pass
	                        makes it when every caller passes 0 (strstr's only use) */
	/* Static helpers of musl's strstr: recognized so that strstr can be, no fast path. */
	W2N_LIBC_TWOWAY_STRSTR,   /* twoway_strstr(h, n) */
	W2N_LIBC_FOURBYTE_STRSTR, /* fourbyte_strstr(h, n) */
	W2N_LIBC_COUNT
};

/* Which routine each function in [begin, end) is (NONE for imports and everything else), in an
 * array indexed by function index (entries outside the range: NONE unless a function in it
 * calls them); the caller frees the array. Only functions whose signature fits one of the
 * routines are hashed. */
uint8_t *w2n_libc_match(const struct w2n_module *m, uint32_t begin, uint32_t end);

/* The normalized-body hash of a defined function (what libc_known.def lists), and through
 * callees/ncallees (at most max) the functions it calls, in order. Exposed for the table's
 * generator (tools/libc_hashes.c) and the unit tests. */
uint64_t w2n_libc_body_hash(const struct w2n_module *m, uint32_t func, uint32_t *callees,
                            uint32_t *ncallees, uint32_t max);

/* The routine's C name ("memcpy"), as libc_known.def's CALLS column and the generator spell
 * it. */
const char *w2n_libc_name(enum w2n_libc_fn fn);

#endif
