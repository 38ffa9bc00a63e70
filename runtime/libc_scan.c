/* libc_scan.c — the vector scans behind the libc fast paths (libc_fast.c): find a byte, a
 * byte or NUL, the first difference, a substring candidate.
 *
 * Two widths from one body (libc_scan_body.h): 16-byte vectors (SSE2 on x86-64, NEON on
 * AArch64), which every CPU we target has, and on x86-64 32-byte AVX2 vectors, used when
 * CPUID reports AVX2 (and the OS saves the registers). The scans are bound by loads: on the
 * 2-core AMD EPYC of docs/benchmarks.md, over 4 MiB strings, AVX2 scans for a byte or NUL at
 * about the speed of glibc's strchr, 1.5x faster than 16-byte vectors, and filters strstr
 * candidates 1.9x faster ("str_search: load width" there). Which width runs changes no
 * result: both variants return the same index for every input (tests/runtime/test_scan.c). */
#include "rt.h"

/* ---- 16 bytes: SSE2, NEON --------------------------------------------------------------- */

/* Loads are unaligned (aligned(1)) and may alias anything. */
typedef uint8_t v16 __attribute__((vector_size(16)));
typedef v16 __attribute__((may_alias, aligned(1))) v16u;

static inline v16 load16(const uint8_t *p)
{
	return *(const v16u *)p;
}

static inline v16 splat16(uint8_t c)
{
	v16 v = {0};
	return v + c;
}

/* Whether any lane is non-zero. */
static inline bool any16(v16 m)
{
#if defined(__x86_64__)
	return __builtin_ia32_pmovmskb128((__attribute__((vector_size(16))) char)m) != 0;
#else
	return __builtin_reduce_or(m) != 0;
#endif
}

#define VEC        v16
#define VEC_BYTES  16
#define vload      load16
#define vsplat     splat16
#define vany       any16
#define SCAN(name) base_##name
#include "libc_scan_body.h"

/* ---- 32 bytes: AVX2 (x86-64) ------------------------------------------------------------ */

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)

typedef uint8_t v32 __attribute__((vector_size(32)));
typedef v32 __attribute__((may_alias, aligned(1))) v32u;
typedef long long v4di __attribute__((vector_size(32)));

static inline v32 load32(const uint8_t *p)
{
	return *(const v32u *)p;
}

static inline v32 splat32(uint8_t c)
{
	v32 v = {0};
	return v + c;
}

static inline bool any32(v32 m)
{
	return !__builtin_ia32_ptestz256((v4di)m, (v4di)m);
}

#define VEC        v32
#define VEC_BYTES  32
#define vload      load32
#define vsplat     splat32
#define vany       any32
#define SCAN(name) avx2_##name
#include "libc_scan_body.h"

#pragma clang attribute pop
#endif

/* ---- choosing ----------------------------------------------------------------------------- */

const struct w2n_scans *w2n_scans_base(void)
{
	return &base_ops;
}

const struct w2n_scans *w2n_scans_wide(void)
{
#if defined(__x86_64__)
	uint64_t have;
	w2n_arch_cpu(NULL, &have); /* x86-64 reads CPUID and XCR0, not the auxiliary vector */
	if (have & (1ull << W2N_CPU_X86_AVX2))
		return &avx2_ops;
#endif
	return NULL;
}

/* Decided on first use (a host program has no start-up of ours to do it in); racing threads
 * store the same pointer. */
static const struct w2n_scans *chosen;

const struct w2n_scans *w2n_scans(void)
{
	const struct w2n_scans *s = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
	if (!s) {
		s = w2n_scans_wide();
		if (!s)
			s = w2n_scans_base();
		__atomic_store_n(&chosen, s, __ATOMIC_RELAXED);
	}
	return s;
}
