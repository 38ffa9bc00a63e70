/* malloc.c — allocates and touches 1 MiB blocks until malloc fails (or 64 MiB are reached),
 * then reports how far it got. Linked without a declared maximum, the module could grow to
 * 4 GiB: only the limit the executable is given (--max-memory) stops it short of 64 MiB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1024 * 1024)

static char *blocks[64];

int main(void)
{
	size_t n = 0;
	while (n < 64 && (blocks[n] = malloc(BLOCK)) != NULL) {
		memset(blocks[n], 0x5a, BLOCK); /* touch it: the pages are really there */
		n++;
	}
	size_t pages = __builtin_wasm_memory_size(0);
	printf("%s after %zu MiB; memory is %zu KiB\n", n < 64 ? "malloc failed" : "stopped", n,
	       pages * 64);
	for (size_t i = 0; i < n; i++)
		free(blocks[i]);
	return 0;
}
