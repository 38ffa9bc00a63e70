/* lower_call.c — direct and indirect calls, the array-call trampolines hosts use, and the
 * host-call adapters through which wasm code calls functions a host defines.
 *
 * Every wasm function, defined or imported, is called as code(vmctx, params...) with the
 * callee's own vmctx (abi.h). Defined functions are called directly with the caller's vmctx;
 * an imported function's code and vmctx come from the caller's vmctx->funcs[index], which the
 * runtime fills at instantiation with the exporter's funcref.
 */
#include "lower.h"

#include <assert.h>
#include <stdio.h>

/* ---- calls ---------------------------------------------------------------------------------- */

/* Pushes a call's results: nothing, the value, or each field of the returned literal struct. */
static void push_results(struct fx *fx, const struct w2n_functype *ft, LLVMValueRef ret)
{
	struct mx *mx = fx->mx;
	if (ft->nresults == 1) {
		w2n_push(fx, ret);
		return;
	}
	for (uint32_t i = 0; i < ft->nresults; i++)
		w2n_push(fx, LLVMBuildExtractValue(mx->b, ret, i, ""));
}

/* Wasm 2.0 has no tail calls, and unbounded recursion must end in "call stack exhausted"
 * (the prologue's stack check), never in an endless loop. LLVM would turn self-recursion into
 * a loop (tail recursion elimination, also with an accumulator: fac.wast) and tail calls into
 * jumps (sibling calls, also indirect ones: call_indirect.wast's runaway), both of which stop
 * the stack from growing. "disable-tail-calls" turns off both, in any function that calls. */
static void keep_frames(struct fx *fx)
{
	struct mx *mx = fx->mx;
	static const char key[] = "disable-tail-calls", value[] = "true";
	LLVMAttributeRef attr =
		LLVMCreateStringAttribute(mx->ctx, key, sizeof key - 1, value, sizeof value - 1);
	LLVMAddAttributeAtIndex(fx->fn, LLVMAttributeFunctionIndex, attr);
}

/* The callee's vmctx, then the call's arguments popped from the operand stack; spills the fuel
 * counter, which the callee reads and updates. */
static void pop_args(struct fx *fx, const struct w2n_functype *ft, LLVMValueRef callee_vmctx,
                     LLVMValueRef *args)
{
	args[0] = callee_vmctx;
	for (uint32_t i = ft->nparams; i > 0; i--)
		args[i] = w2n_pop(fx);
	w2n_fuel_spill(fx);
}

/* What a call goes to: a defined function's body, called directly under the module's
 * convention (ref NULL), or the funcref `ref` (an import's slot in vmctx->funcs, a table
 * element, a call_ref operand), whose `code` is called under the C convention. */
struct target {
	LLVMValueRef code;
	LLVMValueRef vmctx;
	LLVMValueRef ref; /* the funcref lies at byte `at` of this pointer */
	size_t at;        /* (an import's: vmctx->funcs + index * W2N_SIZEOF_FUNCREF) */
	bool invariant;   /* ref is this instance's import slot, written once at instantiation */
};

/* The call instruction of signature `type` to `code` with `args`, under convention `cc`. */
static LLVMValueRef build_call(struct fx *fx, uint32_t type, LLVMValueRef code, unsigned cc,
                               LLVMValueRef *args)
{
	struct mx *mx = fx->mx;
	const struct w2n_functype *ft = &mx->m->types[type];
	LLVMValueRef ret = LLVMBuildCall2(mx->b, mx->fn_types[type], code, args, ft->nparams + 1, "");
	LLVMSetInstructionCallConv(ret, cc);
	return ret;
}

/* The convention under which a target's `code` is called. */
static unsigned target_cc(struct fx *fx, const struct target *t)
{
	return t->ref ? LLVMCCallConv : w2n_body_cc(fx->mx);
}

/* Pops the arguments of signature `type`, calls the target and pushes the results. */
static void emit_call(struct fx *fx, uint32_t type, const struct target *t)
{
	struct mx *mx = fx->mx;
	const struct w2n_functype *ft = &mx->m->types[type];
	LLVMValueRef args[ft->nparams + 1];
	pop_args(fx, ft, t->vmctx, args);
	LLVMValueRef ret = build_call(fx, type, t->code, target_cc(fx, t), args);
	w2n_fuel_reload(fx);
	w2n_fuel_after_call(fx);
	keep_frames(fx);
	push_results(fx, ft, ret);
	/* The callee may have grown memory 0, which moves it in bounds-check mode. */
	w2n_memory_changed(fx);
}

/* Returns the result of `call` from the function. */
static void build_ret(struct fx *fx, uint32_t type, LLVMValueRef call)
{
	if (fx->mx->m->types[type].nresults == 0)
		LLVMBuildRetVoid(fx->mx->b);
	else
		LLVMBuildRet(fx->mx->b, call);
}

/* A guaranteed tail call: `musttail` makes LLVM reuse the caller's frame on every target (or
 * refuse to compile), and the caller's "disable-tail-calls" (keep_frames) does not apply to
 * it. Caller and callee are both tailcc bodies (this module uses tail calls, and a funcref's
 * tail_code is one), under which the prototypes need not match. */
static void build_must_tail(struct fx *fx, uint32_t type, LLVMValueRef code, LLVMValueRef *args)
{
	LLVMValueRef ret = build_call(fx, type, code, W2N_TAILCC, args);
	LLVMSetTailCallKind(ret, LLVMTailCallKindMustTail);
	build_ret(fx, type, ret);
}

/* Through a funcref: its tailcc body when it has one, else its C entry as an ordinary call
 * followed by ret. That callee (a host function, or a function of a module without tail
 * calls) never tail-calls on, so a chain of tail calls ends there and the frame kept for it
 * is one per chain, not one per call. */
static void tail_through(struct fx *fx, uint32_t type, const struct target *t, LLVMValueRef *args)
{
	struct mx *mx = fx->mx;
	LLVMValueRef tail =
		w2n_load_field(fx, t->ref, t->at + W2N_OFF_FUNCREF_TAIL_CODE, mx->t_ptr, t->invariant);
	LLVMBasicBlockRef jump = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "tail.jump");
	LLVMBasicBlockRef call = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "tail.ccall");
	LLVMBuildCondBr(mx->b, LLVMBuildIsNull(mx->b, tail, "no_tailcc"), call, jump);
	LLVMPositionBuilderAtEnd(mx->b, jump);
	build_must_tail(fx, type, tail, args);
	LLVMPositionBuilderAtEnd(mx->b, call);
	build_ret(fx, type, build_call(fx, type, t->code, LLVMCCallConv, args));
}

/* Whether the results of `ft` come back in registers. More results than the return
 * registers hold are returned through a hidden pointer to the caller's memory (sret), and
 * LLVM cannot make such a call `musttail` (it aborts: "failed to perform tail call
 * elimination"), under tailcc or C alike. Return registers, the same for C and tailcc:
 * x86-64 RAX, RDX, RCX for integers and pointers and XMM0, XMM1 for floats (vectors could
 * use four; two is the bound for any mix), AArch64 X0-X7 and V0-V7. */
static bool results_in_registers(const struct mx *mx, const struct w2n_functype *ft)
{
	uint32_t ints = 0, fps = 0;
	for (uint32_t i = 0; i < ft->nresults; i++) {
		uint8_t t = w2n_type_repr(ft->types[ft->nparams + i]);
		bool fp = t == W2N_F32 || t == W2N_F64 || t == W2N_V128;
		fps += fp;
		ints += !fp;
	}
	if (mx->aarch64)
		return ints <= 8 && fps <= 8;
	return ints <= 3 && fps <= 2;
}

/* return_call, return_call_indirect, return_call_ref: the call ends the function (the
 * validator checked that its results are the caller's) and replaces its frame, so that
 * tail calls of any depth, between any signatures, run in constant stack. Only a module
 * with tail calls gets here, so its bodies are tailcc (w2n_body_cc). The one exception:
 * results that do not fit the return registers (results_in_registers) make it an ordinary
 * call followed by ret, whose stack grows (docs/lowering-semantics.md). */
static void emit_tail_call(struct fx *fx, uint32_t type, const struct target *t)
{
	struct mx *mx = fx->mx;
	const struct w2n_functype *ft = &mx->m->types[type];
	assert(mx->m->tail_calls);
	LLVMValueRef args[ft->nparams + 1];
	pop_args(fx, ft, t->vmctx, args);
	/* The callee replaces this frame: the try_tables around the call no longer catch. */
	w2n_control_leave_tries(fx);
	keep_frames(fx);
	if (!results_in_registers(mx, ft))
		build_ret(fx, type, build_call(fx, type, t->code, target_cc(fx, t), args));
	else if (t->ref)
		tail_through(fx, type, t, args);
	else
		build_must_tail(fx, type, t->code, args);
	/* Nothing after it runs: the rest of the block is unreachable, as after `return`. */
	fx->unreachable = true;
}

/* emit_call or emit_tail_call. */
typedef void emit_fn(struct fx *fx, uint32_t type, const struct target *t);

/* A target through the funcref at byte `at` of `ref`: its C entry and its vmctx. */
static struct target through(struct fx *fx, LLVMValueRef ref, size_t at, bool invariant)
{
	struct mx *mx = fx->mx;
	return (struct target){
		.code = w2n_load_field(fx, ref, at + W2N_OFF_FUNCREF_CODE, mx->t_ptr, invariant),
		.vmctx = w2n_load_field(fx, ref, at + W2N_OFF_FUNCREF_VMCTX, mx->t_ptr, invariant),
		.ref = ref,
		.at = at,
		.invariant = invariant,
	};
}

/* A call to function `index`: a defined one directly with the caller's vmctx, an import
 * through vmctx->funcs[index], which holds the exporter's funcref from instantiation on. */
static void call(struct fx *fx, uint32_t index, emit_fn *emit)
{
	struct mx *mx = fx->mx;
	uint32_t type = mx->m->funcs[index].type;
	if (w2n_func(mx, index)) {
		emit(fx, type, &(struct target){.code = w2n_func(mx, index), .vmctx = fx->vmctx});
		return;
	}
	LLVMValueRef funcs = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_FUNCS, mx->t_ptr, true);
	struct target t = through(fx, funcs, (size_t)index * W2N_SIZEOF_FUNCREF, true);
	emit(fx, type, &t);
}

/* A call through funcref `ref` (checked already). */
static void call_through(struct fx *fx, uint32_t type, LLVMValueRef ref, emit_fn *emit)
{
	struct target t = through(fx, ref, 0, false);
	emit(fx, type, &t);
}

/* call_indirect: bounds check, null check and signature check, in the spec's order, then a
 * call with the callee's vmctx (the element may come from another instance). Type ids are
 * canonical across modules, so comparing two integers decides signature equality. */
static void call_indirect(struct fx *fx, uint32_t type, uint32_t table, emit_fn *emit)
{
	struct mx *mx = fx->mx;
	LLVMValueRef index = w2n_pop(fx);
	LLVMValueRef tables = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_TABLES, mx->t_ptr, true);
	LLVMValueRef tab = w2n_load_field(fx, tables, (size_t)table * sizeof(void *), mx->t_ptr, true);
	/* Size and element array change with table.grow, here or in any instance sharing the
	 * table, so they are loaded at every call. */
	LLVMValueRef size = w2n_load_field(fx, tab, W2N_OFF_TABLE_SIZE, mx->t_i32, false);
	LLVMValueRef idx64 = LLVMBuildZExt(mx->b, index, mx->t_i64, ""); /* table64: already i64 */
	if (LLVMTypeOf(index) == mx->t_i64) {                            /* table64: compare in i64 */
		index = idx64;
		size = LLVMBuildZExt(mx->b, size, mx->t_i64, "");
	}
	w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntUGE, index, size, "oob"),
	            W2N_TRAP_UNDEFINED_ELEMENT);
	LLVMValueRef elems = w2n_load_field(fx, tab, W2N_OFF_TABLE_ELEMS, mx->t_ptr, false);
	LLVMValueRef slot = LLVMBuildInBoundsGEP2(mx->b, mx->t_ptr, elems, &idx64, 1, "");
	LLVMValueRef ref = LLVMBuildLoad2(mx->b, mx->t_ptr, slot, "funcref");
	w2n_trap_if(fx, LLVMBuildIsNull(mx->b, ref, "null"), W2N_TRAP_NULL_ELEMENT);
	LLVMValueRef got = w2n_load_field(fx, ref, W2N_OFF_FUNCREF_TYPE_ID, mx->t_i32, false);
	LLVMValueRef ids = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_TYPE_IDS, mx->t_ptr, true);
	LLVMValueRef want = w2n_load_field(fx, ids, (size_t)type * sizeof(uint32_t), mx->t_i32, true);
	w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntNE, got, want, "badsig"),
	            W2N_TRAP_SIGNATURE_MISMATCH);
	call_through(fx, type, ref, emit);
}

/* call_ref, return_call_ref: the reference's own type is the callee's (validation), so only
 * null needs a check; then a call through its code pointer with its vmctx. */
static void call_ref(struct fx *fx, uint32_t type, emit_fn *emit)
{
	struct mx *mx = fx->mx;
	LLVMValueRef ref = w2n_pop(fx);
	w2n_trap_if(fx, LLVMBuildIsNull(mx->b, ref, "null"), W2N_TRAP_NULL_FUNC_REF);
	call_through(fx, type, ref, emit);
}

void w2n_lower_call(struct fx *fx, const struct w2n_instr *in)
{
	switch ((enum w2n_op)in->op) {
	case W2N_OP_CALL:
		call(fx, in->imm.idx.a, emit_call);
		return;
	case W2N_OP_CALL_INDIRECT:
		call_indirect(fx, in->imm.idx.a, in->imm.idx.b, emit_call);
		return;
	case W2N_OP_RETURN_CALL:
		call(fx, in->imm.idx.a, emit_tail_call);
		return;
	case W2N_OP_RETURN_CALL_INDIRECT:
		call_indirect(fx, in->imm.idx.a, in->imm.idx.b, emit_tail_call);
		return;
	case W2N_OP_CALL_REF:
		call_ref(fx, in->imm.idx.a, emit_call);
		return;
	case W2N_OP_RETURN_CALL_REF:
		call_ref(fx, in->imm.idx.a, emit_tail_call);
		return;
	default:
		assert(!"not a call operator");
	}
}

/* ---- array-call trampolines ----------------------------------------------------------------- */

/* A pointer `offset` bytes past `base`. */
static LLVMValueRef byte_ptr(struct mx *mx, LLVMBuilderRef b, LLVMValueRef base, size_t offset)
{
	LLVMValueRef off = w2n_i64(mx, offset);
	return LLVMBuildInBoundsGEP2(b, mx->t_i8, base, &off, 1, "");
}

/* union w2n_val slots are only 8-byte aligned: a v128 access must not assume LLVM's 16-byte
 * ABI alignment of <2 x i64>. */
static void slot_align(LLVMValueRef access, uint8_t valtype)
{
	if (valtype == W2N_V128)
		LLVMSetAlignment(access, 8);
}

static LLVMValueRef load_slot(struct mx *mx, LLVMBuilderRef b, LLVMValueRef vals, uint32_t i,
                              uint8_t valtype)
{
	LLVMValueRef p = byte_ptr(mx, b, vals, (size_t)i * sizeof(union w2n_val));
	LLVMValueRef v = LLVMBuildLoad2(b, w2n_llvm_type(mx, valtype), p, "");
	slot_align(v, valtype);
	return v;
}

static void store_slot(struct mx *mx, LLVMBuilderRef b, LLVMValueRef vals, uint32_t i,
                       uint8_t valtype, LLVMValueRef v)
{
	LLVMValueRef p = byte_ptr(mx, b, vals, (size_t)i * sizeof(union w2n_val));
	slot_align(LLVMBuildStore(b, v, p), valtype);
}

/* The body of a trampoline: unpack, call, pack. A re-exported import is called through the
 * instance's vmctx->funcs like any call to an import. */
static void trampoline_body(struct mx *mx, LLVMBuilderRef b, uint32_t index, LLVMValueRef vmctx,
                            LLVMValueRef vals)
{
	uint32_t type = mx->m->funcs[index].type;
	const struct w2n_functype *ft = &mx->m->types[type];
	LLVMValueRef callee = w2n_func(mx, index);
	unsigned cc = w2n_body_cc(mx);
	LLVMValueRef args[ft->nparams + 1];
	args[0] = vmctx;
	if (!callee) {
		cc = LLVMCCallConv;
		LLVMValueRef funcs =
			LLVMBuildLoad2(b, mx->t_ptr, byte_ptr(mx, b, vmctx, W2N_OFF_VMCTX_FUNCS), "");
		LLVMValueRef ref = byte_ptr(mx, b, funcs, (size_t)index * W2N_SIZEOF_FUNCREF);
		callee = LLVMBuildLoad2(b, mx->t_ptr, byte_ptr(mx, b, ref, W2N_OFF_FUNCREF_CODE), "");
		args[0] = LLVMBuildLoad2(b, mx->t_ptr, byte_ptr(mx, b, ref, W2N_OFF_FUNCREF_VMCTX), "");
	}
	for (uint32_t i = 0; i < ft->nparams; i++)
		args[i + 1] = load_slot(mx, b, vals, i, ft->types[i]);
	LLVMValueRef ret = LLVMBuildCall2(b, mx->fn_types[type], callee, args, ft->nparams + 1, "");
	LLVMSetInstructionCallConv(ret, cc);
	const w2n_type *rtypes = ft->types + ft->nparams;
	if (ft->nresults == 1)
		store_slot(mx, b, vals, 0, rtypes[0], ret);
	for (uint32_t i = 0; ft->nresults > 1 && i < ft->nresults; i++)
		store_slot(mx, b, vals, i, rtypes[i], LLVMBuildExtractValue(b, ret, i, ""));
	LLVMBuildRetVoid(b);
}

LLVMValueRef w2n_lower_trampoline(struct mx *mx, uint32_t index)
{
	const char *prefix = mx->opt->prefix ? mx->opt->prefix : "w2n";
	char name[96];
	snprintf(name, sizeof name, "%s_tramp_%u", prefix, index);
	LLVMTypeRef params[2] = {mx->t_ptr, mx->t_ptr};
	LLVMValueRef fn = LLVMAddFunction(mx->mod, name, LLVMFunctionType(mx->t_void, params, 2, 0));
	/* Reached only through the descriptor, which holds its address. */
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	/* LLVM may inline the function into it, loops and all. */
	w2n_limits_mark(mx, fn, index);
	/* A builder of its own: the caller's builder may be positioned anywhere. */
	LLVMBuilderRef b = LLVMCreateBuilderInContext(mx->ctx);
	LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(mx->ctx, fn, "entry"));
	trampoline_body(mx, b, index, LLVMGetParam(fn, 0), LLVMGetParam(fn, 1));
	LLVMDisposeBuilder(b);
	return fn;
}

/* ---- C-convention entries ------------------------------------------------------------------ */

LLVMValueRef w2n_lower_c_entry(struct mx *mx, uint32_t index)
{
	const char *prefix = mx->opt->prefix ? mx->opt->prefix : "w2n";
	uint32_t type = mx->m->funcs[index].type;
	uint32_t nparams = mx->m->types[type].nparams;
	char name[96];
	snprintf(name, sizeof name, "%s_c%u", prefix, index);
	LLVMValueRef fn = LLVMAddFunction(mx->mod, name, mx->fn_types[type]);
	/* Reached only through the descriptor, like a trampoline. */
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	w2n_limits_mark(mx, fn, index);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(mx->ctx);
	LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(mx->ctx, fn, "entry"));
	LLVMValueRef args[nparams + 1];
	for (uint32_t i = 0; i <= nparams; i++)
		args[i] = LLVMGetParam(fn, i);
	LLVMValueRef ret =
		LLVMBuildCall2(b, mx->fn_types[type], w2n_func(mx, index), args, nparams + 1, "");
	LLVMSetInstructionCallConv(ret, W2N_TAILCC);
	if (mx->m->types[type].nresults == 0)
		LLVMBuildRetVoid(b);
	else
		LLVMBuildRet(b, ret);
	LLVMDisposeBuilder(b);
	return fn;
}

/* ---- host-call adapters --------------------------------------------------------------------- */

/* The reverse of a trampoline: a function with the native signature of `type` that packs its
 * arguments into array-call slots, calls w2n_rt_host_call(vmctx, vals) (the runtime finds the
 * host's callback through vmctx, which is the host function's own context) and returns the
 * results the runtime wrote back from slot 0. Generated code calls a host function through it
 * like any other function, so host functions take part in calls, call_indirect and tables
 * without a per-signature piece of assembly in the runtime. */
LLVMValueRef w2n_lower_host_adapter(struct mx *mx, uint32_t type)
{
	const char *prefix = mx->opt->prefix ? mx->opt->prefix : "w2n";
	const struct w2n_functype *ft = &mx->m->types[type];
	char name[96];
	snprintf(name, sizeof name, "%s_host_adapter_%u", prefix, type);
	LLVMValueRef fn = LLVMAddFunction(mx->mod, name, mx->fn_types[type]);
	LLVMSetLinkage(fn, LLVMInternalLinkage);
	LLVMBuilderRef b = LLVMCreateBuilderInContext(mx->ctx);
	LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(mx->ctx, fn, "entry"));
	uint32_t nslots = ft->nparams > ft->nresults ? ft->nparams : ft->nresults;
	LLVMTypeRef slots = LLVMArrayType2(mx->t_i8, (nslots ? nslots : 1) * sizeof(union w2n_val));
	LLVMValueRef vals = LLVMBuildAlloca(b, slots, "vals");
	LLVMSetAlignment(vals, 16);
	for (uint32_t i = 0; i < ft->nparams; i++)
		store_slot(mx, b, vals, i, ft->types[i], LLVMGetParam(fn, i + 1));
	LLVMTypeRef hc_params[2] = {mx->t_ptr, mx->t_ptr};
	LLVMTypeRef hc_type = LLVMFunctionType(mx->t_void, hc_params, 2, 0);
	LLVMValueRef hc = LLVMGetNamedFunction(mx->mod, "w2n_rt_host_call");
	if (!hc)
		hc = LLVMAddFunction(mx->mod, "w2n_rt_host_call", hc_type);
	LLVMValueRef args[2] = {LLVMGetParam(fn, 0), vals};
	LLVMBuildCall2(b, hc_type, hc, args, 2, "");
	const w2n_type *rtypes = ft->types + ft->nparams;
	if (ft->nresults == 0)
		LLVMBuildRetVoid(b);
	else if (ft->nresults == 1)
		LLVMBuildRet(b, load_slot(mx, b, vals, 0, rtypes[0]));
	else {
		LLVMValueRef ret = LLVMGetUndef(LLVMGetReturnType(mx->fn_types[type]));
		for (uint32_t i = 0; i < ft->nresults; i++)
			ret = LLVMBuildInsertValue(b, ret, load_slot(mx, b, vals, i, rtypes[i]), i, "");
		LLVMBuildRet(b, ret);
	}
	LLVMDisposeBuilder(b);
	return fn;
}
