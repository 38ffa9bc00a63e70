/* ops.c — the operator table as data, and opcode lookup, both generated from ops.def. */
#include "ops.h"

#include "wasm2native/module.h"

/* The SIG column, (params..., >, result) or (*), becomes a struct w2n_sig initializer: the
 * number of tokens in the parentheses picks the arity, and the letters are pasted into value
 * types, so a letter that names none (or a misplaced `>`) does not compile. */
#define VT_i W2N_I32
#define VT_I W2N_I64
#define VT_f W2N_F32
#define VT_F W2N_F64
#define VT_V W2N_V128
#define VT__ 0 /* `_`: no result */
/* how many results a result letter gives */
#define NRESULTS_i 1
#define NRESULTS_I 1
#define NRESULTS_f 1
#define NRESULTS_F 1
#define NRESULTS_V 1
#define NRESULTS__ 0
/* the initializers, by arity; `to` is the `>` */
#define RESULT(r)             .nresults = NRESULTS_##r, .result = VT_##r
#define SIG_POLY(star)        {.poly = true}
#define SIG_0(to, r)          {RESULT(r)}
#define SIG_1(a, to, r)       {.nparams = 1, .params = {VT_##a}, RESULT(r)}
#define SIG_2(a, b, to, r)    {.nparams = 2, .params = {VT_##a, VT_##b}, RESULT(r)}
#define SIG_3(a, b, c, to, r) {.nparams = 3, .params = {VT_##a, VT_##b, VT_##c}, RESULT(r)}
/* five tokens pick SIG_3, four SIG_2, three SIG_1, two SIG_0, one (the `*`) SIG_POLY */
#define SIG_PICK(a, b, c, d, e, which, ...) which
/* TYPED_SIG (i, i, >, i) */
#define TYPED_SIG(...) SIG_PICK(__VA_ARGS__, SIG_3, SIG_2, SIG_1, SIG_0, SIG_POLY, ~)(__VA_ARGS__)

const struct w2n_opinfo w2n_ops[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT) \
	[W2N_OP_##ID] = {.prefix = PREFIX,                                 \
	                 .code = CODE,                                     \
	                 .imm = W2N_IMM_##IMM,                             \
	                 .sig = TYPED_SIG SIG,                             \
	                 .family = W2N_FAM_##FAMILY,                       \
	                 .feature = W2N_FEAT_##FEATURE,                    \
	                 .name = TEXT,                                     \
	                 .arg = #ARG},
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
