/* hashmap.c — an open-addressing hash map from u32 keys to u32 values with linear probing:
 * upserts, lookups that hit and miss, and deletions by backward shifting. Random access over
 * 8 MiB of slots, short data-dependent probe loops. */
#include "common.h"

#define DEFAULT_N 4
#define SLOTS     (1u << 20)       /* a power of two */
#define KEYS      (SLOTS / 10 * 7) /* load factor 0.7 */

struct slot {
	uint32_t key; /* 0: empty */
	uint32_t value;
};

static struct slot table[SLOTS];
static uint32_t keys[KEYS];

static inline uint32_t slot_of(uint32_t key)
{
	/* Fibonacci hashing: the multiply spreads the bits, the top bits index the table. */
	return (key * 0x9e3779b9u) >> 12;
}

static void upsert(uint32_t key, uint32_t add)
{
	uint32_t i = slot_of(key);
	while (table[i].key != 0 && table[i].key != key)
		i = (i + 1) & (SLOTS - 1);
	table[i].key = key;
	table[i].value += add;
}

/* The value, or 0 if absent. */
static uint32_t lookup(uint32_t key)
{
	uint32_t i = slot_of(key);
	for (;;) {
		if (table[i].key == key)
			return table[i].value;
		if (table[i].key == 0)
			return 0;
		i = (i + 1) & (SLOTS - 1);
	}
}

/* Removes key, then shifts later members of the probe run back into the hole so lookups
 * never need tombstones. */
static void erase(uint32_t key)
{
	uint32_t i = slot_of(key);
	while (table[i].key != key) {
		if (table[i].key == 0)
			return;
		i = (i + 1) & (SLOTS - 1);
	}
	uint32_t hole = i;
	for (;;) {
		i = (i + 1) & (SLOTS - 1);
		if (table[i].key == 0)
			break;
		uint32_t home = slot_of(table[i].key);
		/* The entry may move into the hole only if its home is not cyclically in (hole, i]. */
		if (((i - home) & (SLOTS - 1)) >= ((i - hole) & (SLOTS - 1))) {
			table[hole] = table[i];
			hole = i;
		}
	}
	table[hole].key = 0;
	table[hole].value = 0;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t h = 0;
	for (uint32_t round = 0; round < n; round++) {
		__builtin_memset(table, 0, sizeof table);
		struct rng r = rng_seed(round);
		for (uint32_t k = 0; k < KEYS; k++) {
			/* Keys from a range 4x their count: about a tenth of the upserts hit an existing key. */
			keys[k] = (rng_next(&r) % (KEYS * 4)) + 1;
			upsert(keys[k], k);
		}
		uint32_t sum = 0;
		for (uint32_t k = 0; k < KEYS; k++) {
			sum += lookup(keys[k]);            /* hit */
			sum += lookup(keys[k] + KEYS * 4); /* miss: outside the key range */
		}
		h = mix(h, sum);
		for (uint32_t k = 0; k < KEYS; k += 2)
			erase(keys[k]);
		sum = 0;
		for (uint32_t k = 0; k < KEYS; k++)
			sum += lookup(keys[k]) ^ k;
		h = mix(h, sum);
	}
	return h;
}
