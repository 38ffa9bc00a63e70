/* lower_simd_arith.c — lane-wise arithmetic (families SIMD_IUNARY, SIMD_IBIN, SIMD_ISAT,
 * SIMD_IMINMAX, SIMD_AVGR, SIMD_SHIFT, SIMD_FUNARY, SIMD_FBIN, SIMD_FMINMAX, SIMD_MADD).
 *
 * SHAPE gives the lanes; ARG is an LLVM opcode (`Add`, `FMul`, `Shl`) or names the operation
 * as LLVM does: the intrinsic llvm.<ARG> (`umin`, `sqrt`; llvm.<ARG>.sat for `sadd`), or `neg`,
 * `fneg`, `pmin`, `pmax`, which are built by hand. As for scalars, nothing carries fast-math
 * flags or nsw/nuw: lanes wrap, floats are IEEE 754.
 * The exceptions to "one LLVM operation per operator" are where wasm and LLVM differ: shift
 * counts (masked), abs of INT_MIN (not poison), float min/max on x86 (NaN and signed zeros;
 * built on SSE's minps/maxps), and NaN quieting where LLVM may fold a float operator away.
 */
#include <assert.h>
#include <stdio.h>

#include "lower_simd.h"

/* The llvm.* intrinsic that ARG names. The fneg, pmin and pmax rows get a name too, which is
 * never looked up. */
#define INTRINSIC_SIMD_IMINMAX ~, 1
#define INTRINSIC_SIMD_FUNARY  ~, 1
#define INTRINSIC_SIMD_FMINMAX ~, 1
#define SATURATING_SIMD_ISAT   ~, 1
static const char *const intrinsic[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(INTRINSIC, FAMILY, [W2N_OP_##ID] = "llvm." #ARG, )               \
	W2N_FAMILY_ROW(SATURATING, FAMILY, [W2N_OP_##ID] = "llvm." #ARG ".sat", )
#include "ops.def"
};

/* The intrinsic named by the row's ARG, overloaded on the lane shape. */
static LLVMValueRef call_named(struct fx *fx, const struct w2n_instr *in, LLVMTypeRef vec,
                               LLVMValueRef *args, unsigned nargs)
{
	return w2n_call_intrinsic(fx, intrinsic[in->op], &vec, 1, args, nargs);
}

/* abs, neg, popcnt. llvm.abs takes is_int_min_poison = false: wasm's abs(INT_MIN) is INT_MIN.
 * neg is `sub 0, x` without nsw, which wraps INT_MIN to itself as wasm does. */
static LLVMValueRef int_unary(struct fx *fx, const struct w2n_instr *in, struct shape s,
                              LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	LLVMValueRef args[2] = {x, LLVMConstInt(mx->t_i1, 0, false)};
	switch (w2n_ops[in->op].arg) {
	case W2N_ARG_neg:
		return LLVMBuildNeg(mx->b, x, "");
	case W2N_ARG_abs:
		return w2n_call_intrinsic(fx, "llvm.abs", &s.vec, 1, args, 2);
	default:
		assert(w2n_ops[in->op].arg == W2N_ARG_ctpop);
		return w2n_call_intrinsic(fx, "llvm.ctpop", &s.vec, 1, args, 1);
	}
}

/* avgr_u: (a + b + 1) >> 1 computed in lanes twice as wide, so the sum cannot overflow. The
 * backends recognize the widened form (x86 pavgb/pavgw, AArch64 urhadd). */
static LLVMValueRef avgr(struct fx *fx, struct shape s, LLVMValueRef a, LLVMValueRef b)
{
	LLVMBuilderRef bd = fx->mx->b;
	struct shape w = w2n_simd_ishape(fx->mx, s.bits * 2, s.count);
	LLVMValueRef one = w2n_simd_splat(fx, LLVMConstInt(w.lane, 1, false), s.count);
	LLVMValueRef sum =
		LLVMBuildAdd(bd, LLVMBuildZExt(bd, a, w.vec, ""), LLVMBuildZExt(bd, b, w.vec, ""), "");
	sum = LLVMBuildAdd(bd, sum, one, "");
	return LLVMBuildTrunc(bd, LLVMBuildLShr(bd, sum, one, ""), s.vec, "");
}

/* shl, shr_s, shr_u: the i32 count is taken modulo the lane width (LLVM's shifts give poison
 * at counts >= the width), then splatted. */
static LLVMValueRef shift(struct fx *fx, const struct w2n_instr *in, struct shape s, LLVMValueRef x,
                          LLVMValueRef count)
{
	struct mx *mx = fx->mx;
	count = LLVMBuildAnd(mx->b, count, w2n_i32(mx, s.bits - 1), "");
	if (s.bits > 32)
		count = LLVMBuildZExt(mx->b, count, s.lane, "");
	else if (s.bits < 32)
		count = LLVMBuildTrunc(mx->b, count, s.lane, "");
	return LLVMBuildBinOp(mx->b, (LLVMOpcode)w2n_simd_llvm_enum(in->op), x,
	                      w2n_simd_splat(fx, count, s.count), "");
}

/* The operands LLVM may fold a float operator to (x * 1.0 → x, x + -0.0 → x, and whole
 * constant expressions) are constants at lowering time; then the result's NaN lanes are
 * quietened explicitly, as lower_numeric.c does for scalars. */
static bool any_constant(LLVMValueRef a, LLVMValueRef b)
{
	return LLVMIsAConstant(a) || (b && LLVMIsAConstant(b));
}

/* Whether a constant operand has a lane with which LLVM may fold the operator to the other
 * operand (0, -0, 1, -1: x + -0, x * 1, ...) or to a constant (NaN), or is not a plain vector
 * of float constants (undefined lanes, expressions), so that a signalling NaN could pass
 * unquietened. `x * 0.2`, the common case in numeric loops, needs no quietening. */
static bool identity_lanes(LLVMValueRef v, unsigned count)
{
	if (!LLVMIsAConstant(v))
		return false;
	for (unsigned i = 0; i < count; i++) {
		LLVMValueRef e = LLVMGetAggregateElement(v, i);
		LLVMBool loses_info;
		if (!e || !LLVMIsAConstantFP(e))
			return true;
		double d = LLVMConstRealGetDouble(e, &loses_info);
		if (d == 0.0 || d == 1.0 || d == -1.0 || d != d)
			return true;
	}
	return false;
}

/* As lower_numeric.c's may_fold_to_operand for lanes: a constant divisor may fold (x / 1), a
 * constant dividend never does (1 / x); two constants fold whole. */
static bool may_fold(unsigned op, LLVMValueRef a, LLVMValueRef b, unsigned count)
{
	if (LLVMIsAConstant(a) && LLVMIsAConstant(b))
		return true;
	return identity_lanes(b, count) || (op != LLVMFDiv && identity_lanes(a, count));
}

/* abs, neg (sign-bit operations, NaN payloads included), sqrt, ceil, floor, trunc, nearest
 * (roundeven): one intrinsic each. */
static LLVMValueRef float_unary(struct fx *fx, const struct w2n_instr *in, struct shape s,
                                LLVMValueRef x)
{
	enum w2n_arg op = w2n_ops[in->op].arg;
	if (op == W2N_ARG_fneg)
		return LLVMBuildFNeg(fx->mx->b, x, "");
	LLVMValueRef r = call_named(fx, in, s.vec, &x, 1);
	if (op == W2N_ARG_fabs || !any_constant(x, NULL))
		return r;
	return w2n_simd_quiet_nan(fx, r);
}

/* x86's minps/maxps (minpd/maxpd): `a < b ? a : b` and `a > b ? a : b`, returning b when
 * either operand is NaN and for two zeros. SSE and SSE2 are x86-64's baseline, so the
 * intrinsics are always available; they are used instead of that select because InstCombine
 * turns a select of two bitcast v128 values into an integer select, after which the backend
 * no longer sees a float min (it did for f64x2, emitting cmpltpd + blendvpd). */
static LLVMValueRef sse_minmax(struct fx *fx, struct shape s, bool is_max, LLVMValueRef a,
                               LLVMValueRef b)
{
	char name[32];
	LLVMValueRef args[2] = {a, b};
	snprintf(name, sizeof name, "llvm.x86.sse%s.%s.p%c", s.bits == 64 ? "2" : "",
	         is_max ? "max" : "min", s.bits == 64 ? 'd' : 's');
	return w2n_call_intrinsic(fx, name, NULL, 0, args, 2);
}

/* min/max on x86, where neither minps nor llvm.minimum is wasm's min (the latter's x86
 * lowering passes a signalling NaN operand through unquietened). minps in both operand orders:
 * OR-ing the results (AND for max) gives -0 for min(-0, +0) and +0 for max, and the common
 * value otherwise; lanes where either operand is NaN get the canonical NaN, which is always a
 * valid wasm result (an arithmetic NaN, canonical when the inputs are). */
static LLVMValueRef minmax_x86(struct fx *fx, struct shape s, bool is_max, LLVMValueRef a,
                               LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	struct shape is = w2n_simd_ishape(mx, s.bits, s.count);
	LLVMValueRef ab = LLVMBuildBitCast(bd, sse_minmax(fx, s, is_max, a, b), is.vec, "");
	LLVMValueRef ba = LLVMBuildBitCast(bd, sse_minmax(fx, s, is_max, b, a), is.vec, "");
	LLVMValueRef r = is_max ? LLVMBuildAnd(bd, ab, ba, "") : LLVMBuildOr(bd, ab, ba, "");
	uint64_t canonical = s.bits == 32 ? 0x7fc00000u : 0x7ff8000000000000u;
	LLVMValueRef nan = w2n_simd_splat(fx, LLVMConstInt(is.lane, canonical, false), s.count);
	LLVMValueRef unordered = LLVMBuildFCmp(bd, LLVMRealUNO, a, b, "");
	return LLVMBuildSelect(bd, unordered, LLVMBuildBitCast(bd, nan, s.vec, ""),
	                       LLVMBuildBitCast(bd, r, s.vec, ""), "");
}

/* min, max (NaN-propagating, -0 < +0) and pmin, pmax (`b < a ? b : a`, `a < b ? b : a`:
 * selects that return an operand bit for bit, NaNs included; on x86 exactly minps(b, a) and
 * maxps(b, a)). AArch64's fmin/fmax are wasm's min/max, quietening included, so
 * llvm.minimum/maximum serve there. relaxed_min and relaxed_max are x86's own minps(a, b) and
 * maxps(a, b), `a < b ? a : b` and `a > b ? a : b`: one of the results the spec allows (its
 * choice 2: b when either is NaN or both are zeros), one instruction on x86 and two on
 * AArch64 (fcmgt, bsl), against ~6 and 1 for the deterministic min and max. */
static LLVMValueRef float_minmax(struct fx *fx, const struct w2n_instr *in, struct shape s,
                                 LLVMValueRef a, LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	enum w2n_arg op = w2n_ops[in->op].arg;
	bool x86 = !w2n_simd_is_aarch64(mx);
	LLVMValueRef args[2] = {a, b};

	if (op == W2N_ARG_RELAXED_MIN || op == W2N_ARG_RELAXED_MAX) {
		/* relaxed_min(a, b) is pmin(b, a), relaxed_max(a, b) pmax(b, a) */
		LLVMValueRef t = a;
		a = b;
		b = t;
		op = op == W2N_ARG_RELAXED_MIN ? W2N_ARG_pmin : W2N_ARG_pmax;
	}
	if (op == W2N_ARG_pmin)
		return x86 ? sse_minmax(fx, s, false, b, a)
		           : LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealOLT, b, a, ""), b, a, "");
	if (op == W2N_ARG_pmax)
		return x86 ? sse_minmax(fx, s, true, b, a)
		           : LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealOLT, a, b, ""), b, a, "");
	if (x86)
		return minmax_x86(fx, s, op == W2N_ARG_maximum, a, b);
	LLVMValueRef r = call_named(fx, in, s.vec, args, 2);
	return any_constant(a, b) ? w2n_simd_quiet_nan(fx, r) : r;
}

/* relaxed_madd, relaxed_nmadd: a * b + c and (-a) * b + c, unfused (two roundings), the
 * deterministic profile's choice. Fused would be one fmla on AArch64 but a libm call per lane
 * on the default x86-64-v2, which has no FMA; unfused is exact IEEE arithmetic, so both targets
 * agree bit for bit. Without fast-math flags LLVM never contracts the pair into an fma. */
static LLVMValueRef madd(struct fx *fx, const struct w2n_instr *in, LLVMValueRef a, LLVMValueRef b,
                         LLVMValueRef c)
{
	LLVMBuilderRef bd = fx->mx->b;
	bool folds = any_constant(a, b) || any_constant(c, NULL);
	if (w2n_ops[in->op].arg == W2N_ARG_NMADD)
		a = LLVMBuildFNeg(bd, a, "");
	LLVMValueRef r = LLVMBuildFAdd(bd, LLVMBuildFMul(bd, a, b, ""), c, "");
	return folds ? w2n_simd_quiet_nan(fx, r) : r;
}

/* Binary lane operators other than shifts: operands and result in shape s. */
static LLVMValueRef binary(struct fx *fx, const struct w2n_instr *in, struct shape s,
                           LLVMValueRef a, LLVMValueRef b)
{
	LLVMBuilderRef bd = fx->mx->b;
	LLVMValueRef args[2] = {a, b}, r;

	switch (w2n_ops[in->op].family) {
	case W2N_FAM_SIMD_IBIN:
		return LLVMBuildBinOp(bd, (LLVMOpcode)w2n_simd_llvm_enum(in->op), a, b, "");
	case W2N_FAM_SIMD_ISAT:    /* llvm.[su]{add,sub}.sat: wasm's saturating lanes */
	case W2N_FAM_SIMD_IMINMAX: /* llvm.[su]{min,max} */
		return call_named(fx, in, s.vec, args, 2);
	case W2N_FAM_SIMD_AVGR:
		return avgr(fx, s, a, b);
	case W2N_FAM_SIMD_FBIN:
		r = LLVMBuildBinOp(bd, (LLVMOpcode)w2n_simd_llvm_enum(in->op), a, b, "");
		return may_fold(w2n_simd_llvm_enum(in->op), a, b, s.count) ? w2n_simd_quiet_nan(fx, r) : r;
	case W2N_FAM_SIMD_FMINMAX:
		return float_minmax(fx, in, s, a, b);
	default:
		assert(!"not a binary SIMD arithmetic family");
		return NULL;
	}
}

void w2n_lower_simd_arith(struct fx *fx, const struct w2n_instr *in)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	struct shape s = w2n_simd_shape(fx->mx, info->shape);
	LLVMValueRef r;

	if (info->family == W2N_FAM_SIMD_SHIFT) {
		LLVMValueRef count = w2n_pop(fx);
		r = shift(fx, in, s, w2n_simd_as(fx, w2n_pop(fx), s.vec), count);
	} else if (info->family == W2N_FAM_SIMD_MADD) {
		LLVMValueRef c = w2n_simd_as(fx, w2n_pop(fx), s.vec);
		LLVMValueRef b = w2n_simd_as(fx, w2n_pop(fx), s.vec);
		r = madd(fx, in, w2n_simd_as(fx, w2n_pop(fx), s.vec), b, c);
	} else if (info->sig.nparams == 1) {
		LLVMValueRef x = w2n_simd_as(fx, w2n_pop(fx), s.vec);
		r = info->family == W2N_FAM_SIMD_IUNARY ? int_unary(fx, in, s, x)
		                                        : float_unary(fx, in, s, x);
	} else {
		LLVMValueRef b = w2n_simd_as(fx, w2n_pop(fx), s.vec);
		LLVMValueRef a = w2n_simd_as(fx, w2n_pop(fx), s.vec);
		r = binary(fx, in, s, a, b);
	}
	w2n_push(fx, w2n_simd_v128(fx, r));
}
