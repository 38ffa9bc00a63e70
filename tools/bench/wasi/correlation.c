/* correlation — the correlation matrix of 1200 samples of 600 variables (doubles),
 * PolyBench correlation's loops: column means and deviations, then a column-by-column inner
 * product (strided accesses over 5.5 MiB). */
#include "common.h"
#include <math.h>

#define M  600  /* variables (columns) */
#define NS 1200 /* samples (rows) */

static double data[NS][M], corr[M][M], mean[M], stddev[M];

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 1);
	double float_n = NS, eps = 0.1, acc = 0;
	for (int r = 0; r < reps; r++) {
		for (int i = 0; i < NS; i++)
			for (int j = 0; j < M; j++)
				data[i][j] = (double)(i * j + r) / M + i;
		for (int j = 0; j < M; j++) {
			mean[j] = 0.0;
			for (int i = 0; i < NS; i++)
				mean[j] += data[i][j];
			mean[j] /= float_n;
		}
		for (int j = 0; j < M; j++) {
			stddev[j] = 0.0;
			for (int i = 0; i < NS; i++)
				stddev[j] += (data[i][j] - mean[j]) * (data[i][j] - mean[j]);
			stddev[j] /= float_n;
			stddev[j] = sqrt(stddev[j]);
			stddev[j] = stddev[j] <= eps ? 1.0 : stddev[j];
		}
		for (int i = 0; i < NS; i++)
			for (int j = 0; j < M; j++) {
				data[i][j] -= mean[j];
				data[i][j] /= sqrt(float_n) * stddev[j];
			}
		for (int i = 0; i < M - 1; i++) {
			corr[i][i] = 1.0;
			for (int j = i + 1; j < M; j++) {
				corr[i][j] = 0.0;
				for (int k = 0; k < NS; k++)
					corr[i][j] += data[k][i] * data[k][j];
				corr[j][i] = corr[i][j];
			}
		}
		corr[M - 1][M - 1] = 1.0;
		acc += corr[M / 2][M / 3];
	}
	printf("%.10e %08x\n", acc, (unsigned)fnv(corr, sizeof corr, 0));
	return 0;
}
