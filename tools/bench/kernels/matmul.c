/* matmul.c — dense f64 matrix multiply, C = A * B, in a cache-blocked i-k-j order: the inner
 * loop is a streaming multiply-add over rows, the usual shape of numeric code. */
#include "common.h"

#define DEFAULT_N 10
#define DIM       256
#define BLOCK     64

static double a[DIM * DIM], b[DIM * DIM], c[DIM * DIM];

static void fill(uint32_t seed)
{
	struct rng r = rng_seed(seed);
	for (uint32_t i = 0; i < DIM * DIM; i++) {
		a[i] = rng_unit(&r) - 0.5;
		b[i] = rng_unit(&r) - 0.5;
	}
	__builtin_memset(c, 0, sizeof c);
}

static void multiply(void)
{
	for (uint32_t kk = 0; kk < DIM; kk += BLOCK)
		for (uint32_t jj = 0; jj < DIM; jj += BLOCK)
			for (uint32_t i = 0; i < DIM; i++)
				for (uint32_t k = kk; k < kk + BLOCK; k++) {
					double aik = a[i * DIM + k];
					double *crow = &c[i * DIM];
					const double *brow = &b[k * DIM];
					for (uint32_t j = jj; j < jj + BLOCK; j++)
						crow[j] += aik * brow[j];
				}
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		fill(round);
		/* Several products per fill so the multiply, not the generator, dominates. */
		for (uint32_t rep = 0; rep < 8; rep++) {
			multiply();
			/* Feed C back into A (scaled to stay bounded) so no product is redundant. */
			for (uint32_t i = 0; i < DIM * DIM; i++) {
				a[i] = c[i] * (1.0 / 16.0);
				c[i] = 0.0;
			}
		}
		for (uint32_t i = 0; i < DIM * DIM; i += 97)
			h = mix_f64(h, a[i]);
	}
	return h;
}
