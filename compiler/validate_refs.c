/* validate_refs.c — Wasm 3.0's typed function references in function bodies: the operators on
 * references (ref.as_non_null, br_on_null, br_on_non_null, call_ref, return_call_ref), the
 * tail calls' result rule, and the initialization of locals that have no default value
 * (subtyping and type names are validate_types.c's). */
#include <stdio.h>
#include <stdlib.h>

#include "validate.h"

static bool is_ref(w2n_type t)
{
	return w2n_is_reftype(w2n_type_repr(t));
}

static bool is_concrete(w2n_type t)
{
	return is_ref(t) && w2n_type_heap(t) >= W2N_HEAP_FIRST_CONCRETE;
}

/* ---- locals without a default value --------------------------------------------------- */

/* A non-nullable reference has no default: such a local must be set before it is read, and a
 * set inside a block counts only until the block ends (the spec's local initialization
 * rule). `unset` marks those not set yet; `sets` lists the ones set, for unwinding. */
bool w2n_vlocals_init(struct fctx *fx)
{
	const struct w2n_code *b = fx->body;
	uint32_t np = fx->type->nparams;
	for (uint32_t g = 0; g < b->ngroups; g++) {
		if (!w2n_vtype_ok(fx->vm->m, b->groups[g].type, fx->vm->m->ntypes))
			return w2n_vfail(fx->vm, b->pos, "%s (local group %u)",
			                 is_concrete(b->groups[g].type) ? "unknown type" : "invalid value type",
			                 g);
		if (w2n_type_nullable(b->groups[g].type))
			continue;
		if (!fx->unset && !(fx->unset = calloc(fx->nlocals, 1)))
			return w2n_vfail(fx->vm, b->pos, "out of memory (locals)");
		for (uint32_t i = g ? b->groups[g - 1].end : 0; i < b->groups[g].end; i++)
			fx->unset[np + i] = 1;
	}
	return true;
}

bool w2n_vlocal_get(struct fctx *fx, uint32_t x)
{
	if (fx->unset && fx->unset[x])
		return w2n_vfail_at(fx, "uninitialized local (local %u)", x);
	return true;
}

bool w2n_vlocal_set(struct fctx *fx, uint32_t x)
{
	if (!fx->unset || !fx->unset[x])
		return true;
	if (fx->nsets == fx->capsets) {
		uint32_t cap = fx->capsets ? fx->capsets * 2 : 16;
		uint32_t *p = realloc(fx->sets, cap * sizeof *p);
		if (!p)
			return w2n_vfail_at(fx, "out of memory (locals)");
		fx->sets = p;
		fx->capsets = cap;
	}
	fx->unset[x] = 0;
	fx->sets[fx->nsets++] = x;
	return true;
}

/* ---- operators ---------------------------------------------------------------------------- */

/* Pops a reference (or the unknown operand of unreachable code). */
static bool pop_ref(struct fctx *fx, w2n_type *t)
{
	char buf[48];
	if (!w2n_vpop_any(fx, t, w2n_ops[fx->in->op].name))
		return false;
	if (*t != VT_ANY && !is_ref(*t))
		return w2n_vfail_at(fx, "type mismatch (%s expects a reference but got %s)",
		                    w2n_ops[fx->in->op].name, w2n_vtype_name(*t, buf, sizeof buf));
	return true;
}

static w2n_type non_null(w2n_type t)
{
	return t == VT_ANY ? VT_ANY : t | W2N_REF_NONNULL;
}

static bool ref_as_non_null(struct fctx *fx)
{
	w2n_type t;
	return pop_ref(fx, &t) && w2n_vpush(fx, non_null(t));
}

/* br_on_null l: [t* (ref null ht)] -> [t* (ref ht)] where l takes [t*]. */
static bool br_on_null(struct fctx *fx, const w2n_type *types, uint32_t n, const char *what)
{
	w2n_type t;
	return pop_ref(fx, &t) && w2n_vpop_vals(fx, types, n, what) && w2n_vpush_vals(fx, types, n) &&
	       w2n_vpush(fx, non_null(t));
}

/* br_on_non_null l: [t* (ref null ht)] -> [t*] where l takes [t* (ref ht)]. */
static bool br_on_non_null(struct fctx *fx, const w2n_type *types, uint32_t n, const char *what)
{
	w2n_type t;
	char a[48], b[48];
	if (n == 0 || !is_ref(types[n - 1]))
		return w2n_vfail_at(fx, "type mismatch (%s: the label takes no reference last)", what);
	if (!pop_ref(fx, &t))
		return false;
	if (!w2n_vsubtype(fx->vm->m, non_null(t), types[n - 1]))
		return w2n_vfail_at(fx, "type mismatch (%s expects %s but got %s)", what,
		                    w2n_vtype_name(types[n - 1], a, sizeof a),
		                    w2n_vtype_name(non_null(t), b, sizeof b));
	return w2n_vpop_vals(fx, types, n - 1, what) && w2n_vpush_vals(fx, types, n - 1);
}

bool w2n_vbr_on(struct fctx *fx, const w2n_type *types, uint32_t n)
{
	char what[48];
	snprintf(what, sizeof what, "%s %u", w2n_ops[fx->in->op].name, fx->in->imm.idx.a);
	if (fx->in->op == W2N_OP_BR_ON_NULL)
		return br_on_null(fx, types, n, what);
	return br_on_non_null(fx, types, n, what);
}

bool w2n_vcheck_return_results(struct fctx *fx, uint32_t typeidx)
{
	const struct w2n_functype *ft = &fx->vm->m->types[typeidx];
	const struct w2n_functype *own = fx->type;
	bool same = ft->nresults == own->nresults;
	for (uint32_t k = 0; same && k < ft->nresults; k++)
		same = w2n_vsubtype(fx->vm->m, ft->types[ft->nparams + k], own->types[own->nparams + k]);
	if (!same)
		return w2n_vfail_at(fx,
		                    "type mismatch (%s: the callee's results differ from the "
		                    "function's)",
		                    w2n_ops[fx->in->op].name);
	return true;
}

/* call_ref $t and return_call_ref $t pop a (ref null $t) above the arguments. */
static bool pop_callee(struct fctx *fx, uint32_t typeidx)
{
	w2n_type want = w2n_ref_type(W2N_FUNCREF, typeidx + W2N_HEAP_FIRST_CONCRETE, 1);
	return w2n_vpop_vals(fx, &want, 1, w2n_ops[fx->in->op].name);
}

bool w2n_vcheck_refs(struct fctx *fx, const struct w2n_instr *in)
{
	switch ((enum w2n_op)in->op) {
	case W2N_OP_REF_AS_NON_NULL:
		return ref_as_non_null(fx);
	case W2N_OP_CALL_REF: {
		const struct w2n_functype *ft = &fx->vm->m->types[in->imm.idx.a];
		return pop_callee(fx, in->imm.idx.a) &&
		       w2n_vapply(fx, ft->types, ft->nparams, ft->types + ft->nparams, ft->nresults);
	}
	case W2N_OP_RETURN_CALL_REF:
		return w2n_vcheck_return_results(fx, in->imm.idx.a) && pop_callee(fx, in->imm.idx.a) &&
		       w2n_vpop_vals(fx, fx->vm->m->types[in->imm.idx.a].types,
		                     fx->vm->m->types[in->imm.idx.a].nparams, "return_call_ref") &&
		       (w2n_vset_unreachable(fx), true);
	default:
		return false;
	}
}
