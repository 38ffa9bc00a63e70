/* memory-growth.c — linear memory grows on demand (memory.grow, behind malloc) up to the
 * maximum the module declares, here 16 MiB (linked with -Wl,--max-memory=16777216). Past it,
 * memory.grow returns -1 and malloc returns NULL: an ordinary error the program handles, not a
 * crash. Each 64 KiB page is committed only when the guest grows into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE  (64 * 1024)
#define BLOCK (1024 * 1024)

static char *blocks[64];

int main(void)
{
	printf("start: %zu pages (%zu KiB)\n", __builtin_wasm_memory_size(0),
	       __builtin_wasm_memory_size(0) * PAGE / 1024);
	size_t n = 0;
	while (n < 64 && (blocks[n] = malloc(BLOCK)) != NULL) {
		memset(blocks[n], 0xa5, BLOCK); /* touch it: the pages are really there */
		n++;
	}
	printf("allocated %zu blocks of 1 MiB; memory is now %zu pages (%zu KiB)\n", n,
	       __builtin_wasm_memory_size(0), __builtin_wasm_memory_size(0) * PAGE / 1024);
	printf("then malloc returned NULL: memory.grow stops at the declared maximum\n");
	/* The instruction itself: the old size in pages, or -1 (as size_t: SIZE_MAX) for "no". */
	size_t old = __builtin_wasm_memory_grow(0, 16);
	printf("memory.grow by 16 pages returns %ld\n", old == (size_t)-1 ? -1L : (long)old);
	for (size_t i = 0; i < n; i++)
		free(blocks[i]);
	return 0;
}
