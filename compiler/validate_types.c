/* validate_types.c — value types in the validator, with Wasm 3.0's typed function references:
 * which are well-formed, subtyping (the one relation every operand check goes through), and
 * their names in messages. validate_refs.c has the operators on references.
 *
 * Without GC there are no declared subtypes: a concrete type is a subtype only of itself (up to
 * type equivalence), of func and of the same type made nullable; nofunc and noextern are the
 * bottoms of their families. A type definition is its own recursion group, so it may name
 * itself and earlier types, and two definitions are equivalent when they have the same shape,
 * with references to themselves matching each other (iso-recursive equivalence). */
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

static uint32_t type_index(w2n_type t)
{
	return w2n_type_heap(t) - W2N_HEAP_FIRST_CONCRETE;
}

bool w2n_vtype_ok(const struct w2n_module *m, w2n_type t, uint32_t ntypes)
{
	if (!w2n_is_valtype(w2n_type_repr(t)))
		return false;
	return !is_concrete(t) || type_index(t) < ntypes;
}

static bool types_equiv(const struct w2n_module *m, uint32_t a, uint32_t b);

/* One value type of type definitions a and b, at the same place. */
static bool same_in(const struct w2n_module *m, uint32_t a, uint32_t b, w2n_type x, w2n_type y)
{
	if (!is_concrete(x) || !is_concrete(y))
		return x == y;
	if ((x & ~(~0u << W2N_HEAP_SHIFT)) != (y & ~(~0u << W2N_HEAP_SHIFT)))
		return false; /* nullability */
	uint32_t i = type_index(x), j = type_index(y);
	if (i == a || j == b)
		return i == a && j == b; /* both name their own definition */
	return types_equiv(m, i, j);
}

/* Terminates: a definition names only itself (handled above) and earlier ones
 * (w2n_vcheck_types). */
static bool types_equiv(const struct w2n_module *m, uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	const struct w2n_functype *s = &m->types[a], *t = &m->types[b];
	if (s->nparams != t->nparams || s->nresults != t->nresults)
		return false;
	for (uint32_t k = 0; k < s->nparams + s->nresults; k++)
		if (!same_in(m, a, b, s->types[k], t->types[k]))
			return false;
	return true;
}

static bool heap_sub(const struct w2n_module *m, unsigned got, unsigned want)
{
	if (got == want || want == W2N_HEAP_TOP || got == W2N_HEAP_BOTTOM)
		return true;
	if (got < W2N_HEAP_FIRST_CONCRETE || want < W2N_HEAP_FIRST_CONCRETE)
		return false;
	return types_equiv(m, got - W2N_HEAP_FIRST_CONCRETE, want - W2N_HEAP_FIRST_CONCRETE);
}

bool w2n_vsubtype(const struct w2n_module *m, w2n_type got, w2n_type want)
{
	if (got == want || got == VT_ANY || want == VT_ANY)
		return true;
	if (!is_ref(got) || !is_ref(want) || w2n_type_repr(got) != w2n_type_repr(want))
		return false;
	if (w2n_type_nullable(got) && !w2n_type_nullable(want))
		return false;
	return heap_sub(m, w2n_type_heap(got), w2n_type_heap(want));
}

const char *w2n_vtype_name(w2n_type t, char *buf, size_t size)
{
	if (t <= 0xff)
		return w2n_valtype_name(t);
	unsigned heap = w2n_type_heap(t);
	const char *family = w2n_type_repr(t) == W2N_FUNCREF ? "func" : "extern";
	const char *null = w2n_type_nullable(t) ? "null " : "";
	if (heap == W2N_HEAP_TOP)
		snprintf(buf, size, "(ref %s%s)", null, family);
	else if (heap == W2N_HEAP_BOTTOM)
		snprintf(buf, size, "(ref %sno%s)", null, family);
	else
		snprintf(buf, size, "(ref %s%u)", null, type_index(t));
	return buf;
}

/* Every type definition names only earlier ones and itself (its own recursion group). */
bool w2n_vcheck_types(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const struct w2n_functype *ft = &m->types[i];
		for (uint32_t k = 0; k < ft->nparams + ft->nresults; k++) {
			w2n_type t = ft->types[k];
			if (!w2n_vtype_ok(m, t, i + 1))
				return w2n_vfail(vm, ft->pos, "%s (type %u)",
				                 is_concrete(t) ? "unknown type" : "invalid value type", i);
		}
	}
	return true;
}
