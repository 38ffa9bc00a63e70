/* lower_emit.c — what every lowering file emits with: LLVM types of wasm values, the module's
 * functions (declared on first use), constants, the compile-time operand stack, runtime calls
 * and intrinsics, traps, and loads of runtime structures (vmctx fields, memory 0's base). It
 * calls no other lowering file. */
#include "lower.h"
#include "target.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- host memory ---------------------------------------------------------------------------- */

void *w2n_xrealloc(void *p, size_t n, size_t m, size_t size)
{
	/* At least one byte: realloc(p, 0) may free p and return NULL. */
	size_t bytes = m && size ? m * size : 1;
	void *q = size && m > SIZE_MAX / size ? NULL : realloc(p, bytes);
	if (!q) {
		fputs("wasm2native: out of memory\n", stderr);
		abort();
	}
	if (m > n)
		memset((char *)q + n * size, 0, (m - n) * size);
	return q;
}

/* ---- types ---------------------------------------------------------------------------------- */

LLVMTypeRef w2n_llvm_type(struct mx *mx, uint8_t valtype)
{
	switch (valtype) {
	case W2N_I32:
		return mx->t_i32;
	case W2N_I64:
		return mx->t_i64;
	case W2N_F32:
		return mx->t_f32;
	case W2N_F64:
		return mx->t_f64;
	case W2N_V128:
		return mx->t_v128;
	default:
		return mx->t_ptr; /* funcref, externref */
	}
}

LLVMTypeRef w2n_llvm_fn_type(struct mx *mx, const struct w2n_functype *ft)
{
	LLVMTypeRef params[ft->nparams + 1];
	params[0] = mx->t_ptr;
	for (uint32_t i = 0; i < ft->nparams; i++)
		params[i + 1] = w2n_llvm_type(mx, ft->types[i]);
	LLVMTypeRef ret;
	if (ft->nresults == 0) {
		ret = mx->t_void;
	} else if (ft->nresults == 1) {
		ret = w2n_llvm_type(mx, ft->types[ft->nparams]);
	} else {
		LLVMTypeRef fields[ft->nresults];
		for (uint32_t i = 0; i < ft->nresults; i++)
			fields[i] = w2n_llvm_type(mx, ft->types[ft->nparams + i]);
		ret = LLVMStructTypeInContext(mx->ctx, fields, ft->nresults, 0);
	}
	return LLVMFunctionType(ret, params, ft->nparams + 1, 0);
}

LLVMBasicBlockRef w2n_position_at_entry(struct fx *fx)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMBasicBlockRef here = LLVMGetInsertBlock(b);
	LLVMValueRef first = LLVMGetFirstInstruction(fx->entry);
	if (first)
		LLVMPositionBuilderBefore(b, first);
	else
		LLVMPositionBuilderAtEnd(b, fx->entry);
	return here;
}

LLVMValueRef w2n_zero(struct mx *mx, uint8_t valtype)
{
	return LLVMConstNull(w2n_llvm_type(mx, valtype));
}

LLVMValueRef w2n_i32(struct mx *mx, uint32_t v)
{
	return LLVMConstInt(mx->t_i32, v, 0);
}

LLVMValueRef w2n_i64(struct mx *mx, uint64_t v)
{
	return LLVMConstInt(mx->t_i64, v, 0);
}

/* ---- functions ------------------------------------------------------------------------------ */

LLVMValueRef w2n_func(struct mx *mx, uint32_t index)
{
	const struct w2n_module *m = mx->m;
	if (index < m->nfunc_imports || mx->fns[index])
		return mx->fns[index];
	char name[64];
	snprintf(name, sizeof name, "%s_f%u", mx->opt->prefix ? mx->opt->prefix : "w2n", index);
	LLVMValueRef fn = LLVMAddFunction(mx->mod, name, mx->fn_types[m->funcs[index].type]);
	/* One part: internal, so that several modules link into one executable and LLVM may
	 * specialize. Several parts: hidden globals, still invisible outside the executable or
	 * the relocatable object the parts are merged into. */
	if (mx->split)
		LLVMSetVisibility(fn, LLVMHiddenVisibility);
	else
		LLVMSetLinkage(fn, LLVMInternalLinkage);
	if (mx->opt->opt_level >= 2)
		LLVMSetAlignment(fn, W2N_FUNCTION_ALIGN);
	LLVMSetFunctionCallConv(fn, w2n_body_cc(mx));
	mx->fns[index] = fn;
	return fn;
}

unsigned w2n_body_cc(const struct mx *mx)
{
	return mx->m->tail_calls ? W2N_TAILCC : LLVMCCallConv;
}

/* ---- operand stack -------------------------------------------------------------------------- */

void w2n_push(struct fx *fx, LLVMValueRef v)
{
	if (fx->sp == fx->stack_cap) {
		uint32_t cap = fx->stack_cap ? fx->stack_cap * 2 : 64;
		fx->stack = w2n_xrealloc(fx->stack, fx->stack_cap, cap, sizeof *fx->stack);
		fx->stack_cap = cap;
	}
	fx->stack[fx->sp++] = v;
}

LLVMValueRef w2n_pop(struct fx *fx)
{
	assert(fx->sp > 0);
	return fx->stack[--fx->sp];
}

LLVMValueRef w2n_peek(struct fx *fx, uint32_t depth)
{
	assert(depth < fx->sp);
	return fx->stack[fx->sp - 1 - depth];
}

/* ---- runtime calls and intrinsics ----------------------------------------------------------- */

LLVMValueRef w2n_call_rt(struct fx *fx, const char *name, LLVMTypeRef ret, LLVMValueRef *args,
                         unsigned nargs)
{
	struct mx *mx = fx->mx;
	LLVMTypeRef params[nargs ? nargs : 1];
	for (unsigned i = 0; i < nargs; i++)
		params[i] = LLVMTypeOf(args[i]);
	LLVMTypeRef fty = LLVMFunctionType(ret, params, nargs, 0);
	LLVMValueRef fn = LLVMGetNamedFunction(mx->mod, name);
	if (!fn)
		fn = LLVMAddFunction(mx->mod, name, fty);
	return LLVMBuildCall2(mx->b, fty, fn, args, nargs, "");
}

void w2n_call_builtin(struct fx *fx, const char *name, LLVMTypeRef ret, const uint32_t *imms,
                      unsigned nimms, unsigned npop)
{
	struct mx *mx = fx->mx;
	LLVMValueRef args[6];
	assert(1 + nimms + npop <= 6);
	args[0] = fx->vmctx;
	for (unsigned i = 0; i < nimms; i++)
		args[1 + i] = w2n_i32(mx, imms[i]);
	for (unsigned i = npop; i > 0; i--)
		args[nimms + i] = w2n_pop(fx);
	LLVMValueRef r = w2n_call_rt(fx, name, ret, args, 1 + nimms + npop);
	/* A builtin that traps names the wasm function by its return address (w2n_trap_from):
	 * as a tail call (a jump), the return address would be in the caller's caller. */
	LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
	if (ret != mx->t_void)
		w2n_push(fx, r);
}

LLVMValueRef w2n_call_intrinsic(struct fx *fx, const char *name, LLVMTypeRef *types,
                                unsigned ntypes, LLVMValueRef *args, unsigned nargs)
{
	struct mx *mx = fx->mx;
	unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
	assert(id != 0 && "unknown LLVM intrinsic");
	LLVMValueRef fn = LLVMGetIntrinsicDeclaration(mx->mod, id, types, ntypes);
	LLVMTypeRef fty = LLVMIntrinsicGetType(mx->ctx, id, types, ntypes);
	return LLVMBuildCall2(mx->b, fty, fn, args, nargs, "");
}

/* ---- traps ---------------------------------------------------------------------------------- */

/* Marks a conditional branch as almost never taken toward its first successor, so that trap
 * paths are laid out of line. */
static void unlikely_first(struct mx *mx, LLVMValueRef br)
{
	LLVMValueRef ops[3] = {
		LLVMMDStringInContext(mx->ctx, "branch_weights", 14),
		w2n_i32(mx, 1),
		w2n_i32(mx, 1 << 20),
	};
	LLVMValueRef md = LLVMMDNodeInContext(mx->ctx, ops, 3);
	LLVMSetMetadata(br, LLVMGetMDKindIDInContext(mx->ctx, "prof", 4), md);
}

static LLVMBasicBlockRef trap_block(struct fx *fx, enum w2n_trap trap)
{
	struct mx *mx = fx->mx;
	if (fx->trap_bb[trap])
		return fx->trap_bb[trap];
	LLVMBasicBlockRef saved = LLVMGetInsertBlock(mx->b);
	LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "trap");
	LLVMPositionBuilderAtEnd(mx->b, bb);
	w2n_fuel_spill(fx);
	LLVMValueRef args[3] = {fx->vmctx, w2n_i32(mx, trap), w2n_i32(mx, fx->func_index)};
	bool declared = LLVMGetNamedFunction(mx->mod, "w2n_rt_trap") != NULL;
	w2n_call_rt(fx, "w2n_rt_trap", mx->t_void, args, 3);
	if (!declared) {
		/* Once per LLVM module, on the declaration the first call created. */
		LLVMValueRef callee = LLVMGetNamedFunction(mx->mod, "w2n_rt_trap");
		unsigned noreturn = LLVMGetEnumAttributeKindForName("noreturn", 8);
		unsigned cold = LLVMGetEnumAttributeKindForName("cold", 4);
		LLVMAddAttributeAtIndex(callee, LLVMAttributeFunctionIndex,
		                        LLVMCreateEnumAttribute(mx->ctx, noreturn, 0));
		LLVMAddAttributeAtIndex(callee, LLVMAttributeFunctionIndex,
		                        LLVMCreateEnumAttribute(mx->ctx, cold, 0));
	}
	LLVMBuildUnreachable(mx->b);
	LLVMPositionBuilderAtEnd(mx->b, saved);
	fx->trap_bb[trap] = bb;
	return bb;
}

void w2n_trap_if(struct fx *fx, LLVMValueRef cond, enum w2n_trap trap)
{
	struct mx *mx = fx->mx;
	LLVMBasicBlockRef cont = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "ok");
	LLVMValueRef br = LLVMBuildCondBr(mx->b, cond, trap_block(fx, trap), cont);
	unlikely_first(mx, br);
	LLVMPositionBuilderAtEnd(mx->b, cont);
}

void w2n_trap(struct fx *fx, enum w2n_trap trap)
{
	LLVMBuildBr(fx->mx->b, trap_block(fx, trap));
}

/* ---- runtime structures --------------------------------------------------------------------- */

LLVMValueRef w2n_load_field(struct fx *fx, LLVMValueRef base, size_t offset, LLVMTypeRef type,
                            bool invariant)
{
	struct mx *mx = fx->mx;
	LLVMValueRef idx = w2n_i64(mx, offset);
	LLVMValueRef p = LLVMBuildInBoundsGEP2(mx->b, mx->t_i8, base, &idx, 1, "");
	LLVMValueRef v = LLVMBuildLoad2(mx->b, type, p, "");
	if (invariant) {
		/* The field is written before any wasm code of the instance runs and never again,
		 * so LLVM may hoist and merge these loads freely. */
		unsigned kind = LLVMGetMDKindIDInContext(mx->ctx, "invariant.load", 14);
		LLVMSetMetadata(v, kind, LLVMMDNodeInContext(mx->ctx, NULL, 0));
	}
	return v;
}

/* Memory 0 is reached through vmctx->memory, as in every 2.0 module; the others through
 * vmctx->memories[mem]. Both pointers are fixed for the instance's life. */
LLVMValueRef w2n_memory_object(struct fx *fx, uint32_t mem)
{
	struct mx *mx = fx->mx;
	if (mem == 0)
		return w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_MEMORY, mx->t_ptr, true);
	LLVMValueRef mems = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_MEMORIES, mx->t_ptr, true);
	return w2n_load_field(fx, mems, (size_t)mem * sizeof(void *), mx->t_ptr, true);
}

/* Memory 0, guard-page mode: the base never moves, so one load in the entry block dominates
 * every use. Bounds-check mode: the base may move when memory grows (here or in a callee), so
 * it lives in a stack slot that is refreshed after such events; mem2reg turns the slot into SSA.
 * Other memories load their base where it is used: an invariant load in guard-page mode (LLVM
 * hoists and merges them), a plain one in bounds-check mode, so no event needs tracking. */
LLVMValueRef w2n_memory_base(struct fx *fx, uint32_t mem)
{
	struct mx *mx = fx->mx;
	if (mem != 0)
		return w2n_load_field(fx, w2n_memory_object(fx, mem), W2N_OFF_MEMORY_BASE, mx->t_ptr,
		                      !mx->opt->bounds_checks);
	if (!mx->opt->bounds_checks)
		return fx->mem_base;
	return LLVMBuildLoad2(mx->b, mx->t_ptr, fx->mem_base, "membase");
}

void w2n_memory_changed(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!mx->opt->bounds_checks || !mx->m->nmems)
		return;
	LLVMValueRef base =
		w2n_load_field(fx, w2n_memory_object(fx, 0), W2N_OFF_MEMORY_BASE, mx->t_ptr, false);
	LLVMBuildStore(mx->b, base, fx->mem_base);
}

/* ---- fuel (lower_limits.c meters it; traps and calls need these too) ---------------------- */

static LLVMValueRef fuel_field(struct fx *fx)
{
	struct mx *mx = fx->mx;
	LLVMValueRef off = w2n_i64(mx, W2N_OFF_VMCTX_FUEL);
	return LLVMBuildInBoundsGEP2(mx->b, mx->t_i8, fx->vmctx, &off, 1, "fuel.field");
}

void w2n_fuel_reload(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!fx->fuel)
		return;
	LLVMBuildStore(mx->b, LLVMBuildLoad2(mx->b, mx->t_i64, fuel_field(fx), "fuel"), fx->fuel);
}

void w2n_fuel_spill(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!fx->fuel)
		return;
	LLVMBuildStore(mx->b, LLVMBuildLoad2(mx->b, mx->t_i64, fx->fuel, "fuel"), fuel_field(fx));
}
