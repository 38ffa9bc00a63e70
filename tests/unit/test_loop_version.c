/* test_loop_version.c — compiler/loop_version.cpp: at -O2, an inner loop whose 32-bit
 * addresses step by a constant from a base the compiler cannot see gets a copy in which they
 * are 64-bit induction variables (the phi `w2n.addr`), entered when a check before the loop
 * finds that none of them wraps; the loop as it was (`.w2n.wrap`) runs otherwise. The copy is
 * what lets LLVM vectorize a row walk the wasm unrolled by two. Loops with calls, addresses
 * that do not step by a constant, and the -O1 pipeline are left alone.
 *
 * Each module is compiled through the real pipeline (x86-64, the verifier on) and the cases
 * look at the optimized IR. That the results stay the spec's where addresses do wrap is
 * tests/e2e/loop-version.wat's job. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"
#include "wasm2native/compile.h"

/* Function `name` of `wat` (w2n_f<index>), optimized at `level`: its IR text,
 * malloc'd. */
static char *optimized_fn(const char *wat, const char *name, int level, bool bounds_checks)
{
	struct w2n_compile_options opt = {.opt_level = level, .bounds_checks = bounds_checks};
	char *ir = wat_to_ir_opt(wat, &opt);
	char *fn = ir_function(ir, name);
	free(ir);
	return fn;
}

static char *optimized(const char *wat, int level, bool bounds_checks)
{
	return optimized_fn(wat, "w2n_f0", level, bounds_checks);
}

/* min(a[j], a[j] + b[j]) into a[j] over j < n, two words per iteration as clang's wasm
 * does: the addresses a + k*8 and b + k*8, where a and b come from the caller, and the loop
 * ends when the counter k reaches n (clang's wasm compares with `ne` after rotation). */
static const char *const row_walk =
	"(module (memory 1)"
	"  (func (export \"walk\") (param $a i32) (param $b i32) (param $n i32)"
	"    (local $k i32) (local $x i32) (local $y i32)"
	"    (loop $next"
	"      (local.set $x (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))"
	"      (local.set $y (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 3))))"
	"      (i32.store (local.get $x) (select (i32.load (local.get $x))"
	"          (i32.add (i32.load (local.get $x)) (i32.load (local.get $y)))"
	"          (i32.lt_s (i32.load (local.get $x))"
	"                    (i32.add (i32.load (local.get $x)) (i32.load (local.get $y))))))"
	"      (i32.store (i32.add (local.get $x) (i32.const 4)) (select (i32.load (i32.add (local.get "
	"$x) (i32.const 4)))"
	"          (i32.add (i32.load (i32.add (local.get $x) (i32.const 4))) (i32.load (i32.add "
	"(local.get $y) (i32.const 4))))"
	"          (i32.lt_s (i32.load (i32.add (local.get $x) (i32.const 4)))"
	"                    (i32.add (i32.load (i32.add (local.get $x) (i32.const 4)))"
	"                             (i32.load (i32.add (local.get $y) (i32.const 4)))))))"
	"      (local.set $k (i32.add (local.get $k) (i32.const 1)))"
	"      (br_if $next (i32.ne (local.get $k) (local.get $n))))))";

START_TEST(row_walk_is_versioned_and_vectorized)
{
	for (int bounds = 0; bounds < 2; bounds++) {
		char *fn = optimized(row_walk, 2, bounds);
		/* One 64-bit variable for each base, a plain copy, and vector accesses. */
		ck_assert_msg(count_of(fn, "%w2n.addr") > 0 && count_of(fn, ".w2n.wrap") > 0,
		              "not versioned:\n%.3000s", fn);
		if (!bounds)
			ck_assert_msg(count_of(fn, "load <") > 0, "not vectorized:\n%.3000s", fn);
		free(fn);
	}
}
END_TEST

START_TEST(downward_walk_is_versioned)
{
	/* p = a - j*4 for j < n: the check is that a - 4*(n-1) stays at or above 0. */
	const char *wat = "(module (memory 1)"
					  "  (func (export \"down\") (param $a i32) (param $n i32) (result i32)"
					  "    (local $j i32) (local $s i32)"
					  "    (loop $next"
					  "      (local.set $s (i32.add (local.get $s) (i32.load"
					  "        (i32.sub (local.get $a) (i32.shl (local.get $j) (i32.const 2))))))"
					  "      (local.set $j (i32.add (local.get $j) (i32.const 1)))"
					  "      (br_if $next (i32.lt_u (local.get $j) (local.get $n))))"
					  "    (local.get $s)))";
	char *fn = optimized(wat, 2, false);
	ck_assert_msg(count_of(fn, "%w2n.addr") > 0 && count_of(fn, ".w2n.wrap") > 0,
	              "not versioned downward:\n%.3000s", fn);
	free(fn);
}
END_TEST

START_TEST(count_up_to_zero_is_versioned)
{
	/* Rows of 8000 bytes, each summed with k from -7984 up to 0 in steps of 16, the
	 * addresses at a + row + k + 7984, as clang's wasm counts: once indvars has made k 64-bit,
	 * the exit reads (k & 0xfffffff0) == 0, which the pass counts as trunc(k) == 0. */
	const char *wat =
		"(module (memory 1)"
		"  (func (export \"rows\") (param $a i32) (param $rows i32) (result f64)"
		"    (local $i i32) (local $k i32) (local $s f64) (local $row i32)"
		"    (loop $outer"
		"      (local.set $row (i32.mul (local.get $i) (i32.const 8000)))"
		"      (local.set $k (i32.const -7984))"
		"      (loop $next"
		"        (local.set $s (f64.add (local.get $s) (f64.add"
		"          (f64.load offset=7984"
		"            (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $k)))"
		"          (f64.load offset=7992"
		"            (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $k))))))"
		"        (local.set $k (i32.add (local.get $k) (i32.const 16)))"
		"        (br_if $next (local.get $k)))"
		"      (local.set $i (i32.add (local.get $i) (i32.const 1)))"
		"      (br_if $outer (i32.ne (local.get $i) (local.get $rows))))"
		"    (local.get $s)))";
	char *fn = optimized(wat, 2, false);
	ck_assert_msg(count_of(fn, "%w2n.addr") > 0 && count_of(fn, ".w2n.wrap") > 0,
	              "not versioned:\n%.3000s", fn);
	free(fn);
}
END_TEST

START_TEST(loop_with_call_is_left_alone)
{
	const char *wat = "(module (import \"env\" \"f\" (func $f (param i32)))"
					  "  (memory 1)"
					  "  (func (export \"g\") (param $a i32) (param $n i32)"
					  "    (local $j i32)"
					  "    (loop $next"
					  "      (call $f (i32.load (i32.add (local.get $a) (local.get $j))))"
					  "      (local.set $j (i32.add (local.get $j) (i32.const 4)))"
					  "      (br_if $next (i32.lt_u (local.get $j) (local.get $n))))))";
	char *fn = optimized_fn(wat, "w2n_f1", 2, false);
	ck_assert_msg(count_of(fn, "w2n.addr") == 0 && count_of(fn, ".w2n.wrap") == 0,
	              "versioned a loop with a call:\n%.3000s", fn);
	free(fn);
}
END_TEST

START_TEST(non_stepping_address_is_left_alone)
{
	/* A pointer chase: each address is loaded, not stepped. */
	const char *wat = "(module (memory 1)"
					  "  (func (export \"chase\") (param $p i32) (param $n i32) (result i32)"
					  "    (loop $next"
					  "      (local.set $p (i32.load (local.get $p)))"
					  "      (local.set $n (i32.sub (local.get $n) (i32.const 1)))"
					  "      (br_if $next (local.get $n)))"
					  "    (local.get $p)))";
	char *fn = optimized(wat, 2, false);
	ck_assert_msg(count_of(fn, "w2n.addr") == 0, "versioned a pointer chase:\n%.3000s", fn);
	free(fn);
}
END_TEST

START_TEST(fast_mode_is_left_alone)
{
	char *fn = optimized(row_walk, 1, false);
	ck_assert_msg(count_of(fn, "w2n.addr") == 0, "versioned at -O1:\n%.3000s", fn);
	free(fn);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"versioned",
	     {row_walk_is_versioned_and_vectorized, downward_walk_is_versioned,
	      count_up_to_zero_is_versioned}},
		{"left alone",
	     {loop_with_call_is_left_alone, non_stepping_address_is_left_alone,
	      fast_mode_is_left_alone}},
	};
	return run_ir_suite("loop_version", groups, sizeof groups / sizeof *groups);
}
