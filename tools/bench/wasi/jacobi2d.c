/* jacobi2d — a 5-point Jacobi stencil on doubles, 1000x1000, PolyBench jacobi-2d's shape. */
#include "common.h"

#define N 1000

static double A[N][N], B[N][N];

int main(int argc, char **argv)
{
	int steps = reps_arg(argc, argv, 300);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = ((double)i * (j + 2) + 2) / N;
			B[i][j] = ((double)i * (j + 3) + 3) / N;
		}
	for (int t = 0; t < steps; t++) {
		for (int i = 1; i < N - 1; i++)
			for (int j = 1; j < N - 1; j++)
				B[i][j] = 0.2 * (A[i][j] + A[i][j - 1] + A[i][1 + j] + A[1 + i][j] + A[i - 1][j]);
		for (int i = 1; i < N - 1; i++)
			for (int j = 1; j < N - 1; j++)
				A[i][j] = 0.2 * (B[i][j] + B[i][j - 1] + B[i][1 + j] + B[1 + i][j] + B[i - 1][j]);
	}
	printf("%.10e %08x\n", A[N / 2][N / 3], (unsigned)fnv(A, sizeof A, 0));
	return 0;
}
