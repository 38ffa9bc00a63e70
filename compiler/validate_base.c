/* validate_base.c — what every file of the validator uses: the error report, and the names and
 * kinds of value types. Calls no other validator file. */
#include "validate.h"

bool w2n_vfail(const struct vmod *vm, uint32_t pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	w2n_vreport(vm->dg, W2N_ERROR, vm->m->filename, pos, fmt, ap);
	va_end(ap);
	return false;
}

const char *w2n_valtype_name(uint8_t type)
{
	switch (type) {
	case W2N_I32:
		return "i32";
	case W2N_I64:
		return "i64";
	case W2N_F32:
		return "f32";
	case W2N_F64:
		return "f64";
	case W2N_V128:
		return "v128";
	case W2N_FUNCREF:
		return "funcref";
	case W2N_EXTERNREF:
		return "externref";
	case 0:
		return "any";
	}
	return "?";
}

bool w2n_is_reftype(uint8_t type)
{
	return type == W2N_FUNCREF || type == W2N_EXTERNREF;
}

bool w2n_is_valtype(uint8_t type)
{
	return (type >= W2N_V128 && type <= W2N_I32) || w2n_is_reftype(type);
}
