/* libc_fast.c — fast paths for libc routines that the compiler recognized in a module by the
 * hash of their code (compiler/libc_match.c; docs/libc-routines.md).
 *
 * Each returns the routine's result, or W2N_LIBC_FALLBACK to have the module's own code run
 * instead. The rule that makes the result exact, traps included: a fast path answers only when
 * every byte the module's code would read or write lies inside the memory, and never traps
 * itself. Then the module's code could not have trapped either, and the result is the value
 * the routine is defined to return, which both compute. When some byte lies outside, the
 * module's code runs from the start and traps where it would have (after writing what it
 * would have written first, for a byte loop).
 *
 * The routines that stop early (memchr, memcmp, the string functions) read, in the known
 * implementations, nothing past the aligned 4-byte word that holds the byte where they stop;
 * memory sizes are multiples of 64 KiB, so that word is inside the memory when the byte is. So
 * they are answered when the stopping byte is found inside the memory, however long the range
 * they were given.
 *
 * memcpy is answered only when the ranges do not overlap: with overlap musl's word loop gives
 * a particular mix of old and new bytes that only its own code reproduces. */
#include "rt.h"

/* Every entry point here starts on a 64-byte boundary (LINE_ALIGNED), as do the scans they
 * call (libc_scan_body.h), so their loops sit at the same offset within their cache lines in
 * every executable, whatever the linker puts before them: with 16-byte alignment, str_search's
 * strchr scan ran 1.16x slower after an unrelated change moved it by 0x170 bytes
 * (docs/benchmarks.md, "Code placement"). Generated code gets the same treatment (compile.c). */
#define LINE_ALIGNED __attribute__((aligned(64)))

static uint8_t *mem_base(struct w2n_vmctx *vmctx)
{
	return vmctx->memory->base;
}

static uint64_t mem_size(struct w2n_vmctx *vmctx)
{
	return vmctx->memory->size;
}

static bool in_memory(uint64_t start, uint64_t n, uint64_t size)
{
	return start + n <= size;
}

LINE_ALIGNED uint64_t w2n_rt_libc_memcpy(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s,
                                         uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (!in_memory(d, n, size) || !in_memory(s, n, size))
		return W2N_LIBC_FALLBACK;
	if (n && (uint64_t)d < (uint64_t)s + n && (uint64_t)s < (uint64_t)d + n)
		return W2N_LIBC_FALLBACK; /* overlap: only musl's own loop gives its mix */
	memcpy(mem_base(vmctx) + d, mem_base(vmctx) + s, n);
	return d;
}

LINE_ALIGNED uint64_t w2n_rt_libc_memmove(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s,
                                          uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (!in_memory(d, n, size) || !in_memory(s, n, size))
		return W2N_LIBC_FALLBACK;
	memmove(mem_base(vmctx) + d, mem_base(vmctx) + s, n);
	return d;
}

LINE_ALIGNED uint64_t w2n_rt_libc_memset(struct w2n_vmctx *vmctx, uint32_t d, uint32_t c,
                                         uint32_t n)
{
	if (!in_memory(d, n, mem_size(vmctx)))
		return W2N_LIBC_FALLBACK;
	memset(mem_base(vmctx) + d, (int)(uint8_t)c, n);
	return d;
}

LINE_ALIGNED uint64_t w2n_rt_libc_memchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c,
                                         uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (s > size)
		return W2N_LIBC_FALLBACK;
	uint64_t avail = size - s < n ? size - s : n;
	uint64_t i = w2n_scans()->byte(mem_base(vmctx) + s, avail, (uint8_t)c);
	if (i < avail)
		return s + i;
	return avail == n ? 0 : W2N_LIBC_FALLBACK;
}

LINE_ALIGNED uint64_t w2n_rt_libc_memcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b,
                                         uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (a > size || b > size)
		return W2N_LIBC_FALLBACK;
	uint64_t avail = n;
	if (size - a < avail)
		avail = size - a;
	if (size - b < avail)
		avail = size - b;
	const uint8_t *base = mem_base(vmctx);
	uint64_t i = w2n_scans()->diff(base + a, base + b, avail);
	if (i < avail)
		return (uint32_t)((int32_t)base[a + i] - (int32_t)base[b + i]);
	return avail == n ? 0 : W2N_LIBC_FALLBACK;
}

LINE_ALIGNED uint64_t w2n_rt_libc_strchrnul(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c)
{
	uint64_t size = mem_size(vmctx);
	if (s >= size)
		return W2N_LIBC_FALLBACK;
	const uint8_t *p = mem_base(vmctx) + s;
	const struct w2n_scans *scan = w2n_scans();
	uint64_t i =
		(uint8_t)c ? scan->byte_or_nul(p, size - s, (uint8_t)c) : scan->byte(p, size - s, 0);
	return i < size - s ? s + i : W2N_LIBC_FALLBACK;
}

LINE_ALIGNED uint64_t w2n_rt_libc_strlen(struct w2n_vmctx *vmctx, uint32_t s)
{
	uint64_t r = w2n_rt_libc_strchrnul(vmctx, s, 0);
	return r == W2N_LIBC_FALLBACK ? r : r - s;
}

LINE_ALIGNED uint64_t w2n_rt_libc_strchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c)
{
	uint64_t r = w2n_rt_libc_strchrnul(vmctx, s, c);
	if (r == W2N_LIBC_FALLBACK)
		return r;
	return mem_base(vmctx)[r] == (uint8_t)c ? r : 0;
}

LINE_ALIGNED uint64_t w2n_rt_libc_strcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b)
{
	uint64_t size = mem_size(vmctx);
	if (a >= size || b >= size)
		return W2N_LIBC_FALLBACK;
	uint64_t avail = size - a < size - b ? size - a : size - b;
	const uint8_t *base = mem_base(vmctx);
	uint64_t i = w2n_scans()->diff_or_nul(base + a, base + b, avail);
	if (i == avail)
		return W2N_LIBC_FALLBACK;
	return (uint32_t)((int32_t)base[a + i] - (int32_t)base[b + i]);
}

LINE_ALIGNED uint64_t w2n_rt_libc_memchr_nul(struct w2n_vmctx *vmctx, uint32_t s, uint32_t n)
{
	return w2n_rt_libc_memchr(vmctx, s, 0, n);
}

/* ---- strstr ----------------------------------------------------------------------------------
 *
 * musl's strstr (wasi-libc) finds the first occurrence like any strstr, so the result is
 * exact whenever its code could not have trapped. What it reads: the needle up to its NUL, and
 * the haystack up to the match plus at most l + (l | 63) bytes of look-ahead (twoway_strstr's
 * memchr for the haystack's end, l the needle's length), or up to the haystack's NUL; word
 * reads stay within the aligned word of the last byte. The fast path answers when all of that
 * lies in memory.
 *
 * It also writes: for needles of 5 bytes or more whose first match candidate has 3 more
 * non-NUL bytes, twoway_strstr keeps two tables in its shadow-stack frame, 1056 bytes below
 * the stack pointer (the module's global the caller passes): byteset, 8 words at +1024, all
 * written (zeroed, then a bit per needle byte), and shift, 256 words at +0, of which it writes
 * shift[c] = i + 1 for each needle byte c = n[i] it looks at (i below the shorter of the
 * needle and the candidate's string). The fast path writes the same words with the same
 * values, so memory ends up bit for bit as the module's code leaves it, below the stack
 * pointer included. */
#define TWOWAY_FRAME   1056
#define TWOWAY_BYTESET 1024
#define TWOWAY_NEEDLE  5 /* shorter needles take the paths that keep no tables */

/* Where the search got: the first occurrence (or NUL_FOUND), or FALLBACK. */
#define NUL_FOUND UINT64_MAX

/* Whether the needle (nl >= 1 bytes) starts at p, all of it in memory. */
static bool match_at(const uint8_t *base, uint64_t size, uint64_t p, const uint8_t *nd, uint64_t nl,
                     uint64_t *work)
{
	uint64_t k = 0;
	while (k < nl && p + k < size && base[p + k] == nd[k])
		k++;
	*work += k;
	return k == nl;
}

/* What a candidate that does not match costs beyond the bytes compared, in the budget's unit
 * (bytes compared; 8 per haystack byte): about what comparing 8 bytes costs. So where nearly
 * every position is a candidate (a haystack of 'a's, needle "aba": 1.6 ns per position here,
 * 4x musl's two-way search) the budget runs out within a few KiB and the module's code runs. */
#define CANDIDATE_COST 8

/* The needle byte the filter pairs with its first: the last one that differs from the first
 * (its last byte, usually), or the last byte when all are the same. With "aba" the pair
 * (a, a) would pass every position of a run of 'a's. */
static uint64_t filter_gap(const uint8_t *nd, uint64_t nl)
{
	uint64_t gap = nl - 1;
	while (gap > 0 && nd[gap] == nd[0])
		gap--;
	return gap ? gap : nl - 1;
}

/* The first position in [pos, end) where the needle may start (nd[0] at it, nd[gap] gap bytes
 * after it), or where the haystack ends; end if none. Right after a candidate that did not match (`after`), the next
 * 16 positions are tried byte by byte first: in repetitive text candidates come in runs, and
 * restarting the vector scan for each one cost 4x the old byte-by-byte search (a haystack of
 * 'a's, needle "aba"). */
static uint64_t next_candidate(const uint8_t *base, uint64_t pos, uint64_t end, const uint8_t *nd,
                               uint64_t gap, bool after)
{
	if (after) {
		uint64_t stop = end - pos > 16 ? pos + 16 : end;
		for (; pos < stop; pos++) {
			if (base[pos] == 0 || (base[pos] == nd[0] && base[pos + gap] == nd[gap]))
				return pos;
		}
	}
	return pos + w2n_scans()->candidate(base + pos, end - pos, nd[0], nd[gap], gap);
}

/* The first occurrence of the needle (nl >= 1 bytes) at or after h; NUL_FOUND, with *nul set,
 * if the haystack ends first; W2N_LIBC_FALLBACK if the search reaches the end of memory or
 * takes more than a linear budget (this search is quadratic at worst; the module's two-way
 * code is not). Candidates have the needle's first byte at p and another at p + gap (the
 * scan's filter); a NUL before the next candidate ends the search. */
static uint64_t search(const uint8_t *base, uint64_t size, uint64_t h, const uint8_t *nd,
                       uint64_t nl, uint64_t *nul)
{
	uint64_t work = 0, gap = filter_gap(nd, nl);
	uint64_t end = size > nl - 1 ? size - (nl - 1) : 0; /* where the whole needle is in memory */
	for (uint64_t pos = h;;) {
		if (work > 8 * (pos - h) + 4096)
			return W2N_LIBC_FALLBACK;
		uint64_t p = pos < end ? next_candidate(base, pos, end, nd, gap, pos != h) : pos;
		if (p >= end) {
			/* no occurrence: it is a miss if the haystack ends before memory does */
			p += w2n_scans()->byte(base + p, size - p, 0);
			if (p == size)
				return W2N_LIBC_FALLBACK;
			*nul = p;
			return NUL_FOUND;
		}
		if (base[p] == 0) {
			*nul = p;
			return NUL_FOUND;
		}
		if (match_at(base, size, p, nd, nl, &work))
			return p;
		work += CANDIDATE_COST;
		pos = p + 1;
	}
}

static void store32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static bool overlaps(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/* twoway_strstr's tables for the needle nd (nl bytes) against the candidate at `cand`, in the
 * frame below sp; false (nothing written) when the module's code would not run it or would
 * trap writing them, or when they would overlap the strings. `read_end` bounds the haystack
 * bytes the search reads. */
static bool twoway_tables(uint8_t *base, uint64_t size, uint64_t sp, uint64_t cand,
                          uint64_t read_end, uint64_t n, const uint8_t *nd, uint64_t nl)
{
	if (nl < TWOWAY_NEEDLE || cand == NUL_FOUND)
		return true; /* the module's code keeps no tables: nothing to write */
	if (cand + 4 > size)
		return false;
	if (!base[cand + 1] || !base[cand + 2] || !base[cand + 3])
		return true; /* it returns before twoway_strstr */
	if (sp < TWOWAY_FRAME || sp > size)
		return false;
	uint64_t frame = sp - TWOWAY_FRAME;
	if (overlaps(frame, TWOWAY_FRAME, cand, read_end - cand) ||
	    overlaps(frame, TWOWAY_FRAME, n, nl + 1))
		return false;
	uint64_t l = 0;
	while (l < nl && cand + l < size && base[cand + l])
		l++;
	if (l < nl && cand + l >= size)
		return false;
	uint32_t byteset[8] = {0};
	for (uint64_t i = 0; i < l; i++) {
		byteset[nd[i] >> 5] |= 1u << (nd[i] & 31);
		store32(base + frame + 4 * (uint64_t)nd[i], (uint32_t)(i + 1));
	}
	for (int i = 0; i < 8; i++)
		store32(base + frame + TWOWAY_BYTESET + 4 * i, byteset[i]);
	return true;
}

LINE_ALIGNED uint64_t w2n_rt_libc_strstr(struct w2n_vmctx *vmctx, uint32_t h, uint32_t n,
                                         uint32_t sp)
{
	uint64_t size = mem_size(vmctx);
	uint8_t *base = mem_base(vmctx);
	if (n >= size || h > size)
		return W2N_LIBC_FALLBACK;
	uint64_t nl = w2n_scans()->byte(base + n, size - n, 0);
	if (nl == size - n)
		return W2N_LIBC_FALLBACK;
	if (nl == 0)
		return h;
	/* musl's strstr starts with strchr(h, n[0]): its two-way search starts there */
	uint64_t i = w2n_scans()->byte_or_nul(base + h, size - h, base[n]);
	if (i == size - h)
		return W2N_LIBC_FALLBACK;
	uint64_t first = base[h + i] ? h + i : NUL_FOUND, nul = h + i;
	uint64_t at = first == NUL_FOUND ? NUL_FOUND : search(base, size, first, base + n, nl, &nul);
	if (at == W2N_LIBC_FALLBACK)
		return at;
	/* The module's code reads ahead of a match, and never past the haystack's NUL (its
	 * aligned word, which is in memory when the NUL is). */
	uint64_t read_end = at == NUL_FOUND ? (nul | 3) + 1 : at + 2 * nl + 72;
	if (read_end > size)
		return W2N_LIBC_FALLBACK;
	if (!twoway_tables(base, size, sp, first, read_end, n, base + n, nl))
		return W2N_LIBC_FALLBACK;
	return at == NUL_FOUND ? 0 : at;
}
