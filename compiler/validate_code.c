/* validate_code.c — function bodies: the spec's validation algorithm (appendix "Validation
 * Algorithm") over the operand and control stacks of validate_stack.c. Regular operators are
 * typed from their signature in ops.def; control operators are typed here, the other irregular
 * ones in validate_instr.c.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* ---- control frames -------------------------------------------------------------------- */

/* The frame `depth` levels out from the innermost (0): a branch's label. */
static const struct vframe *label(struct fctx *fx, uint32_t depth)
{
	return &fx->ctrls[fx->nctrls - 1 - depth];
}

/* A branch to a loop jumps back to its start, so it carries the loop's parameters. */
static void label_types(const struct vframe *f, const w2n_type **types, uint32_t *n)
{
	*types = f->op == W2N_OP_LOOP ? f->params : f->results;
	*n = f->op == W2N_OP_LOOP ? f->nparams : f->nresults;
}

/* One static copy of each value type, so that a single-type block can point at its result. */
static const w2n_type one_type[] = {W2N_I32,  W2N_I64,     W2N_F32,       W2N_F64,
                                    W2N_V128, W2N_FUNCREF, W2N_EXTERNREF, W2N_EXNREF};

/* A block whose result is a typed reference: the frame points at a copy of that type kept for
 * its instruction (frames move when the control stack grows). */
static bool typed_block_type(struct fctx *fx, w2n_type t, const w2n_type **results, uint32_t *nr)
{
	if (!w2n_vtype_ok(fx->vm->m, t, fx->vm->m->ntypes))
		return w2n_vfail_at(fx, "unknown type (block type)");
	if (!fx->block_types && !(fx->block_types = calloc(fx->body->len, sizeof t)))
		return w2n_vfail_at(fx, "out of memory (block types)");
	w2n_type *slot = &fx->block_types[fx->in - fx->body->code];
	*slot = t;
	*results = slot;
	*nr = 1;
	return true;
}

/* Resolves a blocktype (its index was checked by w2n_vcheck_imm). */
static bool block_type(struct fctx *fx, int64_t bt, const w2n_type **params, uint32_t *np,
                       const w2n_type **results, uint32_t *nr)
{
	*np = *nr = 0;
	*params = *results = NULL;
	if (bt >= 0) {
		const struct w2n_functype *ft = &fx->vm->m->types[bt];
		*params = ft->types;
		*np = ft->nparams;
		*results = ft->types + ft->nparams;
		*nr = ft->nresults;
		return true;
	}
	if (bt == -64)
		return true;
	for (unsigned k = 0; k < sizeof one_type / sizeof one_type[0]; k++) {
		if (one_type[k] == w2n_block_valtype(bt)) {
			*results = &one_type[k];
			*nr = 1;
			return true;
		}
	}
	return typed_block_type(fx, w2n_block_valtype(bt), results, nr);
}

static bool enter_block(struct fctx *fx, const struct w2n_instr *in)
{
	const w2n_type *params, *results;
	uint32_t np, nr;
	if (!block_type(fx, in->imm.block, &params, &np, &results, &nr))
		return false;
	static const w2n_type cond = W2N_I32;
	if (in->op == W2N_OP_IF && !w2n_vpop_vals(fx, &cond, 1, "if condition"))
		return false;
	return w2n_vpop_vals(fx, params, np, w2n_ops[in->op].name) &&
	       w2n_vpush_ctrl(fx, in->op, params, np, results, nr);
}

static bool do_else(struct fctx *fx)
{
	if (label(fx, 0)->op != W2N_OP_IF)
		return w2n_vfail_at(fx, "else without matching if (inside %s)",
		                    fx->nctrls == 1 ? "the function" : w2n_vframe_name(label(fx, 0)->op));
	struct vframe f;
	if (!w2n_vpop_ctrl(fx, NULL, &f))
		return false;
	return w2n_vpush_ctrl(fx, W2N_OP_ELSE, f.params, f.nparams, f.results, f.nresults);
}

/* An `if` without `else` has an implicit empty else, which must turn the parameters into the
 * results: validating it as a real else branch checks exactly that. */
static bool do_end(struct fctx *fx)
{
	const char *what = NULL;
	if (label(fx, 0)->op == W2N_OP_IF) {
		if (!do_else(fx))
			return false;
		what = "if without else";
	}
	struct vframe f;
	return w2n_vpop_ctrl(fx, what, &f) && w2n_vpush_vals(fx, f.results, f.nresults);
}

/* ---- exceptions ----------------------------------------------------------------------- */

/* The values a catch clause hands to its label: the tag's parameters (catch, catch_ref), then
 * the exception reference (the _ref clauses), which is never null: (ref exn). */
static uint32_t catch_types(const struct fctx *fx, const struct w2n_catch *c, w2n_type *out,
                            uint32_t cap)
{
	uint32_t n = 0;
	if (c->kind <= W2N_CATCH_REF) {
		const struct w2n_functype *ft = &fx->vm->m->types[fx->vm->m->tags[c->tag].type];
		for (uint32_t i = 0; i < ft->nparams && n < cap; i++)
			out[n++] = ft->types[i];
	}
	if ((c->kind == W2N_CATCH_REF || c->kind == W2N_CATCH_ALL_REF) && n < cap)
		out[n++] = w2n_ref_type(W2N_EXNREF, W2N_HEAP_TOP, 0);
	return n;
}

/* Each clause branches to its label with catch_types: each must be a subtype of the label's
 * type in its place. */
static bool check_catch(struct fctx *fx, const struct w2n_catch *c, uint32_t i)
{
	enum { CAP = 64 };
	w2n_type got[CAP];
	const w2n_type *want;
	uint32_t nwant, ngot = catch_types(fx, c, got, CAP);
	label_types(label(fx, c->label), &want, &nwant);
	if (ngot == CAP)
		return w2n_vfail_at(fx, "type mismatch (catch clause %u: tag with too many values)", i);
	bool same = ngot == nwant;
	for (uint32_t k = 0; same && k < ngot; k++)
		same = w2n_vsubtype(fx->vm->m, got[k], want[k]);
	if (!same)
		return w2n_vfail_at(fx,
		                    "type mismatch (catch clause %u passes %u values to label %u, "
		                    "which takes %u of other types)",
		                    i, ngot, c->label, nwant);
	return true;
}

static bool enter_try_table(struct fctx *fx, const struct w2n_instr *in)
{
	const w2n_type *params, *results;
	uint32_t np, nr;
	const struct w2n_catch *c = fx->body->catches + in->imm.try_.first;
	if (!block_type(fx, in->imm.try_.block, &params, &np, &results, &nr))
		return false;
	for (uint32_t i = 0; i < in->imm.try_.ncatch; i++)
		if (!check_catch(fx, &c[i], i))
			return false;
	return w2n_vpop_vals(fx, params, np, "try_table") &&
	       w2n_vpush_ctrl(fx, W2N_OP_TRY_TABLE, params, np, results, nr);
}

static bool do_throw(struct fctx *fx, const struct w2n_instr *in)
{
	static const w2n_type exn = W2N_EXNREF;
	if (in->op == W2N_OP_THROW_REF) {
		if (!w2n_vpop_vals(fx, &exn, 1, "throw_ref"))
			return false;
	} else {
		const struct w2n_functype *ft = &fx->vm->m->types[fx->vm->m->tags[in->imm.idx.a].type];
		if (!w2n_vpop_vals(fx, ft->types, ft->nparams, "throw"))
			return false;
	}
	w2n_vset_unreachable(fx);
	return true;
}

/* ---- branches ------------------------------------------------------------------------- */

static bool do_br(struct fctx *fx, uint32_t depth, bool conditional)
{
	const w2n_type *types;
	uint32_t n;
	char what[48];
	label_types(label(fx, depth), &types, &n);
	snprintf(what, sizeof what, "%s %u", conditional ? "br_if" : "br", depth);
	static const w2n_type cond = W2N_I32;
	if (conditional && !w2n_vpop_vals(fx, &cond, 1, "br_if condition"))
		return false;
	if (!w2n_vpop_vals(fx, types, n, what))
		return false;
	if (conditional)
		return w2n_vpush_vals(fx, types, n);
	w2n_vset_unreachable(fx);
	return true;
}

/* Every target must take the same number of values, and the operands must match each
 * target's types: with VT_ANY operands, different targets may even have different types.
 * A table may repeat a few labels thousands of times: each label's types are checked once
 * (the frame remembers the br_table that checked it), so the cost is O(labels + depth ×
 * arity), not O(labels × arity). */
static bool do_br_table(struct fctx *fx, const struct w2n_instr *in)
{
	const uint32_t *targets = fx->body->labels + in->imm.idx.a;
	uint32_t count = in->imm.idx.b;
	const w2n_type *dtypes, *types;
	uint32_t arity, n;
	char what[48];
	static const w2n_type index = W2N_I32;
	if (!w2n_vpop_vals(fx, &index, 1, "br_table index"))
		return false;
	label_types(label(fx, targets[count]), &dtypes, &arity);
	uint32_t stamp = (uint32_t)(in - fx->body->code) + 1;
	for (uint32_t i = 0; i < count; i++) {
		struct vframe *f = &fx->ctrls[fx->nctrls - 1 - targets[i]];
		label_types(f, &types, &n);
		if (n != arity)
			return w2n_vfail_at(fx,
			                    "type mismatch (br_table target %u takes %u values but the "
			                    "default target %u takes %u)",
			                    targets[i], n, targets[count], arity);
		if (f->checked == stamp)
			continue;
		f->checked = stamp;
		snprintf(what, sizeof what, "br_table target %u", targets[i]);
		if (!w2n_vpeek_vals(fx, types, n, what))
			return false;
	}
	snprintf(what, sizeof what, "br_table default target %u", targets[count]);
	if (!w2n_vpop_vals(fx, dtypes, arity, what))
		return false;
	w2n_vset_unreachable(fx);
	return true;
}

static bool check_control(struct fctx *fx, const struct w2n_instr *in)
{
	const struct vframe *fn = &fx->ctrls[0];
	switch ((enum w2n_op)in->op) {
	case W2N_OP_UNREACHABLE:
		w2n_vset_unreachable(fx);
		return true;
	case W2N_OP_BLOCK:
	case W2N_OP_LOOP:
	case W2N_OP_IF:
		return enter_block(fx, in);
	case W2N_OP_TRY_TABLE:
		return enter_try_table(fx, in);
	case W2N_OP_THROW:
	case W2N_OP_THROW_REF:
		return do_throw(fx, in);
	case W2N_OP_ELSE:
		return do_else(fx);
	case W2N_OP_END:
		return do_end(fx);
	case W2N_OP_BR:
		return do_br(fx, in->imm.idx.a, false);
	case W2N_OP_BR_IF:
		return do_br(fx, in->imm.idx.a, true);
	case W2N_OP_BR_TABLE:
		return do_br_table(fx, in);
	case W2N_OP_BR_ON_NULL:
	case W2N_OP_BR_ON_NON_NULL: {
		const w2n_type *types;
		uint32_t n;
		label_types(label(fx, in->imm.idx.a), &types, &n);
		return w2n_vbr_on(fx, types, n);
	}
	case W2N_OP_RETURN:
		if (!w2n_vpop_vals(fx, fn->results, fn->nresults, "return"))
			return false;
		w2n_vset_unreachable(fx);
		return true;
	default:
		assert(!"control operator without a typing rule");
		return false;
	}
}

/* ---- the body ------------------------------------------------------------------------- */

static bool check_instr(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	fx->in = in;
	if (!w2n_vcheck_imm(fx, in))
		return false;
	if (w2n_has_address(in))
		return w2n_vcheck_address(fx, in);
	if (!info->sig.poly) /* a regular operator: typed by its SIG in ops.def */
		return w2n_vapply(fx, info->sig.params, info->sig.nparams, &info->sig.result,
		                  info->sig.nresults);
	if (info->family == W2N_FAM_CONTROL)
		return check_control(fx, in);
	return w2n_vcheck_special(fx, in);
}

/* Local types are looked up in the body's groups (w2n_local_type); the decoder has checked
 * them and bounded their count. */
static bool init_locals(struct fctx *fx)
{
	fx->nlocals = fx->type->nparams + fx->body->nlocals;
	return w2n_vlocals_init(fx);
}

/* The function is a block whose label is the function's results. Its final `end` must be
 * the body's last instruction, and no other `end` may close it. */
static bool check_body(struct fctx *fx)
{
	const struct w2n_code *b = fx->body;
	const struct w2n_functype *ft = fx->type;
	static const struct w2n_instr none = {.op = W2N_OP_NOP};
	fx->in = b->len ? &b->code[0] : &none;
	if (!init_locals(fx))
		return false;
	if (!w2n_vpush_ctrl(fx, W2N_OP_BLOCK, NULL, 0, ft->types + ft->nparams, ft->nresults))
		return false;
	for (uint32_t i = 0; i < b->len; i++) {
		if (fx->nctrls == 0) {
			fx->in = &b->code[i];
			return w2n_vfail_at(fx, "operators remaining after end of function %u", fx->func);
		}
		if (!check_instr(fx, &b->code[i]))
			return false;
	}
	if (fx->nctrls != 0)
		return w2n_vfail(fx->vm, b->end, "unexpected end of function %u (%u blocks unclosed)",
		                 fx->func, fx->nctrls);
	return true;
}

bool w2n_validate_body(const struct vmod *vm, uint32_t funcidx)
{
	const struct w2n_func *f = &vm->m->funcs[funcidx];
	struct fctx fx = {.vm = vm, .func = funcidx, .body = &f->body, .type = &vm->m->types[f->type]};
	bool ok = check_body(&fx);
	free(fx.vals);
	free(fx.ctrls);
	free(fx.unset);
	free(fx.sets);
	free(fx.block_types);
	return ok;
}
