/* hash.c — three hash functions over a 1 MiB buffer: FNV-1a (a serial byte loop, latency
 * bound), a four-lane 32-bit multiply-rotate hash in the style of xxHash, and a 64-bit
 * add-rotate-xor hash in the style of SipHash-2-4. Rotates, 32- and 64-bit multiplies,
 * unaligned little-endian word loads. */
#include "common.h"

#define DEFAULT_N 60
#define SIZE      (1u << 20)

static uint8_t buf[SIZE];

static inline uint32_t rotl32(uint32_t x, unsigned r)
{
	return (x << r) | (x >> (32 - r));
}

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

/* Little-endian loads through memcpy: unaligned-safe, one load on both targets. */
static inline uint32_t load32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

static uint32_t fnv1a(const uint8_t *p, uint32_t len)
{
	uint32_t h = 0x811c9dc5u;
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x01000193u;
	return h;
}

#define P1 0x9e3779b1u
#define P2 0x85ebca77u
#define P3 0xc2b2ae3du

static inline uint32_t lane(uint32_t acc, uint32_t in)
{
	return rotl32(acc + in * P2, 13) * P1;
}

/* len must be a multiple of 16. */
static uint32_t lanes32(const uint8_t *p, uint32_t len, uint32_t seed)
{
	uint32_t v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
	for (uint32_t i = 0; i < len; i += 16) {
		v1 = lane(v1, load32(p + i));
		v2 = lane(v2, load32(p + i + 4));
		v3 = lane(v3, load32(p + i + 8));
		v4 = lane(v4, load32(p + i + 12));
	}
	uint32_t h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18) + len;
	h ^= h >> 15;
	h *= P2;
	h ^= h >> 13;
	h *= P3;
	return h ^ (h >> 16);
}

struct sip {
	uint64_t v0, v1, v2, v3;
};

static inline void sip_round(struct sip *s)
{
	s->v0 += s->v1;
	s->v1 = rotl64(s->v1, 13) ^ s->v0;
	s->v0 = rotl64(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl64(s->v3, 16) ^ s->v2;
	s->v0 += s->v3;
	s->v3 = rotl64(s->v3, 21) ^ s->v0;
	s->v2 += s->v1;
	s->v1 = rotl64(s->v1, 17) ^ s->v2;
	s->v2 = rotl64(s->v2, 32);
}

/* len must be a multiple of 8. */
static uint64_t sip64(const uint8_t *p, uint32_t len, uint64_t k0, uint64_t k1)
{
	struct sip s = {k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
	                k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull};
	for (uint32_t i = 0; i < len; i += 8) {
		uint64_t m = load64(p + i);
		s.v3 ^= m;
		sip_round(&s);
		sip_round(&s);
		s.v0 ^= m;
	}
	s.v2 ^= 0xff;
	for (int r = 0; r < 4; r++)
		sip_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	struct rng r = rng_seed(7);
	for (uint32_t i = 0; i < SIZE; i += 4) {
		uint32_t v = rng_next(&r);
		__builtin_memcpy(buf + i, &v, 4);
	}
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		/* Hash whole buffer and shifted windows, so loads are unaligned half of the time. */
		uint32_t off = round & 7;
		uint32_t len = (SIZE - 64) & ~15u;
		h = mix(h, fnv1a(buf + off, len));
		h = mix(h, lanes32(buf + off, len, round));
		uint64_t s = sip64(buf + off, len, round, h);
		h = mix(mix(h, (uint32_t)s), (uint32_t)(s >> 32));
		/* Perturb the buffer so no round repeats the last one's input. */
		buf[round * 4099 % SIZE] ^= (uint8_t)h;
	}
	return h;
}
