/* lower_simd.h — helpers shared by the SIMD lowering files.
 *
 * Owners: lower_simd.c (dispatch; constants, shuffles, lanes, comparisons, bitwise, tests),
 * lower_simd_emit.c (the helpers below, which call no other SIMD file), lower_simd_memory.c (v128 loads and stores), lower_simd_arith.c (integer
 * and float lane arithmetic), lower_simd_convert.c (narrow, extend, extmul, extadd, dot, q15mulr,
 * conversions).
 *
 * A v128 is <2 x i64> on the operand stack, in locals, globals and calls (abi.h). Each operator
 * bitcasts its operands to its lane shape (ops.def's SHAPE column, FROM for the operands of the
 * operators that change shape), works there and bitcasts the result back; the casts cost
 * nothing.
 */
#ifndef W2N_LOWER_SIMD_H
#define W2N_LOWER_SIMD_H

#include "lower.h"

/* A lane shape: i8x16, i16x8, i32x4, i64x2, f32x4 or f64x2 (or a half-width vector of one of
 * these, for the widening operators). */
struct shape {
	LLVMTypeRef vec;  /* <count x lane> */
	LLVMTypeRef lane; /* iN, float or double */
	unsigned bits;    /* lane width */
	unsigned count;   /* lanes */
	bool is_float;
};

/* ---- lower_simd_emit.c ----------------------------------------------------------------------- */

/* The LLVM types of a shape of ops.def (not W2N_SHAPE_NONE). */
struct shape w2n_simd_shape(struct mx *mx, enum w2n_shape s);
/* Integer lanes of `bits` bits, `count` of them. */
struct shape w2n_simd_ishape(struct mx *mx, unsigned bits, unsigned count);
/* The LLVM opcode or predicate that the ARG of a SIMD_ICMP, SIMD_FCMP, SIMD_IBIN, SIMD_SHIFT or
 * SIMD_FBIN row names. */
int w2n_simd_llvm_enum(enum w2n_op op);

/* v128 (or any 128-bit vector) as `vec`, and back to <2 x i64>. */
LLVMValueRef w2n_simd_as(struct fx *fx, LLVMValueRef v, LLVMTypeRef vec);
LLVMValueRef w2n_simd_v128(struct fx *fx, LLVMValueRef v);
/* A vector of `count` copies of `x`. */
LLVMValueRef w2n_simd_splat(struct fx *fx, LLVMValueRef x, unsigned count);
/* Lanes first, first + step, ... (count of them) of a, b concatenated (b may be NULL). */
LLVMValueRef w2n_simd_pick(struct fx *fx, LLVMValueRef a, LLVMValueRef b, unsigned first,
                           unsigned step, unsigned count);
/* A float vector with the quiet bit set in every NaN lane (others unchanged). */
LLVMValueRef w2n_simd_quiet_nan(struct fx *fx, LLVMValueRef x);
/* True when the target is AArch64 (NEON is part of its baseline); else it is x86-64, whose
 * baseline is SSE2. */
bool w2n_simd_is_aarch64(struct mx *mx);
/* True when the x86-64 target CPU is known to have SSSE3: the default (x86-64-v2), a later
 * x86-64-vN level, or `native` on a host that has it. Other named CPUs get generic code. */
bool w2n_simd_x86_ssse3(struct mx *mx);

/* ---- family entry points, called by lower_simd.c ------------------------------------------ */

void w2n_lower_simd_memory(struct fx *fx, const struct w2n_instr *in);  /* SIMD_LOAD, STORE,
                                                                            LOAD_LANE, STORE_LANE */
void w2n_lower_simd_arith(struct fx *fx, const struct w2n_instr *in);   /* SIMD_IUNARY, IBIN, ISAT,
                                              IMINMAX, AVGR, SHIFT, FUNARY, FBIN, FMINMAX, MADD */
void w2n_lower_simd_convert(struct fx *fx, const struct w2n_instr *in); /* SIMD_NARROW, EXTEND,
                                              EXTMUL, EXTADD, DOT, Q15MULR, CONVERT */

#endif
