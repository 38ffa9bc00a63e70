/* lower.c — the lowering skeleton: types, the operand stack, traps, runtime calls, function
 * prologues and the per-instruction dispatch by operator family (ops.def's FAMILY column). */
#include "lower.h"
#include "wasm2native/wasm2native.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- operand stack -------------------------------------------------------------------------- */

void w2n_push(struct fx *fx, LLVMValueRef v)
{
	if (fx->sp == fx->stack_cap) {
		fx->stack_cap = fx->stack_cap ? fx->stack_cap * 2 : 64;
		fx->stack = realloc(fx->stack, fx->stack_cap * sizeof *fx->stack);
		assert(fx->stack);
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

LLVMValueRef w2n_memory_object(struct fx *fx)
{
	return w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_MEMORY, fx->mx->t_ptr, true);
}

/* Guard-page mode: the base never moves, so one load in the entry block dominates every use.
 * Bounds-check mode: the base may move when memory grows (here or in a callee), so it lives
 * in a stack slot that is refreshed after such events; mem2reg turns the slot into SSA. */
LLVMValueRef w2n_memory_base(struct fx *fx)
{
	struct mx *mx = fx->mx;
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
		w2n_load_field(fx, w2n_memory_object(fx), W2N_OFF_MEMORY_BASE, mx->t_ptr, false);
	LLVMBuildStore(mx->b, base, fx->mem_base);
}

static void setup_memory_base(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!mx->m->nmems)
		return;
	LLVMValueRef base = w2n_load_field(fx, w2n_memory_object(fx), W2N_OFF_MEMORY_BASE, mx->t_ptr,
	                                   !mx->opt->bounds_checks);
	if (!mx->opt->bounds_checks) {
		fx->mem_base = base;
		return;
	}
	fx->mem_base = LLVMBuildAlloca(mx->b, mx->t_ptr, "membase.slot");
	LLVMBuildStore(mx->b, base, fx->mem_base);
}

/* ---- functions ------------------------------------------------------------------------------ */

/* Deterministic stack exhaustion: trap when the frame address is below vmctx->stack_limit,
 * which the runtime sets with enough headroom for the trap path and host calls. */
static void stack_check(struct fx *fx)
{
	struct mx *mx = fx->mx;
	LLVMValueRef zero = w2n_i32(mx, 0);
	LLVMTypeRef pt = mx->t_ptr;
	LLVMValueRef frame = w2n_call_intrinsic(fx, "llvm.frameaddress", &pt, 1, &zero, 1);
	LLVMValueRef sp = LLVMBuildPtrToInt(mx->b, frame, mx->t_i64, "sp");
	LLVMValueRef limit = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_STACK_LIMIT, mx->t_i64, false);
	w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntULT, sp, limit, ""), W2N_TRAP_STACK_EXHAUSTED);
}

/* Locals get their stack slot on first use (w2n_local_slot): a function may declare tens of
 * thousands of locals it never touches, and each slot costs IR until mem2reg runs. */
static void setup_locals(struct fx *fx)
{
	fx->nlocals = fx->type->nparams + fx->body->nlocals;
	fx->locals = calloc(fx->nlocals ? fx->nlocals : 1, sizeof *fx->locals);
	assert(fx->locals);
}

LLVMValueRef w2n_local_slot(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	assert(index < fx->nlocals);
	if (fx->locals[index])
		return fx->locals[index];
	/* Slot and initial value go at the top of the entry block, so they dominate every use. */
	uint8_t t = w2n_local_type(fx->type, fx->body, index);
	LLVMBasicBlockRef here = LLVMGetInsertBlock(mx->b);
	LLVMValueRef first = LLVMGetFirstInstruction(fx->entry);
	if (first)
		LLVMPositionBuilderBefore(mx->b, first);
	else
		LLVMPositionBuilderAtEnd(mx->b, fx->entry);
	LLVMValueRef slot = LLVMBuildAlloca(mx->b, w2n_llvm_type(mx, t), "local");
	LLVMValueRef init =
		index < fx->type->nparams ? LLVMGetParam(fx->fn, index + 1) : w2n_zero(mx, t);
	LLVMBuildStore(mx->b, init, slot);
	LLVMPositionBuilderAtEnd(mx->b, here);
	fx->locals[index] = slot;
	return slot;
}

static bool is_structure(uint16_t op)
{
	return op == W2N_OP_BLOCK || op == W2N_OP_LOOP || op == W2N_OP_IF || op == W2N_OP_ELSE ||
	       op == W2N_OP_END;
}

static bool lower_instr(struct fx *fx, const struct w2n_instr *in, struct w2n_diag *dg)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (w2n_control_dead(fx) && !is_structure(in->op))
		return true;
	switch (info->family) {
	case W2N_FAM_CONTROL:
	case W2N_FAM_PARAM:
		w2n_lower_control(fx, in);
		return true;
	case W2N_FAM_CALL:
		w2n_lower_call(fx, in);
		return true;
	case W2N_FAM_VAR:
		w2n_lower_var(fx, in);
		return true;
	case W2N_FAM_CONST:
	case W2N_FAM_EQZ:
	case W2N_FAM_ICMP:
	case W2N_FAM_FCMP:
	case W2N_FAM_IUNARY:
	case W2N_FAM_IBIN:
	case W2N_FAM_IDIV:
	case W2N_FAM_SHIFT:
	case W2N_FAM_ROTATE:
	case W2N_FAM_FUNARY:
	case W2N_FAM_FBIN:
	case W2N_FAM_FMINMAX:
		w2n_lower_numeric(fx, in);
		return true;
	case W2N_FAM_CONV:
	case W2N_FAM_TRUNC:
	case W2N_FAM_TRUNC_SAT:
	case W2N_FAM_SEXT:
		w2n_lower_convert(fx, in);
		return true;
	case W2N_FAM_LOAD:
	case W2N_FAM_STORE:
	case W2N_FAM_MEMORY:
		w2n_lower_memory(fx, in);
		return true;
	case W2N_FAM_TABLE:
	case W2N_FAM_REF:
		w2n_lower_table(fx, in);
		return true;
	default:
		/* Every other family is a SIMD_* one (ops.h lists them after SEXT). */
		assert(info->family >= W2N_FAM_SIMD_LOAD && info->family <= W2N_FAM_SIMD_CONVERT);
		(void)dg;
		w2n_lower_simd(fx, in);
		return true;
	}
}

static bool lower_function(struct mx *mx, uint32_t index, struct w2n_diag *dg)
{
	const struct w2n_func *f = &mx->m->funcs[index];
	struct fx fx = {
		.mx = mx,
		.func_index = index,
		.type = &mx->m->types[f->type],
		.body = &f->body,
		.fn = mx->fns[index],
	};
	fx.vmctx = LLVMGetParam(fx.fn, 0);
	fx.entry = LLVMAppendBasicBlockInContext(mx->ctx, fx.fn, "entry");
	LLVMPositionBuilderAtEnd(mx->b, fx.entry);
	setup_locals(&fx);
	setup_memory_base(&fx);
	stack_check(&fx);
	w2n_control_begin(&fx);
	bool ok = true;
	for (uint32_t i = 0; ok && i < f->body.len; i++)
		ok = lower_instr(&fx, &f->body.code[i], dg);
	free(fx.stack);
	free(fx.frames);
	free(fx.locals);
	return ok;
}

/* Declares every defined function first, so that calls can refer to later ones. Functions
 * whose bodies live in another part are plain declarations. */
static void declare_functions(struct mx *mx)
{
	const struct w2n_module *m = mx->m;
	const char *prefix = mx->opt->prefix ? mx->opt->prefix : "w2n";
	mx->fn_types = calloc(m->ntypes ? m->ntypes : 1, sizeof *mx->fn_types);
	mx->fns = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *mx->fns);
	mx->trampolines = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *mx->trampolines);
	assert(mx->fn_types && mx->fns && mx->trampolines);
	for (uint32_t i = 0; i < m->ntypes; i++)
		mx->fn_types[i] = w2n_llvm_fn_type(mx, &m->types[i]);
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s_f%u", prefix, i);
		LLVMValueRef fn = LLVMAddFunction(mx->mod, name, mx->fn_types[m->funcs[i].type]);
		/* One part: internal, so that several modules link into one executable and LLVM
		 * may specialize. Several parts: hidden globals, still invisible outside the
		 * executable or the relocatable object the parts are merged into. */
		if (mx->split)
			LLVMSetVisibility(fn, LLVMHiddenVisibility);
		else
			LLVMSetLinkage(fn, LLVMInternalLinkage);
		mx->fns[i] = fn;
	}
}

bool w2n_lower_module(struct mx *mx, struct w2n_diag *dg)
{
	declare_functions(mx);
	bool ok = true;
	for (uint32_t i = mx->part_begin; ok && i < mx->part_end; i++)
		ok = lower_function(mx, i, dg);
	if (ok && mx->main_part)
		w2n_lower_descriptor(mx);
	free(mx->fn_types);
	free(mx->fns);
	free(mx->trampolines);
	mx->fn_types = NULL;
	mx->fns = NULL;
	mx->trampolines = NULL;
	return ok;
}
