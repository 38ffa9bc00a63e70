/* ops.c — the operator table as data, and opcode lookup, both generated from ops.def. */
#include "ops.h"

#include <assert.h>

#include "wasm2native/module.h"

const struct w2n_opinfo w2n_ops[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT)                       \
	[W2N_OP_##ID] = {PREFIX, CODE, W2N_IMM_##IMM, SIG, W2N_FAM_##FAMILY, W2N_FEAT_##FEATURE, \
	                 TEXT,   #ARG},
#include "ops.def"
};

/* A generated switch: two rows with the same (prefix, code) are a duplicate-case compile error. */
bool w2n_op_lookup(uint8_t prefix, uint32_t code, enum w2n_op *out)
{
	switch (((uint64_t)prefix << 32) | code) {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT) \
	case ((uint64_t)(PREFIX) << 32) | (CODE):                          \
		*out = W2N_OP_##ID;                                            \
		return true;
#include "ops.def"
	default:
		return false;
	}
}

/* Natural access size in bytes, derived from the ARG column of the memory families:
 * W8/S8/U8.. name the access width in bits, V128 and plain v128.store are 16 bytes, the
 * extending SIMD loads read 8 bytes, SPLATn/ZEROn read n bits. The alignment immediate is
 * validated against this. */
unsigned w2n_op_access_bytes(enum w2n_op op)
{
	const struct w2n_opinfo *info = &w2n_ops[op];
	const char *arg = info->arg;
	unsigned bits = 0;

	switch (info->family) {
	case W2N_FAM_SIMD_STORE:
		return 16;
	case W2N_FAM_SIMD_LOAD:
		if (arg[0] == 'E')
			return 8; /* EXT8S..EXT32U: 64 bits widened to 128 */
					  /* fallthrough */
	case W2N_FAM_LOAD:
	case W2N_FAM_STORE:
	case W2N_FAM_SIMD_LOAD_LANE:
	case W2N_FAM_SIMD_STORE_LANE:
		while (*arg && (*arg < '0' || *arg > '9'))
			arg++;
		while (*arg >= '0' && *arg <= '9')
			bits = bits * 10 + (unsigned)(*arg++ - '0');
		return bits / 8;
	default:
		return 0;
	}
}

uint8_t w2n_sig_valtype(char c)
{
	switch (c) {
	case 'i':
		return W2N_I32;
	case 'I':
		return W2N_I64;
	case 'f':
		return W2N_F32;
	case 'F':
		return W2N_F64;
	default:
		assert(c == 'V' && "a SIG letter of ops.def");
		return W2N_V128;
	}
}
