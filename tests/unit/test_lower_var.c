/* test_lower_var.c — compiler/lower_var.c: locals as allocas, globals through their cells.
 *
 * Modules are compiled through the real pipeline at -O0 with the LLVM verifier on; the cases
 * look at the IR's shape (global.wast and local_*.wast check the values).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"
#include "wasm2native/abi.h"

START_TEST(locals_are_allocas)
{
	char *fn = fn_ir("(module (func (param i32) (result i32) (local i64 f32)"
	                 "  (local.set 1 (i64.const 5))"
	                 "  (drop (local.get 2))"
	                 "  (local.tee 0 (i32.const 7))))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, "alloca"), 3);
	ck_assert_ptr_nonnull(strstr(fn, "store i64 5, ptr"));
	ck_assert_ptr_nonnull(strstr(fn, "load float, ptr"));
	/* tee stores and keeps the value. */
	ck_assert_ptr_nonnull(strstr(fn, "store i32 7, ptr"));
	ck_assert_ptr_nonnull(strstr(fn, "ret i32 7"));
	free(fn);
}
END_TEST

START_TEST(immutable_global_load_is_invariant)
{
	/* Immutable: set before any code runs, never again, so LLVM may hoist and merge it. */
	const char *wat = "(module (global $c i32 (i32.const 1)) (global $m (mut i64) (i64.const 2))"
					  "  (func (result i32) (global.get $c))"
					  "  (func (result i64) (global.get $m))"
					  "  (func (global.set $m (i64.const 3))))";
	char *fn = fn_ir(wat, 0, false);
	char *load = ir_line(fn, "load i32, ptr");
	ck_assert_ptr_nonnull(strstr(load, "!invariant.load"));
	free(load);
	free(fn);
	fn = fn_ir(wat, 1, false);
	load = ir_line(fn, "load i64, ptr");
	ck_assert_ptr_null(strstr(load, "invariant"));
	free(load);
	free(fn);
	fn = fn_ir(wat, 2, false);
	ck_assert_ptr_nonnull(strstr(fn, "store i64 3, ptr"));
	free(fn);
}
END_TEST

START_TEST(global_cell_from_vmctx_globals)
{
	/* Global 1 (after one import): vmctx->globals, then entry 1 of that array. */
	char *fn = fn_ir("(module (import \"m\" \"g\" (global i32)) (global i32 (i32.const 0))"
	                 "  (func (result i32) (global.get 1)))",
	                 0, false);
	char want[64];
	snprintf(want, sizeof want, "i64 %zu\n", (size_t)W2N_OFF_VMCTX_GLOBALS);
	ck_assert_ptr_nonnull(strstr(fn, want));
	snprintf(want, sizeof want, "i64 %zu\n", sizeof(void *));
	ck_assert_ptr_nonnull(strstr(fn, want));
	free(fn);
}
END_TEST

START_TEST(v128_global_is_8_byte_aligned)
{
	/* Cells are 16 bytes but the runtime only promises pointer alignment. */
	char *fn = fn_ir("(module (global (mut v128) (v128.const i64x2 0 0))"
	                 "  (func (result v128) (global.set 0 (global.get 0)) (global.get 0)))",
	                 0, false);
	char *load = ir_line(fn, "load <2 x i64>");
	ck_assert_ptr_nonnull(strstr(load, "align 8"));
	char *store = ir_line(fn, "store <2 x i64>");
	ck_assert_ptr_nonnull(strstr(store, "align 8"));
	free(load);
	free(store);
	free(fn);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"locals", {locals_are_allocas}},
		{"globals",
	     {immutable_global_load_is_invariant, global_cell_from_vmctx_globals,
	      v128_global_is_8_byte_aligned}},
	};
	return run_ir_suite("lower_var", groups, sizeof groups / sizeof groups[0]);
}
