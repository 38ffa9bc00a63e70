/* test_target.c — compiler/target.c: target names and aliases, --cpu resolution, the CPU
 * features a CPU implies (asked of LLVM), and the requirement record in an LLVM module. */
#include <check.h>
#include <llvm-c/Core.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "wasm2native/compile.h"
#include "wasm2native/cpu.h"
#include "wasm2native/wasm2native.h"

#define X86(ID)   (1ull << W2N_CPU_X86_##ID)
#define ARM64(ID) (1ull << W2N_CPU_ARM64_##ID)

static const uint64_t x86_64_v2 =
	X86(SSE3) | X86(SSSE3) | X86(SSE41) | X86(SSE42) | X86(POPCNT) | X86(CX16) | X86(SAHF);
static const uint64_t x86_64_v3 =
	X86(AVX) | X86(AVX2) | X86(BMI) | X86(BMI2) | X86(F16C) | X86(FMA) | X86(LZCNT) | X86(MOVBE);
static const uint64_t x86_64_v4 =
	X86(AVX512F) | X86(AVX512DQ) | X86(AVX512CD) | X86(AVX512BW) | X86(AVX512VL);

/* The last diagnostic, kept by a sink. */
static char last[1024];

static void keep(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                 const char *message)
{
	snprintf(last, sizeof last, "%s", message);
}

START_TEST(canonical_names)
{
	const struct w2n_target *x = w2n_target_find("x86_64-linux");
	const struct w2n_target *a = w2n_target_find("aarch64-linux");
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(x->arch, W2N_ARCH_X86_64);
	ck_assert_int_eq(a->arch, W2N_ARCH_AARCH64);
	ck_assert_str_eq(x->triple, "x86_64-unknown-linux-gnu");
	ck_assert_str_eq(a->triple, "aarch64-unknown-linux-gnu");
	ck_assert_str_eq(x->default_cpu, "x86-64-v2");
	ck_assert_str_eq(a->default_cpu, "generic");
	/* The canonical name is the runtime folder: build/runtime/<name>/libw2n_rt.a. */
	ck_assert_str_eq(x->name, "x86_64-linux");
	ck_assert_str_eq(a->name, "aarch64-linux");
}
END_TEST

START_TEST(aliases)
{
	static const char *const x86[] = {
		"x86_64",       "x86_64-unknown-linux-gnu", "x86_64-linux-gnu", "amd64", "AMD64",
		"X86_64-Linux", "x86_64-pc-linux-gnu",      "x86_64-linux-musl"};
	static const char *const arm[] = {
		"aarch64",     "arm64", "aarch64-unknown-linux-gnu", "aarch64-linux-gnu",
		"arm64-linux", "ARM64", "aarch64-linux-musl"};
	for (size_t i = 0; i < sizeof x86 / sizeof *x86; i++)
		ck_assert_msg(w2n_target_find(x86[i]) == w2n_target_find("x86_64-linux"), "%s", x86[i]);
	for (size_t i = 0; i < sizeof arm / sizeof *arm; i++)
		ck_assert_msg(w2n_target_find(arm[i]) == w2n_target_find("aarch64-linux"), "%s", arm[i]);
}
END_TEST

START_TEST(unknown_targets)
{
	static const char *const bad[] = {"",
	                                  "arm",
	                                  "armv7-linux",
	                                  "x86",
	                                  "i686-linux-gnu",
	                                  "riscv64-linux",
	                                  "aarch64-apple-darwin",
	                                  "x86_64-windows",
	                                  "x86_64-linux ",
	                                  "wasm32-wasi"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(w2n_target_find(bad[i]) == NULL, "'%s' accepted", bad[i]);
	/* The message lists every target and alias. */
	const char *names = w2n_target_names();
	ck_assert_ptr_nonnull(strstr(names, "x86_64-linux ("));
	ck_assert_ptr_nonnull(strstr(names, "aarch64-linux ("));
	ck_assert_ptr_nonnull(strstr(names, "amd64"));
	ck_assert_ptr_nonnull(strstr(names, "arm64"));
}
END_TEST

START_TEST(default_is_host)
{
	const struct w2n_target *t = w2n_target_find(NULL);
	ck_assert_ptr_nonnull(t);
#if defined(__aarch64__)
	ck_assert_int_eq(t->arch, W2N_ARCH_AARCH64);
#else
	ck_assert_int_eq(t->arch, W2N_ARCH_X86_64);
#endif
}
END_TEST

/* The mask LLVM gives a named CPU of target `name`. */
static uint64_t features_of(const char *name, const char *cpu)
{
	struct w2n_diag dg = {.fn = keep};
	struct w2n_cpu c;
	ck_assert_msg(w2n_cpu_resolve(w2n_target_find(name), cpu, &c, &dg), "%s: %s", cpu, last);
	uint64_t mask = c.required;
	w2n_cpu_dispose(&c);
	return mask;
}

START_TEST(x86_levels)
{
	ck_assert_uint_eq(features_of("x86_64-linux", NULL), x86_64_v2);
	ck_assert_uint_eq(features_of("x86_64-linux", "x86-64-v2"), x86_64_v2);
	ck_assert_uint_eq(features_of("x86_64-linux", "x86-64"), 0);
	ck_assert_uint_eq(features_of("x86_64-linux", "x86-64-v3"), x86_64_v2 | x86_64_v3);
	ck_assert_uint_eq(features_of("x86_64-linux", "x86-64-v4"), x86_64_v2 | x86_64_v3 | x86_64_v4);
	/* A named CPU: Haswell is v3 without the AVX-512 or AMD features. */
	ck_assert_uint_eq(features_of("x86_64-linux", "haswell") & (x86_64_v2 | x86_64_v3),
	                  x86_64_v2 | x86_64_v3);
	ck_assert_uint_eq(features_of("x86_64-linux", "haswell") & (x86_64_v4 | X86(SSE4A)), 0);
	ck_assert_uint_ne(features_of("x86_64-linux", "znver4") & X86(SSE4A), 0);
}
END_TEST

/* Whether the feature string the compiler gives LLVM for `cpu` carries `feature`. */
static bool has_feature(const char *name, const char *cpu, const char *feature)
{
	struct w2n_diag dg = {.fn = keep};
	struct w2n_cpu c;
	ck_assert_msg(w2n_cpu_resolve(w2n_target_find(name), cpu, &c, &dg), "%s: %s", cpu, last);
	bool has = strstr(c.features, feature) != NULL;
	w2n_cpu_dispose(&c);
	return has;
}

/* CPUs above the baseline get the tuning that keeps them from being slower than it (256-bit
 * vectors, no gathers or scatters); the baseline's code and AArch64's stay as they were. */
START_TEST(x86_tuning)
{
	static const char *const tuning[] = {"+prefer-256-bit", "+prefer-no-gather",
	                                     "+prefer-no-scatter"};
	for (unsigned i = 0; i < 3; i++) {
		ck_assert_msg(has_feature("x86_64-linux", "znver4", tuning[i]), "%s", tuning[i]);
		ck_assert_msg(has_feature("x86_64-linux", "x86-64-v4", tuning[i]), "%s", tuning[i]);
		ck_assert_msg(!has_feature("x86_64-linux", NULL, tuning[i]), "%s", tuning[i]);
		ck_assert_msg(!has_feature("aarch64-linux", "neoverse-v2", tuning[i]), "%s", tuning[i]);
	}
	if (w2n_target_find(NULL)->arch == W2N_ARCH_X86_64)
		ck_assert(has_feature("x86_64-linux", "native", "+prefer-256-bit"));
	/* Tuning changes no requirement: v4 still needs exactly the v2..v4 features. */
	ck_assert_uint_eq(features_of("x86_64-linux", "x86-64-v4"), x86_64_v2 | x86_64_v3 | x86_64_v4);
}
END_TEST

START_TEST(aarch64_cpus)
{
	ck_assert_uint_eq(features_of("aarch64-linux", NULL), 0);
	ck_assert_uint_eq(features_of("aarch64-linux", "generic"), 0);
	ck_assert_uint_eq(features_of("aarch64-linux", "cortex-a53"),
	                  ARM64(CRC) | ARM64(AES) | ARM64(SHA2));
	uint64_t n1 = features_of("aarch64-linux", "neoverse-n1");
	uint64_t want =
		ARM64(CRC) | ARM64(LSE) | ARM64(RDM) | ARM64(FP16) | ARM64(DOTPROD) | ARM64(RCPC);
	ck_assert_uint_eq(n1 & want, want);
	ck_assert_uint_eq(n1 & (ARM64(SVE) | ARM64(SVE2) | ARM64(MOPS)), 0);
	ck_assert_uint_ne(features_of("aarch64-linux", "neoverse-v2") & ARM64(SVE2), 0);
}
END_TEST

START_TEST(unknown_cpus)
{
	struct w2n_diag dg = {.fn = keep};
	struct w2n_cpu c;
	ck_assert(!w2n_cpu_resolve(w2n_target_find("x86_64-linux"), "pentium9", &c, &dg));
	ck_assert_str_eq(last, "unknown CPU 'pentium9' for target x86_64-linux (--cpu help lists the "
	                       "known ones)");
	/* A CPU of the other architecture is unknown too. */
	ck_assert(!w2n_cpu_resolve(w2n_target_find("aarch64-linux"), "haswell", &c, &dg));
	ck_assert(!w2n_cpu_resolve(w2n_target_find("x86_64-linux"), "cortex-a53", &c, &dg));
	ck_assert(!w2n_cpu_resolve(w2n_target_find("x86_64-linux"), "", &c, &dg));
	ck_assert_uint_eq(dg.errors, 4);
}
END_TEST

START_TEST(native)
{
	struct w2n_diag dg = {.fn = keep};
	struct w2n_cpu c;
	const struct w2n_target *host = w2n_target_find(NULL);
	ck_assert(w2n_cpu_resolve(host, "native", &c, &dg));
	ck_assert_str_ne(c.name, "");
	ck_assert_str_ne(c.name, "native");
	w2n_cpu_dispose(&c);
	/* native on a foreign target would describe the wrong machine. */
	const struct w2n_target *other =
		w2n_target_find(host->arch == W2N_ARCH_X86_64 ? "aarch64-linux" : "x86_64-linux");
	ck_assert(!w2n_cpu_resolve(other, "native", &c, &dg));
	ck_assert_ptr_nonnull(strstr(last, "--cpu native describes this"));
}
END_TEST

START_TEST(cpu_lists)
{
	char *x = w2n_target_cpus(w2n_target_find("x86_64-linux"));
	char *a = w2n_target_cpus(w2n_target_find("aarch64-linux"));
	ck_assert_ptr_nonnull(strstr(x, "x86-64-v3"));
	ck_assert_ptr_null(strstr(x, "cortex-a53"));
	ck_assert_ptr_nonnull(strstr(a, "cortex-a53"));
	ck_assert_ptr_nonnull(strstr(a, "neoverse-n1"));
	free(x);
	free(a);
}
END_TEST

/* The requirement word as the compiler writes it into a module. */
START_TEST(record)
{
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMModuleRef mod = LLVMModuleCreateWithNameInContext("m", ctx);
	w2n_cpu_record(mod, 0);
	ck_assert_ptr_null(LLVMGetNamedGlobal(mod, "llvm.used"));
	w2n_cpu_record(mod, x86_64_v2);
	w2n_cpu_record(mod, X86(AVX2)); /* a second record extends llvm.used */
	LLVMValueRef used = LLVMGetNamedGlobal(mod, "llvm.used");
	ck_assert_ptr_nonnull(used);
	ck_assert_uint_eq(LLVMGetArrayLength2(LLVMGlobalGetValueType(used)), 2);
	uint64_t mask = 0;
	for (LLVMValueRef g = LLVMGetFirstGlobal(mod); g; g = LLVMGetNextGlobal(g)) {
		const char *section = LLVMGetSection(g);
		if (!section || strcmp(section, W2N_CPU_SECTION) != 0)
			continue;
		ck_assert_int_eq(LLVMGetLinkage(g), LLVMInternalLinkage);
		ck_assert(LLVMIsGlobalConstant(g));
		mask |= LLVMConstIntGetZExtValue(LLVMGetInitializer(g));
	}
	ck_assert_uint_eq(mask, x86_64_v2 | X86(AVX2));
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
}
END_TEST

static Suite *target_suite(void)
{
	Suite *s = suite_create("target");
	TCase *tc = tcase_create("names");
	tcase_add_test(tc, canonical_names);
	tcase_add_test(tc, aliases);
	tcase_add_test(tc, unknown_targets);
	tcase_add_test(tc, default_is_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("cpu");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, x86_levels);
	tcase_add_test(tc, x86_tuning);
	tcase_add_test(tc, aarch64_cpus);
	tcase_add_test(tc, unknown_cpus);
	tcase_add_test(tc, native);
	tcase_add_test(tc, cpu_lists);
	tcase_add_test(tc, record);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(target_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
