/* validate_const.c — constant expressions: global initializers, segment offsets and element
 * initializers (spec §3.3.10).
 *
 * Wasm 2.0 allows only t.const, ref.null, ref.func and global.get of an immutable imported
 * global; each pushes one value, so the expression is valid when every instruction is
 * constant and exactly one value of the expected type remains.
 */
#include <stdio.h>

#include "validate.h"

/* Most values shown in a "type mismatch" message; longer expressions end in "...". */
#define SHOWN 8

/* Types one constant instruction. global.get may only read imported globals: the module's own
 * globals are not initialized yet when constant expressions run. */
static bool const_instr(const struct vmod *vm, const struct w2n_instr *in, uint8_t *type)
{
	const struct w2n_module *m = vm->m;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (info->family == W2N_FAM_CONST || info->family == W2N_FAM_SIMD_CONST) {
		*type = info->sig.result; /* the one value pushed */
		return true;
	}
	switch ((enum w2n_op)in->op) {
	case W2N_OP_REF_NULL:
		*type = (uint8_t)in->imm.u64;
		if (!w2n_is_reftype(*type))
			return w2n_vfail(vm, in->pos, "invalid reference type (ref.null)");
		return true;
	case W2N_OP_REF_FUNC:
		if (in->imm.idx.a >= m->nfuncs)
			return w2n_vfail(vm, in->pos, "unknown function %u (ref.func)", in->imm.idx.a);
		*type = W2N_FUNCREF;
		return true;
	case W2N_OP_GLOBAL_GET: {
		uint32_t g = in->imm.idx.a;
		if (g >= m->nglobal_imports)
			return w2n_vfail(vm, in->pos,
			                 "unknown global %u (constant expressions may only read the %u "
			                 "imported globals)",
			                 g, m->nglobal_imports);
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

static void append_type(char *buf, size_t size, size_t *len, uint32_t i, uint8_t type)
{
	if (*len >= size)
		return;
	const char *sep = i ? " " : "";
	int n = i < SHOWN ? snprintf(buf + *len, size - *len, "%s%s", sep, w2n_valtype_name(type))
	                  : (i == SHOWN ? snprintf(buf + *len, size - *len, " ...") : 0);
	if (n > 0)
		*len += (size_t)n;
}

bool w2n_validate_const(const struct vmod *vm, const struct w2n_expr *e, uint8_t type,
                        const char *what)
{
	char got[128] = "";
	size_t len = 0;
	uint32_t n = 0;
	uint8_t last = 0;
	for (uint32_t i = 0; i < e->len; i++) {
		const struct w2n_instr *in = &e->code[i];
		/* The decoder ends every expression with its `end`. */
		if (in->op == W2N_OP_END && i == e->len - 1)
			break;
		if (!const_instr(vm, in, &last))
			return false;
		append_type(got, sizeof got, &len, n++, last);
	}
	if (n != 1 || last != type)
		return w2n_vfail(vm, e->pos, "type mismatch (%s expects [%s] but got [%s])", what,
		                 w2n_valtype_name(type), got);
	return true;
}
