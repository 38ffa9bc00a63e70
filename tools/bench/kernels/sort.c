/* sort.c — quicksort and bottom-up mergesort over pseudo-random u32s. Branchy compares and
 * data-dependent control flow, recursion (quicksort), and streaming loads/stores (merge). */
#include "common.h"

#define DEFAULT_N 4
#define COUNT     (1u << 19) /* 512 Ki elements, 2 MiB per array */

static uint32_t data[COUNT];
static uint32_t tmp[COUNT];

static void insertion_sort(uint32_t *a, int32_t lo, int32_t hi)
{
	for (int32_t i = lo + 1; i <= hi; i++) {
		uint32_t v = a[i];
		int32_t j = i - 1;
		while (j >= lo && a[j] > v) {
			a[j + 1] = a[j];
			j--;
		}
		a[j + 1] = v;
	}
}

static uint32_t median3(uint32_t a, uint32_t b, uint32_t c)
{
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	if (b > c)
		b = c;
	return a > b ? a : b;
}

/* Hoare partitioning around a median of three; recurses into the smaller side and loops on
 * the larger one, so the depth stays logarithmic. */
static void quicksort(uint32_t *a, int32_t lo, int32_t hi)
{
	while (hi - lo > 16) {
		uint32_t p = median3(a[lo], a[lo + (hi - lo) / 2], a[hi]);
		int32_t i = lo - 1, j = hi + 1;
		for (;;) {
			do
				i++;
			while (a[i] < p);
			do
				j--;
			while (a[j] > p);
			if (i >= j)
				break;
			uint32_t t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		if (j - lo < hi - j) {
			quicksort(a, lo, j);
			lo = j + 1;
		} else {
			quicksort(a, j + 1, hi);
			hi = j;
		}
	}
	insertion_sort(a, lo, hi);
}

/* Bottom-up mergesort: runs of 1, 2, 4, ... merged back and forth between the two arrays.
 * Returns the array that holds the result. */
static uint32_t *mergesort(uint32_t *a, uint32_t *b, uint32_t count)
{
	for (uint32_t width = 1; width < count; width *= 2) {
		for (uint32_t lo = 0; lo < count; lo += 2 * width) {
			uint32_t mid = lo + width < count ? lo + width : count;
			uint32_t hi = lo + 2 * width < count ? lo + 2 * width : count;
			uint32_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				b[k++] = a[i] <= a[j] ? a[i++] : a[j++];
			while (i < mid)
				b[k++] = a[i++];
			while (j < hi)
				b[k++] = a[j++];
		}
		uint32_t *t = a;
		a = b;
		b = t;
	}
	return a;
}

static void fill(uint32_t seed)
{
	struct rng r = rng_seed(seed);
	for (uint32_t i = 0; i < COUNT; i++)
		data[i] = rng_next(&r);
}

/* Sortedness check and a positional checksum of a sorted array. */
static uint32_t digest(uint32_t h, const uint32_t *a)
{
	for (uint32_t i = 0; i < COUNT; i++) {
		if (i > 0 && a[i - 1] > a[i])
			return 0xdeadu;
		h = mix(h, a[i] + i);
	}
	return h;
}

uint32_t bench_run(uint32_t n)
{
	if (n == 0)
		n = DEFAULT_N;
	uint32_t h = 0x811c9dc5u;
	for (uint32_t round = 0; round < n; round++) {
		fill(round);
		quicksort(data, 0, COUNT - 1);
		h = digest(h, data);
		fill(round + 1000);
		h = digest(h, mergesort(data, tmp, COUNT));
	}
	return h;
}
