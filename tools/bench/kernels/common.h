/* common.h — what every benchmark kernel shares. A kernel is one freestanding C file built
 * three ways from the same source (docs/benchmarks.md): natively, to wasm32 and then through
 * wasm2native. So it uses no libc and no headers but this one: memory comes from static arrays
 * (zero-initialized, so they cost no data segment in the wasm), bulk memory from the
 * __builtin_mem* functions (memory.copy/fill in the wasm, built with -mbulk-memory).
 *
 * Each kernel defines exactly one entry, `uint32_t bench_run(uint32_t n)`: n scales the work
 * (0 means the kernel's DEFAULT_N, about 0.2-1 s natively), the result is a checksum that
 * must be the same natively and in wasm. A call re-initializes all the state it reads, so
 * repeated calls do the same work and return the same checksum.
 */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

/* The compiler's own type macros: no <stdint.h>, which would need a libc on wasm32. */
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __SIZE_TYPE__ size_t;

uint32_t bench_run(uint32_t n);

/* A small deterministic generator (xorshift64*): the same stream on every target. */
struct rng {
	uint64_t s;
};

static inline struct rng rng_seed(uint64_t seed)
{
	/* xorshift must not start at 0; the odd constant also spreads small seeds. */
	struct rng r = {seed * 0x9e3779b97f4a7c15ull | 1};
	return r;
}

static inline uint32_t rng_next(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 0x2545f4914f6cdd1dull) >> 32);
}

/* A uniform double in [0, 1) from 53 random bits. */
static inline double rng_unit(struct rng *r)
{
	uint64_t hi = rng_next(r), lo = rng_next(r);
	return (double)(((hi << 32) | lo) >> 11) * (1.0 / 9007199254740992.0);
}

/* Folds a value into a running checksum (order-sensitive, so a reordering shows). */
static inline uint32_t mix(uint32_t h, uint32_t v)
{
	h ^= v;
	h *= 0x01000193u;
	return h ^ (h >> 15);
}

/* The bits of a double, for checksums that must match exactly across targets (no FMA on
 * either side, IEEE arithmetic and a correctly rounded sqrt make results bit-identical). */
static inline uint32_t mix_f64(uint32_t h, double d)
{
	uint64_t b;
	__builtin_memcpy(&b, &d, sizeof b);
	return mix(mix(h, (uint32_t)b), (uint32_t)(b >> 32));
}

#endif
