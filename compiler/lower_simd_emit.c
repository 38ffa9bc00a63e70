/* lower_simd_emit.c — what the lower_simd*.c files emit with (lower_simd.h): lane shapes read
 * from ops.def's ARG tokens, the LLVM enums SIMD rows name, bitcasts to and from v128, splats,
 * lane picks, NaN quieting, and the target questions SIMD lowering asks. Calls no other SIMD
 * lowering file.
 */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "lower_arg.h"
#include "lower_simd.h"
#include "wasm2native/cpu.h"

/* ---- shapes and helpers ---------------------------------------------------------------------- */

struct shape w2n_simd_ishape(struct mx *mx, unsigned bits, unsigned count)
{
	LLVMTypeRef lane = LLVMIntTypeInContext(mx->ctx, bits);
	return (struct shape){LLVMVectorType(lane, count), lane, bits, count, false};
}

struct shape w2n_simd_shape(struct mx *mx, const char *s)
{
	unsigned bits = (unsigned)strtoul(s + 1, NULL, 10);
	assert((s[0] == 'i' || s[0] == 'f') && (bits == 8 || bits == 16 || bits == 32 || bits == 64));
	if (s[0] == 'i')
		return w2n_simd_ishape(mx, bits, 128 / bits);
	LLVMTypeRef lane = bits == 32 ? mx->t_f32 : mx->t_f64;
	return (struct shape){LLVMVectorType(lane, 128 / bits), lane, bits, 128 / bits, true};
}

const char *w2n_simd_suffix(const char *arg)
{
	const char *u = strchr(arg, '_');
	return u ? u + 1 : "";
}

/* The LLVM enums that SIMD rows name after their shape are the ones the scalar rows name as
 * their whole ARG (IntEQ, RealUNE, Add, FMul, Shl, ...): a table built from the scalar rows of
 * ops.def maps the name to the enum, so no list of LLVM names is kept here. */
#define SCALAR_ENUM_ICMP  ~, 1
#define SCALAR_ENUM_FCMP  ~, 1
#define SCALAR_ENUM_IBIN  ~, 1
#define SCALAR_ENUM_SHIFT ~, 1
#define SCALAR_ENUM_FBIN  ~, 1
static const int scalar_enum[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT) \
	W2N_ARG_ROW(SCALAR_ENUM, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
#include "ops.def"
};

static int simd_enum[W2N_OP_COUNT];

/* Fills simd_enum once per process (lowering may run on several threads). */
static void init_simd_enum(void)
{
	for (unsigned op = 0; op < W2N_OP_COUNT; op++) {
		enum w2n_family fam = w2n_ops[op].family;
		if (fam != W2N_FAM_SIMD_ICMP && fam != W2N_FAM_SIMD_FCMP && fam != W2N_FAM_SIMD_IBIN &&
		    fam != W2N_FAM_SIMD_SHIFT && fam != W2N_FAM_SIMD_FBIN)
			continue;
		const char *name = w2n_simd_suffix(w2n_ops[op].arg);
		for (unsigned s = 0; s < W2N_OP_COUNT && !simd_enum[op]; s++)
			if (scalar_enum[s] && strcmp(w2n_ops[s].arg, name) == 0)
				simd_enum[op] = scalar_enum[s];
		assert(simd_enum[op] && "SIMD ARG names no LLVM enum of a scalar row");
	}
}

int w2n_simd_llvm_enum(enum w2n_op op)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_simd_enum);
	return simd_enum[op];
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
