/* lower_desc_types.c — the LLVM struct types of the module descriptor, built from
 * descriptor.h's field lists, and the check that their layout is the C structs' layout. */
#include "lower_desc.h"

#include <stddef.h>

/* The LLVM type of a field, chosen by its C type. Descriptor structs hold 32- and 64-bit
 * integers, pointers (to data or code), union w2n_val and the nested const and limits
 * structs; any other C type would fall to `default` and show up as a layout mismatch. */
#define FIELD_TYPE(T, TYPE, FIELD, OFFSET)   \
	_Generic((TYPE){0},                      \
	    uint32_t: (T)->i32,                  \
	    uint64_t: (T)->i64,                  \
	    int64_t: (T)->i64,                   \
	    union w2n_val: (T)->val,             \
	    struct w2n_desc_const: (T)->cnst,    \
	    struct w2n_desc_limits: (T)->limits, \
	    default: (T)->ptr),

/* T->NAME = the literal struct type of LIST's rows, in row order. */
#define STRUCT_TYPE(CTX, T, NAME, LIST)                                                          \
	do {                                                                                         \
		LLVMTypeRef fields[] = {LIST(FIELD_TYPE, T)};                                            \
		(T)->NAME =                                                                              \
			LLVMStructTypeInContext(CTX, fields, (unsigned)(sizeof fields / sizeof *fields), 0); \
	} while (0)

void w2n_desc_types_init(LLVMContextRef ctx, struct w2n_desc_types *t)
{
	t->i32 = LLVMInt32TypeInContext(ctx);
	t->i64 = LLVMInt64TypeInContext(ctx);
	t->ptr = LLVMPointerTypeInContext(ctx, 0);
	t->val = LLVMArrayType2(t->i64, 2);
	/* Nested types first: const and limits appear as fields of the others. */
	STRUCT_TYPE(ctx, t, cnst, W2N_DESC_CONST_FIELDS);
	STRUCT_TYPE(ctx, t, limits, W2N_DESC_LIMITS_FIELDS);
	STRUCT_TYPE(ctx, t, type, W2N_DESC_TYPE_FIELDS);
	STRUCT_TYPE(ctx, t, import, W2N_DESC_IMPORT_FIELDS);
	STRUCT_TYPE(ctx, t, export, W2N_DESC_EXPORT_FIELDS);
	STRUCT_TYPE(ctx, t, func, W2N_DESC_FUNC_FIELDS);
	STRUCT_TYPE(ctx, t, table, W2N_DESC_TABLE_FIELDS);
	STRUCT_TYPE(ctx, t, global, W2N_DESC_GLOBAL_FIELDS);
	STRUCT_TYPE(ctx, t, elem, W2N_DESC_ELEM_FIELDS);
	STRUCT_TYPE(ctx, t, data, W2N_DESC_DATA_FIELDS);
	STRUCT_TYPE(ctx, t, module, W2N_MODULE_DESC_FIELDS);
	STRUCT_TYPE(ctx, t, chunk, W2N_DESC_CHUNK_FIELDS);
	STRUCT_TYPE(ctx, t, image, W2N_DESC_IMAGE_FIELDS);
	STRUCT_TYPE(ctx, t, table_image, W2N_DESC_TABLE_IMAGE_FIELDS);
	STRUCT_TYPE(ctx, t, snapshot, W2N_DESC_SNAPSHOT_FIELDS);
}

/* ---- the layout check ---------------------------------------------------------------------- */

/* One C field, as the compiler that builds us lays it out (the runtime's targets agree: the
 * offsets are pinned in descriptor.h, which the runtime is compiled with too). */
struct field_layout {
	const char *name; /* "w2n_desc_import.kind" */
	size_t offset, size;
};

struct struct_layout {
	const char *name; /* "sizeof w2n_desc_import" */
	size_t size, align;
	size_t type; /* where its LLVM type is in struct w2n_desc_types */
	const struct field_layout *fields;
	unsigned nfields;
};

#define FIELD_LAYOUT(S, TYPE, FIELD, OFFSET) \
	{#S "." #FIELD, offsetof(struct S, FIELD), sizeof(TYPE)},
#define COUNT(S, TYPE, FIELD, OFFSET) +1
#define STRUCT_LAYOUT(S, NAME, LIST)                       \
	{"sizeof " #S,                                         \
	 sizeof(struct S),                                     \
	 _Alignof(struct S),                                   \
	 offsetof(struct w2n_desc_types, NAME),                \
	 (const struct field_layout[]){LIST(FIELD_LAYOUT, S)}, \
	 0 LIST(COUNT, S)}

static const struct struct_layout structs[] = {
	STRUCT_LAYOUT(w2n_desc_const, cnst, W2N_DESC_CONST_FIELDS),
	STRUCT_LAYOUT(w2n_desc_limits, limits, W2N_DESC_LIMITS_FIELDS),
	STRUCT_LAYOUT(w2n_desc_type, type, W2N_DESC_TYPE_FIELDS),
	STRUCT_LAYOUT(w2n_desc_import, import, W2N_DESC_IMPORT_FIELDS),
	STRUCT_LAYOUT(w2n_desc_export, export, W2N_DESC_EXPORT_FIELDS),
	STRUCT_LAYOUT(w2n_desc_func, func, W2N_DESC_FUNC_FIELDS),
	STRUCT_LAYOUT(w2n_desc_table, table, W2N_DESC_TABLE_FIELDS),
	STRUCT_LAYOUT(w2n_desc_global, global, W2N_DESC_GLOBAL_FIELDS),
	STRUCT_LAYOUT(w2n_desc_elem, elem, W2N_DESC_ELEM_FIELDS),
	STRUCT_LAYOUT(w2n_desc_data, data, W2N_DESC_DATA_FIELDS),
	STRUCT_LAYOUT(w2n_module_desc, module, W2N_MODULE_DESC_FIELDS),
	STRUCT_LAYOUT(w2n_desc_chunk, chunk, W2N_DESC_CHUNK_FIELDS),
	STRUCT_LAYOUT(w2n_desc_image, image, W2N_DESC_IMAGE_FIELDS),
	STRUCT_LAYOUT(w2n_desc_table_image, table_image, W2N_DESC_TABLE_IMAGE_FIELDS),
	STRUCT_LAYOUT(w2n_desc_snapshot, snapshot, W2N_DESC_SNAPSHOT_FIELDS),
};

const char *w2n_desc_layout_mismatch(LLVMTargetDataRef dl, const struct w2n_desc_types *t)
{
	for (size_t i = 0; i < sizeof structs / sizeof *structs; i++) {
		const struct struct_layout *s = &structs[i];
		LLVMTypeRef type = *(const LLVMTypeRef *)((const char *)t + s->type);
		if (LLVMCountStructElementTypes(type) != s->nfields)
			return s->name;
		for (unsigned k = 0; k < s->nfields; k++) {
			const struct field_layout *f = &s->fields[k];
			if (LLVMOffsetOfElement(dl, type, k) != f->offset ||
			    LLVMABISizeOfType(dl, LLVMStructGetTypeAtIndex(type, k)) != f->size)
				return f->name;
		}
		if (LLVMABISizeOfType(dl, type) != s->size || LLVMABIAlignmentOfType(dl, type) != s->align)
			return s->name;
	}
	return NULL;
}
