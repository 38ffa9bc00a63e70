/* floyd — Floyd-Warshall shortest paths on 640 nodes (int), PolyBench floyd-warshall's
 * shape. */
#include "common.h"

#define N 640

static int path[N][N];

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 3);
	uint32_t h = 2166136261u;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++) {
				path[i][j] = i * j % 7 + 1;
				if ((i + j) % 13 == 0 || (i + j) % 7 == 0 || (i + j) % 11 == 0)
					path[i][j] = 999;
			}
		for (int k = 0; k < N; k++)
			for (int i = 0; i < N; i++)
				for (int j = 0; j < N; j++)
					path[i][j] =
						path[i][j] < path[i][k] + path[k][j] ? path[i][j] : path[i][k] + path[k][j];
		h = fnv(path, sizeof path, h);
	}
	printf("%08x\n", (unsigned)h);
	return 0;
}
