/* lower_exn.c — exceptions (3.0): throw, throw_ref, and the pieces of try_table that
 * lower_control.c puts together (entering, the catch side, leaving).
 *
 * The design (docs/lowering-semantics.md, "Exceptions"): a try_table keeps a handler record
 * (abi.h struct w2n_exn_handler) in its function's frame. Entering saves the context into it
 * with w2n_ctx_save, which returns twice, and links it into the thread's chain; every way out
 * but a throw unlinks it. A throw (runtime/exn.c) unlinks the innermost record and resumes
 * its context: w2n_ctx_save returns 1, and the code there compares the exception's tag with
 * the catch clauses in order. Code outside try_tables carries nothing: no tables, no flags
 * after calls.
 *
 * Resuming restores only callee-saved registers and the stack pointer, as longjmp does, so a
 * value that changes after the save must be in memory to be seen on the catch side: in a
 * function with a try_table, every load and store of a stack slot (locals, the memory base of
 * bounds-check mode, the fuel counter) becomes volatile, which keeps them out of registers
 * (w2n_exn_pin_slots). SSA values are never changed, so they need nothing.
 */
#include "lower.h"

#include <assert.h>

static LLVMValueRef field_ptr(struct fx *fx, LLVMValueRef base, size_t offset)
{
	struct mx *mx = fx->mx;
	LLVMValueRef off = w2n_i64(mx, offset);
	return LLVMBuildGEP2(mx->b, mx->t_i8, base, &off, 1, "");
}

LLVMValueRef w2n_exn_enter(struct fx *fx, LLVMBasicBlockRef *catch_bb)
{
	struct mx *mx = fx->mx;
	/* The record lives in the entry block's allocas: one per try_table, whatever loops
	 * around it. */
	LLVMBasicBlockRef here = w2n_position_at_entry(fx);
	LLVMTypeRef rec = LLVMArrayType2(mx->t_i64, W2N_SIZEOF_HANDLER / 8);
	LLVMValueRef h = LLVMBuildAlloca(mx->b, rec, "exn.handler");
	LLVMSetAlignment(h, 16);
	LLVMPositionBuilderAtEnd(mx->b, here);

	LLVMValueRef ctx = field_ptr(fx, h, W2N_OFF_HANDLER_CTX);
	LLVMValueRef saved = w2n_call_rt(fx, "w2n_ctx_save", mx->t_i32, &ctx, 1);
	unsigned rt = LLVMGetEnumAttributeKindForName("returns_twice", 13);
	LLVMAttributeRef attr = LLVMCreateEnumAttribute(mx->ctx, rt, 0);
	LLVMAddCallSiteAttribute(saved, LLVMAttributeFunctionIndex, attr);
	LLVMAddAttributeAtIndex(LLVMGetNamedFunction(mx->mod, "w2n_ctx_save"),
	                        LLVMAttributeFunctionIndex, attr);
	LLVMSetTailCallKind(saved, LLVMTailCallKindNoTail);

	*catch_bb = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "catch");
	LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "try");
	LLVMValueRef thrown = LLVMBuildICmp(mx->b, LLVMIntNE, saved, w2n_i32(mx, 0), "thrown");
	LLVMBuildCondBr(mx->b, thrown, *catch_bb, body);
	LLVMPositionBuilderAtEnd(mx->b, body);
	w2n_call_rt(fx, "w2n_rt_exn_push", mx->t_void, &h, 1);
	return h;
}

void w2n_exn_leave(struct fx *fx, LLVMValueRef handler)
{
	w2n_call_rt(fx, "w2n_rt_exn_pop", fx->mx->t_void, &handler, 1);
}

LLVMValueRef w2n_exn_caught(struct fx *fx, LLVMValueRef handler)
{
	struct mx *mx = fx->mx;
	return LLVMBuildLoad2(mx->b, mx->t_ptr, field_ptr(fx, handler, W2N_OFF_HANDLER_EXN), "exn");
}

/* Tags are identities: the exception's tag pointer against vmctx->tags[tag]. */
LLVMValueRef w2n_exn_is(struct fx *fx, LLVMValueRef exn, uint32_t tag)
{
	struct mx *mx = fx->mx;
	LLVMValueRef tags = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_TAGS, mx->t_ptr, true);
	LLVMValueRef want = w2n_load_field(fx, tags, (size_t)tag * sizeof(void *), mx->t_ptr, true);
	LLVMValueRef got = w2n_load_field(fx, exn, W2N_OFF_EXN_TAG, mx->t_ptr, false);
	return LLVMBuildICmp(mx->b, LLVMIntEQ, got, want, "is.tag");
}

static const struct w2n_functype *tag_type(struct fx *fx, uint32_t tag)
{
	return &fx->mx->m->types[fx->mx->m->tags[tag].type];
}

void w2n_exn_payload(struct fx *fx, LLVMValueRef exn, uint32_t tag, LLVMValueRef *out)
{
	struct mx *mx = fx->mx;
	const struct w2n_functype *ft = tag_type(fx, tag);
	for (uint32_t i = 0; i < ft->nparams; i++) {
		LLVMValueRef p = field_ptr(fx, exn, W2N_OFF_EXN_VALS + (size_t)i * 16);
		out[i] = LLVMBuildLoad2(mx->b, w2n_llvm_type(mx, ft->types[i]), p, "exn.val");
	}
}

/* Throws `exn` on; the current block ends. */
void w2n_exn_throw(struct fx *fx, LLVMValueRef exn)
{
	struct mx *mx = fx->mx;
	LLVMValueRef args[3] = {fx->vmctx, exn, w2n_i32(mx, fx->func_index)};
	w2n_fuel_spill(fx);
	LLVMValueRef call = w2n_call_rt(fx, "w2n_rt_throw", mx->t_void, args, 3);
	unsigned noreturn = LLVMGetEnumAttributeKindForName("noreturn", 8);
	LLVMAddCallSiteAttribute(call, LLVMAttributeFunctionIndex,
	                         LLVMCreateEnumAttribute(mx->ctx, noreturn, 0));
	LLVMBuildUnreachable(mx->b);
}

/* throw x: a new exception carrying the tag's parameters, popped from the stack. */
void w2n_lower_throw(struct fx *fx, uint32_t tag)
{
	struct mx *mx = fx->mx;
	const struct w2n_functype *ft = tag_type(fx, tag);
	LLVMValueRef args[3] = {fx->vmctx, w2n_i32(mx, tag), w2n_i32(mx, ft->nparams)};
	LLVMValueRef exn = w2n_call_rt(fx, "w2n_rt_exn_new", mx->t_ptr, args, 3);
	for (uint32_t i = ft->nparams; i-- > 0;) {
		LLVMValueRef p = field_ptr(fx, exn, W2N_OFF_EXN_VALS + (size_t)i * 16);
		LLVMBuildStore(mx->b, w2n_pop(fx), p);
	}
	w2n_exn_throw(fx, exn);
}

/* Loads and stores whose address is an alloca of the function itself. */
static void pin(LLVMValueRef inst)
{
	LLVMValueRef ptr = NULL;
	if (LLVMIsALoadInst(inst))
		ptr = LLVMGetOperand(inst, 0);
	else if (LLVMIsAStoreInst(inst))
		ptr = LLVMGetOperand(inst, 1);
	if (ptr && LLVMIsAAllocaInst(ptr))
		LLVMSetVolatile(inst, 1);
}

void w2n_exn_pin_slots(struct fx *fx)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fx->fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			pin(i);
}
