/* test_parts.c — compiler/parts.c's plan (which functions go into which part) and compile.c's
 * choice of pass pipeline. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parts.h"
#include "target.h"
#include "wasm2native/wasm2native.h"
#include "wat.h"

/* A module of n functions of about 180 instructions each; function `edit` (if < n) is six times
 * as long, as after a real edit that moves every later function's offset and the module's
 * size. */
static char *many_functions(unsigned n, unsigned edit)
{
	size_t cap = (size_t)n * 2200 + 12000, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text + len, cap - len, "(module\n");
	for (unsigned i = 0; i < n; i++) {
		len += (size_t)snprintf(text + len, cap - len, "(func (param i32) (result i32)");
		for (unsigned k = 0; k < (i == edit ? 120u : 20u); k++)
			len += (size_t)snprintf(text + len, cap - len,
			                        " (local.set 0 (i32.xor (i32.mul (local.get 0) (i32.const %u))"
			                        " (i32.shr_u (local.get 0) (i32.const %u))))",
			                        (i * 131 + k * 7) % 1000 + 1, k % 31 + 1);
		len += (size_t)snprintf(text + len, cap - len, " (local.get 0))\n");
	}
	snprintf(text + len, cap - len, ")\n");
	return text;
}

struct planned {
	uint8_t *bytes;
	struct w2n_module *m;
	struct w2n_part *parts;
	unsigned n;
};

static struct planned plan(const char *wat, int threads)
{
	struct planned p = {0};
	size_t size;
	p.bytes = wat_to_wasm(wat, &size);
	struct w2n_diag dg = {0};
	p.m = w2n_decode(p.bytes, size, "parts.wasm", &dg);
	ck_assert_ptr_nonnull(p.m);
	struct w2n_compile_options opt = {.opt_level = 2, .threads = threads};
	p.parts = w2n_plan_parts(p.m, &opt, threads > 0 ? (unsigned)threads : 2, &p.n);
	ck_assert_ptr_nonnull(p.parts);
	return p;
}

static void unplan(struct planned *p)
{
	free(p->parts);
	w2n_module_free(p->m);
	free(p->bytes);
}

/* Every defined function in exactly one part, in order; the main part first and empty. */
static void check_cover(const struct planned *p)
{
	ck_assert(p->parts[0].main);
	uint32_t next = p->m->nfunc_imports;
	for (unsigned k = 1; k < p->n; k++) {
		ck_assert(!p->parts[k].main && p->parts[k].split);
		ck_assert_uint_eq(p->parts[k].begin, next);
		ck_assert_uint_gt(p->parts[k].end, p->parts[k].begin);
		next = p->parts[k].end;
	}
	ck_assert_uint_eq(next, p->m->nfuncs);
}

START_TEST(small_module_one_part)
{
	char *wat = many_functions(10, ~0u);
	struct planned p = plan(wat, 0);
	ck_assert_uint_eq(p.n, 1);
	ck_assert(p.parts[0].main && !p.parts[0].split);
	unplan(&p);
	free(wat);
}
END_TEST

/* --threads 4 splits even a small module, into at least one group per thread. */
START_TEST(threads_split_small_module)
{
	char *wat = many_functions(10, ~0u);
	struct planned p = plan(wat, 4);
	ck_assert_uint_eq(p.n, 5);
	check_cover(&p);
	unplan(&p);
	free(wat);
}
END_TEST

/* 2,000 functions of ~180 instructions (364,000): groups of some tens of thousands. */
START_TEST(large_module_groups)
{
	char *wat = many_functions(2000, ~0u);
	struct planned p = plan(wat, 0);
	ck_assert_uint_ge(p.n, 4);
	ck_assert_uint_le(p.n, 30);
	check_cover(&p);
	unplan(&p);
	free(wat);
}
END_TEST

/* Changing one function moves no group boundary far from it: all groups but one or two are
 * the same (splitting into equal shares, every boundary after the edit would move). */
START_TEST(groups_stable_under_edit)
{
	char *a = many_functions(2000, ~0u), *b = many_functions(2000, 1000);
	struct planned p = plan(a, 0), q = plan(b, 0);
	check_cover(&q);
	unsigned same = 0;
	for (unsigned i = 1; i < p.n; i++)
		for (unsigned k = 1; k < q.n; k++)
			same += p.parts[i].begin == q.parts[k].begin && p.parts[i].end == q.parts[k].end;
	ck_assert_uint_ge(same + 2, p.n - 1);
	unplan(&p);
	unplan(&q);
	free(a);
	free(b);
}
END_TEST

/* A single part keeps LLVM's whole default pipeline (so small modules' code is what it was);
 * parts of a split module get the function pipeline, without the module inliner. */
START_TEST(pipeline_choice)
{
	char buf[32];
	ck_assert_str_eq(w2n_pipeline(2, false, buf, sizeof buf), "default<O2>");
	ck_assert_str_eq(w2n_pipeline(3, false, buf, sizeof buf), "default<O3>");
	ck_assert_str_eq(w2n_pipeline(0, true, buf, sizeof buf), "default<O0>");
	const char *large = w2n_pipeline(2, true, buf, sizeof buf);
	ck_assert(strncmp(large, "function(", 9) == 0);
	ck_assert_ptr_null(strstr(large, "inline"));
	ck_assert_ptr_nonnull(strstr(large, "loop-vectorize"));
	/* GVN and the SLP vectorizer cost 40 % of the pipeline for no run-time gain on
	 * already-optimized code (docs/benchmarks.md, "Big modules"). */
	ck_assert_ptr_null(strstr(large, "gvn"));
	ck_assert_ptr_null(strstr(large, "slp"));
	ck_assert_str_eq(w2n_pipeline(1, false, buf, sizeof buf), w2n_pipeline(1, true, buf, 32));
	ck_assert(strncmp(w2n_pipeline(1, false, buf, sizeof buf), "function(", 9) == 0);
	/* instcombine was 40 % of -O1's optimization time on the big module (docs/benchmarks.md) */
	ck_assert_ptr_null(strstr(w2n_pipeline(1, false, buf, sizeof buf), "instcombine"));
}
END_TEST

/* The parts' lean code generation is LLVM's process-wide state: on while any split compile
 * runs (calls nest), back to LLVM's defaults after, so a module of one part compiled later in
 * the same process gets the code it always got. */
START_TEST(lean_codegen_nests)
{
	ck_assert(!w2n_llvm_lean_codegen_on());
	w2n_llvm_lean_codegen(true);
	ck_assert(w2n_llvm_lean_codegen_on());
	w2n_llvm_lean_codegen(true);
	w2n_llvm_lean_codegen(false);
	ck_assert(w2n_llvm_lean_codegen_on());
	w2n_llvm_lean_codegen(false);
	ck_assert(!w2n_llvm_lean_codegen_on());
}
END_TEST

int main(void)
{
	Suite *s = suite_create("parts");
	TCase *tc = tcase_create("plan");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, small_module_one_part);
	tcase_add_test(tc, threads_split_small_module);
	tcase_add_test(tc, large_module_groups);
	tcase_add_test(tc, groups_stable_under_edit);
	tcase_add_test(tc, pipeline_choice);
	tcase_add_test(tc, lean_codegen_nests);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
