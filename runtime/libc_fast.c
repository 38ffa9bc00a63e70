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

/* 16 bytes as a vector: SSE2 on x86-64, NEON on AArch64, through the compiler's vector
 * extension. Loads are unaligned (aligned(1)) and may alias anything. */
typedef uint8_t v16 __attribute__((vector_size(16)));
typedef v16 __attribute__((may_alias, aligned(1))) v16u;

static inline v16 load16(const uint8_t *p)
{
	return *(const v16u *)p;
}

static inline v16 splat(uint8_t c)
{
	return (v16){c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c};
}

/* Whether any lane of a compare result (0 or 0xff per lane) is set. */
static inline bool any(v16 m)
{
#if defined(__x86_64__)
	return __builtin_ia32_pmovmskb128((__attribute__((vector_size(16))) char)m) != 0;
#else
	return __builtin_reduce_or(m) != 0;
#endif
}

static uint8_t *mem_base(struct w2n_vmctx *vmctx)
{
	return vmctx->memory->base;
}

static uint64_t mem_size(struct w2n_vmctx *vmctx)
{
	return vmctx->memory->size;
}

/* The first i in [0, n) with p[i] == c, or n. */
static uint64_t find_byte(const uint8_t *p, uint64_t n, uint8_t c)
{
	uint64_t i = 0;
	v16 k = splat(c);
	for (; i + 64 <= n; i += 64) {
		v16 m = (load16(p + i) == k) | (load16(p + i + 16) == k) | (load16(p + i + 32) == k) |
		        (load16(p + i + 48) == k);
		if (any((v16)m))
			break;
	}
	for (; i + 16 <= n && !any((v16)(load16(p + i) == k)); i += 16)
		;
	for (; i < n && p[i] != c; i++)
		;
	return i;
}

/* The first i in [0, n) with p[i] == c or p[i] == 0, or n. */
static uint64_t find_byte_or_nul(const uint8_t *p, uint64_t n, uint8_t c)
{
	uint64_t i = 0;
	v16 k = splat(c), z = splat(0);
	for (; i + 32 <= n; i += 32) {
		v16 a = load16(p + i), b = load16(p + i + 16);
		if (any((v16)((a == k) | (a == z) | (b == k) | (b == z))))
			break;
	}
	for (; i < n && p[i] != c && p[i] != 0; i++)
		;
	return i;
}

/* The first i in [0, n) with a[i] != b[i] (or, when `nul`, a[i] == 0), or n. */
static uint64_t find_diff(const uint8_t *a, const uint8_t *b, uint64_t n, bool nul)
{
	uint64_t i = 0;
	v16 z = splat(0);
	for (; i + 32 <= n; i += 32) {
		v16 x = load16(a + i), y = load16(b + i), x2 = load16(a + i + 16), y2 = load16(b + i + 16);
		v16 m = (v16)((x != y) | (x2 != y2));
		if (nul)
			m |= (v16)((x == z) | (x2 == z));
		if (any(m))
			break;
	}
	for (; i < n && a[i] == b[i] && !(nul && a[i] == 0); i++)
		;
	return i;
}

static bool in_memory(uint64_t start, uint64_t n, uint64_t size)
{
	return start + n <= size;
}

uint64_t w2n_rt_libc_memcpy(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s, uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (!in_memory(d, n, size) || !in_memory(s, n, size))
		return W2N_LIBC_FALLBACK;
	if (n && (uint64_t)d < (uint64_t)s + n && (uint64_t)s < (uint64_t)d + n)
		return W2N_LIBC_FALLBACK; /* overlap: only musl's own loop gives its mix */
	memcpy(mem_base(vmctx) + d, mem_base(vmctx) + s, n);
	return d;
}

uint64_t w2n_rt_libc_memmove(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s, uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (!in_memory(d, n, size) || !in_memory(s, n, size))
		return W2N_LIBC_FALLBACK;
	memmove(mem_base(vmctx) + d, mem_base(vmctx) + s, n);
	return d;
}

uint64_t w2n_rt_libc_memset(struct w2n_vmctx *vmctx, uint32_t d, uint32_t c, uint32_t n)
{
	if (!in_memory(d, n, mem_size(vmctx)))
		return W2N_LIBC_FALLBACK;
	memset(mem_base(vmctx) + d, (int)(uint8_t)c, n);
	return d;
}

uint64_t w2n_rt_libc_memchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c, uint32_t n)
{
	uint64_t size = mem_size(vmctx);
	if (s > size)
		return W2N_LIBC_FALLBACK;
	uint64_t avail = size - s < n ? size - s : n;
	uint64_t i = find_byte(mem_base(vmctx) + s, avail, (uint8_t)c);
	if (i < avail)
		return s + i;
	return avail == n ? 0 : W2N_LIBC_FALLBACK;
}

uint64_t w2n_rt_libc_memcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b, uint32_t n)
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
	uint64_t i = find_diff(base + a, base + b, avail, false);
	if (i < avail)
		return (uint32_t)((int32_t)base[a + i] - (int32_t)base[b + i]);
	return avail == n ? 0 : W2N_LIBC_FALLBACK;
}

uint64_t w2n_rt_libc_strchrnul(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c)
{
	uint64_t size = mem_size(vmctx);
	if (s >= size)
		return W2N_LIBC_FALLBACK;
	const uint8_t *p = mem_base(vmctx) + s;
	uint64_t i = (uint8_t)c ? find_byte_or_nul(p, size - s, (uint8_t)c) : find_byte(p, size - s, 0);
	return i < size - s ? s + i : W2N_LIBC_FALLBACK;
}

uint64_t w2n_rt_libc_strlen(struct w2n_vmctx *vmctx, uint32_t s)
{
	uint64_t r = w2n_rt_libc_strchrnul(vmctx, s, 0);
	return r == W2N_LIBC_FALLBACK ? r : r - s;
}

uint64_t w2n_rt_libc_strchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c)
{
	uint64_t r = w2n_rt_libc_strchrnul(vmctx, s, c);
	if (r == W2N_LIBC_FALLBACK)
		return r;
	return mem_base(vmctx)[r] == (uint8_t)c ? r : 0;
}

uint64_t w2n_rt_libc_strcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b)
{
	uint64_t size = mem_size(vmctx);
	if (a >= size || b >= size)
		return W2N_LIBC_FALLBACK;
	uint64_t avail = size - a < size - b ? size - a : size - b;
	const uint8_t *base = mem_base(vmctx);
	uint64_t i = find_diff(base + a, base + b, avail, true);
	if (i == avail)
		return W2N_LIBC_FALLBACK;
	return (uint32_t)((int32_t)base[a + i] - (int32_t)base[b + i]);
}
