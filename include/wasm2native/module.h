/* module.h — a decoded WebAssembly module (the decoder's output, owned by decode.c).
 *
 * Index spaces are unified: funcs[], tables[], mems[], globals[] and tags[] hold the imported entries
 * first (in import order, `import` >= 0), then the module's own, exactly as wasm indexes them.
 * Every item remembers the byte offset (`pos`) where it starts, for diagnostics.
 * All memory belongs to the module's arena and is released by w2n_module_free().
 */
#ifndef WASM2NATIVE_MODULE_H
#define WASM2NATIVE_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm.h" /* value types, extern kinds, segment modes */

/* A name or byte string pointing into the module's bytes (not NUL-terminated). */
struct w2n_bytes {
	const uint8_t *ptr;
	uint32_t len;
};

/* One decoded instruction; the layout of `imm` depends on the operator's IMM column. */
struct w2n_instr {
	uint16_t op;  /* enum w2n_op */
	uint32_t pos; /* byte offset of the opcode in the file */
	union {
		uint64_t u64;     /* I32/I64 (sign-extended), F32/F64 raw bits, REFTYPE: the w2n_type
		                     ref.null produces (a nullable reference) */
		uint8_t v128[16]; /* V128 bytes, SHUFFLE lanes */
		struct {
			uint32_t a, b;
		} idx; /* index immediates: a = first, b = second (see below) */
		struct {
			uint64_t offset; /* static offset added to the address */
			uint32_t memory; /* memory index (multi-memory: bit 6 of the alignment field) */
			uint8_t align;   /* alignment exponent (log2 bytes); 255 stands for any larger
			                    value of a 2.0 encoding, which the validator rejects */
			uint8_t lane;    /* MEMARG_LANE, LANE: lane index */
		} mem;
		int64_t block; /* BLOCK, as s33: -64 empty, -1..-17 a value type (its byte - 0x80),
		                  >= 0 a type index; a typed reference t is -t (<= -0x100):
		                  w2n_block_valtype() */
		struct {
			int64_t block;   /* as BLOCK's (same place in the union) */
			uint32_t first;  /* first catch clause in code.catches */
			uint32_t ncatch; /* number of clauses */
		} try_;              /* TRY_TABLE */
	} imm;
	/* idx usage: LABEL a=depth; BR_TABLE a=first entry in code.labels, b=count (default is at
	 * a+b); FUNC/LOCAL/GLOBAL/TABLE/ELEM/DATA a=index; CALL_INDIRECT a=type b=table;
	 * TABLE_COPY a=dst b=src; TABLE_INIT a=elem b=table; MEM_INIT a=data b=memory;
	 * MEM/MEM_COPY a=memory (b=source memory); MEMARG: mem.memory; SELECT_T a=count b=first type. LANE: mem.lane. */
};

/* The value type of a BLOCK immediate that is one (not -64, not a type index). */
static inline w2n_type w2n_block_valtype(int64_t block)
{
	return block <= -0x100 ? (w2n_type)-block : (w2n_type)(block + 0x80);
}

/* A constant or instruction sequence, including its terminating `end`. */
struct w2n_expr {
	struct w2n_instr *code;
	uint32_t len;
	uint32_t pos; /* offset of the first instruction */
};

struct w2n_functype {
	uint32_t nparams, nresults;
	w2n_type *types; /* nparams parameter types, then nresults result types */
	uint32_t pos;
};

struct w2n_limits {
	uint64_t min, max;
	bool has_max;
	bool shared; /* flag 0x02 (threads): a shared memory; the validator rejects it elsewhere */
	bool is64;   /* address type i64 (memory64/table64: flag bit 2), else i32 */
};

/* The value type of addresses (memories) or indices (tables) with these limits. */
static inline uint8_t w2n_addrtype(const struct w2n_limits *l)
{
	return l->is64 ? W2N_I64 : W2N_I32;
}

struct w2n_tabletype {
	w2n_type elem;            /* a reference type (its low byte W2N_FUNCREF or W2N_EXTERNREF) */
	struct w2n_limits limits; /* in elements */
	bool has_init;            /* 3.0: every element starts as `init`'s value, not null */
	struct w2n_expr init;
	int32_t import; /* index into imports[], or -1 */
	uint32_t pos;
};

struct w2n_memtype {
	struct w2n_limits limits; /* in 64 KiB pages */
	int32_t import;
	uint32_t pos;
};

struct w2n_global {
	w2n_type type;
	bool mutable_;
	struct w2n_expr init; /* empty when imported */
	int32_t import;
	uint32_t pos;
};

/* A run of declared locals of one type, as the binary format groups them. Locals are kept as
 * groups, never expanded: a few bytes of input can declare thousands of locals. */
struct w2n_localgroup {
	uint32_t end; /* declared locals up to here (cumulative count, params excluded) */
	w2n_type type;
};

/* One catch clause of a try_table (exception handling, 3.0), in the order written. */
enum w2n_catch_kind { W2N_CATCH, W2N_CATCH_REF, W2N_CATCH_ALL, W2N_CATCH_ALL_REF };
struct w2n_catch {
	uint8_t kind;   /* enum w2n_catch_kind: the binary format's byte */
	uint32_t tag;   /* W2N_CATCH and W2N_CATCH_REF only */
	uint32_t label; /* branch depth, counted from the try_table's own frame outwards */
};

/* A function body, decoded into an instruction array. */
struct w2n_code {
	uint32_t nlocals;              /* declared locals (not counting parameters) */
	struct w2n_localgroup *groups; /* nonempty groups in order; w2n_local_type() looks up */
	uint32_t ngroups;
	struct w2n_instr *code;
	uint32_t len;     /* instructions, the final `end` included */
	uint32_t *labels; /* br_table targets of this body */
	uint32_t nlabels;
	struct w2n_catch *catches; /* try_table clauses of this body */
	uint32_t ncatches;
	uint32_t pos; /* offset of the body's size field */
	uint32_t end; /* offset just past the body */
};

struct w2n_func {
	uint32_t type;         /* index into types[] */
	int32_t import;        /* index into imports[], or -1 */
	struct w2n_code body;  /* empty when imported */
	struct w2n_bytes name; /* from the name section; len 0 if none */
	uint32_t pos;          /* offset of its entry in the function or import section */
};

/* An exception tag (3.0): its type is a function type with no results; the parameters are
 * what a throw carries. */
struct w2n_tagtype {
	uint32_t type; /* index into types[] */
	int32_t import;
	uint32_t pos;
};

struct w2n_import {
	struct w2n_bytes module, field;
	uint8_t kind;   /* enum w2n_extern_kind */
	uint32_t index; /* index in its own index space (funcs[], tables[], ...) */
	uint32_t pos;
};

struct w2n_export {
	struct w2n_bytes name;
	uint8_t kind; /* enum w2n_extern_kind */
	uint32_t index;
	uint32_t pos;
};

struct w2n_elem {
	uint8_t mode;           /* enum w2n_segmode */
	w2n_type type;          /* a reference type (its low byte W2N_FUNCREF or W2N_EXTERNREF) */
	uint32_t table;         /* active only */
	struct w2n_expr offset; /* active only */
	uint32_t count;
	struct w2n_expr *inits; /* one constant expression per element (function indices become
	                             a one-instruction `ref.func`) */
	uint32_t pos;
};

struct w2n_data {
	uint8_t mode; /* W2N_SEG_ACTIVE or W2N_SEG_PASSIVE */
	uint32_t memory;
	struct w2n_expr offset; /* active only */
	struct w2n_bytes bytes;
	uint32_t pos;
};

struct w2n_custom {
	struct w2n_bytes name, payload;
	uint32_t pos;
};

struct w2n_arena;

struct w2n_module {
	const char *filename; /* for diagnostics */
	const uint8_t *bytes; /* the whole binary (owned by the caller) */
	size_t size;

	struct w2n_functype *types;
	uint32_t ntypes;
	struct w2n_import *imports;
	uint32_t nimports;
	struct w2n_func *funcs;
	uint32_t nfuncs, nfunc_imports;
	struct w2n_tabletype *tables;
	uint32_t ntables, ntable_imports;
	struct w2n_memtype *mems;
	uint32_t nmems, nmem_imports;
	struct w2n_global *globals;
	uint32_t nglobals, nglobal_imports;
	struct w2n_tagtype *tags;
	uint32_t ntags, ntag_imports;
	struct w2n_export *exports;
	uint32_t nexports;
	bool has_start;
	uint32_t start;
	uint32_t start_pos;
	struct w2n_elem *elems;
	uint32_t nelems;
	struct w2n_data *datas;
	uint32_t ndatas;
	bool has_datacount;
	uint32_t datacount;
	/* Some body uses return_call, return_call_indirect or return_call_ref: lowering gives
	 * the module's functions the tail-call convention (docs/lowering-semantics.md). */
	bool tail_calls;
	struct w2n_custom *customs;
	uint32_t ncustoms;
	struct w2n_bytes name; /* module name from the name section */

	struct w2n_arena *arena; /* owns every array above */
};

#endif
