/* lower_simd_convert.c — operators that change lane width or type (families SIMD_NARROW,
 * SIMD_EXTEND, SIMD_EXTMUL, SIMD_EXTADD, SIMD_DOT, SIMD_Q15MULR, SIMD_CONVERT).
 *
 * All are written as generic IR in the widened form that the spec defines them by: extend the
 * lanes (sext/zext), compute, pick lanes with constant shuffles, clamp with llvm.smin/smax, and
 * truncate. The backends recognize these forms (x86: packsswb, pmovsx, pmaddwd, pmulhrsw, ...;
 * AArch64: sqxtn, sxtl, smull, saddlp, ...); docs/simd.md records what each becomes.
 * SHAPE is the result's lanes and FROM the operands'; ARG gives the signedness, and for
 * extend and extmul the half (LOW_S, HIGH_U, ...).
 */
#include <assert.h>
#include <stdint.h>

#include "lower_simd.h"

static LLVMValueRef extend(struct fx *fx, LLVMValueRef x, LLVMTypeRef to, bool is_signed)
{
	return is_signed ? LLVMBuildSExt(fx->mx->b, x, to, "") : LLVMBuildZExt(fx->mx->b, x, to, "");
}

/* A splat constant of shape s. */
static LLVMValueRef splat_const(struct fx *fx, struct shape s, int64_t v)
{
	return w2n_simd_splat(fx, LLVMConstInt(s.lane, (uint64_t)v, true), s.count);
}

/* narrow_s/u: a's lanes then b's, each clamped to the narrow lane's signed or unsigned range
 * (the inputs are signed in both cases), then truncated. */
static LLVMValueRef narrow(struct fx *fx, struct shape d, bool is_signed, LLVMValueRef a,
                           LLVMValueRef b)
{
	struct shape w = w2n_simd_ishape(fx->mx, d.bits * 2, d.count);
	if (!is_signed && w2n_simd_is_aarch64(fx->mx)) {
		/* LLVM 19 selects sqxtn for the signed clamp but not sqxtun for this one (it
		 * emits two smax, two smin and uzp1). */
		LLVMTypeRef half = w2n_simd_ishape(fx->mx, d.bits, d.count / 2).vec;
		LLVMValueRef lo = w2n_call_intrinsic(fx, "llvm.aarch64.neon.sqxtun", &half, 1, &a, 1);
		LLVMValueRef hi = w2n_call_intrinsic(fx, "llvm.aarch64.neon.sqxtun", &half, 1, &b, 1);
		return w2n_simd_pick(fx, lo, hi, 0, 1, d.count);
	}
	int64_t lo = is_signed ? -(1ll << (d.bits - 1)) : 0;
	int64_t hi = is_signed ? (1ll << (d.bits - 1)) - 1 : (1ll << d.bits) - 1;
	LLVMValueRef x = w2n_simd_pick(fx, a, b, 0, 1, d.count);
	LLVMValueRef args[2] = {x, splat_const(fx, w, lo)};
	args[0] = w2n_call_intrinsic(fx, "llvm.smax", &w.vec, 1, args, 2);
	args[1] = splat_const(fx, w, hi);
	x = w2n_call_intrinsic(fx, "llvm.smin", &w.vec, 1, args, 2);
	return LLVMBuildTrunc(fx->mx->b, x, d.vec, "");
}

/* The low or high half of x's lanes (x in shape src), extended to the lanes of d. */
static LLVMValueRef extend_half(struct fx *fx, struct shape d, bool high, bool is_signed,
                                LLVMValueRef x)
{
	LLVMValueRef half = w2n_simd_pick(fx, x, NULL, high ? d.count : 0, 1, d.count);
	return extend(fx, half, d.vec, is_signed);
}

/* extadd_pairwise: lane i is x[2i] + x[2i+1], both extended first (no overflow possible). */
static LLVMValueRef extadd(struct fx *fx, struct shape d, bool is_signed, LLVMValueRef x)
{
	LLVMValueRef even = w2n_simd_pick(fx, x, NULL, 0, 2, d.count);
	LLVMValueRef odd = w2n_simd_pick(fx, x, NULL, 1, 2, d.count);
	return LLVMBuildAdd(fx->mx->b, extend(fx, even, d.vec, is_signed),
	                    extend(fx, odd, d.vec, is_signed), "");
}

/* Dot products: lane i of d is a[2i]*b[2i] + a[2i+1]*b[2i+1], the operands sign-extended to
 * d's lanes, the sum wrapping in them. i32x4.dot_i16x8_s wraps in the one case it can overflow
 * ((-32768)^2 * 2 = 2^31 → INT32_MIN), as wasm and pmaddwd define. The relaxed
 * i16x8.relaxed_dot_i8x16_i7x16_s is the deterministic profile's choice, this signed product
 * (b is meant to hold 0..127; only (-128)^2 * 2 overflows, and wraps as the spec's iadd does). */
static LLVMValueRef dot(struct fx *fx, struct shape d, LLVMValueRef a, LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	struct shape w = w2n_simd_ishape(mx, d.bits, d.count * 2);
	LLVMValueRef p =
		LLVMBuildMul(mx->b, extend(fx, a, w.vec, true), extend(fx, b, w.vec, true), "");
	LLVMValueRef even = w2n_simd_pick(fx, p, NULL, 0, 2, d.count);
	LLVMValueRef odd = w2n_simd_pick(fx, p, NULL, 1, 2, d.count);
	return LLVMBuildAdd(mx->b, even, odd, "");
}

/* i32x4.relaxed_dot_i8x16_i7x16_add_s, as the spec composes it: the i16x8 relaxed dot product,
 * then extadd_pairwise_s of its lanes to i32x4, plus c. */
static LLVMValueRef dot_add(struct fx *fx, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c)
{
	struct mx *mx = fx->mx;
	struct shape d = w2n_simd_ishape(mx, 32, 4);
	LLVMValueRef pairs = dot(fx, w2n_simd_ishape(mx, 16, 8), a, b);
	return LLVMBuildAdd(mx->b, extadd(fx, d, true, pairs), w2n_simd_as(fx, c, d.vec), "");
}

/* SIMD_DOT: the operands in FROM's lanes, the result in SHAPE's; a third operand is the
 * accumulator of the _add form. */
static LLVMValueRef dot_family(struct fx *fx, const struct w2n_instr *in, LLVMValueRef *v)
{
	struct mx *mx = fx->mx;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	struct shape s = w2n_simd_shape(mx, info->from);
	LLVMValueRef a = w2n_simd_as(fx, v[0], s.vec), b = w2n_simd_as(fx, v[1], s.vec);
	if (info->sig.nparams == 3)
		return dot_add(fx, a, b, v[2]);
	return dot(fx, w2n_simd_shape(mx, info->shape), a, b);
}

/* i16x8.q15mulr_sat_s: (a * b + 0x4000) >> 15 in 32 bits, saturated to 16. AArch64's
 * sqrdmulh is exactly that. x86's pmulhrsw (SSSE3) and the generic form compute it without
 * the saturation, truncated: only -32768 * -32768 exceeds the range (32768 wraps to -32768,
 * and no other product rounds to -32768: the smallest result is -32767), so lanes equal to
 * -32768 are flipped to 0x7fff by an XOR with the compare mask. LLVM 19 recognizes neither
 * instruction in the generic form, which costs ~18 instructions on x86 and 8 on AArch64. */
static LLVMValueRef q15mulr(struct fx *fx, LLVMValueRef a, LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	struct shape d = w2n_simd_ishape(mx, 16, 8), w = w2n_simd_ishape(mx, 32, 8);
	LLVMValueRef args[2] = {a, b}, r;

	if (w2n_simd_is_aarch64(mx))
		return w2n_call_intrinsic(fx, "llvm.aarch64.neon.sqrdmulh", &d.vec, 1, args, 2);
	if (w2n_simd_x86_ssse3(mx)) {
		r = w2n_call_intrinsic(fx, "llvm.x86.ssse3.pmul.hr.sw.128", NULL, 0, args, 2);
	} else {
		LLVMValueRef p =
			LLVMBuildMul(bd, extend(fx, a, w.vec, true), extend(fx, b, w.vec, true), "");
		p = LLVMBuildAShr(bd, LLVMBuildAdd(bd, p, splat_const(fx, w, 0x4000), ""),
		                  splat_const(fx, w, 15), "");
		r = LLVMBuildTrunc(bd, p, d.vec, "");
	}
	LLVMValueRef wrapped = LLVMBuildICmp(bd, LLVMIntEQ, r, splat_const(fx, d, -32768), "");
	return LLVMBuildXor(bd, r, LLVMBuildSExt(bd, wrapped, d.vec, ""), "");
}

/* A float splat constant of the vector type vt. */
static LLVMValueRef splat_real(struct fx *fx, LLVMTypeRef vt, double v)
{
	return w2n_simd_splat(fx, LLVMConstReal(LLVMGetElementType(vt), v), LLVMGetVectorSize(vt));
}

/* trunc_sat to i32 lanes on x86. AArch64's fcvtzs/fcvtzu saturate like wasm (NaN → 0, out of
 * range → the bound) and are what llvm.fptosi.sat/fptoui.sat become there, but x86 has no
 * such instruction and LLVM 19 scalarizes the vector intrinsics (four cvttss2si, compares and
 * cmovs: ~30 instructions). Clamping first makes a plain fptosi/fptoui exact and defined, and
 * x86 selects it as cvttps2dq: NaN → 0, below the range → its low bound, above → the largest
 * value of the float type that converts. For f32 that is 2^31 - 128 (2^32 - 256 unsigned), so
 * lanes at or above 2^31 (2^32) are set to the integer maximum afterwards. */
static LLVMValueRef trunc_sat_clamped(struct fx *fx, LLVMValueRef x, LLVMTypeRef to, bool is_signed)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	LLVMTypeRef vt = LLVMTypeOf(x);
	bool f32 = LLVMGetElementType(vt) == mx->t_f32;
	double lo = is_signed ? -2147483648.0 : 0.0;
	double hi =
		is_signed ? (f32 ? 2147483520.0 : 2147483647.0) : (f32 ? 4294967040.0 : 4294967295.0);
	LLVMValueRef vlo = splat_real(fx, vt, lo), vhi = splat_real(fx, vt, hi), c = x;

	if (is_signed) /* unsigned: the ogt below sends NaN to 0 too */
		c = LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealUNO, c, c, ""), LLVMConstNull(vt), c, "");
	c = LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealOGT, c, vlo, ""), c, vlo, "");
	c = LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealOLT, c, vhi, ""), c, vhi, "");
	LLVMValueRef r = is_signed ? LLVMBuildFPToSI(bd, c, to, "") : LLVMBuildFPToUI(bd, c, to, "");
	if (!f32)
		return r;
	LLVMValueRef big = splat_real(fx, vt, is_signed ? 2147483648.0 : 4294967296.0);
	LLVMValueRef max =
		w2n_simd_splat(fx, w2n_i32(mx, is_signed ? INT32_MAX : UINT32_MAX), LLVMGetVectorSize(to));
	return LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealOGE, x, big, ""), max, r, "");
}

/* trunc_sat, convert, demote, promote. The operation follows from the two lane types; when the
 * lane counts differ, the 2-lane side is the low half of the 4-lane side (convert_low and
 * promote_low read lanes 0-1; trunc_sat_f64x2 and demote write lanes 0-1 and zero lanes 2-3).
 * llvm.fptosi.sat/fptoui.sat are wasm's saturating truncation (NaN → 0, out of range →
 * the bound); sitofp/uitofp round to nearest-even; fptrunc/fpext quieten NaNs on both targets. */
static LLVMValueRef convert(struct fx *fx, const struct w2n_instr *in, LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	struct shape d = w2n_simd_shape(mx, info->shape), s = w2n_simd_shape(mx, info->from);
	bool is_signed = info->arg == W2N_ARG_S;
	unsigned n = d.count < s.count ? d.count : s.count;
	LLVMTypeRef to = LLVMVectorType(d.lane, n);
	LLVMValueRef r;

	x = w2n_simd_as(fx, x, s.vec);
	if (s.count > n)
		x = w2n_simd_pick(fx, x, NULL, 0, 1, n);
	if (s.is_float && !d.is_float && !w2n_simd_is_aarch64(mx)) {
		r = trunc_sat_clamped(fx, x, to, is_signed);
	} else if (s.is_float && !d.is_float) {
		LLVMTypeRef types[2] = {to, LLVMTypeOf(x)};
		r = w2n_call_intrinsic(fx, is_signed ? "llvm.fptosi.sat" : "llvm.fptoui.sat", types, 2, &x,
		                       1);
	} else if (!s.is_float) {
		r = is_signed ? LLVMBuildSIToFP(bd, x, to, "") : LLVMBuildUIToFP(bd, x, to, "");
	} else if (d.bits < s.bits) {
		r = LLVMBuildFPTrunc(bd, x, to, "");
	} else {
		r = LLVMBuildFPExt(bd, x, to, "");
	}
	if (n < d.count)
		r = w2n_simd_pick(fx, r, LLVMConstNull(to), 0, 1, d.count);
	return r;
}

/* NARROW, EXTEND, EXTMUL, EXTADD: from shape s to shape d. Narrowing takes lanes twice as wide
 * as d's, the others half as wide and twice as many. */
static LLVMValueRef resize(struct fx *fx, const struct w2n_instr *in, LLVMValueRef a,
                           LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	enum w2n_family fam = info->family;
	bool is_signed = w2n_arg_signed(info->arg);
	bool high = info->arg == W2N_ARG_HIGH_S || info->arg == W2N_ARG_HIGH_U;
	struct shape d = w2n_simd_shape(mx, info->shape), s = w2n_simd_shape(mx, info->from);
	a = w2n_simd_as(fx, a, s.vec);
	b = b ? w2n_simd_as(fx, b, s.vec) : NULL;
	switch (fam) {
	case W2N_FAM_SIMD_NARROW:
		return narrow(fx, d, is_signed, a, b);
	case W2N_FAM_SIMD_EXTEND:
		return extend_half(fx, d, high, is_signed, a);
	case W2N_FAM_SIMD_EXTMUL:
		return LLVMBuildMul(mx->b, extend_half(fx, d, high, is_signed, a),
		                    extend_half(fx, d, high, is_signed, b), "");
	default:
		assert(fam == W2N_FAM_SIMD_EXTADD);
		return extadd(fx, d, is_signed, a);
	}
}

void w2n_lower_simd_convert(struct fx *fx, const struct w2n_instr *in)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	LLVMTypeRef i16x8 = w2n_simd_ishape(fx->mx, 16, 8).vec;
	LLVMValueRef v[3] = {NULL, NULL, NULL}, r;
	for (unsigned i = info->sig.nparams; i > 0; i--)
		v[i - 1] = w2n_pop(fx);

	switch (info->family) {
	case W2N_FAM_SIMD_DOT:
		r = dot_family(fx, in, v);
		break;
	case W2N_FAM_SIMD_Q15MULR:
		r = q15mulr(fx, w2n_simd_as(fx, v[0], i16x8), w2n_simd_as(fx, v[1], i16x8));
		break;
	case W2N_FAM_SIMD_CONVERT:
		r = convert(fx, in, v[0]);
		break;
	default:
		r = resize(fx, in, v[0], v[1]);
		break;
	}
	w2n_push(fx, w2n_simd_v128(fx, r));
}
