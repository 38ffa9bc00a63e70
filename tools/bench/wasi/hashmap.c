/* hashmap — an open-addressing hash map (linear probing) of 4 million 64-bit keys in a
 * 64 MiB table: inserts, hits and misses at random places, so TLB and cache bound. */
#include "common.h"
#include <string.h>

#define SLOTS (1u << 23) /* 8 Mi slots of 8-byte keys */

static uint64_t *keys;
static uint32_t *vals;

static uint32_t slot_of(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (uint32_t)k & (SLOTS - 1);
}

static void put(uint64_t k, uint32_t v)
{
	uint32_t i = slot_of(k);
	while (keys[i] && keys[i] != k)
		i = (i + 1) & (SLOTS - 1);
	keys[i] = k;
	vals[i] = v;
}

static uint32_t get(uint64_t k)
{
	for (uint32_t i = slot_of(k); keys[i]; i = (i + 1) & (SLOTS - 1))
		if (keys[i] == k)
			return vals[i];
	return 0;
}

int main(int argc, char **argv)
{
	int reps = reps_arg(argc, argv, 1);
	keys = xmalloc(SLOTS * sizeof *keys);
	vals = xmalloc(SLOTS * sizeof *vals);
	uint64_t acc = 0;
	for (int r = 0; r < reps; r++) {
		memset(keys, 0, SLOTS * sizeof *keys);
		uint64_t seed = rng_state;
		for (uint32_t i = 0; i < SLOTS / 2; i++)
			put(((uint64_t)rng_next() << 32 | rng_next()) | 1, i);
		rng_state = seed;
		for (uint32_t i = 0; i < SLOTS / 2; i++)
			acc += get(((uint64_t)rng_next() << 32 | rng_next()) | 1);
		for (uint32_t i = 0; i < SLOTS / 4; i++)
			acc += get((uint64_t)rng_next() << 1); /* even keys: all misses */
	}
	printf("%llu\n", (unsigned long long)acc);
	return 0;
}
