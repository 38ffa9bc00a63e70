/* test_lower_control.c — compiler/lower_control.c: blocks, loops, if/else, branches, return,
 * unreachable code, drop and select.
 *
 * Each case compiles a .wat module through the real pipeline at -O0 with the LLVM verifier on
 * (so every case first checks that the IR is well formed: phis match predecessors, every block
 * ends in a terminator) and then looks at the shape of the IR. What the code computes is the
 * spec suite's job (block.wast, br_table.wast, ...); these cases pin the structure.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"

START_TEST(block_without_branch_needs_no_block)
{
	/* Nothing branches to these ends: no merge block, no phi, one straight line. */
	char *fn = fn_ir("(module (func (result i32)"
	                 "  (block (nop)) (block (result i32) (block (result i32) (i32.const 1)))))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, "merge"), 0);
	ck_assert_int_eq(count_of(fn, "phi"), 0);
	ck_assert_ptr_nonnull(strstr(fn, "ret i32 1"));
	free(fn);
}
END_TEST

START_TEST(block_results_become_phis)
{
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (block (result i32)"
	                 "    (br_if 0 (i32.const 1) (local.get 0)) (drop) (i32.const 2))))",
	                 0, false);
	char *phi = ir_line(fn, "phi i32");
	ck_assert_ptr_nonnull(strstr(phi, "[ 1, %"));
	ck_assert_ptr_nonnull(strstr(phi, "[ 2, %"));
	ck_assert_int_eq(count_of(fn, "phi"), 1);
	free(phi);
	free(fn);
}
END_TEST

START_TEST(loop_params_are_header_phis)
{
	/* The param enters from before the loop and from the back edge of br_if. */
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (local.get 0)"
	                 "  (loop (param i32) (result i32)"
	                 "    (i32.const 1) (i32.sub) (local.tee 0) (br_if 0 (local.get 0)))))",
	                 0, false);
	ck_assert_ptr_nonnull(strstr(fn, "\nloop:"));
	char *phi = ir_line(fn, "phi i32");
	ck_assert_int_eq(count_of(phi, "[ "), 2);
	ck_assert_ptr_nonnull(strstr(phi, "%loop ]"));
	free(phi);
	free(fn);
}
END_TEST

START_TEST(if_without_else_passes_params)
{
	/* The implicit else turns the param into the result unchanged. */
	char *fn = fn_ir("(module (func (param i32 i32) (result i32)"
	                 "  (local.get 1)"
	                 "  (if (param i32) (result i32) (local.get 0)"
	                 "    (then (i32.const 1) (i32.add)))))",
	                 0, false);
	ck_assert_ptr_nonnull(strstr(fn, "\nelse:"));
	char *phi = ir_line(fn, "phi i32");
	ck_assert_ptr_nonnull(strstr(phi, "%else ]"));
	ck_assert_int_eq(count_of(phi, "[ "), 2);
	free(phi);
	free(fn);
}
END_TEST

START_TEST(if_else_repushes_params)
{
	char *fn = fn_ir("(module (func (param i32 i32) (result i32)"
	                 "  (local.get 1)"
	                 "  (if (param i32) (result i32) (local.get 0)"
	                 "    (then (i32.const 1) (i32.add)) (else (i32.const 3) (i32.mul)))))",
	                 0, false);
	/* Both arms start from the same param value, loaded once before the if. */
	char *add = ir_line(fn, "add i32");
	char *mul = ir_line(fn, "mul i32");
	const char *a = strchr(add, '%') ? strstr(add, "add i32 ") + 8 : NULL;
	const char *m = strstr(mul, "mul i32 ") + 8;
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(strcspn(a, ","), strcspn(m, ","));
	ck_assert_int_eq(strncmp(a, m, strcspn(a, ",")), 0);
	ck_assert_int_eq(count_of(fn, "phi i32"), 1);
	free(add);
	free(mul);
	free(fn);
}
END_TEST

START_TEST(br_table_is_a_switch)
{
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (block (block (block (br_table 0 1 2 0 (local.get 0)))"
	                 "    (return (i32.const 10))) (return (i32.const 11)))"
	                 "  (i32.const 12)))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, "switch i32"), 1);
	ck_assert_int_eq(count_of(fn, "    i32 "), 3); /* three cases; index 3 and up: default */
	free(fn);
}
END_TEST

START_TEST(br_table_same_label_one_entry_per_edge)
{
	/* LLVM wants a phi entry for every edge, also several from one switch. */
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (block (result i32) (br_table 0 0 0 (i32.const 7) (local.get 0)))))",
	                 0, false);
	char *phi = ir_line(fn, "phi i32");
	ck_assert_int_eq(count_of(phi, "[ 7, %"), 3);
	free(phi);
	free(fn);
}
END_TEST

START_TEST(br_table_to_loop_and_function)
{
	/* A loop label carries the loop's params, the function label the results. */
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (i32.const 5)"
	                 "  (loop (param i32) (result i32)"
	                 "    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))"
	                 "    (br_table 0 1 0 (local.get 0)))))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, "switch i32"), 1);
	ck_assert_ptr_nonnull(strstr(fn, "\nreturn:"));
	char *ret = ir_line(fn, "ret i32");
	ck_assert_ptr_nonnull(strstr(ret, "%"));
	free(ret);
	free(fn);
}
END_TEST

START_TEST(unreachable_code_gets_no_ir)
{
	/* After `unreachable`, the nested structure is tracked but nothing is emitted: no then
	 * or else blocks, no return. */
	char *fn =
		fn_ir("(module (func (result i32)"
	          "  (unreachable)"
	          "  (block (loop (if (i32.const 0) (then (br 2)) (else (return (i32.const 1))))))"
	          "  (i32.const 5)))",
	          0, false);
	ck_assert_int_eq(count_of(fn, "then"), 0);
	ck_assert_int_eq(count_of(fn, "else"), 0);
	ck_assert_int_eq(count_of(fn, "ret "), 0);
	ck_assert_ptr_nonnull(strstr(fn, "@w2n_rt_trap"));
	free(fn);
}
END_TEST

START_TEST(end_nobody_reaches_stays_unreachable)
{
	/* The block's end is reached by no path (its only exit returns), so `i32.const 4` and the
	 * final end emit nothing. */
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (block (result i32) (br 1 (i32.const 3)))"
	                 "  (drop) (i32.const 4)))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, "ret i32 4"), 0);
	ck_assert_int_eq(count_of(fn, "ret "), 1);
	free(fn);
}
END_TEST

START_TEST(else_after_dead_then)
{
	/* The then arm ends in br: code becomes reachable again at else. */
	char *fn = fn_ir("(module (func (param i32) (result i32)"
	                 "  (if (result i32) (local.get 0)"
	                 "    (then (br 1 (i32.const 1)) (i32.const 99))"
	                 "    (else (i32.const 2)))))",
	                 0, false);
	ck_assert_int_eq(count_of(fn, " 99"), 0);
	char *phi = ir_line(fn, "phi i32");
	ck_assert_ptr_nonnull(strstr(phi, "[ 1, %then ]"));
	ck_assert_ptr_nonnull(strstr(phi, "[ 2, %"));
	free(phi);
	free(fn);
}
END_TEST

START_TEST(multi_value_return_is_a_struct)
{
	char *fn = fn_ir("(module (func (param i32) (result i32 i64)"
	                 "  (if (local.get 0) (then (return (i32.const 1) (i64.const 2))))"
	                 "  (i32.const 3) (i64.const 4)))",
	                 0, false);
	ck_assert_ptr_nonnull(strstr(fn, "define internal { i32, i64 } @w2n_f0("));
	ck_assert_int_eq(count_of(fn, "ret { i32, i64 }"), 1);
	ck_assert_int_eq(count_of(fn, "insertvalue { i32, i64 }"), 2);
	free(fn);
}
END_TEST

START_TEST(void_function)
{
	char *fn =
		fn_ir("(module (func (param i32) (if (local.get 0) (then (return))) (nop)))", 0, false);
	ck_assert_int_eq(count_of(fn, "ret void"), 1);
	free(fn);
}
END_TEST

START_TEST(select_untyped_and_typed)
{
	char *fn = fn_ir("(module (func (param i32 f32 f32) (result f32)"
	                 "  (select (local.get 1) (local.get 2) (local.get 0))"
	                 "  (drop (select (result funcref) (ref.null func) (ref.null func)"
	                 "    (local.get 0)))))",
	                 0, false);
	/* Wasm's condition is "non-zero", not "bit 0". */
	ck_assert_int_eq(count_of(fn, "icmp ne i32"), 2);
	ck_assert_int_eq(count_of(fn, "select i1 %cond, float"), 1);
	ck_assert_int_eq(count_of(fn, "select i1 %cond"), 2);
	free(fn);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"blocks",
	     {block_without_branch_needs_no_block, block_results_become_phis,
	      loop_params_are_header_phis, if_without_else_passes_params, if_else_repushes_params}},
		{"branches",
	     {br_table_is_a_switch, br_table_same_label_one_entry_per_edge,
	      br_table_to_loop_and_function}},
		{"unreachable",
	     {unreachable_code_gets_no_ir, end_nobody_reaches_stays_unreachable, else_after_dead_then}},
		{"return", {multi_value_return_is_a_struct, void_function}},
		{"parametric", {select_untyped_and_typed}},
	};
	return run_ir_suite("lower_control", groups, sizeof groups / sizeof groups[0]);
}
