/* lower_simd.c — fixed-width SIMD: the dispatch for every SIMD_* family, and the operators
 * that move lanes or bits (families SIMD_CONST, SHUFFLE, SWIZZLE, SPLAT, EXTRACT, REPLACE,
 * ICMP, FCMP, BITWISE, TEST). The helpers of lower_simd.h are in lower_simd_emit.c.
 *
 * Everything is LLVM's generic vector IR (shufflevector, insert/extractelement, vector icmp and
 * fcmp, llvm.vector.reduce.*), which both backends select to single instructions for these
 * operators. Target intrinsics appear only where LLVM 19 does not recognize the generic form
 * and the instruction is part of the target's baseline (AArch64 NEON, x86-64 SSE2) or known to
 * be present (SSSE3, see w2n_simd_x86_ssse3): swizzle here, min/max, q15mulr and narrow_u in
 * the other files. docs/simd.md lists the lowering of each family and the code it becomes on
 * both targets.
 */
#include <assert.h>

#include "lower_simd.h"

/* ---- constants, shuffles, lanes -------------------------------------------------------------- */

/* The 16 immediate bytes, little-endian, as <2 x i64>: bit patterns pass through untouched. */
static LLVMValueRef v128_const(struct mx *mx, const uint8_t bytes[16])
{
	LLVMValueRef halves[2];
	for (unsigned h = 0; h < 2; h++) {
		uint64_t v = 0;
		for (unsigned i = 0; i < 8; i++)
			v |= (uint64_t)bytes[h * 8 + i] << (8 * i);
		halves[h] = w2n_i64(mx, v);
	}
	return LLVMConstVector(halves, 2);
}

/* i8x16.shuffle: the lane immediates (0..31, checked by the validator) index the 32 bytes of
 * both operands, which is exactly a shufflevector with a constant mask. */
static LLVMValueRef shuffle(struct fx *fx, const struct w2n_instr *in, LLVMValueRef a,
                            LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	struct shape s = w2n_simd_ishape(mx, 8, 16);
	LLVMValueRef mask[16];
	for (unsigned i = 0; i < 16; i++)
		mask[i] = w2n_i32(mx, in->imm.v128[i]);
	return LLVMBuildShuffleVector(mx->b, w2n_simd_as(fx, a, s.vec), w2n_simd_as(fx, b, s.vec),
	                              LLVMConstVector(mask, 16), "");
}

/* i8x16.swizzle: lane i is a[idx[i]], or 0 when idx[i] >= 16. LLVM has no generic variable
 * shuffle. AArch64's tbl has exactly these semantics (out-of-range indices give 0). Elsewhere:
 * one extractelement per lane with the index masked to 0..15 (an unmasked out-of-range index
 * would be poison), then the out-of-range lanes zeroed; x86's backend recognizes this
 * build-vector of extracts as a variable permute (pshufb on SSSE3 CPUs, including the default
 * x86-64-v2) and still emits correct scalar code for CPUs without it. */
static LLVMValueRef swizzle(struct fx *fx, LLVMValueRef a, LLVMValueRef idx)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	struct shape s = w2n_simd_ishape(mx, 8, 16);
	a = w2n_simd_as(fx, a, s.vec);
	idx = w2n_simd_as(fx, idx, s.vec);
	if (w2n_simd_is_aarch64(mx)) {
		LLVMValueRef args[2] = {a, idx};
		return w2n_call_intrinsic(fx, "llvm.aarch64.neon.tbl1", &s.vec, 1, args, 2);
	}
	LLVMValueRef masked =
		LLVMBuildAnd(b, idx, w2n_simd_splat(fx, LLVMConstInt(s.lane, 15, false), 16), "");
	LLVMValueRef r = LLVMGetPoison(s.vec);
	for (unsigned i = 0; i < 16; i++) {
		LLVMValueRef lane = LLVMBuildExtractElement(b, masked, w2n_i32(mx, i), "");
		LLVMValueRef v = LLVMBuildExtractElement(b, a, lane, "");
		r = LLVMBuildInsertElement(b, r, v, w2n_i32(mx, i), "");
	}
	LLVMValueRef in_range = LLVMBuildICmp(
		b, LLVMIntULT, idx, w2n_simd_splat(fx, LLVMConstInt(s.lane, 16, false), 16), "");
	return LLVMBuildSelect(b, in_range, r, LLVMConstNull(s.vec), "");
}

/* splat: i8x16/i16x8 take the low bits of their i32 operand. */
static LLVMValueRef splat(struct fx *fx, const struct w2n_instr *in, LLVMValueRef x)
{
	struct shape s = w2n_simd_shape(fx->mx, w2n_ops[in->op].shape);
	if (!s.is_float && s.bits < 32)
		x = LLVMBuildTrunc(fx->mx->b, x, s.lane, "");
	return w2n_simd_splat(fx, x, s.count);
}

/* extract_lane: ARG S or U (i8x16, i16x8) sign- or zero-extends the lane to i32. */
static LLVMValueRef extract_lane(struct fx *fx, const struct w2n_instr *in, LLVMValueRef v)
{
	struct mx *mx = fx->mx;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	struct shape s = w2n_simd_shape(mx, info->shape);
	LLVMValueRef x = LLVMBuildExtractElement(mx->b, w2n_simd_as(fx, v, s.vec),
	                                         w2n_i32(mx, in->imm.mem.lane), "");
	if (info->arg == W2N_ARG_S)
		return LLVMBuildSExt(mx->b, x, mx->t_i32, "");
	if (info->arg == W2N_ARG_U)
		return LLVMBuildZExt(mx->b, x, mx->t_i32, "");
	return x;
}

/* replace_lane: i8x16/i16x8 store the low bits of their i32 operand. */
static LLVMValueRef replace_lane(struct fx *fx, const struct w2n_instr *in, LLVMValueRef v,
                                 LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	struct shape s = w2n_simd_shape(mx, w2n_ops[in->op].shape);
	if (!s.is_float && s.bits < 32)
		x = LLVMBuildTrunc(mx->b, x, s.lane, "");
	return LLVMBuildInsertElement(mx->b, w2n_simd_as(fx, v, s.vec), x,
	                              w2n_i32(mx, in->imm.mem.lane), "");
}

/* ---- comparisons, bitwise operators, tests --------------------------------------------------- */

/* Comparisons give all-ones or all-zeros lanes of the operand width: the <N x i1> result,
 * sign-extended. Float predicates are ordered except ne (RealUNE), as for scalars. */
static LLVMValueRef compare(struct fx *fx, const struct w2n_instr *in, LLVMValueRef a,
                            LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	struct shape s = w2n_simd_shape(mx, w2n_ops[in->op].shape);
	int pred = w2n_simd_llvm_enum(in->op);
	a = w2n_simd_as(fx, a, s.vec);
	b = w2n_simd_as(fx, b, s.vec);
	LLVMValueRef c = s.is_float ? LLVMBuildFCmp(mx->b, (LLVMRealPredicate)pred, a, b, "")
	                            : LLVMBuildICmp(mx->b, (LLVMIntPredicate)pred, a, b, "");
	return LLVMBuildSExt(mx->b, c, w2n_simd_ishape(mx, s.bits, s.count).vec, "");
}

/* v128.not/and/andnot/or/xor/bitselect work on the <2 x i64> bits directly. Operands are in
 * stack order: v[0] is the deepest. bitselect(v1, v2, c) takes v1's bits where c is 1. */
static LLVMValueRef bitwise(struct fx *fx, const struct w2n_instr *in, LLVMValueRef *v)
{
	LLVMBuilderRef b = fx->mx->b;
	switch (w2n_ops[in->op].arg) {
	case W2N_ARG_NOT:
		return LLVMBuildNot(b, v[0], "");
	case W2N_ARG_AND:
		return LLVMBuildAnd(b, v[0], v[1], "");
	case W2N_ARG_ANDNOT:
		return LLVMBuildAnd(b, v[0], LLVMBuildNot(b, v[1], ""), "");
	case W2N_ARG_OR:
		return LLVMBuildOr(b, v[0], v[1], "");
	case W2N_ARG_XOR:
		return LLVMBuildXor(b, v[0], v[1], "");
	default:
		assert(w2n_ops[in->op].arg == W2N_ARG_BITSELECT);
		return LLVMBuildOr(b, LLVMBuildAnd(b, v[0], v[2], ""),
		                   LLVMBuildAnd(b, v[1], LLVMBuildNot(b, v[2], ""), ""), "");
	}
}

/* any_true, all_true, bitmask: i32 results from a lane-wise test reduced over the vector. */
static LLVMValueRef test(struct fx *fx, const struct w2n_instr *in, LLVMValueRef v)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (info->arg == W2N_ARG_ANY_TRUE) {
		LLVMValueRef any = w2n_call_intrinsic(fx, "llvm.vector.reduce.or", &mx->t_v128, 1, &v, 1);
		return LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntNE, any, w2n_i64(mx, 0), ""), mx->t_i32,
		                     "");
	}
	struct shape s = w2n_simd_shape(mx, info->shape);
	LLVMValueRef x = w2n_simd_as(fx, v, s.vec), zero = LLVMConstNull(s.vec);
	if (info->arg == W2N_ARG_ALL_TRUE) {
		LLVMValueRef nonzero = LLVMBuildICmp(b, LLVMIntNE, x, zero, "");
		LLVMTypeRef t = LLVMTypeOf(nonzero);
		LLVMValueRef all = w2n_call_intrinsic(fx, "llvm.vector.reduce.and", &t, 1, &nonzero, 1);
		return LLVMBuildZExt(b, all, mx->t_i32, "");
	}
	/* bitmask: the lanes' sign bits, lane 0 in bit 0: <N x i1> bitcast to iN is exactly that
	 * (LLVM numbers vector bits from lane 0 upwards). */
	assert(info->arg == W2N_ARG_BITMASK);
	LLVMValueRef neg = LLVMBuildICmp(b, LLVMIntSLT, x, zero, "");
	LLVMValueRef bits = LLVMBuildBitCast(b, neg, LLVMIntTypeInContext(mx->ctx, s.count), "");
	return LLVMBuildZExt(b, bits, mx->t_i32, "");
}

/* ---- dispatch -------------------------------------------------------------------------------- */

/* The families of this file: pop the SIG's operands, push the one result. */
static void lower_lanes(struct fx *fx, const struct w2n_instr *in)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	LLVMValueRef v[3] = {NULL, NULL, NULL}, r;
	for (unsigned i = info->sig.nparams; i > 0; i--)
		v[i - 1] = w2n_pop(fx);
	switch (info->family) {
	case W2N_FAM_SIMD_CONST:
		r = v128_const(fx->mx, in->imm.v128);
		break;
	case W2N_FAM_SIMD_SHUFFLE:
		r = shuffle(fx, in, v[0], v[1]);
		break;
	case W2N_FAM_SIMD_SWIZZLE:
		r = swizzle(fx, v[0], v[1]);
		break;
	case W2N_FAM_SIMD_SPLAT:
		r = splat(fx, in, v[0]);
		break;
	case W2N_FAM_SIMD_EXTRACT:
		w2n_push(fx, extract_lane(fx, in, v[0]));
		return;
	case W2N_FAM_SIMD_REPLACE:
		r = replace_lane(fx, in, v[0], v[1]);
		break;
	case W2N_FAM_SIMD_ICMP:
	case W2N_FAM_SIMD_FCMP:
		r = compare(fx, in, v[0], v[1]);
		break;
	case W2N_FAM_SIMD_BITWISE:
		r = bitwise(fx, in, v);
		break;
	case W2N_FAM_SIMD_TEST:
		w2n_push(fx, test(fx, in, v[0]));
		return;
	default:
		assert(!"not a lane family");
		return;
	}
	w2n_push(fx, w2n_simd_v128(fx, r));
}

void w2n_lower_simd(struct fx *fx, const struct w2n_instr *in)
{
	switch (w2n_ops[in->op].family) {
	case W2N_FAM_SIMD_LOAD:
	case W2N_FAM_SIMD_STORE:
	case W2N_FAM_SIMD_LOAD_LANE:
	case W2N_FAM_SIMD_STORE_LANE:
		w2n_lower_simd_memory(fx, in);
		break;
	case W2N_FAM_SIMD_IUNARY:
	case W2N_FAM_SIMD_IBIN:
	case W2N_FAM_SIMD_ISAT:
	case W2N_FAM_SIMD_IMINMAX:
	case W2N_FAM_SIMD_AVGR:
	case W2N_FAM_SIMD_SHIFT:
	case W2N_FAM_SIMD_FUNARY:
	case W2N_FAM_SIMD_FBIN:
	case W2N_FAM_SIMD_FMINMAX:
	case W2N_FAM_SIMD_MADD:
		w2n_lower_simd_arith(fx, in);
		break;
	case W2N_FAM_SIMD_NARROW:
	case W2N_FAM_SIMD_EXTEND:
	case W2N_FAM_SIMD_EXTMUL:
	case W2N_FAM_SIMD_EXTADD:
	case W2N_FAM_SIMD_DOT:
	case W2N_FAM_SIMD_Q15MULR:
	case W2N_FAM_SIMD_CONVERT:
		w2n_lower_simd_convert(fx, in);
		break;
	default:
		lower_lanes(fx, in);
		break;
	}
}
