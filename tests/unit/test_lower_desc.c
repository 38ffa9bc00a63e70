/* test_lower_desc.c — compiler/lower_desc_types.c and lower_desc.c: the LLVM mirror of
 * include/wasm2native/descriptor.h has the C layout on both targets, a disagreement is
 * reported by field, and the emitter puts each value in the field descriptor.h names.
 *
 * The C side is the host compiler's layout; the runtime's targets have the same one because
 * descriptor.h pins every offset with a _Static_assert that the runtime is compiled with too.
 */
#include <check.h>
#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower_desc.h"
#include "lower_ir.h"
#include "target.h"
#include "wasm2native/compile.h"

/* The data layout LLVM uses for target `name` (a canonical target name). */
static LLVMTargetDataRef data_layout(const char *name)
{
	w2n_llvm_init();
	const struct w2n_target *tg = w2n_target_find(name);
	ck_assert_ptr_nonnull(tg);
	LLVMTargetRef target;
	char *err = NULL;
	ck_assert_msg(!LLVMGetTargetFromTriple(tg->triple, &target, &err), "%s", err);
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
		target, tg->triple, "", "", LLVMCodeGenLevelNone, LLVMRelocPIC, LLVMCodeModelDefault);
	LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
	LLVMDisposeTargetMachine(tm);
	return dl;
}

static void check_target(const char *name)
{
	LLVMTargetDataRef dl = data_layout(name);
	LLVMContextRef ctx = LLVMContextCreate();
	struct w2n_desc_types t;
	w2n_desc_types_init(ctx, &t);
	const char *bad = w2n_desc_layout_mismatch(dl, &t);
	ck_assert_msg(bad == NULL, "%s: LLVM and C disagree on %s", name, bad);
	/* The checker's own view of the largest struct, spelled out once. */
	unsigned last = LLVMCountStructElementTypes(t.module) - 1;
	ck_assert_uint_eq(LLVMABISizeOfType(dl, t.module), sizeof(struct w2n_module_desc));
	ck_assert_uint_eq(LLVMOffsetOfElement(dl, t.module, last),
	                  offsetof(struct w2n_module_desc, tags));
	LLVMContextDispose(ctx);
	LLVMDisposeTargetData(dl);
}

START_TEST(layout_x86_64)
{
	check_target("x86_64-linux");
}
END_TEST

START_TEST(layout_aarch64)
{
	check_target("aarch64-linux");
}
END_TEST

/* What the check reports when an LLVM type drifts from its C struct. */
static const char *mismatch_after(void (*drift)(LLVMContextRef, struct w2n_desc_types *))
{
	static char name[128];
	LLVMTargetDataRef dl = data_layout("x86_64-linux");
	LLVMContextRef ctx = LLVMContextCreate();
	struct w2n_desc_types t;
	w2n_desc_types_init(ctx, &t);
	drift(ctx, &t);
	const char *bad = w2n_desc_layout_mismatch(dl, &t);
	snprintf(name, sizeof name, "%s", bad ? bad : "(none)");
	LLVMContextDispose(ctx);
	LLVMDisposeTargetData(dl);
	return name;
}

/* has_max as i64: another field size (and shared and is64 move). */
static void wide_has_max(LLVMContextRef ctx, struct w2n_desc_types *t)
{
	t->limits =
		LLVMStructTypeInContext(ctx, (LLVMTypeRef[]){t->i64, t->i64, t->i64, t->i32, t->i32}, 5, 0);
}

/* kind as i64: every later field moves. */
static void wide_export_kind(LLVMContextRef ctx, struct w2n_desc_types *t)
{
	t->export = LLVMStructTypeInContext(ctx, (LLVMTypeRef[]){t->ptr, t->i32, t->i64, t->i32}, 4, 0);
}

/* Packed: the same offsets and size, another alignment. */
static void packed_type(LLVMContextRef ctx, struct w2n_desc_types *t)
{
	t->type = LLVMStructTypeInContext(ctx, (LLVMTypeRef[]){t->i32, t->i32, t->ptr}, 3, 1);
}

/* A field missing (a row added to descriptor.h but not to the LLVM type). */
static void short_module(LLVMContextRef ctx, struct w2n_desc_types *t)
{
	unsigned n = LLVMCountStructElementTypes(t->module);
	LLVMTypeRef fields[64];
	ck_assert_uint_lt(n, 64);
	LLVMGetStructElementTypes(t->module, fields);
	t->module = LLVMStructTypeInContext(ctx, fields, n - 1, 0);
}

START_TEST(drift_is_reported_by_field)
{
	ck_assert_str_eq(mismatch_after(wide_has_max), "w2n_desc_limits.has_max");
	ck_assert_str_eq(mismatch_after(wide_export_kind), "w2n_desc_export.kind");
	ck_assert_str_eq(mismatch_after(packed_type), "sizeof w2n_desc_type");
	ck_assert_str_eq(mismatch_after(short_module), "sizeof w2n_module_desc");
}
END_TEST

/* Field indices of struct w2n_module_desc, from descriptor.h's list (as lower_desc.c makes
 * its own). */
#define FIELD_INDEX(S, TYPE, FIELD, OFFSET) MOD_##FIELD,
enum { W2N_MODULE_DESC_FIELDS(FIELD_INDEX, _) MOD_NFIELDS };

static uint64_t field(LLVMValueRef init, unsigned index)
{
	return LLVMConstIntGetZExtValue(LLVMGetOperand(init, index));
}

/* The emitted `w2n_module`, read back field by field through descriptor.h's names. */
START_TEST(emitted_fields_by_name)
{
	char *ir = wat_to_ir("(module (import \"m\" \"g\" (global i32)) (memory 1)"
	                     "  (func) (func) (func) (start 2) (export \"f\" (func 1))"
	                     "  (export \"mem\" (memory 0)) (global i64 (i64.const 1))"
	                     "  (data (i32.const 0) \"x\") (data \"yz\") (data \"w\"))",
	                     true);
	LLVMContextRef ctx = LLVMContextCreate();
	LLVMMemoryBufferRef buf = LLVMCreateMemoryBufferWithMemoryRangeCopy(ir, strlen(ir), "ir");
	LLVMModuleRef mod;
	char *err = NULL;
	ck_assert_msg(!LLVMParseIRInContext(ctx, buf, &mod, &err), "%s", err);
	LLVMValueRef desc = LLVMGetNamedGlobal(mod, "w2n_module");
	ck_assert_ptr_nonnull(desc);
	LLVMValueRef init = LLVMGetInitializer(desc);
	ck_assert_uint_eq(LLVMGetNumOperands(init), MOD_NFIELDS);
	ck_assert_uint_eq(field(init, MOD_abi_version), W2N_ABI_VERSION);
	ck_assert_uint_eq(field(init, MOD_bounds_checks), 1);
	ck_assert_uint_eq(field(init, MOD_ntypes), 1);
	ck_assert_uint_eq(field(init, MOD_nimports), 1);
	ck_assert_uint_eq(field(init, MOD_nexports), 2);
	ck_assert_uint_eq(field(init, MOD_nfuncs), 3);
	ck_assert_uint_eq(field(init, MOD_ntables), 0);
	ck_assert_uint_eq(field(init, MOD_nmems), 1);
	ck_assert_uint_eq(field(init, MOD_nglobals), 2);
	ck_assert_uint_eq(field(init, MOD_nelems), 0);
	ck_assert_uint_eq(field(init, MOD_ndatas), 3);
	ck_assert_uint_eq(field(init, MOD_start), 2);
	ck_assert(LLVMIsNull(LLVMGetOperand(init, MOD_tables)));
	ck_assert(!LLVMIsNull(LLVMGetOperand(init, MOD_datas)));
	ck_assert(LLVMIsNull(LLVMGetOperand(init, MOD_snapshot))); /* not pre-baked */
	LLVMDisposeModule(mod);
	LLVMContextDispose(ctx);
	free(ir);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {
		{"layout", {layout_x86_64, layout_aarch64, drift_is_reported_by_field}},
		{"emit", {emitted_fields_by_name}},
	};
	return run_ir_suite("lower_desc", groups, sizeof groups / sizeof groups[0]);
}
