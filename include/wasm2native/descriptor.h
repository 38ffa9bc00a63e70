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
#include "limits.h"

/* ---- the structs, each declared from one field list -------------------------------------- *
 *
 * Each list row is X(S, TYPE, FIELD, OFFSET): the member `TYPE FIELD;` and its byte offset,
 * which a _Static_assert pins (moving a field is an ABI change: bump W2N_ABI_VERSION). S is
 * handed to X untouched, for the consumer's use: the struct's tag for the pins below, a name
 * prefix or a pointer in compiler/lower_desc*.c. The compiler builds its LLVM types and its
 * constants from the same lists (the constants as arrays indexed by field name), so the C
 * struct, its pinned offsets and the emitter cannot disagree; tests/unit/test_lower_desc.c
 * checks the LLVM layout against offsetof/sizeof for both targets.
 *
 * Adding a field: one row (and the struct's sizeof pin if the size changes), then its value
 * in compiler/lower_desc.c; a field left without a value fails an assert at every compile. */

#define W2N_DESC_MEMBER(S, TYPE, FIELD, OFFSET) TYPE FIELD;
#define W2N_DESC_PIN(S, TYPE, FIELD, OFFSET) \
	_Static_assert(offsetof(struct S, FIELD) == (OFFSET), "descriptor layout: " #S "." #FIELD);

/* A constant expression of one instruction is one w2n_desc_const: a value, global.get, ref.func
 * or ref.null. A longer one (3.0's extended constant expressions) is W2N_CONST_EXPR: `index`
 * items at value.ref, in the order of the instructions (postfix), where the integer add, sub
 * and mul kinds pop two values and push one; the rest push one. */
enum w2n_const_kind {
	W2N_CONST_VALUE,
	W2N_CONST_GLOBAL_GET,
	W2N_CONST_REF_FUNC,
	W2N_CONST_REF_NULL,
	W2N_CONST_EXPR,
	W2N_CONST_I32_ADD,
	W2N_CONST_I32_SUB,
	W2N_CONST_I32_MUL,
	W2N_CONST_I64_ADD,
	W2N_CONST_I64_SUB,
	W2N_CONST_I64_MUL
};
/* Implementation limit on the operands an extended constant expression stacks up (the
 * validator rejects deeper ones; the runtime evaluates with a stack of this size). */
#define W2N_CONST_MAX_DEPTH 256

/* clang-format off */
#define W2N_DESC_CONST_FIELDS(X, S)                                                                \
	X(S, uint32_t, kind, 0)       /* enum w2n_const_kind */                                        \
	X(S, uint32_t, index, 4)      /* global (GLOBAL_GET) or function (REF_FUNC) index */           \
	X(S, union w2n_val, value, 8) /* VALUE */
/* clang-format on */
struct w2n_desc_const {
	W2N_DESC_CONST_FIELDS(W2N_DESC_MEMBER, w2n_desc_const)
};
W2N_DESC_CONST_FIELDS(W2N_DESC_PIN, w2n_desc_const)
_Static_assert(sizeof(struct w2n_desc_const) == 24, "descriptor layout");

/* clang-format off */
#define W2N_DESC_LIMITS_FIELDS(X, S)                                                               \
	X(S, uint64_t, min, 0)                                                                         \
	X(S, uint64_t, max, 8)                                                                         \
	X(S, uint32_t, has_max, 16)                                                                    \
	X(S, uint32_t, shared, 20)  /* memory: shared (threads) */                                     \
	X(S, uint32_t, is64, 24)    /* i64 addresses or indices (memory64, table64) */
/* clang-format on */
struct w2n_desc_limits {
	W2N_DESC_LIMITS_FIELDS(W2N_DESC_MEMBER, w2n_desc_limits)
};
W2N_DESC_LIMITS_FIELDS(W2N_DESC_PIN, w2n_desc_limits)
_Static_assert(sizeof(struct w2n_desc_limits) == 32, "descriptor layout");

/* clang-format off */
#define W2N_DESC_TYPE_FIELDS(X, S)                                                                 \
	X(S, uint32_t, nparams, 0)                                                                     \
	X(S, uint32_t, nresults, 4)                                                                    \
	X(S, const uint8_t *, types, 8) /* enum w2n_valtype bytes: params, then results */          \
	X(S, const uint32_t *, refs, 16) /* the same in full (w2n_type), or NULL: below */
/* clang-format on */
/* A function type. `types` holds each value type's representation, all a host needs to call
 * it. `refs` holds the whole w2n_type of each, needed when one is a typed reference (the
 * compiler emits it only then; NULL means every type is its byte): its heap type and
 * nullability are part of the type's identity (call_indirect, import matching). In a module's
 * descriptor a concrete heap type names a type index of the module; in the canonical form
 * that w2n_type_id takes and w2n_funcref_type returns, it is the canonical id of the type it
 * names plus W2N_HEAP_FIRST_CONCRETE, and W2N_HEAP_FIRST_CONCRETE itself (id 0) names the
 * signature itself (a type definition is its own recursion group and may refer to itself). */
struct w2n_desc_type {
	W2N_DESC_TYPE_FIELDS(W2N_DESC_MEMBER, w2n_desc_type)
};
W2N_DESC_TYPE_FIELDS(W2N_DESC_PIN, w2n_desc_type)
_Static_assert(sizeof(struct w2n_desc_type) == 24, "descriptor layout");

/* clang-format off */
#define W2N_DESC_IMPORT_FIELDS(X, S)                                                               \
	X(S, const char *, module, 0)            /* NUL-terminated copies of the names */              \
	X(S, const char *, field, 8)                                                                   \
	X(S, uint32_t, kind, 16)                 /* enum w2n_extern_kind */                            \
	X(S, uint32_t, type, 20)                 /* func, tag: type index, table: elem, global: value */\
	X(S, uint32_t, mutable_, 24)             /* global */                                          \
	X(S, struct w2n_desc_limits, limits, 32) /* table, memory */
/* clang-format on */
struct w2n_desc_import {
	W2N_DESC_IMPORT_FIELDS(W2N_DESC_MEMBER, w2n_desc_import)
};
W2N_DESC_IMPORT_FIELDS(W2N_DESC_PIN, w2n_desc_import)
_Static_assert(sizeof(struct w2n_desc_import) == 64, "descriptor layout");

/* clang-format off */
#define W2N_DESC_EXPORT_FIELDS(X, S)                                                               \
	X(S, const char *, name, 0) /* NUL-terminated, but may contain NUL bytes: use name_len */      \
	X(S, uint32_t, name_len, 8)                                                                    \
	X(S, uint32_t, kind, 12)    /* enum w2n_extern_kind */                                         \
	X(S, uint32_t, index, 16)
/* clang-format on */
struct w2n_desc_export {
	W2N_DESC_EXPORT_FIELDS(W2N_DESC_MEMBER, w2n_desc_export)
};
W2N_DESC_EXPORT_FIELDS(W2N_DESC_PIN, w2n_desc_export)
_Static_assert(sizeof(struct w2n_desc_export) == 24, "descriptor layout");

/* Every function index, imports included. */
/* clang-format off */
#define W2N_DESC_FUNC_FIELDS(X, S)                                                                 \
	X(S, void *, code, 0)                  /* defined: native entry; import: host adapter */       \
	X(S, w2n_array_call_fn, array_call, 8) /* exported or start: trampoline; else NULL */          \
	X(S, uint32_t, type, 16)               /* type index */                                        \
	X(S, const char *, name, 24)           /* from the name section, or NULL */                    \
	X(S, void *, tail_code, 32)            /* defined, module with tail calls: tailcc body */
/* clang-format on */
struct w2n_desc_func {
	W2N_DESC_FUNC_FIELDS(W2N_DESC_MEMBER, w2n_desc_func)
};
W2N_DESC_FUNC_FIELDS(W2N_DESC_PIN, w2n_desc_func)
_Static_assert(sizeof(struct w2n_desc_func) == 40, "descriptor layout");

/* clang-format off */
#define W2N_DESC_TABLE_FIELDS(X, S)                                                                \
	X(S, uint32_t, elem_type, 0)            /* w2n_type: W2N_FUNCREF, W2N_EXTERNREF, typed refs */ \
	X(S, uint32_t, has_init, 4)             /* 3.0: elements start as `init`, else null */         \
	X(S, struct w2n_desc_limits, limits, 8)                                                        \
	X(S, struct w2n_desc_const, init, 40)
/* clang-format on */
struct w2n_desc_table {
	W2N_DESC_TABLE_FIELDS(W2N_DESC_MEMBER, w2n_desc_table)
};
W2N_DESC_TABLE_FIELDS(W2N_DESC_PIN, w2n_desc_table)
_Static_assert(sizeof(struct w2n_desc_table) == 64, "descriptor layout");

/* clang-format off */
#define W2N_DESC_GLOBAL_FIELDS(X, S)                                                               \
	X(S, uint32_t, type, 0)              /* w2n_type (wasm.h); its low byte the representation */  \
	X(S, uint32_t, mutable_, 4)                                                                    \
	X(S, struct w2n_desc_const, init, 8)
/* clang-format on */
struct w2n_desc_global {
	W2N_DESC_GLOBAL_FIELDS(W2N_DESC_MEMBER, w2n_desc_global)
};
W2N_DESC_GLOBAL_FIELDS(W2N_DESC_PIN, w2n_desc_global)
_Static_assert(sizeof(struct w2n_desc_global) == 32, "descriptor layout");

/* clang-format off */
#define W2N_DESC_ELEM_FIELDS(X, S)                                                                 \
	X(S, uint32_t, mode, 0)                        /* enum w2n_segmode */                          \
	X(S, uint32_t, table, 4)                       /* active only */                               \
	X(S, uint32_t, elem_type, 8)                   /* W2N_FUNCREF or W2N_EXTERNREF */              \
	X(S, struct w2n_desc_const, offset, 16)        /* active only */                               \
	X(S, uint32_t, count, 40)                                                                      \
	X(S, const struct w2n_desc_const *, inits, 48) /* count entries */
/* clang-format on */
struct w2n_desc_elem {
	W2N_DESC_ELEM_FIELDS(W2N_DESC_MEMBER, w2n_desc_elem)
};
W2N_DESC_ELEM_FIELDS(W2N_DESC_PIN, w2n_desc_elem)
_Static_assert(sizeof(struct w2n_desc_elem) == 56, "descriptor layout");

/* clang-format off */
#define W2N_DESC_DATA_FIELDS(X, S)                                                                 \
	X(S, uint32_t, mode, 0)                /* W2N_SEG_ACTIVE or W2N_SEG_PASSIVE */                 \
	X(S, uint32_t, memory, 4)              /* active only */                                       \
	X(S, struct w2n_desc_const, offset, 8) /* active only */                                       \
	X(S, uint32_t, size, 32)                                                                       \
	X(S, const uint8_t *, bytes, 40)
/* clang-format on */
struct w2n_desc_data {
	W2N_DESC_DATA_FIELDS(W2N_DESC_MEMBER, w2n_desc_data)
};
W2N_DESC_DATA_FIELDS(W2N_DESC_PIN, w2n_desc_data)
_Static_assert(sizeof(struct w2n_desc_data) == 48, "descriptor layout");

/* Counts are the sizes of whole index spaces (imports included). funcs[] covers every function
 * index; tables[]/mems[]/globals[] hold only the DEFINED entries, which follow the imported
 * ones in their index spaces: defined table k has index (number of table imports) + k.
 * `snapshot` is set in a module compiled with --prebake (a weak reference: NULL until the
 * snapshot object is linked in): the state after initialization (image.h), which instantiation
 * starts from instead of running constant expressions, segments and the start function.
 * `data_images` is set when the compiler proved the active data segments equivalent to one
 * memory image per defined memory (docs/prebake.md, "Data images"): every active segment has
 * a constant offset and lies, in a defined memory, inside its initial size. Instantiation then
 * applies the images (image.h) in place of copying the segments, whose `bytes` are NULL (their
 * `size` stays: they are dropped all the same). */
struct w2n_desc_snapshot;
struct w2n_desc_image;
/* clang-format off */
#define W2N_MODULE_DESC_FIELDS(X, S)                                                               \
	X(S, uint32_t, abi_version, 0)                     /* W2N_ABI_VERSION */                       \
	X(S, uint32_t, bounds_checks, 4)                   /* 1: compiled with --bounds-checks */      \
	X(S, const char *, name, 8)                        /* module name (name section) or NULL */    \
	X(S, uint32_t, ntypes, 16)                                                                     \
	X(S, uint32_t, nimports, 20)                                                                   \
	X(S, uint32_t, nexports, 24)                                                                   \
	X(S, uint32_t, nfuncs, 28)                                                                     \
	X(S, uint32_t, ntables, 32)                                                                    \
	X(S, uint32_t, nmems, 36)                                                                      \
	X(S, uint32_t, nglobals, 40)                                                                   \
	X(S, uint32_t, nelems, 44)                                                                     \
	X(S, uint32_t, ndatas, 48)                                                                     \
	X(S, const struct w2n_desc_type *, types, 56)                                                  \
	X(S, const struct w2n_desc_import *, imports, 64)                                              \
	X(S, const struct w2n_desc_export *, exports, 72)                                              \
	X(S, const struct w2n_desc_func *, funcs, 80)      /* nfuncs entries */                        \
	X(S, const struct w2n_desc_table *, tables, 88)    /* defined tables only */                   \
	X(S, const struct w2n_desc_limits *, mems, 96)     /* defined memories only */                 \
	X(S, const struct w2n_desc_global *, globals, 104) /* defined globals only */                  \
	X(S, const struct w2n_desc_elem *, elems, 112)                                                 \
	X(S, const struct w2n_desc_data *, datas, 120)                                                 \
	X(S, int64_t, start, 128)                          /* function index, or -1 */          \
	X(S, const struct w2n_desc_snapshot *, snapshot, 136) /* pre-baked: image.h; else NULL */ \
	X(S, uint32_t, code_limits, 144)                  /* W2N_CODE_* (limits.h): checks compiled in */ \
	X(S, const struct w2n_desc_image *, data_images, 152) /* per defined memory, or NULL: below */ \
	X(S, uint32_t, ntags, 160)                        /* exception tags, imports included */     \
	X(S, const uint32_t *, tags, 168)                 /* defined tags only: their type index */
/* clang-format on */
struct w2n_module_desc {
	W2N_MODULE_DESC_FIELDS(W2N_DESC_MEMBER, w2n_module_desc)
};
W2N_MODULE_DESC_FIELDS(W2N_DESC_PIN, w2n_module_desc)
_Static_assert(sizeof(struct w2n_module_desc) == 176, "descriptor layout");

#endif
