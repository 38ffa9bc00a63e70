/* lower_numeric.c — constants, comparisons and scalar arithmetic (families CONST, EQZ, ICMP,
 * FCMP, IUNARY, IBIN, IDIV, SHIFT, ROTATE, FUNARY, FBIN, FMINMAX).
 *
 * Every operator here is a row of ops.def: its SIG column gives the operand and result types,
 * its ARG column the LLVM opcode, predicate or intrinsic. Most rows become one LLVM instruction.
 * The exceptions are the places where wasm defines a result and LLVM does not (division,
 * remainder, shift counts, clz/ctz of zero); docs/lowering-semantics.md lists them all.
 *
 * No instruction built here carries fast-math flags or nsw/nuw/exact: wasm arithmetic wraps and
 * its floats are plain IEEE 754 with NaNs and signed zeros.
 */
#include <assert.h>

#include "lower.h"

/* The LLVM enum named by ARG, for the families whose ARG is one: an LLVMIntPredicate (ICMP), an
 * LLVMRealPredicate (FCMP) or an LLVMOpcode (IBIN, IDIV, SHIFT, FBIN). */
#define LLVM_ENUM_ICMP  ~, 1
#define LLVM_ENUM_FCMP  ~, 1
#define LLVM_ENUM_IBIN  ~, 1
#define LLVM_ENUM_IDIV  ~, 1
#define LLVM_ENUM_SHIFT ~, 1
#define LLVM_ENUM_FBIN  ~, 1
static const int llvm_enum[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(LLVM_ENUM, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
#include "ops.def"
};

/* The llvm.* intrinsic named by ARG, overloaded on the operand type. FUNARY's `fneg` is the one
 * ARG that is an instruction, not an intrinsic: its name here is never looked up. */
#define INTRINSIC_IUNARY  ~, 1
#define INTRINSIC_ROTATE  ~, 1
#define INTRINSIC_FUNARY  ~, 1
#define INTRINSIC_FMINMAX ~, 1
static const char *const intrinsic[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(INTRINSIC, FAMILY, [W2N_OP_##ID] = "llvm." #ARG, )
#include "ops.def"
};

static LLVMTypeRef result_type(struct mx *mx, enum w2n_op op)
{
	return w2n_llvm_type(mx, w2n_ops[op].sig.result);
}

/* x with the quiet bit set: a quiet NaN if x is a NaN (sign and payload kept). */
static LLVMValueRef set_quiet_bit(struct fx *fx, LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef t = LLVMTypeOf(x);
	bool wide = t == mx->t_f64;
	LLVMTypeRef it = wide ? mx->t_i64 : mx->t_i32;
	LLVMValueRef quiet_bit = LLVMConstInt(it, wide ? 1ull << 51 : 1ull << 22, false);

	return LLVMBuildBitCast(b, LLVMBuildOr(b, LLVMBuildBitCast(b, x, it, ""), quiet_bit, ""), t,
	                        "");
}

/* Wasm's float arithmetic returns an arithmetic NaN: quiet bit set, whatever the operands.
 * LLVM's rules are looser: a NaN result may keep a signalling operand's bits unchanged, so
 * InstSimplify folds x * 1.0 to x, and x86's lowering of llvm.minimum passes a signalling NaN
 * through. Where that can happen the lowering sets the quiet bit itself, with bit operations
 * that LLVM cannot fold away: non-NaNs pass unchanged, NaNs keep sign and payload. */
LLVMValueRef w2n_quiet_nan(struct fx *fx, LLVMValueRef x)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMValueRef is_nan = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
	return LLVMBuildSelect(b, is_nan, set_quiet_bit(fx, x), x, "");
}

/* The constants with which LLVM folds an arithmetic operator to its other operand or its
 * negation (x + -0, x - 0, x * 1, x / 1, x * -1, x / -1, -0 - x), letting a signalling NaN
 * through unquietened. Only constants visible while lowering are caught: one that reaches the
 * operator later (through a local, or after inlining) is not; see docs/lowering-semantics.md. */
static bool identity_constant(LLVMValueRef v)
{
	LLVMBool loses_info;
	double d;

	if (!LLVMIsAConstantFP(v))
		return false;
	d = LLVMConstRealGetDouble(v, &loses_info);
	return d == 0.0 || d == 1.0 || d == -1.0; /* d == 0.0 holds for -0.0 too */
}

/* Whether LLVM may fold `lhs OP rhs` to an operand or its negation. A constant divisor may
 * (x / 1, x / -1), a constant dividend never: 1 / x is a reciprocal, the commonest division by
 * far, and needs no NaN check. The other operators fold with the constant on either side. */
static bool may_fold_to_operand(LLVMOpcode op, LLVMValueRef lhs, LLVMValueRef rhs)
{
	return identity_constant(rhs) || (op != LLVMFDiv && identity_constant(lhs));
}

/* llvm.minimum/maximum are exactly wasm's min/max, and AArch64 lowers them to fmin/fmax,
 * which quieten NaNs. x86 has no such instruction; its lowering of llvm.minimum returns a
 * signalling NaN operand unchanged. */
static bool native_minmax(struct mx *mx)
{
	return mx->aarch64;
}

/* min/max from compares and selects, for targets without a wasm-compatible instruction:
 * NaN if either operand is NaN (the first NaN operand, quietened), -0 < +0, else the smaller
 * (larger) operand. Equal operands are equal in every bit except for the two zeros, where
 * OR-ing the bits gives -0 (min) and AND-ing gives +0 (max). No branches. */
static LLVMValueRef minmax(struct fx *fx, bool is_max, LLVMValueRef a, LLVMValueRef b)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef bd = mx->b;
	LLVMTypeRef t = LLVMTypeOf(a);
	LLVMTypeRef it = t == mx->t_f64 ? mx->t_i64 : mx->t_i32;
	LLVMValueRef a_nan = LLVMBuildFCmp(bd, LLVMRealUNO, a, a, "");
	LLVMValueRef nan = set_quiet_bit(fx, LLVMBuildSelect(bd, a_nan, a, b, ""));
	LLVMValueRef ia = LLVMBuildBitCast(bd, a, it, ""), ib = LLVMBuildBitCast(bd, b, it, "");
	LLVMValueRef same = LLVMBuildBitCast(
		bd, is_max ? LLVMBuildAnd(bd, ia, ib, "") : LLVMBuildOr(bd, ia, ib, ""), t, "");
	LLVMValueRef a_wins = LLVMBuildFCmp(bd, is_max ? LLVMRealOGT : LLVMRealOLT, a, b, "");
	LLVMValueRef b_wins = LLVMBuildFCmp(bd, is_max ? LLVMRealOLT : LLVMRealOGT, a, b, "");
	LLVMValueRef r = LLVMBuildSelect(bd, a_wins, a, LLVMBuildSelect(bd, b_wins, b, same, ""), "");

	return LLVMBuildSelect(bd, LLVMBuildFCmp(bd, LLVMRealUNO, a, b, ""), nan, r, "");
}

/* Constants are built from their raw bits: a float literal through a double would quieten a
 * signalling NaN and drop payload bits, which wasm preserves (f32.const nan:0x200000 must come
 * back bit for bit from a function returning it). */
static LLVMValueRef constant(struct mx *mx, const struct w2n_instr *in)
{
	LLVMTypeRef t = result_type(mx, in->op);
	LLVMTypeKind kind = LLVMGetTypeKind(t);
	bool wide = t == mx->t_i64 || t == mx->t_f64;
	LLVMValueRef bits = wide ? LLVMConstInt(mx->t_i64, in->imm.u64, false)
	                         : LLVMConstInt(mx->t_i32, (uint32_t)in->imm.u64, false);

	if (kind == LLVMFloatTypeKind || kind == LLVMDoubleTypeKind)
		return LLVMConstBitCast(bits, t);
	return bits;
}

/* Division and remainder. LLVM's sdiv/udiv/srem/urem are undefined behaviour for a zero divisor
 * and for INT_MIN / -1 (x86's idiv raises #DE for both), where wasm traps (division by zero,
 * div_s overflow) or defines the result (rem_s: INT_MIN % -1 is 0). */
static LLVMValueRef divide(struct fx *fx, LLVMOpcode opc, LLVMValueRef lhs, LLVMValueRef rhs)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMTypeRef t = LLVMTypeOf(lhs);
	unsigned width = LLVMGetIntTypeWidth(t);
	LLVMValueRef minus_one = LLVMConstAllOnes(t);

	w2n_trap_if(fx, LLVMBuildICmp(b, LLVMIntEQ, rhs, LLVMConstInt(t, 0, false), ""),
	            W2N_TRAP_DIV_BY_ZERO);
	if (opc == LLVMSDiv) {
		LLVMValueRef int_min = LLVMConstInt(t, 1ull << (width - 1), false);
		LLVMValueRef overflow = LLVMBuildAnd(b, LLVMBuildICmp(b, LLVMIntEQ, lhs, int_min, ""),
		                                     LLVMBuildICmp(b, LLVMIntEQ, rhs, minus_one, ""), "");
		w2n_trap_if(fx, overflow, W2N_TRAP_INT_OVERFLOW);
	} else if (opc == LLVMSRem) {
		/* x % -1 is 0 for every x, and so is x % 1: dividing by 1 instead of -1 gives the
		 * wasm result without ever executing srem INT_MIN, -1. A select on the result
		 * would not do: the srem itself is the undefined behaviour. */
		LLVMValueRef is_minus_one = LLVMBuildICmp(b, LLVMIntEQ, rhs, minus_one, "");
		rhs = LLVMBuildSelect(b, is_minus_one, LLVMConstInt(t, 1, false), rhs, "");
	}
	return LLVMBuildBinOp(b, opc, lhs, rhs, "");
}

/* Unary operators: one operand of the SIG's first type. */
static LLVMValueRef unary(struct fx *fx, const struct w2n_instr *in, LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef t = LLVMTypeOf(x);
	LLVMValueRef args[2] = {x, LLVMConstInt(mx->t_i1, 0, false)};

	switch (w2n_ops[in->op].family) {
	case W2N_FAM_EQZ:
		return LLVMBuildZExt(b, LLVMBuildICmp(b, LLVMIntEQ, x, LLVMConstInt(t, 0, false), ""),
		                     mx->t_i32, "");
	case W2N_FAM_IUNARY:
		/* ctlz/cttz take is_zero_poison: false, so clz(0) and ctz(0) are the width, as in
		 * wasm. ctpop takes no flag. */
		return w2n_call_intrinsic(fx, intrinsic[in->op], &t, 1, args,
		                          w2n_ops[in->op].arg == W2N_ARG_ctpop ? 1 : 2);
	case W2N_FAM_FUNARY:
		/* neg, abs (and copysign below) only touch the sign bit in wasm, NaNs included;
		 * LLVM's fneg, llvm.fabs and llvm.copysign are specified the same way (not as
		 * 0 - x or a compare and select, which would quieten or flip NaNs). */
		if (w2n_ops[in->op].arg == W2N_ARG_fneg)
			return LLVMBuildFNeg(b, x, "");
		return w2n_call_intrinsic(fx, intrinsic[in->op], &t, 1, args, 1);
	default:
		assert(!"not a unary numeric family");
		return NULL;
	}
}

/* Binary operators: two operands of the SIG's first type. */
static LLVMValueRef binary(struct fx *fx, const struct w2n_instr *in, LLVMValueRef lhs,
                           LLVMValueRef rhs)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef t = LLVMTypeOf(lhs);
	LLVMValueRef args[3] = {lhs, rhs, rhs};
	int e = llvm_enum[in->op];
	LLVMValueRef r;

	switch (w2n_ops[in->op].family) {
	case W2N_FAM_ICMP:
		return LLVMBuildZExt(b, LLVMBuildICmp(b, (LLVMIntPredicate)e, lhs, rhs, ""), mx->t_i32, "");
	case W2N_FAM_FCMP:
		/* The ARG predicates are ordered except ne (RealUNE): NaN compares unequal. */
		return LLVMBuildZExt(b, LLVMBuildFCmp(b, (LLVMRealPredicate)e, lhs, rhs, ""), mx->t_i32,
		                     "");
	case W2N_FAM_IBIN:
		return LLVMBuildBinOp(b, (LLVMOpcode)e, lhs, rhs, "");
	case W2N_FAM_FBIN:
		r = LLVMBuildBinOp(b, (LLVMOpcode)e, lhs, rhs, "");
		return may_fold_to_operand((LLVMOpcode)e, lhs, rhs) ? w2n_quiet_nan(fx, r) : r;
	case W2N_FAM_IDIV:
		return divide(fx, (LLVMOpcode)e, lhs, rhs);
	case W2N_FAM_SHIFT:
		/* wasm takes the count modulo the width; LLVM's shifts give poison at counts
		 * >= width. */
		rhs = LLVMBuildAnd(b, rhs, LLVMConstInt(t, LLVMGetIntTypeWidth(t) - 1, false), "");
		return LLVMBuildBinOp(b, (LLVMOpcode)e, lhs, rhs, "");
	case W2N_FAM_ROTATE:
		/* A funnel shift of a value with itself is a rotate; fshl/fshr take the count
		 * modulo the width, as wasm's rotl/rotr do. */
		args[1] = lhs;
		return w2n_call_intrinsic(fx, intrinsic[in->op], &t, 1, args, 3);
	case W2N_FAM_FMINMAX:
		/* wasm min/max return NaN if either operand is NaN and order -0 below +0, as
		 * llvm.minimum/maximum do (not minnum/maxnum, which drop NaNs). copysign is a
		 * sign-bit operation (see FUNARY). */
		if (w2n_ops[in->op].arg == W2N_ARG_copysign || native_minmax(mx))
			return w2n_call_intrinsic(fx, intrinsic[in->op], &t, 1, args, 2);
		return minmax(fx, w2n_ops[in->op].arg == W2N_ARG_maximum, lhs, rhs);
	default:
		assert(!"not a binary numeric family");
		return NULL;
	}
}

void w2n_lower_numeric(struct fx *fx, const struct w2n_instr *in)
{
	LLVMValueRef lhs, rhs;

	switch (w2n_ops[in->op].sig.nparams) {
	case 0:
		assert(w2n_ops[in->op].family == W2N_FAM_CONST);
		w2n_push(fx, constant(fx->mx, in));
		break;
	case 1:
		w2n_push(fx, unary(fx, in, w2n_pop(fx)));
		break;
	default:
		assert(w2n_ops[in->op].sig.nparams == 2);
		rhs = w2n_pop(fx);
		lhs = w2n_pop(fx);
		w2n_push(fx, binary(fx, in, lhs, rhs));
		break;
	}
}
