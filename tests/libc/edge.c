/* edge.c — wasi-libc's string and memory routines on their edge cases, for tests/libc/run.py:
 * the same program compiled with the runtime's fast paths and with --no-fast-libc must print
 * the same and trap the same. `edge` prints results; `oob-NAME` runs NAME on a range that ends
 * past the memory (after printing what it did in bounds), which must trap.
 * The calls go through volatile function pointers so that clang keeps every call. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void *(*volatile f_memcpy)(void *, const void *, size_t) = memcpy;
void *(*volatile f_memmove)(void *, const void *, size_t) = memmove;
void *(*volatile f_memset)(void *, int, size_t) = memset;
void *(*volatile f_memchr)(const void *, int, size_t) = memchr;
int (*volatile f_memcmp)(const void *, const void *, size_t) = memcmp;
size_t (*volatile f_strlen)(const char *) = strlen;
char *(*volatile f_strchr)(const char *, int) = strchr;
int (*volatile f_strcmp)(const char *, const char *) = strcmp;
char *(*volatile f_strstr)(const char *, const char *) = strstr;

static unsigned char buf[4096];

static uint32_t sum(void)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < sizeof buf; i++)
		h = (h ^ buf[i]) * 16777619u;
	return h;
}

static void fill(void)
{
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 8));
}

static long off(const void *p)
{
	return p ? (long)((const unsigned char *)p - buf) : -1;
}

static void copies(void)
{
	static const size_t sizes[] = {0, 1, 3, 7, 8, 15, 16, 31, 33, 64, 100, 511, 512, 1000};
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		for (int d = 0; d < 5; d++) {
			fill();
			f_memcpy(buf + 2048 + d, buf + 3 + d * 3, n); /* disjoint, unaligned */
			printf("memcpy %zu %d: %08x\n", n, d, sum());
			fill();
			f_memcpy(buf + 10 + d, buf + 12, n); /* overlapping: musl's own mix */
			printf("memcpy-overlap %zu %d: %08x\n", n, d, sum());
			fill();
			f_memmove(buf + 10 + d, buf + 13, n); /* overlapping, both ways */
			f_memmove(buf + 700, buf + 699 - d, n);
			printf("memmove %zu %d: %08x %ld\n", n, d, sum(), off(f_memmove(buf + d, buf + d, n)));
			fill();
			printf("memset %zu %d: %ld ", n, d, off(f_memset(buf + d, 0x1ab + d, n)));
			printf("%08x\n", sum());
		}
	}
}

static void scans(void)
{
	fill();
	buf[4095] = 0;
	for (int c = -300; c < 300; c += 37) {
		printf("memchr %d: %ld %ld %ld\n", c, off(f_memchr(buf, c, 4096)),
		       off(f_memchr(buf + 5, c, 100)), off(f_memchr(buf, c, 0)));
		printf("strchr %d: %ld %ld\n", c, off(f_strchr((char *)buf + 1, c)),
		       off(f_strchr((char *)buf + 4000, c)));
	}
	printf("strchr nul: %ld\n", off(f_strchr((char *)buf + 3, 0)));
	static unsigned char a[300], b[300];
	for (int i = 0; i < 300; i++)
		a[i] = b[i] = (unsigned char)(i * 13 + 1);
	a[299] = b[299] = 0;
	for (int i = 0; i < 299; i += 23) {
		b[i] ^= 0x80; /* a difference that is negative or positive as a signed char */
		printf("memcmp %d: %d %d %d strcmp %d %d\n", i, f_memcmp(a, b, 300),
		       f_memcmp(b + 1, a + 1, 299), f_memcmp(a, b, (size_t)i),
		       f_strcmp((char *)a, (char *)b), f_strcmp((char *)b + 2, (char *)a + 2));
		b[i] ^= 0x80;
	}
	printf("strcmp equal: %d, prefix %d %d\n", f_strcmp((char *)a, (char *)b),
	       f_strcmp("abc", "abcd"), f_strcmp("abcd", "abc"));
	for (int i = 0; i < 40; i++)
		printf("strlen %d: %zu\n", i, f_strlen((char *)a + 260 + i % 39));
}

/* strstr, and the shadow stack below the caller afterwards: musl's two-way search keeps
 * tables there, which the fast path must leave as the module's code does. The region is
 * filled and hashed in this function, with no call but strstr's in between; its bounds go
 * through globals so that clang must assume the call may write there. */
unsigned char *volatile stack_lo, *volatile stack_hi;

static __attribute__((noinline)) void strstr_stack(const char *h, const char *n)
{
	volatile unsigned char probe = 0;
	stack_lo = (unsigned char *)&probe - 3000;
	stack_hi = (unsigned char *)&probe - 64;
	for (unsigned char *p = stack_lo; p < stack_hi; p++)
		*p = 0x5a;
	char *r = f_strstr(h, n);
	uint32_t hash = 2166136261u, changed = 0;
	for (unsigned char *p = stack_lo; p < stack_hi; p++) {
		hash = (hash ^ *p) * 16777619u;
		changed += *p != 0x5a;
	}
	printf("strstr \"%.12s\": %ld stack %u %08x\n", n, r ? (long)(r - h) : -1L, changed, hash);
}

static void strstrs(void)
{
	static char hay[2000];
	for (int i = 0; i < 1999; i++)
		hay[i] = (char)('a' + (i * 7 + i / 13) % 5);
	hay[1999] = 0;
	memcpy(hay + 1500, "needle!xyz", 10);
	static const char *const needles[] = {"",
	                                      "a",
	                                      "ab",
	                                      "abc",
	                                      "abcd",
	                                      "abcde",
	                                      "needle!",
	                                      "needle!xyz",
	                                      "needle!xyzq",
	                                      "e",
	                                      "ee",
	                                      "eee",
	                                      "eeee",
	                                      "aaaaa",
	                                      "cdeab",
	                                      "xyz",
	                                      "needle!xyzneedle!xyzneedle!xyz",
	                                      "ba",
	                                      "edcba",
	                                      "acegi",
	                                      "deab"};
	for (size_t i = 0; i < sizeof needles / sizeof *needles; i++) {
		strstr_stack(hay, needles[i]);
		strstr_stack(hay + 1495, needles[i]);
		strstr_stack(hay + 1990, needles[i]); /* a haystack shorter than some needles */
	}
	static char per[600];
	for (int i = 0; i < 599; i++)
		per[i] = (char)(i % 7 == 6 ? 'b' : 'a'); /* periodic: two-way's hard case */
	per[599] = 0;
	strstr_stack(per, "aaaaaabaaaaaab");
	strstr_stack(per, "aaaaaaaaab");
	strstr_stack(per + 1, "abaaaaaabaaaaaaba");
	/* needles whose first byte is also their last: the fast path's filter pairs it with
	 * another byte */
	strstr_stack(per, "aba");
	strstr_stack(per + 3, "abaaaaaaba");
	strstr_stack(hay, "eae");
	/* a candidate at 8 of every 10 positions: the fast path's budget runs out, then the
	 * module's own search answers */
	static char run[5000];
	for (int i = 0; i < 4999; i++)
		run[i] = (char)(i % 10 == 9 ? 'b' : 'a');
	run[4999] = 0;
	strstr_stack(run, "aaaaaaaaaa");
	strstr_stack(run + 4, "aaaaaaaaaaaaaaaaaaab");
}

/* A range that starts inside the memory and runs past its end. */
static int oob(const char *what)
{
	unsigned char *end = (unsigned char *)(__builtin_wasm_memory_size(0) * 65536);
	unsigned char *p = end - 40;
	for (int i = 0; i < 40; i++)
		p[i] = (unsigned char)('a' + i % 26);
	fflush(stdout);
	if (!strcmp(what, "memset"))
		f_memset(p, 'x', 100);
	else if (!strcmp(what, "memcpy"))
		f_memcpy(p, buf, 100);
	else if (!strcmp(what, "memcpy-src"))
		f_memcpy(buf, p, 100);
	else if (!strcmp(what, "memmove"))
		f_memmove(p - 8, p, 100);
	else if (!strcmp(what, "memchr-found")) /* found in bounds: no trap */
		printf("memchr: %ld\n", (long)((unsigned char *)f_memchr(p, 'c', 100) - p));
	else if (!strcmp(what, "memchr"))
		f_memchr(p, '#', 100);
	else if (!strcmp(what, "memcmp-diff")) /* differs in bounds: no trap */
		printf("memcmp: %d\n", f_memcmp(p, "abcX", 100));
	else if (!strcmp(what, "memcmp"))
		f_memcmp(p, p, 100);
	else if (!strcmp(what, "strlen"))
		f_strlen((char *)p);
	else if (!strcmp(what, "strchr"))
		f_strchr((char *)p, '#');
	else if (!strcmp(what, "strcmp"))
		f_strcmp((char *)p, (char *)p);
	else if (!strcmp(what, "strstr-found")) /* found in bounds, no read-ahead past the end */
		printf("strstr: %ld\n", (long)(f_strstr((char *)p, "cdefg") - (char *)p));
	else if (!strcmp(what, "strstr-near-end")) /* found, but the look-ahead may run out */
		printf("strstr: %ld\n", (long)(f_strstr((char *)p, "jklmnop") - (char *)p));
	else if (!strcmp(what, "strstr"))
		f_strstr((char *)p, "zzzzzz");
	else if (!strcmp(what, "strstr-needle"))
		f_strstr("abcdefghijklmnopqrstuvwxyzabcdefghijklmn", (char *)p);
	else
		return 2;
	/* What a trapping byte loop wrote before the trap is not visible here (the process
	 * ends); the runtime tests look at memory after a trap through the embedding API. */
	printf("no trap: %c%c\n", p[0], p[39]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strncmp(argv[1], "oob-", 4))
		return oob(argv[1] + 4);
	copies();
	scans();
	strstrs();
	return 0;
}
