/* ops.h — everything generated from the operator table (ops.def). */
#ifndef W2N_OPS_H
#define W2N_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm2native/wasm2native.h"

/* Opcode enum: one constant per row of ops.def, plus W2N_OP_COUNT. */
enum w2n_op {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) W2N_OP_##ID,
#include "ops.def"
	W2N_OP_COUNT
};

/* How the immediates that follow an opcode are encoded (decode_code.c reads them). */
enum w2n_imm {
	W2N_IMM_NONE,
	W2N_IMM_BLOCK,         /* blocktype: 0x40, a value type, or an s33 type index */
	W2N_IMM_LABEL,         /* u32 label depth */
	W2N_IMM_BR_TABLE,      /* vec(u32) labels, then the default label */
	W2N_IMM_FUNC,          /* u32 function index */
	W2N_IMM_CALL_INDIRECT, /* u32 type index, u32 table index */
	W2N_IMM_LOCAL,         /* u32 local index */
	W2N_IMM_GLOBAL,        /* u32 global index */
	W2N_IMM_TABLE,         /* u32 table index */
	W2N_IMM_TABLE_COPY,    /* u32 destination table, u32 source table */
	W2N_IMM_TABLE_INIT,    /* u32 element segment, u32 table */
	W2N_IMM_ELEM,          /* u32 element segment */
	W2N_IMM_MEMARG,        /* u32 alignment exponent, u32 offset */
	W2N_IMM_MEMARG_LANE,   /* memarg, then a lane byte */
	W2N_IMM_MEM,           /* one reserved zero byte (memory index 0) */
	W2N_IMM_MEM_COPY,      /* two reserved zero bytes */
	W2N_IMM_MEM_INIT,      /* u32 data segment, one reserved zero byte */
	W2N_IMM_DATA,          /* u32 data segment */
	W2N_IMM_I32,           /* s32 */
	W2N_IMM_I64,           /* s64 */
	W2N_IMM_F32,           /* 4 little-endian bytes */
	W2N_IMM_F64,           /* 8 little-endian bytes */
	W2N_IMM_V128,          /* 16 bytes */
	W2N_IMM_LANE,          /* one lane-index byte */
	W2N_IMM_SHUFFLE,       /* 16 lane-index bytes */
	W2N_IMM_SELECT_T,      /* vec(valtype) */
	W2N_IMM_REFTYPE,       /* one reference-type byte */
	W2N_IMM_TYPE,          /* u32 type index (call_ref) */
	W2N_IMM_TAG,           /* u32 tag index (throw) */
	W2N_IMM_TRY_TABLE,     /* blocktype, vec(catch clause) (try_table) */
	W2N_IMM_FENCE,         /* one reserved zero byte (atomic.fence: no memory index) */
};

/* Lowering families (compiler/lower_*.c dispatch on these). */
enum w2n_family {
	W2N_FAM_CONTROL,
	W2N_FAM_CALL,
	W2N_FAM_PARAM,
	W2N_FAM_VAR,
	W2N_FAM_TABLE,
	W2N_FAM_REF,
	W2N_FAM_LOAD,
	W2N_FAM_STORE,
	W2N_FAM_MEMORY,
	W2N_FAM_CONST,
	W2N_FAM_EQZ,
	W2N_FAM_ICMP,
	W2N_FAM_FCMP,
	W2N_FAM_IUNARY,
	W2N_FAM_IBIN,
	W2N_FAM_IDIV,
	W2N_FAM_SHIFT,
	W2N_FAM_ROTATE,
	W2N_FAM_FUNARY,
	W2N_FAM_FBIN,
	W2N_FAM_FMINMAX,
	W2N_FAM_CONV,
	W2N_FAM_TRUNC,
	W2N_FAM_TRUNC_SAT,
	W2N_FAM_SEXT,
	W2N_FAM_ADD128,
	W2N_FAM_MUL_WIDE,
	W2N_FAM_SIMD_LOAD,
	W2N_FAM_SIMD_STORE,
	W2N_FAM_SIMD_LOAD_LANE,
	W2N_FAM_SIMD_STORE_LANE,
	W2N_FAM_SIMD_CONST,
	W2N_FAM_SIMD_SHUFFLE,
	W2N_FAM_SIMD_SWIZZLE,
	W2N_FAM_SIMD_SPLAT,
	W2N_FAM_SIMD_EXTRACT,
	W2N_FAM_SIMD_REPLACE,
	W2N_FAM_SIMD_ICMP,
	W2N_FAM_SIMD_FCMP,
	W2N_FAM_SIMD_BITWISE,
	W2N_FAM_SIMD_TEST,
	W2N_FAM_SIMD_IUNARY,
	W2N_FAM_SIMD_IBIN,
	W2N_FAM_SIMD_ISAT,
	W2N_FAM_SIMD_IMINMAX,
	W2N_FAM_SIMD_AVGR,
	W2N_FAM_SIMD_SHIFT,
	W2N_FAM_SIMD_FUNARY,
	W2N_FAM_SIMD_FBIN,
	W2N_FAM_SIMD_FMINMAX,
	W2N_FAM_SIMD_MADD,
	W2N_FAM_SIMD_NARROW,
	W2N_FAM_SIMD_EXTEND,
	W2N_FAM_SIMD_EXTMUL,
	W2N_FAM_SIMD_EXTADD,
	W2N_FAM_SIMD_DOT,
	W2N_FAM_SIMD_Q15MULR,
	W2N_FAM_SIMD_CONVERT,
	/* threads (lower_atomic.c) */
	W2N_FAM_ATOMIC_LOAD,
	W2N_FAM_ATOMIC_STORE,
	W2N_FAM_ATOMIC_RMW_ADD,
	W2N_FAM_ATOMIC_RMW_SUB,
	W2N_FAM_ATOMIC_RMW_AND,
	W2N_FAM_ATOMIC_RMW_OR,
	W2N_FAM_ATOMIC_RMW_XOR,
	W2N_FAM_ATOMIC_RMW_XCHG,
	W2N_FAM_ATOMIC_CMPXCHG,
	W2N_FAM_ATOMIC_WAIT,
	W2N_FAM_ATOMIC_NOTIFY,
	W2N_FAM_ATOMIC_FENCE,
};

/* The ARG column of every family not in W2N_LLVM_ARG (below): what the family function needs
 * to know beyond the family, as one token. `_` in the table is W2N_ARG_NONE. */
enum w2n_arg {
	W2N_ARG_NONE,
	/* LOAD, STORE, SEXT: W<n> is n bits of the value type (a store truncates to them, SEXT
	 * extends from them); S<n>/U<n> load n bits and sign- or zero-extend them */
	W2N_ARG_W8,
	W2N_ARG_W16,
	W2N_ARG_W32,
	W2N_ARG_W64,
	W2N_ARG_S8,
	W2N_ARG_S16,
	W2N_ARG_S32,
	W2N_ARG_U8,
	W2N_ARG_U16,
	W2N_ARG_U32,
	/* signed or unsigned: TRUNC, SIMD_EXTRACT, SIMD_NARROW, SIMD_EXTADD, SIMD_CONVERT */
	W2N_ARG_S,
	W2N_ARG_U,
	/* SIMD_EXTEND, SIMD_EXTMUL: the low or high half of the FROM lanes, and signedness */
	W2N_ARG_LOW_S,
	W2N_ARG_LOW_U,
	W2N_ARG_HIGH_S,
	W2N_ARG_HIGH_U,
	/* SIMD_LOAD (`_`: all 16 bytes): 8 bytes of half-width lanes extended to SHAPE; one lane
	 * of SHAPE into every lane, or into lane 0 with the others zero */
	W2N_ARG_EXTEND_S,
	W2N_ARG_EXTEND_U,
	W2N_ARG_SPLAT,
	W2N_ARG_ZERO,
	/* SIMD_BITWISE */
	W2N_ARG_NOT,
	W2N_ARG_AND,
	W2N_ARG_ANDNOT,
	W2N_ARG_OR,
	W2N_ARG_XOR,
	W2N_ARG_BITSELECT,
	/* SIMD_TEST */
	W2N_ARG_ANY_TRUE,
	W2N_ARG_ALL_TRUE,
	W2N_ARG_BITMASK,
	/* Lower case: the operation as LLVM names it, the intrinsic llvm.<name> where there is
	 * one. IUNARY, SIMD_IUNARY (neg is an instruction): */
	W2N_ARG_ctlz,
	W2N_ARG_cttz,
	W2N_ARG_ctpop,
	W2N_ARG_abs,
	W2N_ARG_neg,
	/* ROTATE */
	W2N_ARG_fshl,
	W2N_ARG_fshr,
	/* FUNARY, SIMD_FUNARY (fneg is an instruction) */
	W2N_ARG_fabs,
	W2N_ARG_fneg,
	W2N_ARG_ceil,
	W2N_ARG_floor,
	W2N_ARG_trunc,
	W2N_ARG_roundeven,
	W2N_ARG_sqrt,
	/* FMINMAX, SIMD_FMINMAX (pmin and pmax are wasm's alone) */
	W2N_ARG_minimum,
	W2N_ARG_maximum,
	W2N_ARG_copysign,
	W2N_ARG_pmin,
	W2N_ARG_pmax,
	/* SIMD_FMINMAX, relaxed SIMD: x86's minps/maxps, `a < b ? a : b` and `a > b ? a : b` */
	W2N_ARG_RELAXED_MIN,
	W2N_ARG_RELAXED_MAX,
	/* SIMD_MADD (relaxed SIMD): a * b + c and -(a * b) + c, unfused */
	W2N_ARG_MADD,
	W2N_ARG_NMADD,
	/* TRUNC_SAT: llvm.<name>.sat */
	W2N_ARG_fptosi,
	W2N_ARG_fptoui,
	/* SIMD_ISAT: llvm.<name>.sat */
	W2N_ARG_sadd,
	W2N_ARG_uadd,
	W2N_ARG_ssub,
	W2N_ARG_usub,
	/* SIMD_IMINMAX */
	W2N_ARG_smin,
	W2N_ARG_umin,
	W2N_ARG_smax,
	W2N_ARG_umax,
	W2N_ARG_COUNT
};
#define W2N_ARG__ W2N_ARG_NONE /* the table's `_` */

/* SIMD lane shapes: the SHAPE and FROM columns. */
enum w2n_shape {
	W2N_SHAPE_NONE, /* `_`: a scalar operator, or one on the whole v128 */
	W2N_SHAPE_I8X16,
	W2N_SHAPE_I16X8,
	W2N_SHAPE_I32X4,
	W2N_SHAPE_I64X2,
	W2N_SHAPE_F32X4,
	W2N_SHAPE_F64X2,
	W2N_SHAPE_COUNT
};
#define W2N_SHAPE__ W2N_SHAPE_NONE /* the table's `_` */

/* The lanes of a shape. */
struct w2n_lanes {
	uint8_t count; /* 16, 8, 4 or 2; 0 for W2N_SHAPE_NONE */
	uint8_t bits;  /* lane width */
	bool is_float; /* f32 or f64 lanes, else integer */
};

extern const struct w2n_lanes w2n_shape_lanes[W2N_SHAPE_COUNT];

/* The proposal that introduced an operator: enum w2n_feature (include/wasm2native/features.def,
 * through wasm2native.h). */

/* The SIG column: a regular operator's type, at most three parameters and one result. */
struct w2n_sig {
	bool poly;          /* (*): typed by hand in the validator; the counts below are 0 */
	uint8_t nparams;    /* 0..3 */
	uint8_t nresults;   /* 0 or 1 */
	w2n_type params[3]; /* value types (W2N_I32 ...), the deepest operand first */
	w2n_type result;    /* the result's value type when nresults is 1 */
};

/* One row of the table, as data. */
struct w2n_opinfo {
	uint8_t prefix;     /* 0, 0xFC or 0xFD */
	uint32_t code;      /* opcode byte or prefixed u32 */
	enum w2n_imm imm;   /* immediate encoding */
	struct w2n_sig sig; /* operand and result types */
	enum w2n_family family;
	enum w2n_arg arg;     /* W2N_ARG_NONE for the W2N_LLVM_ARG families */
	enum w2n_shape shape; /* lanes worked in (SIMD), else W2N_SHAPE_NONE */
	enum w2n_shape from;  /* operand lanes where they differ from `shape` */
	enum w2n_feature feature;
	const char *name; /* text-format name */
};

extern const struct w2n_opinfo w2n_ops[W2N_OP_COUNT];

/* Looks up an opcode; returns false if (prefix, code) names no operator. */
bool w2n_op_lookup(uint8_t prefix, uint32_t code, enum w2n_op *out);

/* Natural width of a memory access in bytes (loads, stores, atomics), 0 for other operators. */
unsigned w2n_op_access_bytes(enum w2n_op op);
/* Whether the operator is one of the threads proposal's (families ATOMIC_*): its memarg must
 * name exactly the natural alignment. */
bool w2n_op_is_atomic(enum w2n_op op);

/* The width in bits that a W<n>, S<n> or U<n> token names; 0 for other tokens. */
unsigned w2n_arg_bits(enum w2n_arg arg);
/* Whether a token asks for signed treatment (S, S<n>, LOW_S, HIGH_S, EXTEND_S), or for
 * unsigned (the U twins). Tokens without a signedness give false for both. */
bool w2n_arg_signed(enum w2n_arg arg);
bool w2n_arg_unsigned(enum w2n_arg arg);

/* ---- rows of chosen families ----------------------------------------------------------------
 *
 * A consumer that needs a column for some families only names them as a set, one probe macro
 * per family, and generates its table with W2N_FAMILY_ROW, which keeps the row for those
 * families and drops it for the others:
 *
 *     #define OPCODE_IBIN ~, 1
 *     #define OPCODE_FBIN ~, 1
 *     static const LLVMOpcode opcode[W2N_OP_COUNT] = {
 *     #define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
 *             W2N_FAMILY_ROW(OPCODE, FAMILY, [W2N_OP_##ID] = LLVM##ARG, )
 *     #include "ops.def"
 *     };
 *
 * Dropping matters where a column means different things in different families: the ARG of an
 * IUNARY row (`ctlz`) is no LLVM enum and must not reach the compiler as one. The selection is
 * the usual preprocessor probe: `SET_FAMILY` is defined, as `~, 1`, only for the chosen
 * families, so W2N_SECOND_ sees the extra argument `1` for them and picks it; for any other
 * family the undefined name stays one argument and `0` is picked. */
#define W2N_SECOND_(a, b, ...)  b
#define W2N_SECOND(...)         W2N_SECOND_(__VA_ARGS__)
#define W2N_IN_SET(SET, FAMILY) W2N_SECOND(SET##_##FAMILY, 0, ~)
#define W2N_WHEN_0(...)
#define W2N_WHEN_1(...)       __VA_ARGS__
#define W2N_WHEN_(c)          W2N_WHEN_##c
#define W2N_WHEN(c)           W2N_WHEN_(c)
#define W2N_CHOOSE_0(yes, no) no
#define W2N_CHOOSE_1(yes, no) yes
#define W2N_CHOOSE_(c)        W2N_CHOOSE_##c
#define W2N_CHOOSE(c)         W2N_CHOOSE_(c)

/* The row (the variadic part) when FAMILY belongs to SET, else nothing. */
#define W2N_FAMILY_ROW(SET, FAMILY, ...) W2N_WHEN(W2N_IN_SET(SET, FAMILY))(__VA_ARGS__)
/* `yes` when FAMILY belongs to SET, else `no`. */
#define W2N_IF_FAMILY(SET, FAMILY, yes, no) W2N_CHOOSE(W2N_IN_SET(SET, FAMILY))(yes, no)

/* The families whose ARG is the suffix of an LLVM enum constant, LLVM<ARG>: an
 * LLVMIntPredicate (ICMP), an LLVMRealPredicate (FCMP) or an LLVMOpcode (the others). Only
 * the lowering, which has LLVM, reads them; every other family's ARG is a W2N_ARG_ token. */
#define W2N_LLVM_ARG_ICMP       ~, 1
#define W2N_LLVM_ARG_FCMP       ~, 1
#define W2N_LLVM_ARG_IBIN       ~, 1
#define W2N_LLVM_ARG_IDIV       ~, 1
#define W2N_LLVM_ARG_SHIFT      ~, 1
#define W2N_LLVM_ARG_FBIN       ~, 1
#define W2N_LLVM_ARG_CONV       ~, 1
#define W2N_LLVM_ARG_ADD128     ~, 1
#define W2N_LLVM_ARG_SIMD_ICMP  ~, 1
#define W2N_LLVM_ARG_SIMD_FCMP  ~, 1
#define W2N_LLVM_ARG_SIMD_IBIN  ~, 1
#define W2N_LLVM_ARG_SIMD_SHIFT ~, 1
#define W2N_LLVM_ARG_SIMD_FBIN  ~, 1

#endif
