/* test_alloc.c — the allocator: alignment, distinct blocks, reuse, calloc zeroing reused
 * blocks, realloc keeping contents across size classes and for large (mremap) blocks. */
#include "check.h"

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i + seed);
}

static bool holds(const unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != (unsigned char)(i + seed))
			return false;
	}
	return true;
}

static void test_sizes(void)
{
	static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 4000, 32752, 32753, 100000, 5u << 20};
	unsigned char *p[sizeof sizes / sizeof sizes[0]];
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		p[i] = w2n_malloc(sizes[i]);
		CHECK(p[i] != NULL && ((uintptr_t)p[i] & 15) == 0);
		fill(p[i], sizes[i], (unsigned)i);
	}
	/* No block overlaps another: every pattern survived all the later writes. */
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		CHECK(holds(p[i], sizes[i], (unsigned)i));
		w2n_free(p[i]);
	}
	w2n_free(NULL);
}

static void test_reuse(void)
{
	unsigned char *p = w2n_malloc(200);
	memset(p, 0xff, 200);
	w2n_free(p);
	unsigned char *q = w2n_calloc(25, 8);
	CHECK(q == p); /* the freed block of the same class */
	bool zero = true;
	for (int i = 0; i < 200; i++)
		zero &= q[i] == 0;
	CHECK(zero);
	w2n_free(q);
	CHECK(w2n_calloc((size_t)1 << 40, (size_t)1 << 40) == NULL); /* n * size overflows */
	CHECK(w2n_malloc(~(size_t)0) == NULL);
}

static void test_realloc(void)
{
	unsigned char *p = w2n_realloc(NULL, 10);
	fill(p, 10, 3);
	for (size_t n = 20; n < (1u << 22); n *= 3) {
		p = w2n_realloc(p, n);
		CHECK(p != NULL && holds(p, 10, 3));
	}
	/* Large blocks move with mremap and keep everything. */
	fill(p, 1u << 21, 9);
	p = w2n_realloc(p, 3u << 22);
	CHECK(p != NULL && holds(p, 1u << 21, 9));
	unsigned char *same = w2n_realloc(p, 100); /* shrinking keeps the block */
	CHECK(same == p);
	w2n_free(p);
}

static void test_many(void)
{
	void *blocks[5000];
	for (int i = 0; i < 5000; i++)
		blocks[i] = w2n_malloc((size_t)(i % 300) + 1);
	bool ok = true;
	for (int i = 0; i < 5000; i++) {
		ok &= blocks[i] != NULL;
		memset(blocks[i], i & 0xff, (size_t)(i % 300) + 1);
	}
	for (int i = 0; i < 5000; i++) {
		const unsigned char *b = blocks[i];
		ok &= b[0] == (i & 0xff) && b[i % 300] == (i & 0xff);
		w2n_free(blocks[i]);
	}
	CHECK(ok);
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_sizes();
	test_reuse();
	test_realloc();
	test_many();
	return summary();
}
