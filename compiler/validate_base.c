/* validate_base.c — what every file of the validator uses: the error report (the kinds and
 * names of value types are wasm.h's). Calls no other validator file. */
#include "validate.h"

bool w2n_vfail(const struct vmod *vm, uint32_t pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	w2n_vreport(vm->dg, W2N_ERROR, vm->m->filename, pos, fmt, ap);
	va_end(ap);
	return false;
}
