/* common.h — what the WASI benchmark programs share (tools/bench/wasi_bench.py,
 * docs/benchmarks.md "C programs against native"). Each program is an ordinary hosted C
 * program: built natively against glibc and to wasm32-wasi against wasi-libc from the same
 * source. `main` takes one optional argument, the number of repetitions (the default is about
 * 0.2-0.6 s natively), and prints a checksum that must be the same on every build. */
#ifndef WASI_BENCH_COMMON_H
#define WASI_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* xorshift64*: the same stream on every target. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static inline uint32_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dull) >> 32);
}

static inline int reps_arg(int argc, char **argv, int dflt)
{
	return argc > 1 ? atoi(argv[1]) : dflt;
}

static inline void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fputs("out of memory\n", stderr);
		exit(2);
	}
	return p;
}

/* FNV-1a over a buffer: the checksum of results that live in memory. */
static inline uint32_t fnv(const void *p, size_t n, uint32_t h)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

#endif
