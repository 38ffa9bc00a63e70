/* test_cpu.c — runtime/cpu.c, the start-up CPU check, fed made-up machines: CPUID words and
 * XCR0 on x86-64, AT_HWCAP words on AArch64, and the wording of the refusal. cpu.c is pure C,
 * so it is built here as an ordinary hosted object (the executables' copy is freestanding). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

#define X86(ID)   (1ull << W2N_CPU_X86_##ID)
#define ARM64(ID) (1ull << W2N_CPU_ARM64_##ID)

/* CPUID bits of an x86-64-v2 machine (Nehalem): SSE3, SSSE3, CX16, SSE4.1, SSE4.2, POPCNT;
 * LAHF/SAHF in leaf 0x80000001. */
static struct w2n_cpuid nehalem(void)
{
	struct w2n_cpuid id = {0};
	id.word[W2N_CPUID_1_ECX] = 1u << 0 | 1u << 9 | 1u << 13 | 1u << 19 | 1u << 20 | 1u << 23;
	id.word[W2N_CPUID_X1_ECX] = 1u << 0;
	return id;
}

/* Haswell adds AVX, F16C, FMA, MOVBE, OSXSAVE; AVX2, BMI1, BMI2; LZCNT; XCR0 = x87|SSE|AVX. */
static struct w2n_cpuid haswell(void)
{
	struct w2n_cpuid id = nehalem();
	id.word[W2N_CPUID_1_ECX] |= 1u << 28 | 1u << 29 | 1u << 12 | 1u << 22 | 1u << 27;
	id.word[W2N_CPUID_7_EBX] = 1u << 5 | 1u << 3 | 1u << 8;
	id.word[W2N_CPUID_X1_ECX] |= 1u << 5;
	id.xcr0 = 0x7;
	return id;
}

static const uint64_t v2 =
	X86(SSE3) | X86(SSSE3) | X86(SSE41) | X86(SSE42) | X86(POPCNT) | X86(CX16) | X86(SAHF);
static const uint64_t v3 =
	X86(AVX) | X86(AVX2) | X86(BMI) | X86(BMI2) | X86(F16C) | X86(FMA) | X86(LZCNT) | X86(MOVBE);

START_TEST(x86_decode)
{
	struct w2n_cpuid id = nehalem();
	ck_assert_uint_eq(w2n_cpu_x86_have(&id), v2);
	id = haswell();
	ck_assert_uint_eq(w2n_cpu_x86_have(&id), v2 | v3);
	struct w2n_cpuid none = {0};
	ck_assert_uint_eq(w2n_cpu_x86_have(&none), 0);
}
END_TEST

/* AVX listed by CPUID but not enabled by the OS (XCR0 without YMM state) is unusable. */
START_TEST(x86_os_support)
{
	struct w2n_cpuid id = haswell();
	id.xcr0 = 0x3; /* x87 and SSE only */
	uint64_t have = w2n_cpu_x86_have(&id);
	ck_assert_uint_eq(have & (X86(AVX) | X86(AVX2) | X86(FMA) | X86(F16C)), 0);
	/* Scalar extensions do not depend on the register state. */
	ck_assert_uint_eq(have & (X86(BMI) | X86(BMI2) | X86(LZCNT) | X86(MOVBE)),
	                  X86(BMI) | X86(BMI2) | X86(LZCNT) | X86(MOVBE));
	/* AVX-512 needs the opmask and ZMM state as well. */
	id = haswell();
	id.word[W2N_CPUID_7_EBX] |= 1u << 16;
	ck_assert_uint_eq(w2n_cpu_x86_have(&id) & X86(AVX512F), 0);
	id.xcr0 = 0xe7;
	ck_assert_uint_ne(w2n_cpu_x86_have(&id) & X86(AVX512F), 0);
}
END_TEST

START_TEST(arm64_decode)
{
	uint64_t hwcap[W2N_HWCAP_WORDS] = {0};
	ck_assert_uint_eq(w2n_cpu_arm64_have(hwcap), 0);
	/* Cortex-A53: fp, asimd, evtstrm, aes, pmull, sha1, sha2, crc32, cpuid. */
	hwcap[W2N_HWCAP] = 0x8ff;
	ck_assert_uint_eq(w2n_cpu_arm64_have(hwcap), ARM64(CRC) | ARM64(AES) | ARM64(SHA2));
	/* FP16 needs both FPHP and ASIMDHP. */
	hwcap[W2N_HWCAP] |= 1u << 9;
	ck_assert_uint_eq(w2n_cpu_arm64_have(hwcap) & ARM64(FP16), 0);
	hwcap[W2N_HWCAP] |= 1u << 10 | 1u << 8; /* ASIMDHP, ATOMICS */
	ck_assert_uint_eq(w2n_cpu_arm64_have(hwcap) & (ARM64(FP16) | ARM64(LSE)),
	                  ARM64(FP16) | ARM64(LSE));
	/* AT_HWCAP2 bits beyond 32: MOPS is bit 43. */
	hwcap[W2N_HWCAP2] = 1ull << 43;
	ck_assert_uint_ne(w2n_cpu_arm64_have(hwcap) & ARM64(MOPS), 0);
}
END_TEST

START_TEST(report_nothing_missing)
{
	char buf[256] = "untouched";
	struct w2n_cpuid id = haswell();
	ck_assert_uint_eq(
		w2n_cpu_report(buf, sizeof buf, W2N_CPU_ARCH_X86_64, v2 | v3, w2n_cpu_x86_have(&id)), 0);
	ck_assert_uint_eq(w2n_cpu_report(buf, sizeof buf, W2N_CPU_ARCH_X86_64, 0, 0), 0);
	ck_assert_str_eq(buf, "untouched");
}
END_TEST

START_TEST(report_missing)
{
	char buf[256];
	/* Code for x86-64-v3 on a machine whose CPUID lacks AVX2 and BMI2. */
	struct w2n_cpuid id = haswell();
	id.word[W2N_CPUID_7_EBX] &= ~(1u << 5 | 1u << 8);
	size_t n = w2n_cpu_report(buf, sizeof buf, W2N_CPU_ARCH_X86_64, v2 | v3, w2n_cpu_x86_have(&id));
	ck_assert_str_eq(buf, "wasm2native: this program needs CPU features that this machine "
	                      "lacks: avx2, bmi2\n");
	ck_assert_uint_eq(n, strlen(buf));
	w2n_cpu_report(buf, sizeof buf, W2N_CPU_ARCH_AARCH64, ARM64(LSE) | ARM64(FP16), 0);
	ck_assert_str_eq(buf, "wasm2native: this program needs CPU features that this machine "
	                      "lacks: lse, fp16\n");
}
END_TEST

START_TEST(report_edges)
{
	char buf[32];
	/* Cut to the buffer, still terminated. */
	size_t n = w2n_cpu_report(buf, sizeof buf, W2N_CPU_ARCH_X86_64, v3, 0);
	ck_assert_uint_eq(n, sizeof buf - 1);
	ck_assert_uint_eq(strlen(buf), sizeof buf - 1);
	/* A bit this runtime does not know (from a newer compiler) is still refused. */
	char big[256];
	w2n_cpu_report(big, sizeof big, W2N_CPU_ARCH_AARCH64, 1ull << 63, 0);
	ck_assert_str_eq(big, "wasm2native: this program needs CPU features that this machine "
	                      "lacks: (unknown)\n");
}
END_TEST

static Suite *cpu_suite(void)
{
	Suite *s = suite_create("cpu");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, x86_decode);
	tcase_add_test(tc, x86_os_support);
	tcase_add_test(tc, arm64_decode);
	suite_add_tcase(s, tc);

	tc = tcase_create("report");
	tcase_add_test(tc, report_nothing_missing);
	tcase_add_test(tc, report_missing);
	tcase_add_test(tc, report_edges);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cpu_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
