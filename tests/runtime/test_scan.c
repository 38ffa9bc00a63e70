/* test_scan.c — the vector scans behind the libc fast paths (runtime/libc_scan.c), each
 * variant (16-byte vectors, and AVX2 when this CPU has it) against byte-at-a-time
 * references: a byte planted at every position of every length up to 300 (1 to 5 blocks of
 * 64 and the tails between), then random strings over a 4-letter alphabet. Every range ends
 * at an inaccessible page, so a scan that read one byte past it would crash the test. */
#include "check.h"

#define PAGE 4096
#define MAXN 300

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

/* A page followed by an inaccessible one; returns the first byte of the inaccessible page. */
static uint8_t *guarded(void)
{
	uint8_t *p =
		w2n_sys_mmap(2 * PAGE, W2N_PROT_READ | W2N_PROT_WRITE, W2N_MAP_PRIVATE | W2N_MAP_ANONYMOUS);
	if (!p || w2n_sys_mprotect(p + PAGE, PAGE, W2N_PROT_NONE) != 0) {
		w2n_dprintf(2, "test_scan: cannot map the test pages\n");
		w2n_sys_exit(1);
	}
	return p + PAGE;
}

static uint8_t *end_a, *end_b;

static uint64_t ref_byte(const uint8_t *p, uint64_t n, uint8_t c, bool nul)
{
	uint64_t i = 0;
	while (i < n && p[i] != c && !(nul && p[i] == 0))
		i++;
	return i;
}

static uint64_t ref_diff(const uint8_t *a, const uint8_t *b, uint64_t n, bool nul)
{
	uint64_t i = 0;
	while (i < n && a[i] == b[i] && !(nul && a[i] == 0))
		i++;
	return i;
}

static uint64_t ref_candidate(const uint8_t *p, uint64_t n, uint8_t f, uint8_t l, uint64_t gap)
{
	uint64_t i = 0;
	while (i < n && p[i] != 0 && !(p[i] == f && p[i + gap] == l))
		i++;
	return i;
}

/* One case: a (and b) hold n bytes (n + gap for a, for candidate) ending at the guard page. */
static bool agree(const struct w2n_scans *s, uint64_t n, uint64_t gap)
{
	const uint8_t *a = end_a - n - gap, *b = end_b - n, *ca = end_a - n;
	bool ok = s->byte(ca, n, 'x') == ref_byte(ca, n, 'x', false);
	ok &= s->byte(ca, n, 0) == ref_byte(ca, n, 0, false);
	ok &= s->byte_or_nul(ca, n, 'x') == ref_byte(ca, n, 'x', true);
	ok &= s->diff(ca, b, n) == ref_diff(ca, b, n, false);
	ok &= s->diff_or_nul(ca, b, n) == ref_diff(ca, b, n, true);
	ok &= s->candidate(a, n, 'x', 'y', gap) == ref_candidate(a, n, 'x', 'y', gap);
	return ok;
}

static void fill(uint8_t *p, uint64_t n, uint8_t c)
{
	for (uint64_t i = 0; i < n; i++)
		p[i] = c;
}

/* Background bytes that match nothing, one byte planted at every position. */
static void test_planted(const struct w2n_scans *s)
{
	static const uint8_t planted[] = {'x', 0, 'y', 0x80, 0xff};
	bool ok = true;
	for (uint64_t n = 0; n <= MAXN; n++) {
		for (uint64_t t = 0; t <= n; t++) {
			for (unsigned k = 0; k < sizeof planted; k++) {
				fill(end_a - PAGE, PAGE, 'a');
				fill(end_b - PAGE, PAGE, 'a');
				if (t < n) {
					end_a[-(int64_t)(n - t)] = planted[k]; /* found by byte, byte_or_nul */
					end_b[-(int64_t)(n - t)] = 'b';        /* a difference */
				}
				end_a[-(int64_t)n - 1] = 'x'; /* a candidate starts 1 byte before */
				ok &= agree(s, n, 0);
				end_a[-1] = 'y'; /* ... and with gap 7, its last byte at the end */
				ok &= agree(s, n > 7 ? n - 7 : 0, n > 7 ? 7 : n);
			}
		}
	}
	CHECK(ok);
}

/* Random strings over {x, y, a, NUL}, a and b equal but for a few bytes, gaps 0 to 20. */
static void test_random(const struct w2n_scans *s)
{
	static const uint8_t letters[] = {'x', 'y', 'a', 'a', 'a', 'a', 'a', 'a', 0};
	bool ok = true;
	for (int round = 0; round < 20000; round++) {
		uint64_t n = next() % (MAXN + 1), gap = next() % 21;
		unsigned sparse = 1 + next() % 64; /* one special byte in `sparse` */
		for (uint64_t i = 1; i <= n + gap; i++) {
			uint8_t c = next() % sparse ? 'a' : letters[next() % sizeof letters];
			end_a[-(int64_t)i] = c;
			end_b[-(int64_t)i] = next() % (4 * sparse) ? c : 'b';
		}
		ok &= agree(s, n, gap);
	}
	CHECK(ok);
}

int w2n_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	end_a = guarded();
	end_b = guarded();
	test_planted(w2n_scans_base());
	test_random(w2n_scans_base());
	const struct w2n_scans *wide = w2n_scans_wide();
	if (wide) {
		test_planted(wide);
		test_random(wide);
	} else {
		w2n_dprintf(1, "skipped: the wide variant (this CPU has no AVX2, or is not x86-64)\n");
	}
	CHECK(w2n_scans() == (wide ? wide : w2n_scans_base()));
	return summary();
}
