/* test_lower_limits.c — compiler/lower_limits.c and lower_interrupt.cpp: fuel charged once
 * per wasm basic block with the block's cost, checked at function entries, loop heads and after
 * calls, written back around calls and in trap blocks;
 * interruption checks at function entries and loop heads of the optimized code (also loops
 * that LLVM inlined into a trampoline); neither without its option. Runtime behaviour is in
 * tests/e2e/limits and tests/limits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"
#include "wasm2native/compile.h"

/* A loop of five instructions after a one-instruction prefix, then a call and a return. */
static const char loop_wat[] = "(module (func $g)"
							   "  (func (param i32) (result i32)"
							   "    (nop)"
							   "    (loop"
							   "      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))"
							   "      (br_if 0 (local.get 0)))"
							   "    (call $g)"
							   "    (local.get 0)))";

/* A loop LLVM cannot remove (it walks a list in memory), then a call. */
static const char walk_wat[] = "(module (memory 1) (func $g)"
							   "  (func (param i32) (result i32)"
							   "    (loop"
							   "      (local.set 0 (i32.load (local.get 0)))"
							   "      (br_if 0 (local.get 0)))"
							   "    (call $g)"
							   "    (local.get 0)))";

/* The costs the fuel charges of `fn` subtract, in order ("%fuel.left = sub i64 %fuel3, 2"). */
static int charges(const char *fn, unsigned *costs, int max)
{
	int n = 0;
	for (const char *p = strstr(fn, "= sub i64 %fuel"); p && n < max;
	     p = strstr(p + 1, "= sub i64 %fuel")) {
		const char *comma = strchr(p, ',');
		costs[n++] = (unsigned)strtoul(comma + 1, NULL, 10);
	}
	return n;
}

static char *ir_with(const char *wat, bool fuel, bool interruptible, int opt_level)
{
	struct w2n_compile_options opt = {
		.opt_level = opt_level, .fuel = fuel, .interruptible = interruptible};
	return wat_to_ir_opt(wat, &opt);
}

START_TEST(fuel_per_block)
{
	char *ir = ir_with(loop_wat, true, false, 0);
	char *fn = ir_function(ir, "w2n_f1");
	/* Entry: nop, loop (2). Loop body: local.get, i32.const, i32.sub, local.set, local.get,
	 * br_if (6). After br_if: end (1). After end: call, local.get, end (3). */
	unsigned costs[8];
	ck_assert_int_eq(charges(fn, costs, 8), 4);
	ck_assert_uint_eq(costs[0], 2);
	ck_assert_uint_eq(costs[1], 6);
	ck_assert_uint_eq(costs[2], 1);
	ck_assert_uint_eq(costs[3], 3);
	/* Checked at the entry, the loop's head and after the call; not after br_if or end. */
	ck_assert_int_eq(count_of(fn, "icmp slt i64"), 3);
	/* The fuel field (vmctx + 64) is written before the call and read after it. */
	ck_assert_int_ge(count_of(fn, "getelementptr inbounds i8, ptr %0, i64 64"), 3);
	ck_assert_ptr_nonnull(strstr(fn, "w2n_rt_trap(ptr %0, i32 12"));
	free(fn);
	free(ir);
}
END_TEST

START_TEST(no_fuel_without_option)
{
	char *ir = ir_with(loop_wat, false, false, 0);
	ck_assert_ptr_null(strstr(ir, "fuel"));
	ck_assert_ptr_null(strstr(ir, "w2n_rt_interrupted"));
	ck_assert_ptr_null(strstr(ir, "wasm2native-func"));
	free(ir);
}
END_TEST

START_TEST(interrupt_checks_after_optimization)
{
	char *ir = ir_with(walk_wat, false, true, 2);
	char *fn = ir_function(ir, "w2n_f1");
	/* One check at the entry, one at the loop's head; each a volatile load of vmctx + 56. */
	ck_assert_int_eq(count_of(fn, "load volatile i32"), 2);
	ck_assert_int_eq(count_of(fn, "getelementptr inbounds i8, ptr %0, i64 56"), 2);
	ck_assert_int_eq(count_of(fn, "call void @w2n_rt_interrupted(ptr %0, i32 1)"), 2);
	free(fn);
	/* $g has no loop: its entry check only. */
	fn = ir_function(ir, "w2n_f0");
	ck_assert_int_eq(count_of(fn, "load volatile i32"), 1);
	free(fn);
	free(ir);
}
END_TEST

START_TEST(interrupt_checks_in_trampolines)
{
	/* LLVM inlines the loop into the export's trampoline: the trampoline checks too. */
	char *ir = ir_with("(module (func (export \"spin\") (loop (br 0))))", false, true, 2);
	char *tramp = ir_function(ir, "w2n_tramp_0");
	ck_assert_int_ge(count_of(tramp, "load volatile i32"), 1);
	free(tramp);
	free(ir);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"fuel", {fuel_per_block, no_fuel_without_option}},
		{"interrupt", {interrupt_checks_after_optimization, interrupt_checks_in_trampolines}},
	};
	return run_ir_suite("lower_limits", groups, sizeof groups / sizeof *groups);
}
