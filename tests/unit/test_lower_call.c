/* test_lower_call.c — compiler/lower_call.c: direct calls, calls to imports, call_indirect's
 * checks, multi-value results, the array-call trampolines and tail calls' conventions.
 *
 * Modules are compiled through the real pipeline at -O0 with the LLVM verifier on; the cases
 * look at the IR's shape. Offsets in vmctx and funcrefs come from abi.h, never from numbers
 * written here; what the calls compute is the spec suite's job (call.wast, call_indirect.wast).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"
#include "wasm2native/abi.h"

/* `getelementptr inbounds i8, ptr ..., i64 OFFSET` as the lowering spells a field access. */
static const char *field(size_t offset)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "i64 %zu\n", offset);
	return buf;
}

static const char *trap_call(enum w2n_trap trap)
{
	static char buf[64];
	snprintf(buf, sizeof buf, "@w2n_rt_trap(ptr %%0, i32 %d,", (int)trap);
	return buf;
}

START_TEST(direct_call_passes_vmctx)
{
	char *fn = fn_ir("(module (func $a (param i32) (result i32) (local.get 0))"
	                 "  (func (result i32) (call $a (i32.const 3))))",
	                 1, false);
	ck_assert_ptr_nonnull(strstr(fn, "call i32 @w2n_f0(ptr %0, i32 3)"));
	free(fn);
}
END_TEST

START_TEST(calling_functions_keep_their_frames)
{
	/* Without this, LLVM turns the recursion into a loop and it never exhausts the stack. */
	char *ir = wat_to_ir("(module (func $r (export \"r\") (call $r)) (func))", false);
	ck_assert_ptr_nonnull(strstr(ir, "\"disable-tail-calls\"=\"true\""));
	free(ir);
}
END_TEST

START_TEST(import_call_goes_through_vmctx_funcs)
{
	/* Code and vmctx of the exporter, from vmctx->funcs[0]; both fixed at instantiation. */
	char *fn = fn_ir("(module (import \"m\" \"f\" (func (param i64)))"
	                 "  (func (call 0 (i64.const 1))))",
	                 1, false);
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_VMCTX_FUNCS)));
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_FUNCREF_VMCTX)));
	ck_assert_int_ge(count_of(fn, "!invariant.load"), 3);
	char *call = ir_line(fn, "call void %");
	ck_assert_ptr_nonnull(strstr(call, ", i64 1)"));
	ck_assert_ptr_null(strstr(call, "(ptr %0,")); /* the exporter's vmctx, not ours */
	free(call);
	free(fn);
}
END_TEST

START_TEST(import_index_scales_by_funcref_size)
{
	char *fn = fn_ir("(module (import \"m\" \"f\" (func)) (import \"m\" \"g\" (func))"
	                 "  (func (call 1)))",
	                 2, false);
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_SIZEOF_FUNCREF + W2N_OFF_FUNCREF_CODE)));
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_SIZEOF_FUNCREF + W2N_OFF_FUNCREF_VMCTX)));
	free(fn);
}
END_TEST

START_TEST(call_indirect_checks_in_spec_order)
{
	/* Bounds, then null, then signature; then a call with the element's own vmctx. */
	char *fn = fn_ir("(module (type $t (func (param i32) (result i32)))"
	                 "  (table 2 funcref)"
	                 "  (func (param i32) (result i32)"
	                 "    (call_indirect (type $t) (i32.const 7) (local.get 0))))",
	                 0, false);
	const char *oob = strstr(fn, "%oob = icmp uge i32");
	const char *null = strstr(fn, "%null = icmp eq ptr");
	const char *sig = strstr(fn, "%badsig = icmp ne i32");
	ck_assert_ptr_nonnull(oob);
	ck_assert_ptr_nonnull(null);
	ck_assert_ptr_nonnull(sig);
	ck_assert(oob < null && null < sig);
	ck_assert_ptr_nonnull(strstr(fn, trap_call(W2N_TRAP_UNDEFINED_ELEMENT)));
	ck_assert_ptr_nonnull(strstr(fn, trap_call(W2N_TRAP_NULL_ELEMENT)));
	ck_assert_ptr_nonnull(strstr(fn, trap_call(W2N_TRAP_SIGNATURE_MISMATCH)));
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_FUNCREF_TYPE_ID)));
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_VMCTX_TYPE_IDS)));
	char *call = ir_line(fn, "call i32 %");
	ck_assert_ptr_nonnull(strstr(call, ", i32 7)"));
	ck_assert_ptr_null(strstr(call, "(ptr %0,")); /* not the caller's vmctx */
	free(call);
	free(fn);
}
END_TEST

START_TEST(call_indirect_reloads_table_size)
{
	/* table.grow may change size and elements at any call: those loads are not invariant. */
	char *fn = fn_ir("(module (type $t (func)) (table 1 funcref)"
	                 "  (func (call_indirect (type $t) (i32.const 0))))",
	                 0, false);
	char *size = ir_line(fn, "load i32, ptr");
	ck_assert_ptr_null(strstr(size, "invariant"));
	free(size);
	free(fn);
}
END_TEST

START_TEST(multi_value_results_are_extracted)
{
	char *fn = fn_ir("(module (func $p (result i32 i64) (i32.const 1) (i64.const 2))"
	                 "  (func (result i64) (call $p) (drop) (i64.extend_i32_u)))",
	                 1, false);
	ck_assert_ptr_nonnull(strstr(fn, "call { i32, i64 } @w2n_f0(ptr %0)"));
	ck_assert_int_eq(count_of(fn, "extractvalue { i32, i64 }"), 2);
	free(fn);
}
END_TEST

START_TEST(bounds_checks_reload_memory_after_call)
{
	/* The callee may grow (and so move) memory 0. */
	const char *wat = "(module (memory 1) (func $g)"
					  "  (func (result i32) (call $g) (i32.load (i32.const 0))))";
	char *fn = fn_ir(wat, 1, true);
	const char *call = strstr(fn, "call void @w2n_f0");
	ck_assert_ptr_nonnull(call);
	ck_assert_ptr_nonnull(strstr(call, "store ptr"));
	free(fn);
	fn = fn_ir(wat, 1, false);
	call = strstr(fn, "call void @w2n_f0");
	ck_assert_ptr_nonnull(call);
	ck_assert_ptr_null(strstr(call, "store ptr"));
	free(fn);
}
END_TEST

START_TEST(trampoline_unpacks_and_packs_slots)
{
	char *ir = wat_to_ir("(module (func (export \"f\") (param i32 f64 v128) (result i64 v128)"
	                     "  (i64.const 1) (local.get 2)))",
	                     false);
	char *fn = ir_function(ir, "w2n_tramp_0");
	ck_assert_ptr_nonnull(strstr(fn, "define internal void @w2n_tramp_0(ptr %0, ptr %1)"));
	ck_assert_ptr_nonnull(strstr(fn, field(1 * sizeof(union w2n_val))));
	ck_assert_ptr_nonnull(strstr(fn, field(2 * sizeof(union w2n_val))));
	/* union w2n_val is only 8-byte aligned. */
	char *vload = ir_line(fn, "load <2 x i64>");
	ck_assert_ptr_nonnull(strstr(vload, "align 8"));
	char *vstore = ir_line(fn, "store <2 x i64>");
	ck_assert_ptr_nonnull(strstr(vstore, "align 8"));
	ck_assert_ptr_nonnull(strstr(fn, "call { i64, <2 x i64> } @w2n_f0(ptr %0, i32"));
	ck_assert_int_eq(count_of(fn, "extractvalue"), 2);
	free(vload);
	free(vstore);
	free(fn);
	free(ir);
}
END_TEST

START_TEST(trampoline_of_reexported_import)
{
	char *ir = wat_to_ir("(module (import \"m\" \"f\" (func $f (param i32) (result i32)))"
	                     "  (export \"g\" (func $f)))",
	                     false);
	char *fn = ir_function(ir, "w2n_tramp_0");
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_VMCTX_FUNCS)));
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_FUNCREF_VMCTX)));
	ck_assert_ptr_nonnull(strstr(fn, "call i32 %"));
	free(fn);
	free(ir);
}
END_TEST

/* A module without tail calls keeps the C convention everywhere: its code is what it was
 * before tail calls between signatures (docs/lowering-semantics.md). */
START_TEST(modules_without_tail_calls_keep_the_c_convention)
{
	char *ir =
		wat_to_ir("(module (type $t (func)) (table 1 funcref)"
	              "  (func $a (export \"a\") (call $a) (call_indirect (type $t) (i32.const 0))))",
	              false);
	ck_assert_ptr_null(strstr(ir, "tailcc"));
	ck_assert_ptr_null(strstr(ir, "@w2n_c0("));
	free(ir);
}
END_TEST

/* With a return_call, every body is tailcc and a tail call between two signatures is
 * musttail; the descriptor gets a C-convention entry that calls the body. */
START_TEST(tail_calls_between_signatures_are_musttail)
{
	const char *wat = "(module (func $a (export \"a\") (param i64) (result i32)"
					  "    (return_call $b (i32.const 1) (f64.const 2)))"
					  "  (func $b (param i32 f64) (result i32) (local.get 0)))";
	char *ir = wat_to_ir(wat, false);
	char *a = ir_function(ir, "w2n_f0");
	ck_assert_ptr_nonnull(strstr(a, "define internal tailcc i32 @w2n_f0("));
	ck_assert_ptr_nonnull(strstr(a, "musttail call tailcc i32 @w2n_f1("));
	char *entry = ir_function(ir, "w2n_c0");
	ck_assert_ptr_nonnull(strstr(entry, "define internal i32 @w2n_c0("));
	ck_assert_ptr_nonnull(strstr(entry, "call tailcc i32 @w2n_f0("));
	free(entry);
	free(a);
	free(ir);
}
END_TEST

/* Through a funcref: a musttail jump to its tailcc body when it has one, else an ordinary
 * call of its C entry (a host function, a module without tail calls). */
START_TEST(tail_calls_through_funcrefs_check_the_tail_entry)
{
	const char *wat = "(module (type $t (func (param i32) (result i32))) (table 1 funcref)"
					  "  (func (param i64) (result i32)"
					  "    (return_call_indirect (type $t) (i32.const 1) (i32.const 0))))";
	char *fn = fn_ir(wat, 0, false);
	ck_assert_ptr_nonnull(strstr(fn, field(W2N_OFF_FUNCREF_TAIL_CODE)));
	ck_assert_int_eq(count_of(fn, "musttail call tailcc i32 %"), 1);
	char *ccall = ir_line(fn, "= call i32 %");
	ck_assert_ptr_null(strstr(ccall, "tailcc"));
	free(ccall);
	free(fn);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"direct",
	     {direct_call_passes_vmctx, calling_functions_keep_their_frames,
	      import_call_goes_through_vmctx_funcs, import_index_scales_by_funcref_size,
	      multi_value_results_are_extracted, bounds_checks_reload_memory_after_call}},
		{"indirect", {call_indirect_checks_in_spec_order, call_indirect_reloads_table_size}},
		{"trampolines", {trampoline_unpacks_and_packs_slots, trampoline_of_reexported_import}},
		{"tail calls",
	     {modules_without_tail_calls_keep_the_c_convention,
	      tail_calls_between_signatures_are_musttail,
	      tail_calls_through_funcrefs_check_the_tail_entry}},
	};
	return run_ir_suite("lower_call", groups, sizeof groups / sizeof groups[0]);
}
