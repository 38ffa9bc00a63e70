/* nussinov — RNA secondary structure by dynamic programming over a 1500-base sequence,
 * PolyBench nussinov's loop nest: max-reductions over a triangular int table, the inner loop
 * reading a row forwards and a column downwards (strided). */
#include "common.h"

#define N 1500

static int table[N][N];
static unsigned char seq[N];

static inline int max_int(int a, int b)
{
	return a >= b ? a : b;
}

static inline int match(int b1, int b2)
{
	return b1 + b2 == 3 ? 1 : 0;
}

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 1);
	uint32_t h = 0;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < N; i++)
			seq[i] = (unsigned char)(rng_next() % 4);
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				table[i][j] = 0;
		for (int i = N - 1; i >= 0; i--) {
			for (int j = i + 1; j < N; j++) {
				if (j - 1 >= 0)
					table[i][j] = max_int(table[i][j], table[i][j - 1]);
				if (i + 1 < N)
					table[i][j] = max_int(table[i][j], table[i + 1][j]);
				if (j - 1 >= 0 && i + 1 < N) {
					if (i < j - 1)
						table[i][j] =
							max_int(table[i][j], table[i + 1][j - 1] + match(seq[i], seq[j]));
					else
						table[i][j] = max_int(table[i][j], table[i + 1][j - 1]);
				}
				for (int k = i + 1; k < j; k++)
					table[i][j] = max_int(table[i][j], table[i][k] + table[k + 1][j]);
			}
		}
		h = fnv(table, sizeof table, h);
	}
	printf("%d %08x\n", table[0][N - 1], (unsigned)h);
	return 0;
}
