/* test_string.c — memcpy, memmove, memset, memcmp, strlen, strcmp against byte-at-a-time
 * references, at every small length and alignment, overlapping both ways for memmove, and at
 * sizes around the x86-64 rep movsb/stosb switch-over. */
#include "check.h"

static unsigned char a[256], b[256], ref[256];

static void pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

static bool same(const unsigned char *p, const unsigned char *q, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != q[i])
			return false;
	}
	return true;
}

static void test_memcpy(void)
{
	bool ok = true;
	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 100; n++) {
			pattern(a, sizeof a, 1);
			pattern(b, sizeof b, 2);
			pattern(ref, sizeof ref, 2);
			for (size_t i = 0; i < n; i++)
				ref[off + 3 + i] = a[off + i];
			ok &= memcpy(b + off + 3, a + off, n) == b + off + 3;
			ok &= same(b, ref, sizeof b);
		}
	}
	CHECK(ok);
}

static void test_memmove(void)
{
	bool ok = true;
	for (size_t dst = 0; dst < 40; dst++) {
		for (size_t src = 0; src < 40; src++) {
			for (size_t n = 0; n < 70; n += 3) {
				pattern(a, sizeof a, 5);
				pattern(ref, sizeof ref, 5);
				unsigned char tmp[80];
				for (size_t i = 0; i < n; i++)
					tmp[i] = ref[src + i];
				for (size_t i = 0; i < n; i++)
					ref[dst + i] = tmp[i];
				ok &= memmove(a + dst, a + src, n) == a + dst;
				ok &= same(a, ref, sizeof a);
			}
		}
	}
	CHECK(ok);
}

static void test_memset(void)
{
	bool ok = true;
	for (size_t off = 0; off < 9; off++) {
		for (size_t n = 0; n < 100; n++) {
			pattern(a, sizeof a, 3);
			pattern(ref, sizeof ref, 3);
			for (size_t i = 0; i < n; i++)
				ref[off + i] = 0xa5;
			ok &= memset(a + off, 0x1a5, n) == a + off; /* only the low byte counts */
			ok &= same(a, ref, sizeof a);
		}
	}
	CHECK(ok);
}

/* Sizes from a few hundred bytes to a few kilobytes take other paths (rep movsb/stosb on
 * x86-64): each length and alignment near the switch-over, and memmove overlapping both
 * ways by less than a cache line and by more. */
static unsigned char big[8192], big_ref[8192];

static bool big_move(size_t dst, size_t src, size_t n)
{
	static unsigned char tmp[8192];
	pattern(big, sizeof big, 9);
	pattern(big_ref, sizeof big_ref, 9);
	for (size_t i = 0; i < n; i++)
		tmp[i] = big_ref[src + i];
	for (size_t i = 0; i < n; i++)
		big_ref[dst + i] = tmp[i];
	return memmove(big + dst, big + src, n) == big + dst && same(big, big_ref, sizeof big);
}

static void test_large(void)
{
	static const size_t sizes[] = {500, 511, 512, 513, 777, 1024, 2048, 4000};
	static const size_t shifts[] = {1, 7, 8, 63, 64, 65, 1000};
	bool ok = true;
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		for (size_t off = 0; off < 3; off++) {
			pattern(big, sizeof big, 1);
			pattern(big_ref, sizeof big_ref, 1);
			for (size_t i = 0; i < n; i++)
				big_ref[4100 + off + i] = big_ref[off + 5 + i];
			ok &= memcpy(big + 4100 + off, big + off + 5, n) == big + 4100 + off;
			ok &= same(big, big_ref, sizeof big);
			pattern(big, sizeof big, 2);
			pattern(big_ref, sizeof big_ref, 2);
			for (size_t i = 0; i < n; i++)
				big_ref[off + 1 + i] = 0x5a;
			ok &= memset(big + off + 1, 0x5a, n) == big + off + 1;
			ok &= same(big, big_ref, sizeof big);
		}
		for (size_t j = 0; j < sizeof shifts / sizeof *shifts; j++) {
			ok &= big_move(2000, 2000 + shifts[j], n); /* destination below the source */
			ok &= big_move(2000 + shifts[j], 2000, n); /* destination above */
		}
	}
	CHECK(ok);
}

static void test_compare(void)
{
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK(memcmp("abc", "abd", 2) == 0);
	CHECK(memcmp("\x80", "\x01", 1) > 0); /* bytes compare unsigned */
	CHECK(memcmp(NULL, NULL, 0) == 0);
	CHECK(strlen("") == 0);
	CHECK(strlen("hello") == 5);
	CHECK(strcmp("a", "a") == 0);
	CHECK(strcmp("a", "ab") < 0);
	CHECK(strcmp("b", "ab") > 0);
	CHECK(strcmp("\xff", "a") > 0);
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_memcpy();
	test_memmove();
	test_memset();
	test_large();
	test_compare();
	return summary();
}
