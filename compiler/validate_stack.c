/* validate_stack.c — the operand and control stacks of the spec's validation algorithm
 * (appendix "Validation Algorithm"), and errors at the current instruction with the types
 * they expected and got. Called by validate_code.c and validate_instr.c; calls neither.
 *
 * Below the current frame's height there are no operands, except after an unconditional
 * branch, where the stack is polymorphic: popping there yields VT_ANY, which matches every
 * type.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"

/* Most types spelled out in a message; more are shown as "...". */
#define SHOWN 8

bool w2n_vfail_at(const struct fctx *fx, const char *fmt, ...)
{
	const struct vmod *vm = fx->vm;
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return w2n_vfail(vm, fx->in->pos, "%s", msg);
}

/* Grows an array to hold at least `need` elements (doubling). */
static bool grow(const struct fctx *fx, void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	uint32_t n = *cap ? *cap : 16;
	while (n < need)
		n *= 2;
	void *p = realloc(*arr, (size_t)n * elem);
	if (!p)
		return w2n_vfail_at(fx, "out of memory (validating function %u)", fx->func);
	*arr = p;
	*cap = n;
	return true;
}

static struct vframe *top(struct fctx *fx)
{
	return &fx->ctrls[fx->nctrls - 1];
}

/* ---- formatting types for messages ----------------------------------------------------- */

static void format_types(char *buf, size_t size, const w2n_type *types, uint32_t n)
{
	size_t len = 0;
	buf[0] = 0;
	uint32_t first = n > SHOWN ? n - SHOWN : 0;
	if (first)
		len += (size_t)snprintf(buf, size, "... ");
	for (uint32_t i = first; i < n && len < size; i++) {
		char name[48];
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i > first ? " " : "",
		                        w2n_vtype_name(types[i], name, sizeof name));
	}
}

/* "WHAT expects [t*] but got [u*]", with u* the operands of the current frame that were
 * examined (at most `n`, or all of them for an exact check). */
static bool mismatch(struct fctx *fx, const w2n_type *want, uint32_t n, uint32_t ngot,
                     const char *what)
{
	char w[128], g[128];
	format_types(w, sizeof w, want, n);
	format_types(g, sizeof g, ngot ? fx->vals + fx->nvals - ngot : NULL, ngot);
	return w2n_vfail_at(fx, "type mismatch (%s expects [%s] but got [%s])", what, w, g);
}

/* ---- the operand stack ----------------------------------------------------------------- */

bool w2n_vpush(struct fctx *fx, w2n_type type)
{
	if (!grow(fx, (void **)&fx->vals, &fx->capvals, fx->nvals + 1, sizeof *fx->vals))
		return false;
	fx->vals[fx->nvals++] = type;
	return true;
}

bool w2n_vpush_vals(struct fctx *fx, const w2n_type *types, uint32_t n)
{
	if (n == 0)
		return true;
	if (!grow(fx, (void **)&fx->vals, &fx->capvals, fx->nvals + n, sizeof *fx->vals))
		return false;
	memcpy(fx->vals + fx->nvals, types, n * sizeof *types);
	fx->nvals += n;
	return true;
}

/* Checks the top operands against `want` without popping. Below the frame's height there are
 * no operands, except in unreachable code where the missing ones are VT_ANY. */
bool w2n_vpeek_vals(struct fctx *fx, const w2n_type *want, uint32_t n, const char *what)
{
	const struct vframe *f = top(fx);
	uint32_t avail = fx->nvals - f->height;
	uint32_t seen = avail < n ? avail : n;
	if (seen < n && !f->unreachable)
		return mismatch(fx, want, n, seen, what);
	for (uint32_t i = 0; i < seen; i++) {
		if (!w2n_vsubtype(fx->vm->m, fx->vals[fx->nvals - seen + i], want[n - seen + i]))
			return mismatch(fx, want, n, seen, what);
	}
	return true;
}

bool w2n_vpop_vals(struct fctx *fx, const w2n_type *types, uint32_t n, const char *what)
{
	if (!w2n_vpeek_vals(fx, types, n, what))
		return false;
	uint32_t avail = fx->nvals - top(fx)->height;
	fx->nvals -= avail < n ? avail : n;
	return true;
}

bool w2n_vpop_any(struct fctx *fx, w2n_type *type, const char *what)
{
	const struct vframe *f = top(fx);
	if (fx->nvals > f->height) {
		*type = fx->vals[--fx->nvals];
		return true;
	}
	if (!f->unreachable)
		return w2n_vfail_at(fx, "type mismatch (%s expects an operand but got [])", what);
	*type = VT_ANY;
	return true;
}

bool w2n_vapply(struct fctx *fx, const w2n_type *params, uint32_t np, const w2n_type *results,
                uint32_t nr)
{
	return w2n_vpop_vals(fx, params, np, w2n_ops[fx->in->op].name) &&
	       w2n_vpush_vals(fx, results, nr);
}

/* ---- the control stack ----------------------------------------------------------------- */

bool w2n_vpush_ctrl(struct fctx *fx, uint16_t op, const w2n_type *params, uint32_t np,
                    const w2n_type *results, uint32_t nr)
{
	if (!grow(fx, (void **)&fx->ctrls, &fx->capctrls, fx->nctrls + 1, sizeof *fx->ctrls))
		return false;
	fx->ctrls[fx->nctrls++] = (struct vframe){.op = op,
	                                          .params = params,
	                                          .results = results,
	                                          .nparams = np,
	                                          .nresults = nr,
	                                          .height = fx->nvals,
	                                          .nsets = fx->nsets};
	return w2n_vpush_vals(fx, params, np);
}

const char *w2n_vframe_name(uint16_t op)
{
	switch (op) {
	case W2N_OP_LOOP:
		return "loop";
	case W2N_OP_IF:
		return "if";
	case W2N_OP_ELSE:
		return "else";
	case W2N_OP_TRY_TABLE:
		return "try_table";
	}
	return "block";
}

/* A frame ends with exactly its results on the stack: fewer is allowed only where the stack
 * is polymorphic, more never. `what` names the end in messages (NULL: "end of <frame>"). */
bool w2n_vpop_ctrl(struct fctx *fx, const char *what, struct vframe *out)
{
	struct vframe *f = top(fx);
	uint32_t avail = fx->nvals - f->height;
	char name[48];
	snprintf(name, sizeof name, "end of %s", fx->nctrls == 1 ? "function" : w2n_vframe_name(f->op));
	what = what ? what : name;
	if (avail > f->nresults)
		return mismatch(fx, f->results, f->nresults, avail, what);
	if (!w2n_vpeek_vals(fx, f->results, f->nresults, what))
		return false;
	fx->nvals = f->height;
	w2n_vlocals_unwind(fx, f->nsets);
	*out = *f;
	fx->nctrls--;
	return true;
}

/* Locals without a default (validate_refs.c) set inside a frame are unset again at its end. */
void w2n_vlocals_unwind(struct fctx *fx, uint32_t height)
{
	while (fx->nsets > height)
		fx->unset[fx->sets[--fx->nsets]] = 1;
}

void w2n_vset_unreachable(struct fctx *fx)
{
	fx->nvals = top(fx)->height;
	top(fx)->unreachable = true;
}
