/* libc_scan_body.h — the scans of libc_scan.c, written once for a vector type and included
 * once per width (libc_scan.c defines, before each inclusion: VEC, a vector of VEC_BYTES
 * bytes; vload and vsplat; vany, whether any lane is non-zero; and SCAN(name), the variant's
 * name; the end of this file undefines them for the next width). Each scan starts on a
 * 64-byte boundary (libc_fast.c says why). Each loop tests a 64-byte block per iteration, then
 * finds the exact index byte by byte inside the block where it stopped, so no variant reads
 * past the range it was given. */

/* The first i in [0, n) with p[i] == c, or n. */
__attribute__((aligned(64))) static uint64_t SCAN(byte)(const uint8_t *p, uint64_t n, uint8_t c)
{
	VEC k = vsplat(c);
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64) {
		VEC m = vsplat(0);
		for (unsigned j = 0; j < 64; j += VEC_BYTES)
			m |= (VEC)(vload(p + i + j) == k);
		if (vany(m))
			break;
	}
	for (; i < n && p[i] != c; i++)
		;
	return i;
}

/* The first i in [0, n) with p[i] == c or p[i] == 0, or n. min(x ^ c, x) is 0 exactly in
 * those lanes, so one compare at the end of a block tests both. */
__attribute__((aligned(64))) static uint64_t SCAN(byte_or_nul)(const uint8_t *p, uint64_t n,
                                                               uint8_t c)
{
	VEC k = vsplat(c), z = vsplat(0);
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64) {
		VEC m = vsplat(0xff);
		for (unsigned j = 0; j < 64; j += VEC_BYTES) {
			VEC x = vload(p + i + j);
			m = __builtin_elementwise_min(m, __builtin_elementwise_min(x ^ k, x));
		}
		if (vany((VEC)(m == z)))
			break;
	}
	for (; i < n && p[i] != c && p[i] != 0; i++)
		;
	return i;
}

/* The first i in [0, n) with a[i] != b[i], or n. */
__attribute__((aligned(64))) static uint64_t SCAN(diff)(const uint8_t *a, const uint8_t *b,
                                                        uint64_t n)
{
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64) {
		VEC m = vsplat(0);
		for (unsigned j = 0; j < 64; j += VEC_BYTES)
			m |= (VEC)(vload(a + i + j) != vload(b + i + j));
		if (vany(m))
			break;
	}
	for (; i < n && a[i] == b[i]; i++)
		;
	return i;
}

/* The first i in [0, n) with a[i] != b[i] or a[i] == 0, or n. The compare is 0xff where the
 * bytes are equal, so min(compare, a) is 0 exactly in those lanes. */
__attribute__((aligned(64))) static uint64_t SCAN(diff_or_nul)(const uint8_t *a, const uint8_t *b,
                                                               uint64_t n)
{
	VEC z = vsplat(0);
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64) {
		VEC m = vsplat(0xff);
		for (unsigned j = 0; j < 64; j += VEC_BYTES) {
			VEC x = vload(a + i + j);
			m = __builtin_elementwise_min(
				m, __builtin_elementwise_min((VEC)(x == vload(b + i + j)), x));
		}
		if (vany((VEC)(m == z)))
			break;
	}
	for (; i < n && a[i] == b[i] && a[i] != 0; i++)
		;
	return i;
}

/* The first i in [0, n) with p[i] == 0, or with p[i] == first and p[i + gap] == last (a
 * substring candidate: W. Mula's SIMD filter), or n. Reads p[0, n + gap). */
__attribute__((aligned(64))) static uint64_t
SCAN(candidate)(const uint8_t *p, uint64_t n, uint8_t first, uint8_t last, uint64_t gap)
{
	VEC f = vsplat(first), l = vsplat(last), z = vsplat(0);
	uint64_t i = 0;
	for (; i + 64 <= n; i += 64) {
		VEC m = vsplat(0);
		for (unsigned j = 0; j < 64; j += VEC_BYTES) {
			VEC a = vload(p + i + j), b = vload(p + i + j + gap);
			m |= (VEC)((a == z) | ((a == f) & (b == l)));
		}
		if (vany(m))
			break;
	}
	for (; i < n && p[i] != 0 && !(p[i] == first && p[i + gap] == last); i++)
		;
	return i;
}

static const struct w2n_scans SCAN(ops) = {
	.byte = SCAN(byte),
	.byte_or_nul = SCAN(byte_or_nul),
	.diff = SCAN(diff),
	.diff_or_nul = SCAN(diff_or_nul),
	.candidate = SCAN(candidate),
};

#undef VEC
#undef VEC_BYTES
#undef vload
#undef vsplat
#undef vany
#undef SCAN
