/* lower_wide.c — wide arithmetic (families ADD128 and MUL_WIDE): 128-bit sums, differences and
 * full products of i64s, as pairs of i64 with the low half first.
 *
 * Each becomes arithmetic on LLVM's i128, which both targets select to their carry chains
 * (x86-64 add/adc, sub/sbb, one mul or imul giving rdx:rax; AArch64 adds/adcs, subs/sbcs, mul
 * with umulh or smulh) rather than to a libcall. Nothing here can trap. */
#include "lower.h"

static LLVMValueRef join(struct fx *fx, LLVMValueRef lo, LLVMValueRef hi)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMTypeRef t = LLVMInt128TypeInContext(fx->mx->ctx);
	LLVMValueRef high =
		LLVMBuildShl(b, LLVMBuildZExt(b, hi, t, ""), LLVMConstInt(t, 64, false), "");
	return LLVMBuildOr(b, high, LLVMBuildZExt(b, lo, t, ""), "");
}

/* Pushes the low and the high half of a 128-bit value. */
static void push_halves(struct fx *fx, LLVMValueRef v)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMTypeRef t = LLVMTypeOf(v);
	w2n_push(fx, LLVMBuildTrunc(b, v, fx->mx->t_i64, ""));
	w2n_push(fx, LLVMBuildTrunc(b, LLVMBuildLShr(b, v, LLVMConstInt(t, 64, false), ""),
	                            fx->mx->t_i64, ""));
}

static const LLVMOpcode opcode[W2N_OP_COUNT] = {
#define OPCODE_ADD128 ~, 1
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(OPCODE, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
#include "ops.def"
};

void w2n_lower_wide(struct fx *fx, const struct w2n_instr *in)
{
	LLVMBuilderRef b = fx->mx->b;
	LLVMTypeRef t = LLVMInt128TypeInContext(fx->mx->ctx);
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (info->family == W2N_FAM_ADD128) {
		LLVMValueRef rhs_hi = w2n_pop(fx), rhs_lo = w2n_pop(fx);
		LLVMValueRef lhs_hi = w2n_pop(fx), lhs_lo = w2n_pop(fx);
		LLVMValueRef lhs = join(fx, lhs_lo, lhs_hi), rhs = join(fx, rhs_lo, rhs_hi);
		push_halves(fx, LLVMBuildBinOp(b, opcode[in->op], lhs, rhs, ""));
		return;
	}
	LLVMOpcode widen = info->arg == W2N_ARG_S ? LLVMSExt : LLVMZExt;
	LLVMValueRef y = LLVMBuildCast(b, widen, w2n_pop(fx), t, "");
	LLVMValueRef x = LLVMBuildCast(b, widen, w2n_pop(fx), t, "");
	push_halves(fx, LLVMBuildMul(b, x, y, ""));
}
