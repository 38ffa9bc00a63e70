/* floyd_heap — Floyd-Warshall on 900 nodes in a heap array with a run-time size, the way
 * PolyBench passes its arrays (`int (*path)[n]`): the compiler cannot see the bounds, so the
 * wasm steps two i32 pointers through each row (floyd.c has static arrays, which LLVM
 * vectorizes). The inner loop is where wasm's 32-bit address adds cost most
 * (docs/benchmarks.md, "Address arithmetic"). */
#include "common.h"

__attribute__((noinline)) static void shortest(int n, int (*path)[n])
{
	for (int k = 0; k < n; k++)
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				path[i][j] =
					path[i][j] < path[i][k] + path[k][j] ? path[i][j] : path[i][k] + path[k][j];
}

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 1);
	int n = 900;
	int(*path)[n] = xmalloc(sizeof(int) * (size_t)n * (size_t)n);
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				path[i][j] = (i + j + r) % 13 == 0 ? 999 : i * j % 7 + 1;
		shortest(n, path);
		h = fnv(path, sizeof(int) * (size_t)n * (size_t)n, h);
	}
	printf("%08x\n", (unsigned)h);
	free(path);
	return 0;
}
