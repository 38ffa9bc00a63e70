/* lower_convert.c — conversions between value types (families CONV, TRUNC, TRUNC_SAT, SEXT).
 *
 * CONV rows are one LLVM cast each (ARG is the LLVMOpcode), and they agree with wasm on every
 * input: wrap/extend are exact, int→float casts round to nearest-even, fptrunc/fpext of a NaN
 * give a NaN (wasm asks no more), bitcasts keep every bit. The float→int truncations are where
 * the two differ: LLVM's fptosi/fptoui give poison for NaN and out-of-range inputs, where wasm
 * traps (TRUNC) or saturates (TRUNC_SAT). docs/lowering-semantics.md lists the differences.
 */
#include <assert.h>

#include "lower.h"

/* CONV's ARG is the LLVMOpcode of the cast (Trunc, ZExt, SExt, SIToFP, UIToFP, FPTrunc, FPExt,
 * BitCast). */
#define CAST_CONV ~, 1
static const LLVMOpcode cast[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(CAST, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
#include "ops.def"
};

/* TRUNC_SAT's ARG is fptosi or fptoui: the llvm.fpto?i.sat intrinsic. */
#define SATURATE_TRUNC_SAT ~, 1
static const char *const saturate[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(SATURATE, FAMILY, [W2N_OP_##ID] = "llvm." #ARG ".sat", )
#include "ops.def"
};

/* The inputs a trapping truncation accepts: lo < x (lo <= x when lo_inclusive) and x < hi,
 * compared exactly in the float type. Those are the x whose truncation toward zero fits the
 * integer; NaN fails both ordered compares.
 *
 *   signed, N bits:   hi = 2^(N-1). lo = -2^(N-1) - 1, exclusive, when the float type holds that
 *                     value exactly (f64 for N = 32: -2147483648.9 truncates to INT32_MIN and
 *                     is valid); otherwise the next float below -2^(N-1) is already far out of
 *                     range, so lo = -2^(N-1), inclusive.
 *   unsigned, N bits: -1 < x < 2^N (-0.9 truncates to 0 and is valid). */
struct range {
	double lo, hi;
	bool lo_inclusive;
};

static struct range trunc_range(unsigned int_bits, unsigned float_digits, bool is_signed)
{
	double half = (double)(1ull << (int_bits - 1)); /* 2^(N-1), exact in a double */
	struct range r;

	if (!is_signed) {
		r.lo = -1.0;
		r.hi = 2.0 * half;
		r.lo_inclusive = false;
	} else if (int_bits <= float_digits) {
		r.lo = -half - 1.0;
		r.hi = half;
		r.lo_inclusive = false;
	} else {
		r.lo = -half;
		r.hi = half;
		r.lo_inclusive = true;
	}
	return r;
}

/* i32/i64.trunc_f32/f64_s/u: a NaN traps "invalid conversion to integer", any other input out
 * of range traps "integer overflow"; in range, fptosi/fptoui are exact and defined. The common
 * path tests the range only (one compare pair, one branch); the out-of-line block then tells
 * NaN from overflow. */
static LLVMValueRef trunc_trapping(struct fx *fx, const struct w2n_instr *in, LLVMValueRef x,
                                   LLVMTypeRef to)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef from = LLVMTypeOf(x);
	bool is_signed = w2n_ops[in->op].arg == W2N_ARG_S;
	unsigned digits = from == mx->t_f32 ? 24 : 53;
	struct range r = trunc_range(LLVMGetIntTypeWidth(to), digits, is_signed);
	LLVMRealPredicate lo_pred = r.lo_inclusive ? LLVMRealOGE : LLVMRealOGT;
	LLVMValueRef above = LLVMBuildFCmp(b, lo_pred, x, LLVMConstReal(from, r.lo), "");
	LLVMValueRef below = LLVMBuildFCmp(b, LLVMRealOLT, x, LLVMConstReal(from, r.hi), "");
	LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "trunc.ok");
	LLVMBasicBlockRef bad = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "trunc.bad");

	/* No branch weights needed: `bad` reaches only trap blocks (noreturn, cold), which LLVM's
	 * branch probability analysis already treats as never taken. */
	LLVMBuildCondBr(b, LLVMBuildAnd(b, above, below, ""), ok, bad);
	LLVMPositionBuilderAtEnd(b, bad);
	w2n_trap_if(fx, LLVMBuildFCmp(b, LLVMRealUNO, x, x, ""), W2N_TRAP_BAD_CONVERSION);
	w2n_trap(fx, W2N_TRAP_INT_OVERFLOW);
	LLVMPositionBuilderAtEnd(b, ok);
	return is_signed ? LLVMBuildFPToSI(b, x, to, "") : LLVMBuildFPToUI(b, x, to, "");
}

void w2n_lower_convert(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	LLVMTypeRef to = w2n_llvm_type(mx, info->sig.result);
	LLVMTypeRef types[2] = {to, NULL};
	LLVMValueRef x = w2n_pop(fx);
	LLVMValueRef narrow;

	switch (info->family) {
	case W2N_FAM_CONV:
		/* LLVM folds demote(promote(x)) to x, which would let a signalling NaN through
		 * where wasm's demote returns a quiet one. */
		if (cast[in->op] == LLVMFPTrunc && LLVMIsAFPExtInst(x))
			w2n_push(fx, w2n_quiet_nan(fx, LLVMBuildFPTrunc(b, x, to, "")));
		else
			w2n_push(fx, LLVMBuildCast(b, cast[in->op], x, to, ""));
		break;
	case W2N_FAM_TRUNC:
		w2n_push(fx, trunc_trapping(fx, in, x, to));
		break;
	case W2N_FAM_TRUNC_SAT:
		/* llvm.fpto?i.sat is defined everywhere and matches wasm: NaN gives 0, out-of-range
		 * inputs clamp to the integer's min or max. Overloaded on (result, operand). */
		types[1] = LLVMTypeOf(x);
		w2n_push(fx, w2n_call_intrinsic(fx, saturate[in->op], types, 2, &x, 1));
		break;
	case W2N_FAM_SEXT:
		/* extendN_s: ARG is the source width (W8, W16, W32). */
		narrow = LLVMBuildTrunc(b, x, LLVMIntTypeInContext(mx->ctx, w2n_arg_bits(info->arg)), "");
		w2n_push(fx, LLVMBuildSExt(b, narrow, to, ""));
		break;
	default:
		assert(!"not a conversion family");
	}
}
