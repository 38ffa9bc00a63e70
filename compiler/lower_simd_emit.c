/* lower_simd_emit.c — what the lower_simd*.c files emit with (lower_simd.h): lane shapes read
 * from ops.def's SHAPE column, the LLVM enums SIMD rows name, bitcasts to and from v128, splats,
 * lane picks, NaN quieting, and the target questions SIMD lowering asks. Calls no other SIMD
 * lowering file.
 */
#include <assert.h>

#include "lower_simd.h"
#include "wasm2native/cpu.h"

/* ---- shapes and helpers ---------------------------------------------------------------------- */

struct shape w2n_simd_ishape(struct mx *mx, unsigned bits, unsigned count)
{
	LLVMTypeRef lane = LLVMIntTypeInContext(mx->ctx, bits);
	return (struct shape){LLVMVectorType(lane, count), lane, bits, count, false};
}

struct shape w2n_simd_shape(struct mx *mx, enum w2n_shape s)
{
	const struct w2n_lanes *l = &w2n_shape_lanes[s];
	assert(l->count);
	if (!l->is_float)
		return w2n_simd_ishape(mx, l->bits, l->count);
	LLVMTypeRef lane = l->bits == 32 ? mx->t_f32 : mx->t_f64;
	return (struct shape){LLVMVectorType(lane, l->count), lane, l->bits, l->count, true};
}

/* The families whose ARG names an LLVM predicate (IntEQ, RealUNE) or opcode (Add, FMul, Shl). */
#define LLVM_ENUM_SIMD_ICMP  ~, 1
#define LLVM_ENUM_SIMD_FCMP  ~, 1
#define LLVM_ENUM_SIMD_IBIN  ~, 1
#define LLVM_ENUM_SIMD_SHIFT ~, 1
#define LLVM_ENUM_SIMD_FBIN  ~, 1
static const int llvm_enum[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	W2N_FAMILY_ROW(LLVM_ENUM, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
#include "ops.def"
};

int w2n_simd_llvm_enum(enum w2n_op op)
{
	return llvm_enum[op];
}

LLVMValueRef w2n_simd_as(struct fx *fx, LLVMValueRef v, LLVMTypeRef vec)
{
	return LLVMTypeOf(v) == vec ? v : LLVMBuildBitCast(fx->mx->b, v, vec, "");
}

LLVMValueRef w2n_simd_v128(struct fx *fx, LLVMValueRef v)
{
	return w2n_simd_as(fx, v, fx->mx->t_v128);
}

LLVMValueRef w2n_simd_pick(struct fx *fx, LLVMValueRef a, LLVMValueRef b, unsigned first,
                           unsigned step, unsigned count)
{
	struct mx *mx = fx->mx;
	LLVMValueRef mask[16];
	assert(count <= 16);
	for (unsigned i = 0; i < count; i++)
		mask[i] = w2n_i32(mx, first + i * step);
	if (!b)
		b = LLVMGetPoison(LLVMTypeOf(a));
	return LLVMBuildShuffleVector(mx->b, a, b, LLVMConstVector(mask, count), "");
}

LLVMValueRef w2n_simd_splat(struct fx *fx, LLVMValueRef x, unsigned count)
{
	struct mx *mx = fx->mx;
	LLVMTypeRef vec = LLVMVectorType(LLVMTypeOf(x), count);
	LLVMValueRef one = LLVMBuildInsertElement(mx->b, LLVMGetPoison(vec), x, w2n_i32(mx, 0), "");
	return w2n_simd_pick(fx, one, NULL, 0, 0, count);
}

/* As w2n_quiet_nan for scalars: OR-ing the quiet bit into NaN lanes with integer operations,
 * which LLVM cannot fold away the way it folds x * 1.0 to x. */
LLVMValueRef w2n_simd_quiet_nan(struct fx *fx, LLVMValueRef x)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef vec = LLVMTypeOf(x);
	unsigned count = LLVMGetVectorSize(vec);
	bool wide = LLVMGetElementType(vec) == mx->t_f64;
	struct shape is = w2n_simd_ishape(mx, wide ? 64 : 32, count);
	LLVMValueRef bit = LLVMConstInt(is.lane, wide ? 1ull << 51 : 1ull << 22, false);
	LLVMValueRef quiet =
		LLVMBuildOr(b, LLVMBuildBitCast(b, x, is.vec, ""), w2n_simd_splat(fx, bit, count), "");
	LLVMValueRef is_nan = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
	return LLVMBuildSelect(b, is_nan, LLVMBuildBitCast(b, quiet, vec, ""), x, "");
}

bool w2n_simd_is_aarch64(struct mx *mx)
{
	return mx->aarch64;
}

/* SSSE3 (pshufb, pmulhrsw) is in x86-64-v2, the default; the CPU's feature mask, from the same
 * LLVM query that records what the executable requires, says for any other --cpu. */
bool w2n_simd_x86_ssse3(struct mx *mx)
{
	return !mx->aarch64 && (mx->cpu_features >> W2N_CPU_X86_SSSE3 & 1);
}
