/* lower_desc.h — the LLVM mirror of include/wasm2native/descriptor.h, shared by the descriptor
 * emitter (lower_desc.c), the types' owner (lower_desc_types.c) and their unit test.
 *
 * The struct types are built from descriptor.h's field lists, one LLVM element per row in row
 * order, each element's type chosen by the row's C type. On our targets LLVM's natural layout
 * of such a struct is the C layout; w2n_desc_layout_mismatch checks that for a data layout.
 */
#ifndef W2N_LOWER_DESC_H
#define W2N_LOWER_DESC_H

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>

#include "wasm2native/descriptor.h"
#include "wasm2native/image.h"

/* Field indices of a struct's constant, from its field list: `<S>_<field>` per row, then
 * `<S>_nfields` (FIELD_INDICES(import, W2N_DESC_IMPORT_FIELDS) gives import_kind, ...). */
#define W2N_DESC_FIELD_INDEX(S, TYPE, FIELD, OFFSET) S##_##FIELD,
#define W2N_DESC_FIELD_INDICES(S, LIST)              enum { LIST(W2N_DESC_FIELD_INDEX, S) S##_nfields }

/* Literal (unnamed) struct types: LLVM uniques them by their fields, so a constant built with
 * LLVMConstStructInContext from values of the right types has exactly these types. */
struct w2n_desc_types {
	LLVMTypeRef i32, i64, ptr; /* field types: uint32_t, uint64_t and int64_t, any pointer */
	LLVMTypeRef val;           /* union w2n_val: [2 x i64], 16 bytes, 8-aligned */
	LLVMTypeRef cnst, limits, type, import, export, func, table, global, elem, data;
	LLVMTypeRef module;                              /* struct w2n_module_desc */
	LLVMTypeRef chunk, image, table_image, snapshot; /* image.h: a pre-baked module's state */
};

/* Builds every descriptor struct type in `ctx`. */
void w2n_desc_types_init(LLVMContextRef ctx, struct w2n_desc_types *t);

/* The constant struct w2n_desc_image of `mem`, its chunks' bytes as globals of `mod` in
 * W2N_IMAGE_SECTION (snapshot_emit.c; also the data images of lower_desc.c). */
struct w2n_snap_memory;
LLVMValueRef w2n_image_constant(LLVMContextRef ctx, LLVMModuleRef mod,
                                const struct w2n_desc_types *t, const struct w2n_snap_memory *mem);

/* In a module compiled with co->prebake, active data segment i's bytes are the weak symbol
 * <prefix>_active_data_<i>, defined by w2n_emit_active_data's object, which is linked into the
 * snapshot driver only: the baked output's snapshot holds the memories, and the segments' bytes
 * would be a second copy of the data there. */
#define W2N_ACTIVE_DATA_NAME "%s_active_data_%u"

/* The first field ("w2n_desc_import.kind") or struct ("sizeof w2n_desc_import") whose LLVM
 * offset, size or alignment under `dl` differs from the C struct's, or NULL if they all agree:
 * a mismatch is a compiler bug (descriptor.h and this mirror disagree). */
const char *w2n_desc_layout_mismatch(LLVMTargetDataRef dl, const struct w2n_desc_types *t);

#endif
