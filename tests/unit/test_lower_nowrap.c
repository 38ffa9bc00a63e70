/* test_lower_nowrap.c — compiler/lower_nowrap.cpp: an i32 address add gets `nuw` exactly when
 * an access that dominates it proves it cannot wrap (the constant is below the access's offset
 * plus size plus the 64 KiB that the largest memory stays below 2^32), in both memory modes;
 * never before the access, beside it in another branch, past what it covers, or from an access
 * to another address.
 *
 * Each module is lowered at -O0 (the IR as emitted), parsed back, put in SSA form with sroa (as
 * compile.c does) and given to the pass; the cases count the function's `add nuw i32`. Whether
 * the behaviour stays the spec's at the 4 GiB edge is tests/e2e/nowrap.wat's job. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "lower_ir.h"

void w2n_mark_nowrap_adds(LLVMModuleRef mod);

/* Function 0 of `body` (a module with one page of memory and this function, params (p, q)),
 * after sroa and the pass: its IR text, malloc'd. */
static char *marked(const char *func, bool bounds_checks)
{
	char wat[2048];
	snprintf(wat, sizeof wat, "(module (memory 1) %s)", func);
	char *ir = wat_to_ir(wat, bounds_checks);
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "t.ll");
	LLVMModuleRef mod = NULL;
	char *msg = NULL;
	ck_assert_msg(!LLVMParseIRInContext(ctx, buf, &mod, &msg), "IR does not parse: %s", msg);
	LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
	ck_assert_ptr_null(LLVMRunPasses(mod, "function(sroa)", NULL, po));
	LLVMDisposePassBuilderOptions(po);
	w2n_mark_nowrap_adds(mod);
	char *text = LLVMPrintValueToString(LLVMGetNamedFunction(mod, "w2n_f0"));
	char *out = strdup(text);
	LLVMDisposeMessage(text);
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
	free(ir);
	return out;
}

/* The number of address adds marked nuw and left plain in `func`. */
static void expect(const char *func, bool bounds_checks, int nuw, int plain)
{
	char *fn = marked(func, bounds_checks);
	ck_assert_msg(count_of(fn, "add nuw i32") == nuw && count_of(fn, "add i32") == plain,
	              "want %d nuw and %d plain i32 adds in\n%s", nuw, plain, fn);
	free(fn);
}

#define FUNC(body) "(func (param $p i32) (param $q i32) (result i32) " body ")"

START_TEST(add_after_access_is_marked)
{
	/* p + 4 after a 4-byte load at p: p + 4 <= size < 2^32. */
	const char *f = FUNC("(i32.xor (i32.load (local.get $p))"
	                     "         (i32.load (i32.add (local.get $p) (i32.const 4))))");
	expect(f, false, 1, 0);
	expect(f, true, 1, 0);
	/* A store proves it as well, and the constant may be on the left. */
	expect(FUNC("(i32.store (local.get $p) (i32.const 1))"
	            "(i32.add (i32.const 4) (local.get $p))"),
	       false, 1, 0);
}
END_TEST

START_TEST(covered_by_offset_and_size)
{
	/* The largest memory ends 64 KiB below 2^32: a 1-byte load at p covers p + 65536, not
	 * p + 65537; offset=4 on a 4-byte load covers p + 65543, not p + 65544. */
	expect(FUNC("(drop (i32.load8_u (local.get $p)))"
	            "(i32.add (local.get $p) (i32.const 65536))"),
	       false, 1, 0);
	expect(FUNC("(drop (i32.load8_u (local.get $p)))"
	            "(i32.add (local.get $p) (i32.const 65537))"),
	       false, 0, 1);
	expect(FUNC("(drop (i32.load offset=4 (local.get $p)))"
	            "(i32.add (local.get $p) (i32.const 65543))"),
	       false, 1, 0);
	expect(FUNC("(drop (i32.load offset=4 (local.get $p)))"
	            "(i32.add (local.get $p) (i32.const 65544))"),
	       false, 0, 1);
	/* A row of 5600 bytes after an 8-byte load (lu's column walk). */
	expect(FUNC("(drop (f64.load (local.get $p)))"
	            "(i32.add (local.get $p) (i32.const 5600))"),
	       true, 1, 0);
}
END_TEST

START_TEST(unrolled_step_is_marked)
{
	/* Two elements, then the step p + 8: the access at (p + 4) nuw covers p + 8. */
	expect(FUNC("(i32.xor (i32.load (local.get $p))"
	            "         (i32.load (i32.add (local.get $p) (i32.const 4))))"
	            "(local.set $p (i32.add (local.get $p) (i32.const 8)))"
	            "(i32.xor (local.get $p))"),
	       false, 2, 0);
}
END_TEST

START_TEST(not_dominated_is_not_marked)
{
	/* The add comes first: at p = 0xfffffffc it wraps to 0, a valid address. */
	expect(FUNC("(i32.xor (i32.load (i32.add (local.get $p) (i32.const 4)))"
	            "         (i32.load (local.get $p)))"),
	       false, 0, 1);
	/* The access is in one branch, the add after the join. */
	expect(FUNC("(if (local.get $q) (then (drop (i32.load (local.get $p)))))"
	            "(i32.add (local.get $p) (i32.const 4))"),
	       false, 0, 1);
	/* The access is to another address. */
	expect(FUNC("(drop (i32.load (local.get $q)))"
	            "(i32.add (local.get $p) (i32.const 4))"),
	       false, 0, 1);
}
END_TEST

START_TEST(access_in_a_dominating_block)
{
	/* The access before an if covers the add inside it. */
	expect(FUNC("(drop (i32.load (local.get $p)))"
	            "(if (result i32) (local.get $q)"
	            "  (then (i32.add (local.get $p) (i32.const 4))) (else (i32.const 0)))"),
	       false, 1, 0);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"marked",
	     {add_after_access_is_marked, covered_by_offset_and_size, unrolled_step_is_marked,
	      access_in_a_dominating_block}},
		{"not marked", {not_dominated_is_not_marked}},
	};
	return run_ir_suite("lower_nowrap", groups, sizeof groups / sizeof *groups);
}
