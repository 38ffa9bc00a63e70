/* arena.h — bump allocation for everything a decoded module owns (freed all at once). */
#ifndef W2N_ARENA_H
#define W2N_ARENA_H

#include <stddef.h>

struct w2n_arena;

struct w2n_arena *w2n_arena_new(void);
void w2n_arena_free(struct w2n_arena *a);
/* Zeroed, 16-byte aligned memory; NULL only if the host is out of memory. */
void *w2n_arena_alloc(struct w2n_arena *a, size_t size);
/* n * size bytes, NULL on overflow or out of memory. */
void *w2n_arena_array(struct w2n_arena *a, size_t n, size_t size);

#endif
