/* lower_control.c — structured control flow, branches, return, drop and select.
 *
 * Wasm's structured control becomes LLVM basic blocks (frames as in lower.h):
 *   block  a merge block after `end`, created the first time something branches to it; the
 *          values that arrive there become its phis. A block nobody branches to gets no LLVM
 *          block at all: its `end` simply goes on in the current one.
 *   loop   a header block entered from before the loop and from every branch to the loop;
 *          the loop's params are phis there. Leaving a loop by its `end` goes on in place.
 *   if     a conditional branch to "then" and "else" blocks; the params are remembered to be
 *          pushed again at `else`, or passed through as results by an if without else.
 *   try_table  a block whose handler record is linked while its body runs (lower_exn.c);
 *          its catch side, emitted when it is entered, branches to the clauses' labels.
 *          Every branch out of try_tables unlinks the outermost one it leaves.
 *   body   the function is the outermost frame: branching to it (`return`, or `br` to the
 *          outermost label) goes to its merge block, and its final `end` emits the `ret`.
 *
 * Unreachable code: after br, br_table, return and unreachable the current LLVM block is
 * terminated and fx->unreachable is set. lower.c then skips every instruction except the
 * structure (block/loop/if/else/end), which is tracked here with `dead` frames that get no IR.
 * Code becomes reachable again at an `else` of a live if, or at an `end` whose merge block
 * some branch reached.
 */
#include "lower.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* ---- frames --------------------------------------------------------------------------------- */

/* Resolves a blocktype (s33, see module.h) into the frame's params and results. */
static void block_type(struct mx *mx, int64_t bt, struct frame *f)
{
	/* One static copy of each value type, so that a single-result block can point at it. */
	static const w2n_type one_type[] = {W2N_I32,  W2N_I64,     W2N_F32,       W2N_F64,
	                                    W2N_V128, W2N_FUNCREF, W2N_EXTERNREF, W2N_EXNREF};
	if (bt >= 0) {
		const struct w2n_functype *ft = &mx->m->types[bt];
		f->params = ft->types;
		f->nparams = ft->nparams;
		f->results = ft->types + ft->nparams;
		f->nresults = ft->nresults;
		return;
	}
	if (bt == -64)
		return;
	/* Lowering needs only the representation of a typed reference (wasm.h). */
	for (unsigned k = 0; k < sizeof one_type / sizeof one_type[0]; k++) {
		if (one_type[k] == w2n_type_repr(w2n_block_valtype(bt))) {
			f->results = &one_type[k];
			f->nresults = 1;
			return;
		}
	}
	assert(!"block type not checked by the validator");
}

static struct frame *push_frame(struct fx *fx, uint16_t op)
{
	if (fx->nframes == fx->frames_cap) {
		uint32_t cap = fx->frames_cap ? fx->frames_cap * 2 : 16;
		fx->frames = w2n_xrealloc(fx->frames, fx->frames_cap, cap, sizeof *fx->frames);
		fx->frames_cap = cap;
	}
	struct frame *f = &fx->frames[fx->nframes++];
	memset(f, 0, sizeof *f);
	f->op = op;
	return f;
}

static void pop_frame(struct fx *fx)
{
	assert(fx->nframes > 0);
	struct frame *f = &fx->frames[--fx->nframes];
	free(f->merge_phis);
	free(f->loop_phis);
	free(f->if_params);
}

static struct frame *top_frame(struct fx *fx)
{
	assert(fx->nframes > 0);
	return &fx->frames[fx->nframes - 1];
}

/* The frame a branch with label `depth` refers to (0 = innermost). */
static struct frame *label_frame(struct fx *fx, uint32_t depth)
{
	assert(depth < fx->nframes);
	return &fx->frames[fx->nframes - 1 - depth];
}

/* A branch to a loop carries the loop's params (it restarts the loop); to anything else,
 * the frame's results. */
static uint32_t label_arity(const struct frame *f)
{
	return f->op == W2N_OP_LOOP ? f->nparams : f->nresults;
}

/* The n values on top of the operand stack, bottom first. */
static LLVMValueRef *stack_top(struct fx *fx, uint32_t n)
{
	assert(n <= fx->sp);
	return n ? &fx->stack[fx->sp - n] : NULL;
}

/* Opens a live block/loop/if frame whose params are already on top of the stack. */
static struct frame *open_frame(struct fx *fx, const struct w2n_instr *in)
{
	struct frame *f = push_frame(fx, in->op);
	block_type(fx->mx, in->imm.block, f);
	assert(fx->sp >= f->nparams);
	f->height = fx->sp - f->nparams;
	return f;
}

/* ---- LLVM helpers --------------------------------------------------------------------------- */

static LLVMBasicBlockRef new_block(struct fx *fx, const char *name)
{
	return LLVMAppendBasicBlockInContext(fx->mx->ctx, fx->fn, name);
}

/* Wasm conditions are "any non-zero i32". */
static LLVMValueRef truthy(struct fx *fx, LLVMValueRef i32)
{
	struct mx *mx = fx->mx;
	return LLVMBuildICmp(mx->b, LLVMIntNE, i32, w2n_i32(mx, 0), "cond");
}

/* Creates n phis of the given value types at the start of `bb`; leaves the builder in bb. */
static LLVMValueRef *make_phis(struct fx *fx, LLVMBasicBlockRef bb, const w2n_type *types,
                               uint32_t n)
{
	struct mx *mx = fx->mx;
	LLVMValueRef *phis = w2n_xrealloc(NULL, 0, n, sizeof *phis);
	LLVMPositionBuilderAtEnd(mx->b, bb);
	for (uint32_t i = 0; i < n; i++)
		phis[i] = LLVMBuildPhi(mx->b, w2n_llvm_type(mx, types[i]), "");
	return phis;
}

/* LLVM wants one phi entry per incoming edge, so a br_table that reaches the same label
 * through several cases adds the same values once per case (which the verifier accepts). */
static void add_incoming(LLVMValueRef *phis, LLVMValueRef *vals, uint32_t n, LLVMBasicBlockRef from)
{
	for (uint32_t i = 0; i < n; i++)
		LLVMAddIncoming(phis[i], &vals[i], &from, 1);
}

/* Records an edge from the current block to the end of frame f carrying its results, creating
 * the merge block and its phis on first use; returns the block to branch to. */
static LLVMBasicBlockRef to_merge(struct fx *fx, struct frame *f, LLVMValueRef *vals)
{
	struct mx *mx = fx->mx;
	LLVMBasicBlockRef here = LLVMGetInsertBlock(mx->b);
	if (!f->merge) {
		f->merge = new_block(fx, f->op == W2N_OP_END ? "return" : "merge");
		f->merge_phis = make_phis(fx, f->merge, f->results, f->nresults);
		LLVMPositionBuilderAtEnd(mx->b, here);
	}
	add_incoming(f->merge_phis, vals, f->nresults, here);
	f->reachable_end = true;
	return f->merge;
}

/* The same for a branch to label f: a loop's header, or the frame's merge block. `vals` are
 * the label_arity(f) values the branch carries. */
static LLVMBasicBlockRef branch_target(struct fx *fx, struct frame *f, LLVMValueRef *vals)
{
	if (f->op != W2N_OP_LOOP)
		return to_merge(fx, f, vals);
	add_incoming(f->loop_phis, vals, f->nparams, LLVMGetInsertBlock(fx->mx->b));
	return f->loop_head;
}

/* The outermost try_table that a branch to label `depth` leaves (a branch to a try_table's
 * own label leaves it too), or NULL. Unlinking its handler unlinks all inner ones. */
static struct frame *left_try(struct fx *fx, uint32_t depth)
{
	struct frame *out = NULL;
	for (uint32_t d = 0; d <= depth; d++) {
		struct frame *f = label_frame(fx, d);
		if (f->op == W2N_OP_TRY_TABLE)
			out = f;
	}
	return out;
}

/* Emits the unlinking for a branch to label `depth` in the current block; returns whether
 * there was any. */
static bool leave_tries(struct fx *fx, uint32_t depth)
{
	struct frame *t = left_try(fx, depth);
	if (t)
		w2n_exn_leave(fx, t->handler);
	return t != NULL;
}

void w2n_control_leave_tries(struct fx *fx)
{
	leave_tries(fx, fx->nframes - 1);
}

/* The block a conditional edge to label `depth` should go to: the label's own target, or,
 * if the branch leaves try_tables, a block of its own that unlinks them first. */
static LLVMBasicBlockRef edge_to(struct fx *fx, uint32_t depth, LLVMValueRef *vals)
{
	struct mx *mx = fx->mx;
	struct frame *f = label_frame(fx, depth);
	if (!left_try(fx, depth))
		return branch_target(fx, f, vals);
	LLVMBasicBlockRef here = LLVMGetInsertBlock(mx->b);
	LLVMBasicBlockRef edge = new_block(fx, "leave.try");
	LLVMPositionBuilderAtEnd(mx->b, edge);
	leave_tries(fx, depth);
	LLVMBuildBr(mx->b, branch_target(fx, f, vals));
	LLVMPositionBuilderAtEnd(mx->b, here);
	return edge;
}

/* After an instruction that never falls through. Every block must end in a terminator, and
 * nothing emitted here must follow one: the dispatcher emits nothing until reachable code. */
static void set_dead(struct fx *fx)
{
	struct mx *mx = fx->mx;
	fx->unreachable = true;
	if (!LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(mx->b)))
		LLVMBuildUnreachable(mx->b);
}

/* The native return: void, the single result, or the literal struct of several results. */
static void emit_ret(struct fx *fx, LLVMValueRef *vals, uint32_t n)
{
	struct mx *mx = fx->mx;
	w2n_fuel_spill(fx);
	if (n == 0)
		LLVMBuildRetVoid(mx->b);
	else if (n == 1)
		LLVMBuildRet(mx->b, vals[0]);
	else
		LLVMBuildAggregateRet(mx->b, vals, n);
}

/* ---- structure ------------------------------------------------------------------------------ */

/* A frame opened inside unreachable code: tracked for nesting only. */
static void open_dead(struct fx *fx, const struct w2n_instr *in)
{
	struct frame *f = push_frame(fx, in->op);
	f->dead = true;
	f->height = fx->sp;
}

static void do_block(struct fx *fx, const struct w2n_instr *in)
{
	if (fx->unreachable) {
		open_dead(fx, in);
		return;
	}
	open_frame(fx, in);
}

static void do_loop(struct fx *fx, const struct w2n_instr *in)
{
	if (fx->unreachable) {
		open_dead(fx, in);
		return;
	}
	struct mx *mx = fx->mx;
	struct frame *f = open_frame(fx, in);
	LLVMBasicBlockRef before = LLVMGetInsertBlock(mx->b);
	f->loop_head = new_block(fx, "loop");
	LLVMBuildBr(mx->b, f->loop_head);
	f->loop_phis = make_phis(fx, f->loop_head, f->params, f->nparams);
	add_incoming(f->loop_phis, stack_top(fx, f->nparams), f->nparams, before);
	fx->sp = f->height;
	for (uint32_t i = 0; i < f->nparams; i++)
		w2n_push(fx, f->loop_phis[i]);
}

static void do_if(struct fx *fx, const struct w2n_instr *in)
{
	if (fx->unreachable) {
		open_dead(fx, in);
		return;
	}
	struct mx *mx = fx->mx;
	LLVMValueRef cond = truthy(fx, w2n_pop(fx));
	struct frame *f = open_frame(fx, in);
	f->if_params = w2n_xrealloc(NULL, 0, f->nparams, sizeof *f->if_params);
	for (uint32_t i = 0; i < f->nparams; i++)
		f->if_params[i] = w2n_peek(fx, f->nparams - 1 - i);
	LLVMBasicBlockRef then_bb = new_block(fx, "then");
	f->else_bb = new_block(fx, "else");
	LLVMBuildCondBr(mx->b, cond, then_bb, f->else_bb);
	LLVMPositionBuilderAtEnd(mx->b, then_bb);
}

static void do_else(struct fx *fx)
{
	struct mx *mx = fx->mx;
	struct frame *f = top_frame(fx);
	assert(f->op == W2N_OP_IF);
	if (f->dead)
		return;
	if (!fx->unreachable)
		LLVMBuildBr(mx->b, to_merge(fx, f, stack_top(fx, f->nresults)));
	LLVMPositionBuilderAtEnd(mx->b, f->else_bb);
	f->else_bb = NULL;
	fx->sp = f->height;
	for (uint32_t i = 0; i < f->nparams; i++)
		w2n_push(fx, f->if_params[i]);
	fx->unreachable = false;
}

/* The catch side of a try_table, where a throw to its handler lands: each clause in order
 * either takes the exception to its label or passes to the next; after the last, the
 * exception goes on to the next handler out. Emitted before the try_table's frame is pushed:
 * clause labels count from outside it, and its handler is already unlinked here. */
static void catch_side(struct fx *fx, const struct w2n_instr *in, LLVMValueRef h,
                       LLVMBasicBlockRef bb)
{
	struct mx *mx = fx->mx;
	const struct w2n_catch *c = fx->body->catches + in->imm.try_.first;
	LLVMBasicBlockRef resume = LLVMGetInsertBlock(mx->b);
	LLVMPositionBuilderAtEnd(mx->b, bb);
	LLVMValueRef exn = w2n_exn_caught(fx, h);
	for (uint32_t i = 0; i < in->imm.try_.ncatch; i++) {
		struct frame *f = label_frame(fx, c[i].label);
		uint32_t n = label_arity(f);
		LLVMValueRef *vals = w2n_xrealloc(NULL, 0, n ? n : 1, sizeof *vals);
		LLVMBasicBlockRef next = NULL;
		if (c[i].kind <= W2N_CATCH_REF) {
			LLVMBasicBlockRef take = new_block(fx, "catch.take");
			next = new_block(fx, "catch.next");
			LLVMBuildCondBr(mx->b, w2n_exn_is(fx, exn, c[i].tag), take, next);
			LLVMPositionBuilderAtEnd(mx->b, take);
			w2n_exn_payload(fx, exn, c[i].tag, vals);
		}
		if (c[i].kind == W2N_CATCH_REF || c[i].kind == W2N_CATCH_ALL_REF)
			vals[n - 1] = exn;
		leave_tries(fx, c[i].label);
		LLVMBuildBr(mx->b, branch_target(fx, f, vals));
		free(vals);
		if (!next) /* catch_all: the clauses after it are never reached */
			break;
		LLVMPositionBuilderAtEnd(mx->b, next);
	}
	if (!LLVMGetBasicBlockTerminator(LLVMGetInsertBlock(mx->b)))
		w2n_exn_throw(fx, exn);
	LLVMPositionBuilderAtEnd(mx->b, resume);
}

static void do_try_table(struct fx *fx, const struct w2n_instr *in)
{
	if (fx->unreachable) {
		open_dead(fx, in);
		return;
	}
	LLVMBasicBlockRef catch_bb;
	LLVMValueRef h = w2n_exn_enter(fx, &catch_bb);
	catch_side(fx, in, h, catch_bb);
	struct frame *f = open_frame(fx, in);
	f->handler = h;
	fx->has_try = true;
}

/* Leaves the innermost frame: its results end up on top of the operand stack, either as they
 * are (nothing branched to the end) or as the merge block's phis. */
static void end_frame(struct fx *fx, struct frame *f)
{
	struct mx *mx = fx->mx;
	bool pending_else = f->op == W2N_OP_IF && f->else_bb;
	if (!fx->unreachable && !f->merge && !pending_else) {
		assert(fx->sp == f->height + f->nresults);
		return;
	}
	/* A loop's end is never a branch target: only the fall-through case above reaches it. */
	assert(f->op != W2N_OP_LOOP || fx->unreachable);
	if (!fx->unreachable)
		LLVMBuildBr(mx->b, to_merge(fx, f, stack_top(fx, f->nresults)));
	if (pending_else) {
		/* The implicit else of an if without else: validation made params == results, so
		 * the params flow through unchanged. */
		LLVMPositionBuilderAtEnd(mx->b, f->else_bb);
		f->else_bb = NULL;
		LLVMBuildBr(mx->b, to_merge(fx, f, f->if_params));
	}
	fx->sp = f->height;
	if (!f->reachable_end) {
		/* No path gets past `end`: what follows stays unreachable. */
		fx->unreachable = true;
		return;
	}
	LLVMPositionBuilderAtEnd(mx->b, f->merge);
	for (uint32_t i = 0; i < f->nresults; i++)
		w2n_push(fx, f->merge_phis[i]);
	fx->unreachable = false;
}

static void do_end(struct fx *fx)
{
	struct frame *f = top_frame(fx);
	if (f->dead) {
		pop_frame(fx);
		return;
	}
	if (f->op == W2N_OP_TRY_TABLE && !fx->unreachable)
		w2n_exn_leave(fx, f->handler);
	end_frame(fx, f);
	if (f->op == W2N_OP_END && !fx->unreachable) {
		/* The function's own end: what reaches it is returned. */
		emit_ret(fx, stack_top(fx, f->nresults), f->nresults);
		fx->sp -= f->nresults;
		fx->unreachable = true;
	}
	pop_frame(fx);
}

/* ---- branches ------------------------------------------------------------------------------- */

static void do_br(struct fx *fx, uint32_t depth)
{
	struct frame *f = label_frame(fx, depth);
	leave_tries(fx, depth);
	LLVMBuildBr(fx->mx->b, branch_target(fx, f, stack_top(fx, label_arity(f))));
	set_dead(fx);
}

/* br_if leaves the carried values on the stack for the fall-through path as well. */
static void do_br_if(struct fx *fx, uint32_t depth)
{
	struct mx *mx = fx->mx;
	LLVMValueRef cond = truthy(fx, w2n_pop(fx));
	struct frame *f = label_frame(fx, depth);
	LLVMBasicBlockRef taken = edge_to(fx, depth, stack_top(fx, label_arity(f)));
	LLVMBasicBlockRef cont = new_block(fx, "br_if.cont");
	LLVMBuildCondBr(mx->b, cond, taken, cont);
	LLVMPositionBuilderAtEnd(mx->b, cont);
}

/* br_on_null branches with the values below the reference, which it drops; the fall-through
 * path keeps the reference, now known not to be null. br_on_non_null branches with the
 * reference on top of them, and drops it on the fall-through path. */
static void do_br_on(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	bool on_null = in->op == W2N_OP_BR_ON_NULL;
	LLVMValueRef ref = w2n_pop(fx);
	LLVMValueRef isnull = LLVMBuildIsNull(mx->b, ref, "isnull");
	if (!on_null)
		w2n_push(fx, ref);
	struct frame *f = label_frame(fx, in->imm.idx.a);
	LLVMBasicBlockRef taken = branch_target(fx, f, stack_top(fx, label_arity(f)));
	LLVMBasicBlockRef cont = new_block(fx, on_null ? "br_on_null.cont" : "br_on_non_null.cont");
	if (on_null)
		LLVMBuildCondBr(mx->b, isnull, taken, cont);
	else
		LLVMBuildCondBr(mx->b, isnull, cont, taken);
	LLVMPositionBuilderAtEnd(mx->b, cont);
	if (on_null)
		w2n_push(fx, ref);
	else
		w2n_pop(fx);
}

/* A switch on the index: LLVM's `switch` already sends out-of-range values to the default,
 * which is exactly br_table's rule. All labels carry the same arity (validation). */
static void do_br_table(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	LLVMValueRef index = w2n_pop(fx);
	const uint32_t *labels = fx->body->labels + in->imm.idx.a;
	uint32_t n = in->imm.idx.b;
	struct frame *dflt = label_frame(fx, labels[n]);
	LLVMValueRef *vals = stack_top(fx, label_arity(dflt));
	LLVMValueRef sw = LLVMBuildSwitch(mx->b, index, edge_to(fx, labels[n], vals), n);
	for (uint32_t i = 0; i < n; i++)
		LLVMAddCase(sw, w2n_i32(mx, i), edge_to(fx, labels[i], vals));
	set_dead(fx);
}

/* ---- parametric ----------------------------------------------------------------------------- */

/* select and typed select. LLVM's select of two defined values is defined, so no
 * special care is needed for NaNs or references. */
static void do_select(struct fx *fx)
{
	struct mx *mx = fx->mx;
	LLVMValueRef cond = truthy(fx, w2n_pop(fx));
	LLVMValueRef if_false = w2n_pop(fx);
	LLVMValueRef if_true = w2n_pop(fx);
	w2n_push(fx, LLVMBuildSelect(mx->b, cond, if_true, if_false, "select"));
}

/* ---- entry points --------------------------------------------------------------------------- */

void w2n_control_begin(struct fx *fx)
{
	struct frame *f = push_frame(fx, W2N_OP_END);
	f->results = fx->type->types + fx->type->nparams;
	f->nresults = fx->type->nresults;
	f->height = fx->sp;
	fx->unreachable = false;
}

bool w2n_control_dead(struct fx *fx)
{
	return fx->unreachable;
}

void w2n_lower_control(struct fx *fx, const struct w2n_instr *in)
{
	switch ((enum w2n_op)in->op) {
	case W2N_OP_UNREACHABLE:
		w2n_trap(fx, W2N_TRAP_UNREACHABLE);
		set_dead(fx);
		return;
	case W2N_OP_NOP:
		return;
	case W2N_OP_BLOCK:
		do_block(fx, in);
		return;
	case W2N_OP_LOOP:
		do_loop(fx, in);
		return;
	case W2N_OP_IF:
		do_if(fx, in);
		return;
	case W2N_OP_TRY_TABLE:
		do_try_table(fx, in);
		return;
	case W2N_OP_THROW:
		w2n_lower_throw(fx, in->imm.idx.a);
		set_dead(fx);
		return;
	case W2N_OP_THROW_REF:
		w2n_exn_throw(fx, w2n_pop(fx));
		set_dead(fx);
		return;
	case W2N_OP_ELSE:
		do_else(fx);
		return;
	case W2N_OP_END:
		do_end(fx);
		return;
	case W2N_OP_BR:
		do_br(fx, in->imm.idx.a);
		return;
	case W2N_OP_BR_IF:
		do_br_if(fx, in->imm.idx.a);
		return;
	case W2N_OP_BR_TABLE:
		do_br_table(fx, in);
		return;
	case W2N_OP_BR_ON_NULL:
	case W2N_OP_BR_ON_NON_NULL:
		do_br_on(fx, in);
		return;
	case W2N_OP_RETURN:
		do_br(fx, fx->nframes - 1);
		return;
	case W2N_OP_DROP:
		w2n_pop(fx);
		return;
	case W2N_OP_SELECT:
	case W2N_OP_SELECT_T:
		do_select(fx);
		return;
	default:
		assert(!"not a control or parametric operator");
	}
}
