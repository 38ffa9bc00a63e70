/* validate_base.c — what every file of the validator uses: the error report, and the kinds of
 * value types (their names are wasm.h's w2n_valtype_name). Calls no other validator file. */
#include "validate.h"

bool w2n_vfail(const struct vmod *vm, uint32_t pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	w2n_vreport(vm->dg, W2N_ERROR, vm->m->filename, pos, fmt, ap);
	va_end(ap);
	return false;
}

bool w2n_is_reftype(uint8_t type)
{
	return type == W2N_FUNCREF || type == W2N_EXTERNREF;
}

bool w2n_is_valtype(uint8_t type)
{
	return (type >= W2N_V128 && type <= W2N_I32) || w2n_is_reftype(type);
}
