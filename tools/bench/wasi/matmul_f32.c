/* matmul_f32 — single-precision matrix multiply, 384x384, i-k-j order (what a C programmer
 * writes; natively the j loop vectorizes). */
#include "common.h"

#define N 384

static float A[N][N], B[N][N], C[N][N];

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 60);
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			A[i][j] = (float)((i * 7 + j * 3) % 17) / 17.0f;
			B[i][j] = (float)((i * 5 + j * 11) % 13) / 13.0f;
		}
	double sum = 0;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < N; i++)
			for (int j = 0; j < N; j++)
				C[i][j] = 0;
		for (int i = 0; i < N; i++)
			for (int k = 0; k < N; k++) {
				float a = A[i][k];
				for (int j = 0; j < N; j++)
					C[i][j] += a * B[k][j];
			}
		sum += C[r % N][(r * 7) % N];
		A[r % N][r % N] += 1.0f;
	}
	printf("%.6e %08x\n", sum, (unsigned)fnv(C, sizeof C, 0));
	return 0;
}
