/* gemm — C = alpha*A*B + beta*C on doubles, 400x400, PolyBench gemm's loop order. */
#include "common.h"

#define N 400

static double A[N][N], B[N][N], C[N][N];

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 24);
	double alpha = 1.5, beta = 1.2;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (double)(i * j % N) / N;
			B[i][j] = (double)(i * (j + 2) % N) / N;
			C[i][j] = (double)((i * j + 1) % N) / N;
		}
	for (int r = 0; r < reps; r++)
		for (int i = 0; i < N; i++) {
			for (int j = 0; j < N; j++)
				C[i][j] *= beta;
			for (int k = 0; k < N; k++)
				for (int j = 0; j < N; j++)
					C[i][j] += alpha * A[i][k] * B[k][j];
		}
	printf("%.10e %08x\n", C[N / 2][N / 3], (unsigned)fnv(C, sizeof C, 0));
	return 0;
}
