/* descriptor.h — the module descriptor each compiled object exports (DESIGN.md §4).
 *
 * The compiler emits one `const struct w2n_module_desc <prefix>_module` per module: everything
 * the runtime needs to instantiate it (types, imports, exports with array-call trampolines,
 * memories, tables, globals, segments, start function, function names for trap messages).
 * Freestanding, like abi.h.
 */
#ifndef WASM2NATIVE_DESCRIPTOR_H
#define WASM2NATIVE_DESCRIPTOR_H

#include "abi.h"

/* A Wasm 2.0 constant expression is one instruction: a value, global.get, ref.func, ref.null. */
enum w2n_const_kind {
	W2N_CONST_VALUE,
	W2N_CONST_GLOBAL_GET,
	W2N_CONST_REF_FUNC,
	W2N_CONST_REF_NULL
};

struct w2n_desc_const {
	uint32_t kind;       /* enum w2n_const_kind */
	uint32_t index;      /* global (GLOBAL_GET) or function (REF_FUNC) index */
	union w2n_val value; /* VALUE */
};

struct w2n_desc_limits {
	uint64_t min, max;
	uint32_t has_max;
};

struct w2n_desc_type {
	uint32_t nparams, nresults;
	const uint8_t *types; /* value type bytes: params, then results */
};

struct w2n_desc_import {
	const char *module, *field;    /* NUL-terminated copies of the names */
	uint32_t kind;                 /* enum w2n_extern_kind */
	uint32_t type;                 /* func: type index; table: element type; global: value type */
	uint32_t mutable_;             /* global */
	struct w2n_desc_limits limits; /* table, memory */
};

struct w2n_desc_export {
	const char *name; /* NUL-terminated, but may contain NUL bytes: use name_len */
	uint32_t name_len;
	uint32_t kind, index;
};

/* Every function index, imports included. */
struct w2n_desc_func {
	void *code;                   /* defined: native entry; import: NULL */
	w2n_array_call_fn array_call; /* defined and exported (or start): trampoline; else NULL */
	uint32_t type;                /* type index */
	const char *name;             /* from the name section, or NULL */
};

struct w2n_desc_table {
	uint32_t elem_type;
	struct w2n_desc_limits limits;
};

struct w2n_desc_global {
	uint32_t type, mutable_;
	struct w2n_desc_const init;
};

struct w2n_desc_elem {
	uint32_t mode; /* enum w2n_segmode */
	uint32_t table;
	uint32_t elem_type;
	struct w2n_desc_const offset;
	uint32_t count;
	const struct w2n_desc_const *inits;
};

struct w2n_desc_data {
	uint32_t mode; /* W2N_SEG_ACTIVE or W2N_SEG_PASSIVE */
	uint32_t memory;
	struct w2n_desc_const offset;
	uint32_t size;
	const uint8_t *bytes;
};

/* Counts are the sizes of whole index spaces (imports included). funcs[] covers every function
 * index; tables[]/mems[]/globals[] hold only the DEFINED entries, which follow the imported
 * ones in their index spaces: defined table k has index (number of table imports) + k. */
struct w2n_module_desc {
	uint32_t abi_version;   /* W2N_ABI_VERSION */
	uint32_t bounds_checks; /* 1 if compiled with explicit bounds checks */
	const char *name;       /* module name (name section) or NULL */
	uint32_t ntypes, nimports, nexports, nfuncs, ntables, nmems, nglobals, nelems, ndatas;
	const struct w2n_desc_type *types;
	const struct w2n_desc_import *imports;
	const struct w2n_desc_export *exports;
	const struct w2n_desc_func *funcs;     /* nfuncs entries */
	const struct w2n_desc_table *tables;   /* defined tables only */
	const struct w2n_desc_limits *mems;    /* defined memories only */
	const struct w2n_desc_global *globals; /* defined globals only */
	const struct w2n_desc_elem *elems;
	const struct w2n_desc_data *datas;
	int64_t start; /* function index, or -1 */
};

/* The compiler mirrors these layouts in LLVM types (compiler/lower_desc.c); pin them. */
_Static_assert(sizeof(struct w2n_desc_const) == 24, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_limits) == 24, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_import) == 56, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_export) == 24, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_func) == 32, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_elem) == 56, "descriptor layout");
_Static_assert(sizeof(struct w2n_desc_data) == 48, "descriptor layout");
_Static_assert(sizeof(struct w2n_module_desc) == 136, "descriptor layout");

#endif
