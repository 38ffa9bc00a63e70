/* lu — in-place LU decomposition without pivoting of a 700x700 diagonally dominant double
 * matrix, PolyBench lu's loop nest (row-wise elimination; the k loop reads a column, which
 * a vectorizer for wide targets may turn into gathers). */
#include "common.h"

#define N 700

static double A[N][N];

static void init(void)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++)
			A[i][j] = i == j ? N + 1.0 : (double)((i * 7 + j * 3) % 11) / N;
}

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 4);
	double acc = 0;
	for (int r = 0; r < reps; r++) {
		init();
		for (int i = 0; i < N; i++) {
			for (int j = 0; j < i; j++) {
				for (int k = 0; k < j; k++)
					A[i][j] -= A[i][k] * A[k][j];
				A[i][j] /= A[j][j];
			}
			for (int j = i; j < N; j++)
				for (int k = 0; k < i; k++)
					A[i][j] -= A[i][k] * A[k][j];
		}
		acc += A[N / 2][N / 3];
	}
	printf("%.10e %08x\n", acc, (unsigned)fnv(A, sizeof A, 0));
	return 0;
}
