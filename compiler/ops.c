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

/* ARG becomes the `arg` field for every family but those of W2N_LLVM_ARG, whose tokens are LLVM
 * names that only the lowering knows. */
const struct w2n_opinfo w2n_ops[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT)           \
	[W2N_OP_##ID] = {.prefix = PREFIX,                                                        \
	                 .code = CODE,                                                            \
	                 .imm = W2N_IMM_##IMM,                                                    \
	                 .sig = TYPED_SIG SIG,                                                    \
	                 .family = W2N_FAM_##FAMILY,                                              \
	                 .arg = W2N_IF_FAMILY(W2N_LLVM_ARG, FAMILY, W2N_ARG_NONE, W2N_ARG_##ARG), \
	                 .shape = W2N_SHAPE_##SHAPE,                                              \
	                 .from = W2N_SHAPE_##FROM,                                                \
	                 .feature = W2N_FEAT_##FEATURE,                                           \
	                 .name = TEXT},
#include "ops.def"
};

const struct w2n_lanes w2n_shape_lanes[W2N_SHAPE_COUNT] = {
	[W2N_SHAPE_I8X16] = {16, 8, false}, [W2N_SHAPE_I16X8] = {8, 16, false},
	[W2N_SHAPE_I32X4] = {4, 32, false}, [W2N_SHAPE_I64X2] = {2, 64, false},
	[W2N_SHAPE_F32X4] = {4, 32, true},  [W2N_SHAPE_F64X2] = {2, 64, true},
};

/* A generated switch: two rows with the same (prefix, code) are a duplicate-case compile error. */
bool w2n_op_lookup(uint8_t prefix, uint32_t code, enum w2n_op *out)
{
	switch (((uint64_t)prefix << 32) | code) {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	case ((uint64_t)(PREFIX) << 32) | (CODE):                                       \
		*out = W2N_OP_##ID;                                                         \
		return true;
#include "ops.def"
	default:
		return false;
	}
}

/* Natural access size in bytes, which the alignment immediate is validated against: scalar
 * and atomic accesses are their ARG's width (atomic.fence accesses nothing); v128.load and v128.store move 16 bytes, the extending loads
 * 8 (half-width lanes of SHAPE), the splat, zero and lane accesses one lane of SHAPE. */
unsigned w2n_op_access_bytes(enum w2n_op op)
{
	const struct w2n_opinfo *info = &w2n_ops[op];

	switch (info->family) {
	case W2N_FAM_LOAD:
	case W2N_FAM_STORE:
		return w2n_arg_bits(info->arg) / 8;
	case W2N_FAM_ATOMIC_FENCE:
		return 0;
	case W2N_FAM_SIMD_STORE:
		return 16;
	case W2N_FAM_SIMD_LOAD:
		if (info->arg == W2N_ARG_NONE)
			return 16;
		if (info->arg == W2N_ARG_EXTEND_S || info->arg == W2N_ARG_EXTEND_U)
			return 8;
		return w2n_shape_lanes[info->shape].bits / 8; /* SPLAT, ZERO */
	case W2N_FAM_SIMD_LOAD_LANE:
	case W2N_FAM_SIMD_STORE_LANE:
		return w2n_shape_lanes[info->shape].bits / 8;
	default:
		return w2n_op_is_atomic(op) ? w2n_arg_bits(info->arg) / 8 : 0;
	}
}

bool w2n_op_is_atomic(enum w2n_op op)
{
	enum w2n_family f = w2n_ops[op].family;
	return f >= W2N_FAM_ATOMIC_LOAD && f <= W2N_FAM_ATOMIC_FENCE;
}

unsigned w2n_arg_bits(enum w2n_arg arg)
{
	switch (arg) {
	case W2N_ARG_W8:
	case W2N_ARG_S8:
	case W2N_ARG_U8:
		return 8;
	case W2N_ARG_W16:
	case W2N_ARG_S16:
	case W2N_ARG_U16:
		return 16;
	case W2N_ARG_W32:
	case W2N_ARG_S32:
	case W2N_ARG_U32:
		return 32;
	case W2N_ARG_W64:
		return 64;
	default:
		return 0;
	}
}

bool w2n_arg_signed(enum w2n_arg arg)
{
	switch (arg) {
	case W2N_ARG_S:
	case W2N_ARG_S8:
	case W2N_ARG_S16:
	case W2N_ARG_S32:
	case W2N_ARG_LOW_S:
	case W2N_ARG_HIGH_S:
	case W2N_ARG_EXTEND_S:
		return true;
	default:
		return false;
	}
}

bool w2n_arg_unsigned(enum w2n_arg arg)
{
	switch (arg) {
	case W2N_ARG_U:
	case W2N_ARG_U8:
	case W2N_ARG_U16:
	case W2N_ARG_U32:
	case W2N_ARG_LOW_U:
	case W2N_ARG_HIGH_U:
	case W2N_ARG_EXTEND_U:
		return true;
	default:
		return false;
	}
}
