/* test_features.c — compiler/features.c (the feature table's names and flags) and
 * compiler/features_used.c (which features a module uses, and where first), with the
 * validator's refusal of a module that uses a feature turned off (w2n_validate_features). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/wasm2native.h"
#include "wat.h"

static char first_msg[512];

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)offset;
	if (!first_msg[0])
		snprintf(first_msg, sizeof first_msg, "%s", message);
}

/* Assembles `wat` and scans it; the module is valid unless said otherwise. */
static uint64_t uses(const char *wat, struct w2n_feature_uses *u)
{
	size_t size;
	uint8_t *bytes = wat_to_wasm(wat, &size);
	struct w2n_diag dg = {.fn = capture};
	first_msg[0] = 0;
	struct w2n_module *m = w2n_decode(bytes, size, "t.wasm", &dg);
	ck_assert_msg(m != NULL, "decoding failed: %s", first_msg);
	w2n_module_features(m, u);
	w2n_module_free(m);
	free(bytes);
	return u->mask;
}

/* Validates `wat` with the features `off` turned off; the first message lands in first_msg. */
static bool valid_without(const char *wat, uint64_t off)
{
	size_t size;
	uint8_t *bytes = wat_to_wasm(wat, &size);
	struct w2n_diag dg = {.fn = capture};
	first_msg[0] = 0;
	struct w2n_module *m = w2n_decode(bytes, size, "t.wasm", &dg);
	ck_assert(m != NULL);
	bool ok = w2n_validate_features(m, off, &dg);
	w2n_module_free(m);
	free(bytes);
	return ok;
}

#define BIT(f) (1ull << W2N_FEAT_##f)

START_TEST(flags_round_trip)
{
	for (unsigned f = 0; f < W2N_FEAT_COUNT; f++) {
		enum w2n_feature back;
		ck_assert(w2n_feature_by_flag(w2n_feature_flag((enum w2n_feature)f), &back));
		ck_assert_uint_eq(back, f);
	}
	enum w2n_feature f;
	ck_assert(!w2n_feature_by_flag("tail-calls", &f));
	ck_assert_str_eq(w2n_feature_flag(W2N_FEAT_TAILCALL), "tail-call");
}
END_TEST

START_TEST(mvp_uses_nothing)
{
	struct w2n_feature_uses u;
	ck_assert_uint_eq(uses("(module (memory 1) (func (result i32) (i32.add (i32.const 1) "
	                       "(i32.load (i32.const 0)))))",
	                       &u),
	                  0);
}
END_TEST

START_TEST(operators_by_table)
{
	struct w2n_feature_uses u;
	uint64_t mask = uses("(module (memory 1) (func (param i32 f32 v128) (result i32)"
	                     " (drop (i32.trunc_sat_f32_s (local.get 1)))"
	                     " (drop (i8x16.relaxed_swizzle (local.get 2) (local.get 2)))"
	                     " (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))"
	                     " (return_call 1 (i32.extend16_s (local.get 0))))"
	                     " (func (param i32) (result i32) (local.get 0)))",
	                     &u);
	ck_assert_uint_eq(mask, BIT(SATCONV) | BIT(SIMD) | BIT(RELAXED_SIMD) | BIT(BULK) |
	                            BIT(TAILCALL) | BIT(SIGNEXT));
	ck_assert_str_eq(u.what[W2N_FEAT_TAILCALL], "return_call");
	ck_assert_str_eq(u.what[W2N_FEAT_SIMD], "function type"); /* v128 param, before the code */
	ck_assert_uint_lt(u.pos[W2N_FEAT_SATCONV], u.pos[W2N_FEAT_TAILCALL]);
}
END_TEST

START_TEST(module_shapes)
{
	struct w2n_feature_uses u;
	ck_assert_uint_eq(uses("(module (table 1 funcref) (table 1 funcref))", &u), BIT(REFTYPES));
	ck_assert_str_eq(u.what[W2N_FEAT_REFTYPES], "multiple tables");
	ck_assert_uint_eq(uses("(module (memory 1) (data \"x\"))", &u), BIT(BULK));
	ck_assert_str_eq(u.what[W2N_FEAT_BULK], "passive data segment");
	ck_assert_uint_eq(uses("(module (func (result i32 i64) (i32.const 0) (i64.const 0)))", &u),
	                  BIT(MULTIVALUE));
	ck_assert_uint_eq(uses("(module (func (result i32) (i32.const 1)"
	                       " (block (param i32) (result i32))))",
	                       &u),
	                  BIT(MULTIVALUE));
	ck_assert_str_eq(u.what[W2N_FEAT_MULTIVALUE], "block type index");
	ck_assert_uint_eq(uses("(module (import \"m\" \"g\" (global i32))"
	                       " (global i32 (i32.mul (global.get 0) (i32.const 2))))",
	                       &u),
	                  BIT(EXTCONST));
	ck_assert_str_eq(u.what[W2N_FEAT_EXTCONST], "i32.mul");
	ck_assert_uint_eq(uses("(module (func (param externref)))", &u), BIT(REFTYPES));
}
END_TEST

START_TEST(refused_when_off)
{
	const char *tail = "(module (func (return_call 0)))";
	ck_assert(valid_without(tail, 0));
	ck_assert(valid_without(tail, BIT(SIMD)));
	ck_assert(!valid_without(tail, BIT(TAILCALL)));
	ck_assert_str_eq(first_msg, "tail calls disabled (feature tail-call; return_call)");
	ck_assert(!valid_without(tail, W2N_FEATURES_AFTER_2_0));
	/* Two features off: the earlier use in the file is the one reported. */
	ck_assert(!valid_without("(module (memory 1) (func (result i32 i32)"
	                         " (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))"
	                         " (i32.const 0) (i32.const 0)))",
	                         BIT(BULK) | BIT(MULTIVALUE)));
	ck_assert_str_eq(first_msg,
	                 "multi-value disabled (feature multi-value; function type with several "
	                 "results)");
}
END_TEST

/* A function with a (ref func) local set from ref.as_non_null: typed references, found in the
 * locals; turned off, the decoder refuses the type byte naming the feature. Bytes: wat2wasm
 * 1.0.32 cannot write 3.0's typed references. */
START_TEST(typed_references)
{
	static const uint8_t mod[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01,
	                              0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0c, 0x01, 0x0a,
	                              0x01, 0x01, 0x64, 0x70, 0xd0, 0x70, 0xd4, 0x21, 0x00, 0x0b};
	struct w2n_diag dg = {.fn = capture};
	first_msg[0] = 0;
	struct w2n_module *m = w2n_decode(mod, sizeof mod, "t.wasm", &dg);
	ck_assert_msg(m != NULL, "%s", first_msg);
	struct w2n_feature_uses u;
	w2n_module_features(m, &u);
	ck_assert_uint_eq(u.mask, BIT(FUNCREFS) | BIT(REFTYPES));
	ck_assert_str_eq(u.what[W2N_FEAT_FUNCREFS], "local");
	w2n_module_free(m);
	ck_assert_ptr_null(w2n_decode_features(mod, sizeof mod, "t.wasm", BIT(FUNCREFS), &dg));
	ck_assert_str_eq(first_msg, "typed function references disabled (feature "
	                            "function-references; local type)");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("features");
	TCase *tc = tcase_create("features");
	tcase_add_test(tc, flags_round_trip);
	tcase_add_test(tc, mvp_uses_nothing);
	tcase_add_test(tc, operators_by_table);
	tcase_add_test(tc, module_shapes);
	tcase_add_test(tc, refused_when_off);
	tcase_add_test(tc, typed_references);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
