/* validate_const.c — constant expressions: global initializers, segment offsets and element
 * initializers (spec §3.3.10).
 *
 * Wasm 2.0 allows only t.const, ref.null, ref.func and global.get of an immutable imported
 * global, each pushing one value. Wasm 3.0 adds the extended constant expressions (i32 and
 * i64 add, sub and mul, which pop two values) and lets global.get read any immutable global
 * defined before (initializers of globals) or any at all (segment offsets and elements). The
 * expression is valid when every instruction is constant and typed, and exactly one value of
 * the expected type remains.
 */
#include <stdio.h>

#include "validate.h"
#include "wasm2native/descriptor.h"

/* Most values shown in a "type mismatch" message; longer expressions end in "...". */
#define SHOWN 8

/* The extended constant operators: integer add, sub and mul. */
static bool is_extended(enum w2n_op op)
{
	return op == W2N_OP_I32_ADD || op == W2N_OP_I32_SUB || op == W2N_OP_I32_MUL ||
	       op == W2N_OP_I64_ADD || op == W2N_OP_I64_SUB || op == W2N_OP_I64_MUL;
}

/* Types one constant instruction that pushes a value. global.get may read only the
 * `nvisible` first globals: the later ones are not initialized yet when a global's
 * initializer runs. */
static bool const_instr(const struct vmod *vm, const struct w2n_instr *in, uint32_t nvisible,
                        w2n_type *type)
{
	const struct w2n_module *m = vm->m;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (info->family == W2N_FAM_CONST || info->family == W2N_FAM_SIMD_CONST) {
		*type = info->sig.result; /* the one value pushed */
		return true;
	}
	switch ((enum w2n_op)in->op) {
	case W2N_OP_REF_NULL:
		*type = (w2n_type)in->imm.u64;
		if (!w2n_vtype_ok(m, *type, m->ntypes))
			return w2n_vfail(vm, in->pos, "unknown type (ref.null)");
		return true;
	case W2N_OP_REF_FUNC:
		if (in->imm.idx.a >= m->nfuncs)
			return w2n_vfail(vm, in->pos, "unknown function %u (ref.func)", in->imm.idx.a);
		/* 3.0: (ref $t) of the function's type, a subtype of funcref. */
		*type =
			w2n_ref_type(W2N_FUNCREF, m->funcs[in->imm.idx.a].type + W2N_HEAP_FIRST_CONCRETE, 0);
		return true;
	case W2N_OP_GLOBAL_GET: {
		uint32_t g = in->imm.idx.a;
		if (g >= nvisible)
			return w2n_vfail(vm, in->pos,
			                 "unknown global %u (this constant expression may only read the "
			                 "%u globals before it)",
			                 g, nvisible);
		if (m->globals[g].mutable_)
			return w2n_vfail(vm, in->pos,
			                 "constant expression required (global.get of mutable global %u)", g);
		*type = m->globals[g].type;
		return true;
	}
	default:
		return w2n_vfail(vm, in->pos, "constant expression required (%s is not constant)",
		                 info->name);
	}
}

static void append_type(char *buf, size_t size, size_t *len, uint32_t i, w2n_type type)
{
	if (*len >= size)
		return;
	const char *sep = i ? " " : "";
	int n = i < SHOWN ? snprintf(buf + *len, size - *len, "%s%s", sep, w2n_valtype_name(type))
	                  : (i == SHOWN ? snprintf(buf + *len, size - *len, " ...") : 0);
	if (n > 0)
		*len += (size_t)n;
}

/* Pops the two operands of an extended operator, pushes its result. */
static bool const_binary(const struct vmod *vm, const struct w2n_instr *in, w2n_type *stack,
                         uint32_t *depth)
{
	w2n_type t = w2n_ops[in->op].sig.result;
	if (*depth < 2 || stack[*depth - 1] != t || stack[*depth - 2] != t)
		return w2n_vfail(vm, in->pos, "type mismatch (%s expects [%s %s])", w2n_ops[in->op].name,
		                 w2n_valtype_name(t), w2n_valtype_name(t));
	(*depth)--;
	return true;
}

bool w2n_validate_const(const struct vmod *vm, const struct w2n_expr *e, w2n_type type,
                        uint32_t nvisible, const char *what)
{
	w2n_type stack[W2N_CONST_MAX_DEPTH];
	/* Wasm 2.0's rules (extended constants off) were enforced before: w2n_validate_features
	 * refuses a module that uses a feature turned off (features_used.c). */
	char got[128] = "";
	size_t len = 0;
	uint32_t depth = 0;
	for (uint32_t i = 0; i < e->len; i++) {
		const struct w2n_instr *in = &e->code[i];
		/* The decoder ends every expression with its `end`. */
		if (in->op == W2N_OP_END && i == e->len - 1)
			break;
		if (is_extended(in->op)) {
			if (!const_binary(vm, in, stack, &depth))
				return false;
			continue;
		}
		if (depth == W2N_CONST_MAX_DEPTH)
			return w2n_vfail(vm, in->pos,
			                 "constant expression too deep (implementation limit: %u "
			                 "operands)",
			                 W2N_CONST_MAX_DEPTH);
		if (!const_instr(vm, in, nvisible, &stack[depth]))
			return false;
		depth++;
	}
	for (uint32_t i = 0; i < depth; i++)
		append_type(got, sizeof got, &len, i, stack[i]);
	if (depth != 1 || !w2n_vsubtype(vm->m, stack[0], type))
		return w2n_vfail(vm, e->pos, "type mismatch (%s expects [%s] but got [%s])", what,
		                 w2n_valtype_name(type), got);
	return true;
}
