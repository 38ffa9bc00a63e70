/* string.c — the libc string functions that generated code (LLVM lowers struct copies and
 * large moves to memcpy/memset calls) and the runtime use. Built with -fno-builtin, so the
 * compiler cannot turn these loops back into calls to themselves.
 * Words are moved through an unaligned, may_alias type: both targets load and store
 * unaligned words natively. */
#include "rt.h"

typedef uint64_t __attribute__((may_alias, aligned(1))) uword;

/* From this size on, x86-64 copies and fills with `rep movsb`/`rep stosb`: the processor's
 * fast-string microcode moves whole cache lines, about 1.4x faster than the word loops on
 * memory.copy/memory.fill of kilobytes (tools/bench strmem), as glibc does. Below it, the
 * microcode's start-up cost loses to the loops. Both instructions copy forward, byte by byte
 * as far as the program can tell, so they are also right for a memmove whose destination lies
 * below its source. */
#define REP_MIN 512

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
#if defined(__x86_64__)
	if (n >= REP_MIN) {
		__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
		return dst;
	}
#endif
	for (; n >= 32; n -= 32, d += 32, s += 32) {
		uword a = ((const uword *)s)[0], b = ((const uword *)s)[1];
		uword c = ((const uword *)s)[2], e = ((const uword *)s)[3];
		((uword *)d)[0] = a;
		((uword *)d)[1] = b;
		((uword *)d)[2] = c;
		((uword *)d)[3] = e;
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(uword *)d = *(const uword *)s;
	for (; n; n--)
		*d++ = *s++;
	return dst;
}

/* Forward when dst is below src, backward otherwise: each word is read before any write
 * that could overlap it in that direction. */
void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d == s || n == 0)
		return dst;
	if ((uintptr_t)d < (uintptr_t)s) {
#if defined(__x86_64__)
		if (n >= REP_MIN) {
			__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
			return dst;
		}
#endif
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uword *)d = *(const uword *)s;
		for (; n; n--)
			*d++ = *s++;
		return dst;
	}
	d += n;
	s += n;
	for (; n >= 8; n -= 8) {
		d -= 8;
		s -= 8;
		*(uword *)d = *(const uword *)s;
	}
	for (; n; n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t w = (uint8_t)c * 0x0101010101010101ull;
#if defined(__x86_64__)
	if (n >= REP_MIN) {
		__asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
		return dst;
	}
#endif
	for (; n >= 32; n -= 32, d += 32) {
		((uword *)d)[0] = w;
		((uword *)d)[1] = w;
		((uword *)d)[2] = w;
		((uword *)d)[3] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(uword *)d = w;
	for (; n; n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;
	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}
