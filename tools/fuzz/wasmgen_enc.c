/* wasmgen_enc.c — the generator's two primitives: writing the binary format (bytes, LEB128,
 * names, sections) and taking choices from the input bytes. */
#include "wasmgen_gen.h"

#include <stdlib.h>
#include <string.h>

const uint8_t wg_numtypes[4] = {I32, I64, F32, F64};

/* ---- encoding ---------------------------------------------------------------------------- */

void wg_put(struct buf *b, const void *p, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->n + n)
			cap *= 2;
		uint8_t *q = realloc(b->p, cap);
		if (!q) {
			b->oom = true;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
}

void wg_byte(struct buf *b, uint8_t x)
{
	wg_put(b, &x, 1);
}

void wg_uleb(struct buf *b, uint64_t v)
{
	do {
		wg_byte(b, (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0)));
		v >>= 7;
	} while (v);
}

void wg_sleb(struct buf *b, int64_t v)
{
	for (;;) {
		uint8_t x = v & 0x7f;
		v >>= 7; /* arithmetic shift: sign bits come in */
		if ((v == 0 && !(x & 0x40)) || (v == -1 && (x & 0x40))) {
			wg_byte(b, x);
			return;
		}
		wg_byte(b, x | 0x80);
	}
}

void wg_name(struct buf *b, const char *s)
{
	wg_uleb(b, strlen(s));
	wg_put(b, s, strlen(s));
}

/* Appends section `id` holding `body`, and frees body. */
void wg_section(struct buf *m, uint8_t id, struct buf *body)
{
	wg_byte(m, id);
	wg_uleb(m, body->n);
	wg_put(m, body->p, body->n);
	m->oom |= body->oom;
	free(body->p);
	*body = (struct buf){0};
}

/* ---- choices ----------------------------------------------------------------------------- */

unsigned wg_pick(struct gen *g, unsigned n)
{
	uint8_t x = 0;
	if (g->left) {
		x = *g->in++;
		g->left--;
	}
	return n ? x % n : 0;
}

static uint64_t pick64(struct gen *g)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | wg_pick(g, 256);
	return v;
}

/* A number that is often at an edge: 0, ±1, a power of two and its neighbours, a min/max. */
uint64_t wg_interesting(struct gen *g)
{
	static const uint64_t edges[] = {0,
	                                 1,
	                                 2,
	                                 0xffffffffffffffff,
	                                 0x7fffffff,
	                                 0x80000000,
	                                 0xffffffff,
	                                 0x7fffffffffffffff,
	                                 0x8000000000000000,
	                                 65536,
	                                 65535,
	                                 65537,
	                                 31,
	                                 32,
	                                 63,
	                                 64};
	unsigned k = wg_pick(g, 4);
	if (k == 0)
		return pick64(g);
	if (k == 1)
		return (uint64_t)1 << wg_pick(g, 64);
	return edges[wg_pick(g, sizeof edges / sizeof edges[0])];
}

uint8_t wg_numtype(struct gen *g)
{
	return wg_numtypes[wg_pick(g, 4)];
}
