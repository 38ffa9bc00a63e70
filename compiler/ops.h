/* ops.h — everything generated from the operator table (ops.def). */
#ifndef W2N_OPS_H
#define W2N_OPS_H

#include <stdbool.h>
#include <stdint.h>

/* Opcode enum: one constant per row of ops.def, plus W2N_OP_COUNT. */
enum w2n_op {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, FEATURE, TEXT) W2N_OP_##ID,
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
	W2N_FAM_SIMD_NARROW,
	W2N_FAM_SIMD_EXTEND,
	W2N_FAM_SIMD_EXTMUL,
	W2N_FAM_SIMD_EXTADD,
	W2N_FAM_SIMD_DOT,
	W2N_FAM_SIMD_Q15MULR,
	W2N_FAM_SIMD_CONVERT,
};

/* The proposal that introduced an operator (all are part of Wasm 2.0). */
enum w2n_feature {
	W2N_FEAT_MVP,
	W2N_FEAT_SIGNEXT,
	W2N_FEAT_SATCONV,
	W2N_FEAT_MULTIVALUE,
	W2N_FEAT_BULK,
	W2N_FEAT_REFTYPES,
	W2N_FEAT_SIMD,
};

/* The SIG column: a regular operator's type, at most three parameters and one result. */
struct w2n_sig {
	bool poly;         /* (*): typed by hand in the validator; the counts below are 0 */
	uint8_t nparams;   /* 0..3 */
	uint8_t nresults;  /* 0 or 1 */
	uint8_t params[3]; /* value types (W2N_I32 ...), the deepest operand first */
	uint8_t result;    /* the result's value type when nresults is 1 */
};

/* One row of the table, as data. */
struct w2n_opinfo {
	uint8_t prefix;     /* 0, 0xFC or 0xFD */
	uint32_t code;      /* opcode byte or prefixed u32 */
	enum w2n_imm imm;   /* immediate encoding */
	struct w2n_sig sig; /* operand and result types */
	enum w2n_family family;
	enum w2n_feature feature;
	const char *name; /* text-format name */
	const char *arg;  /* the ARG column as text (width, LLVM opcode or intrinsic tag) */
};

extern const struct w2n_opinfo w2n_ops[W2N_OP_COUNT];

/* Looks up an opcode; returns false if (prefix, code) names no operator. */
bool w2n_op_lookup(uint8_t prefix, uint32_t code, enum w2n_op *out);

/* Natural width of a memory access in bytes (loads, stores), 0 for other operators. */
unsigned w2n_op_access_bytes(enum w2n_op op);

#endif
