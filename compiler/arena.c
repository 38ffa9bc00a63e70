/* arena.c — a list of chunks; large requests get a chunk of their own. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>

#define CHUNK_SIZE (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct w2n_arena {
	struct chunk *head;
};

struct w2n_arena *w2n_arena_new(void)
{
	return calloc(1, sizeof(struct w2n_arena));
}

void w2n_arena_free(struct w2n_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

static struct chunk *new_chunk(struct w2n_arena *a, size_t size)
{
	struct chunk *c = calloc(1, sizeof(*c) + size);
	if (!c)
		return NULL;
	c->size = size;
	c->next = a->head;
	a->head = c;
	return c;
}

void *w2n_arena_alloc(struct w2n_arena *a, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		size = 16;
	struct chunk *c = a->head;
	if (size > CHUNK_SIZE / 4) {
		/* A big array gets its own chunk, linked behind the current one so that small
		 * allocations keep filling the current chunk. */
		struct chunk *big = calloc(1, sizeof(*big) + size);
		if (!big)
			return NULL;
		big->size = big->used = size;
		if (c) {
			big->next = c->next;
			c->next = big;
		} else {
			a->head = big;
		}
		return big->data;
	}
	if (!c || c->size - c->used < size) {
		c = new_chunk(a, CHUNK_SIZE);
		if (!c)
			return NULL;
	}
	void *p = c->data + c->used;
	c->used += size;
	return p;
}

void *w2n_arena_array(struct w2n_arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return w2n_arena_alloc(a, n * size);
}
