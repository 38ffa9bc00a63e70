/* mem_copy — memcpy, memmove (both directions, overlapping, unaligned) and memset on 8 MiB
 * buffers: what programs spend in libc's bulk copy routines. */
#include "common.h"
#include <string.h>

#define SIZE (8u << 20)

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 300);
	unsigned char *a = xmalloc(SIZE + 64), *b = xmalloc(SIZE + 64);
	for (uint32_t i = 0; i < SIZE + 64; i++)
		a[i] = (unsigned char)rng_next();
	memset(b, 0, SIZE + 64);
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		unsigned off = (unsigned)r % 13;
		memcpy(b + off, a + 3, SIZE - 64);              /* disjoint, unaligned */
		memmove(b + 1, b + 17 + off, SIZE - 128 - off); /* overlapping, forwards */
		memmove(a + 9 + off, a + 2, SIZE - 128 - off);  /* overlapping, backwards */
		memset(a + off, r & 0xff, SIZE / 4);
		for (unsigned k = 0; k < 64; k++) /* small copies too: struct-sized */
			memcpy(b + k * 4096, a + k * 97, 24 + k);
		h = fnv(b + (r * 4099) % SIZE, 64, h);
		h = fnv(a + (r * 7919) % SIZE, 64, h);
	}
	printf("%08x\n", (unsigned)(h ^ fnv(b, 4096, 0) ^ fnv(a + SIZE - 4096, 4096, 0)));
	return 0;
}
