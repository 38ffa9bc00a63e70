/* strmem.c — string scanning and bulk memory: NUL-terminated strings measured, searched,
 * compared and copied byte by byte (the loops libc would run), and blocks moved and filled
 * with __builtin_memcpy/memmove/memset of run-time sizes (memory.copy and memory.fill in the
 * wasm; libc's memcpy natively). */
#include "common.h"

#define DEFAULT_N 20
#define TEXT      (1u << 22) /* 4 MiB of text */
#define MAXSTR    4096

static char text[TEXT];
static char copy[TEXT];
static uint32_t starts[TEXT / 8]; /* offset of each string in text */

static uint32_t str_len(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (uint32_t)(p - s);
}

/* Offset of the first c in s, or the length of s. */
static uint32_t str_chr(const char *s, char c)
{
	uint32_t i = 0;
	while (s[i] && s[i] != c)
		i++;
	return i;
}

static int32_t str_cmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (int32_t)(uint8_t)*a - (int32_t)(uint8_t)*b;
}

/* Words of 1-12 letters separated by spaces, in strings of up to MAXSTR - 1 bytes each
 * ending in a NUL. Returns the number of strings. */
static uint32_t write_text(uint32_t seed)
{
	struct rng r = rng_seed(seed);
	uint32_t pos = 0, count = 0;
	while (pos + MAXSTR < TEXT) {
		uint32_t len = 1 + rng_next(&r) % (MAXSTR - 1);
		starts[count++] = pos;
		for (uint32_t i = 0; i < len; i++) {
			uint32_t v = rng_next(&r);
			text[pos + i] = v % 7 == 0 ? ' ' : (char)('a' + (v >> 8) % 26);
		}
		pos += len;
		text[pos++] = '\0';
	}
	return count;
}

static uint32_t scan(uint32_t count, uint32_t h)
{
	uint32_t prev = 0;
	for (uint32_t k = 0; k < count; k++) {
		const char *s = text + starts[k];
		uint32_t len = str_len(s);
		uint32_t q = str_chr(s, 'q');
		int32_t c = str_cmp(s, text + prev);
		h = mix(h, len ^ (q << 12) ^ (uint32_t)c);
		prev = starts[k];
	}
	return h;
}

/* Copies every string into `copy` through memcpy of its measured length, upper-cases it in
 * place, and compares it back with the original. */
static uint32_t copy_strings(uint32_t count, uint32_t h)
{
	uint32_t out = 0;
	for (uint32_t k = 0; k < count; k++) {
		const char *s = text + starts[k];
		uint32_t len = str_len(s) + 1;
		__builtin_memcpy(copy + out, s, len);
		for (char *p = copy + out; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 32);
		h = mix(h, (uint32_t)str_cmp(copy + out, s));
		out += len;
	}
	return h;
}

/* Bulk moves and fills of pseudo-random sizes and offsets, overlapping and not. */
static uint32_t bulk(uint32_t seed, uint32_t h)
{
	struct rng r = rng_seed(seed);
	for (uint32_t i = 0; i < 4000; i++) {
		uint32_t len = rng_next(&r) % (1u << 16);
		uint32_t from = rng_next(&r) % (TEXT - len), to = rng_next(&r) % (TEXT - len);
		switch (i % 3) {
		case 0:
			__builtin_memcpy(copy + to, text + from, len);
			break;
		case 1:
			__builtin_memmove(copy + to, copy + from, len);
			break;
		default:
			__builtin_memset(copy + to, (int)(i & 0x7f), len);
		}
		h = mix(h, (uint8_t)copy[(to + len / 2) % TEXT]);
	}
	return h;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t count = write_text(n);
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		h = scan(count, h);
		h = copy_strings(count, h);
		h = bulk(round, h);
	}
	return h;
}
