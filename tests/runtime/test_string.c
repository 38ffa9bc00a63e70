/* test_string.c — memcpy, memmove, memset, memcmp, strlen, strcmp against byte-at-a-time
 * references, at every small length and alignment, overlapping both ways for memmove. */
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
	test_compare();
	return summary();
}
