/* lower_var.c — locals and globals.
 *
 * Locals are allocas in the entry block, made on first use (mem2reg turns them into SSA values).
 * Globals live in 16-byte cells owned by the runtime; vmctx->globals[i] points at global i's
 * cell (for an imported global, the exporter's cell, so that both instances see one value).
 */
#include "lower.h"

#include <assert.h>

/* Cells are 16 bytes but only guaranteed pointer-aligned by the runtime, so a v128 access
 * must not assume LLVM's 16-byte ABI alignment of <2 x i64>. */
static void cell_align(LLVMValueRef access, uint8_t valtype)
{
	if (valtype == W2N_V128)
		LLVMSetAlignment(access, 8);
}

/* The stack slot of a local, made on first use and initialized to its parameter or zero. */
static LLVMValueRef local_slot(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	assert(index < fx->nlocals);
	if (fx->locals[index])
		return fx->locals[index];
	/* Slot and initial value go at the top of the entry block, so they dominate every use. */
	uint8_t t = w2n_local_type(fx->type, fx->body, index);
	LLVMBasicBlockRef here = w2n_position_at_entry(fx);
	LLVMValueRef slot = LLVMBuildAlloca(mx->b, w2n_llvm_type(mx, t), "local");
	LLVMValueRef init =
		index < fx->type->nparams ? LLVMGetParam(fx->fn, index + 1) : w2n_zero(mx, t);
	LLVMBuildStore(mx->b, init, slot);
	LLVMPositionBuilderAtEnd(mx->b, here);
	fx->locals[index] = slot;
	return slot;
}

/* The address of global `index`'s cell. */
static LLVMValueRef global_cell(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	/* Both the table of cell pointers and each entry are fixed at instantiation. */
	LLVMValueRef cells = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_GLOBALS, mx->t_ptr, true);
	return w2n_load_field(fx, cells, (size_t)index * sizeof(void *), mx->t_ptr, true);
}

static void global_get(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	const struct w2n_global *g = &mx->m->globals[index];
	LLVMValueRef cell = global_cell(fx, index);
	LLVMValueRef v = LLVMBuildLoad2(mx->b, w2n_llvm_type(mx, g->type), cell, "global");
	cell_align(v, g->type);
	if (!g->mutable_) {
		/* An immutable global's value is set before any wasm code of the instance runs and
		 * never changes (the exporter cannot change it either: mutability must match). */
		unsigned kind = LLVMGetMDKindIDInContext(mx->ctx, "invariant.load", 14);
		LLVMSetMetadata(v, kind, LLVMMDNodeInContext(mx->ctx, NULL, 0));
	}
	w2n_push(fx, v);
}

static void global_set(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	const struct w2n_global *g = &mx->m->globals[index];
	assert(g->mutable_);
	LLVMValueRef v = w2n_pop(fx);
	LLVMValueRef st = LLVMBuildStore(mx->b, v, global_cell(fx, index));
	cell_align(st, g->type);
}

void w2n_lower_var(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	uint32_t i = in->imm.idx.a;
	switch ((enum w2n_op)in->op) {
	case W2N_OP_LOCAL_GET: {
		LLVMTypeRef t = w2n_llvm_type(mx, w2n_local_type(fx->type, fx->body, i));
		w2n_push(fx, LLVMBuildLoad2(mx->b, t, local_slot(fx, i), "local"));
		return;
	}
	case W2N_OP_LOCAL_SET:
		LLVMBuildStore(mx->b, w2n_pop(fx), local_slot(fx, i));
		return;
	case W2N_OP_LOCAL_TEE:
		LLVMBuildStore(mx->b, w2n_peek(fx, 0), local_slot(fx, i));
		return;
	case W2N_OP_GLOBAL_GET:
		global_get(fx, i);
		return;
	case W2N_OP_GLOBAL_SET:
		global_set(fx, i);
		return;
	default:
		assert(!"not a variable operator");
	}
}
