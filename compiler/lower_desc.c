/* lower_desc.c — emits the module descriptor (include/wasm2native/descriptor.h) as constant
 * data: `const struct w2n_module_desc <prefix>_module`.
 *
 * Each struct constant is an array of field values indexed by field name: the enums below are
 * generated from descriptor.h's field lists (w2n_desc_import.kind has index `import_kind`),
 * and the LLVM types come from the same lists (lower_desc_types.c), so a value can only land
 * in the field it names. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_image.h"
#include "lower.h"
#include "lower_desc.h"

/* Field indices: `<struct>_<field>` per row, then `<struct>_nfields` (lower_desc.h). */
#define FIELD_INDICES W2N_DESC_FIELD_INDICES
FIELD_INDICES(cnst, W2N_DESC_CONST_FIELDS);
FIELD_INDICES(limits, W2N_DESC_LIMITS_FIELDS);
FIELD_INDICES(type, W2N_DESC_TYPE_FIELDS);
FIELD_INDICES(import, W2N_DESC_IMPORT_FIELDS);
FIELD_INDICES(export, W2N_DESC_EXPORT_FIELDS);
FIELD_INDICES(func, W2N_DESC_FUNC_FIELDS);
FIELD_INDICES(table, W2N_DESC_TABLE_FIELDS);
FIELD_INDICES(global, W2N_DESC_GLOBAL_FIELDS);
FIELD_INDICES(elem, W2N_DESC_ELEM_FIELDS);
FIELD_INDICES(data, W2N_DESC_DATA_FIELDS);
FIELD_INDICES(module, W2N_MODULE_DESC_FIELDS);

static LLVMValueRef u32(struct mx *mx, uint64_t v)
{
	return LLVMConstInt(mx->t_i32, v, 0);
}

static LLVMValueRef u64(struct mx *mx, uint64_t v)
{
	return LLVMConstInt(mx->t_i64, v, 0);
}

/* The constant of struct `type` from its field values, vals[0..n) in field order; every field
 * must have one (a row added to descriptor.h without its value here stops at the assert). */
static LLVMValueRef cstruct(struct mx *mx, LLVMTypeRef type, LLVMValueRef *vals, unsigned n)
{
	assert(LLVMCountStructElementTypes(type) == n);
	for (unsigned i = 0; i < n; i++)
		assert(vals[i] != NULL && "descriptor field without a value");
	LLVMValueRef v = LLVMConstStructInContext(mx->ctx, vals, n, 0);
	assert(LLVMTypeOf(v) == type);
	(void)type;
	return v;
}

/* A private constant global holding `init`; returns its address (or null for NULL init). */
static LLVMValueRef private_global(struct mx *mx, LLVMValueRef init, const char *name)
{
	if (!init)
		return LLVMConstNull(mx->t_ptr);
	LLVMValueRef g = LLVMAddGlobal(mx->mod, LLVMTypeOf(init), name);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetUnnamedAddr(g, 1);
	return g;
}

/* Room for n constants: module sections can hold millions of entries, too many for the stack. */
static LLVMValueRef *values(size_t n)
{
	return w2n_xrealloc(NULL, 0, n, sizeof(LLVMValueRef));
}

static LLVMValueRef array(struct mx *mx, LLVMTypeRef elem, LLVMValueRef *vals, unsigned n,
                          const char *name)
{
	if (n == 0)
		return LLVMConstNull(mx->t_ptr);
	return private_global(mx, LLVMConstArray2(elem, vals, n), name);
}

static LLVMValueRef cstring(struct mx *mx, const uint8_t *s, uint32_t len)
{
	LLVMValueRef str = LLVMConstStringInContext2(mx->ctx, (const char *)s, len, 0);
	return private_global(mx, str, "str");
}

static LLVMValueRef bytes(struct mx *mx, const uint8_t *p, uint32_t len)
{
	if (len == 0)
		return LLVMConstNull(mx->t_ptr);
	LLVMValueRef data = LLVMConstStringInContext2(mx->ctx, (const char *)p, len, 1);
	return private_global(mx, data, "data");
}

/* A function type's value types as the descriptor's bytes: their representations (wasm.h). */
static LLVMValueRef type_bytes(struct mx *mx, const w2n_type *types, uint32_t n)
{
	uint8_t buf[n ? n : 1];
	for (uint32_t i = 0; i < n; i++)
		buf[i] = (uint8_t)w2n_type_repr(types[i]);
	return bytes(mx, buf, n);
}

/* The same in full, when one is more than its byte (a typed reference): the runtime's
 * canonical type ids compare heap types and nullability too. Null when all are bytes. */
static LLVMValueRef full_types(struct mx *mx, const w2n_type *types, uint32_t n)
{
	bool typed = false;
	for (uint32_t i = 0; i < n; i++)
		typed |= types[i] > 0xff;
	if (!typed)
		return LLVMConstNull(mx->t_ptr);
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++)
		v[i] = u32(mx, types[i]);
	LLVMValueRef a = array(mx, mx->t_i32, v, n, "refs");
	free(v);
	return a;
}

static LLVMValueRef const_fields(struct mx *mx, const struct w2n_desc_types *t, uint32_t kind,
                                 uint32_t index, LLVMValueRef lo, uint64_t hi)
{
	LLVMValueRef words[2] = {lo, u64(mx, hi)};
	LLVMValueRef f[cnst_nfields] = {
		[cnst_kind] = u32(mx, kind),
		[cnst_index] = u32(mx, index),
		[cnst_value] = LLVMConstArray2(mx->t_i64, words, 2),
	};
	return cstruct(mx, t->cnst, f, cnst_nfields);
}

/* One instruction of a constant expression as one item. */
static LLVMValueRef const_item(struct mx *mx, const struct w2n_desc_types *t,
                               const struct w2n_instr *in)
{
	uint32_t kind = W2N_CONST_VALUE, index = 0;
	uint64_t lo = 0, hi = 0;
	switch (in->op) {
	case W2N_OP_GLOBAL_GET:
		kind = W2N_CONST_GLOBAL_GET, index = in->imm.idx.a;
		break;
	case W2N_OP_REF_FUNC:
		kind = W2N_CONST_REF_FUNC, index = in->imm.idx.a;
		break;
	case W2N_OP_REF_NULL:
		kind = W2N_CONST_REF_NULL;
		break;
	case W2N_OP_I32_ADD:
		kind = W2N_CONST_I32_ADD;
		break;
	case W2N_OP_I32_SUB:
		kind = W2N_CONST_I32_SUB;
		break;
	case W2N_OP_I32_MUL:
		kind = W2N_CONST_I32_MUL;
		break;
	case W2N_OP_I64_ADD:
		kind = W2N_CONST_I64_ADD;
		break;
	case W2N_OP_I64_SUB:
		kind = W2N_CONST_I64_SUB;
		break;
	case W2N_OP_I64_MUL:
		kind = W2N_CONST_I64_MUL;
		break;
	case W2N_OP_V128_CONST:
		memcpy(&lo, in->imm.v128, 8);
		memcpy(&hi, in->imm.v128 + 8, 8);
		break;
	case W2N_OP_I32_CONST: /* only the low 4 bytes are read as i32 (little endian) */
	default:
		lo = in->op == W2N_OP_I32_CONST ? (uint32_t)in->imm.u64 : in->imm.u64;
		break;
	}
	return const_fields(mx, t, kind, index, u64(mx, lo), hi);
}

/* A constant expression: one item for one instruction before `end` (every 2.0 expression),
 * else W2N_CONST_EXPR pointing at the items of all of them (descriptor.h). */
static LLVMValueRef const_expr(struct mx *mx, const struct w2n_desc_types *t,
                               const struct w2n_expr *e)
{
	uint32_t n = e->len > 0 && e->code[e->len - 1].op == W2N_OP_END ? e->len - 1 : e->len;
	if (n == 0)
		return const_fields(mx, t, W2N_CONST_VALUE, 0, u64(mx, 0), 0);
	if (n == 1)
		return const_item(mx, t, &e->code[0]);
	LLVMValueRef *items = values(n);
	for (uint32_t i = 0; i < n; i++)
		items[i] = const_item(mx, t, &e->code[i]);
	LLVMValueRef a = array(mx, t->cnst, items, n, "const_expr");
	free(items);
	/* value.ref holds the items' address: a pointer in the first 64-bit word (both targets are
	 * 64-bit little-endian), written as a relocated ptrtoint constant. */
	return const_fields(mx, t, W2N_CONST_EXPR, n, LLVMConstPtrToInt(a, mx->t_i64), 0);
}

static LLVMValueRef limits(struct mx *mx, const struct w2n_desc_types *t,
                           const struct w2n_limits *l)
{
	LLVMValueRef f[limits_nfields] = {
		[limits_min] = u64(mx, l->min),         [limits_max] = u64(mx, l->max),
		[limits_has_max] = u32(mx, l->has_max), [limits_shared] = u32(mx, l->shared),
		[limits_is64] = u32(mx, l->is64),
	};
	return cstruct(mx, t->limits, f, limits_nfields);
}

static LLVMValueRef types(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->ntypes);
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const struct w2n_functype *ft = &m->types[i];
		LLVMValueRef f[type_nfields] = {
			[type_nparams] = u32(mx, ft->nparams),
			[type_nresults] = u32(mx, ft->nresults),
			[type_types] = type_bytes(mx, ft->types, ft->nparams + ft->nresults),
			[type_refs] = full_types(mx, ft->types, ft->nparams + ft->nresults),
		};
		v[i] = cstruct(mx, t->type, f, type_nfields);
	}
	LLVMValueRef a = array(mx, t->type, v, m->ntypes, "types");
	free(v);
	return a;
}

static LLVMValueRef import_entry(struct mx *mx, const struct w2n_desc_types *t,
                                 const struct w2n_import *im)
{
	const struct w2n_module *m = mx->m;
	struct w2n_limits none = {0};
	const struct w2n_limits *lim = &none;
	uint32_t type = 0, mut = 0;
	switch (im->kind) {
	case W2N_EXT_FUNC:
		type = m->funcs[im->index].type;
		break;
	case W2N_EXT_TABLE:
		type = m->tables[im->index].elem; /* in full: runtime/link.c matches typed refs */
		lim = &m->tables[im->index].limits;
		break;
	case W2N_EXT_MEMORY:
		lim = &m->mems[im->index].limits;
		break;
	case W2N_EXT_GLOBAL:
		type = m->globals[im->index].type;
		mut = m->globals[im->index].mutable_;
		break;
	case W2N_EXT_TAG:
		type = m->tags[im->index].type;
		break;
	}
	LLVMValueRef f[import_nfields] = {
		[import_module] = cstring(mx, im->module.ptr, im->module.len),
		[import_field] = cstring(mx, im->field.ptr, im->field.len),
		[import_kind] = u32(mx, im->kind),
		[import_type] = u32(mx, type),
		[import_mutable_] = u32(mx, mut),
		[import_limits] = limits(mx, t, lim),
	};
	return cstruct(mx, t->import, f, import_nfields);
}

static LLVMValueRef imports(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nimports);
	for (uint32_t i = 0; i < m->nimports; i++)
		v[i] = import_entry(mx, t, &m->imports[i]);
	LLVMValueRef a = array(mx, t->import, v, m->nimports, "imports");
	free(v);
	return a;
}

static LLVMValueRef exports(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nexports);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		LLVMValueRef f[export_nfields] = {
			[export_name] = cstring(mx, e->name.ptr, e->name.len),
			[export_name_len] = u32(mx, e->name.len),
			[export_kind] = u32(mx, e->kind),
			[export_index] = u32(mx, e->index),
		};
		v[i] = cstruct(mx, t->export, f, export_nfields);
	}
	LLVMValueRef a = array(mx, t->export, v, m->nexports, "exports");
	free(v);
	return a;
}

/* Functions the host may call get an array-call trampoline: exports and the start function. */
static void make_trampolines(struct mx *mx)
{
	const struct w2n_module *m = mx->m;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		if (e->kind == W2N_EXT_FUNC && !mx->trampolines[e->index])
			mx->trampolines[e->index] = w2n_lower_trampoline(mx, e->index);
	}
	if (m->has_start && !mx->trampolines[m->start])
		mx->trampolines[m->start] = w2n_lower_trampoline(mx, m->start);
}

/* The native entry of function i, in the C convention: a defined function's code (in a module
 * with tail calls, an entry that calls its tailcc body), or for an import the host-call
 * adapter of its signature (one per signature, made on first use), which the runtime uses when
 * the host supplies the import as a callback (runtime/hostfunc.c). */
static LLVMValueRef native_entry(struct mx *mx, uint32_t i, LLVMValueRef *adapters)
{
	uint32_t type = mx->m->funcs[i].type;
	if (w2n_func(mx, i) && mx->m->tail_calls)
		return w2n_lower_c_entry(mx, i);
	if (w2n_func(mx, i))
		return w2n_func(mx, i);
	if (!adapters[type])
		adapters[type] = w2n_lower_host_adapter(mx, type);
	return adapters[type];
}

/* The tailcc body of function i, which return_call* through a funcref jumps to; NULL for an
 * import and in a module without tail calls, whose bodies use the C convention. */
static LLVMValueRef tail_entry(struct mx *mx, uint32_t i)
{
	if (!mx->m->tail_calls || !w2n_func(mx, i))
		return LLVMConstNull(mx->t_ptr);
	return w2n_func(mx, i);
}

static LLVMValueRef funcs(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nfuncs);
	LLVMValueRef *adapters = values(m->ntypes);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const struct w2n_func *f = &m->funcs[i];
		LLVMValueRef null = LLVMConstNull(mx->t_ptr);
		LLVMValueRef fields[func_nfields] = {
			[func_code] = native_entry(mx, i, adapters),
			[func_array_call] = mx->trampolines[i] ? mx->trampolines[i] : null,
			[func_type] = u32(mx, f->type),
			[func_name] = f->name.len ? cstring(mx, f->name.ptr, f->name.len) : null,
			[func_tail_code] = tail_entry(mx, i),
		};
		v[i] = cstruct(mx, t->func, fields, func_nfields);
	}
	LLVMValueRef a = array(mx, t->func, v, m->nfuncs, "funcs");
	free(v);
	free(adapters);
	return a;
}

static LLVMValueRef tables(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->ntables - m->ntable_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++) {
		const struct w2n_tabletype *tb = &m->tables[m->ntable_imports + i];
		LLVMValueRef f[table_nfields] = {
			[table_elem_type] = u32(mx, tb->elem),
			[table_has_init] = u32(mx, tb->has_init),
			[table_limits] = limits(mx, t, &tb->limits),
			[table_init] = const_expr(mx, t, &tb->init), /* empty without an initializer */
		};
		v[i] = cstruct(mx, t->table, f, table_nfields);
	}
	LLVMValueRef a = array(mx, t->table, v, n, "tables");
	free(v);
	return a;
}

static LLVMValueRef mems(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->nmems - m->nmem_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++)
		v[i] = limits(mx, t, &m->mems[m->nmem_imports + i].limits);
	LLVMValueRef a = array(mx, t->limits, v, n, "mems");
	free(v);
	return a;
}

static LLVMValueRef globals(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->nglobals - m->nglobal_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++) {
		const struct w2n_global *g = &m->globals[m->nglobal_imports + i];
		LLVMValueRef f[global_nfields] = {
			[global_type] = u32(mx, g->type),
			[global_mutable_] = u32(mx, g->mutable_),
			[global_init] = const_expr(mx, t, &g->init),
		};
		v[i] = cstruct(mx, t->global, f, global_nfields);
	}
	LLVMValueRef a = array(mx, t->global, v, n, "globals");
	free(v);
	return a;
}

/* The defined tags' type indices. */
static LLVMValueRef tags(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->ntags - m->ntag_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++)
		v[i] = u32(mx, m->tags[m->ntag_imports + i].type);
	LLVMValueRef a = array(mx, t->i32, v, n, "tags");
	free(v);
	return a;
}

static LLVMValueRef elem_entry(struct mx *mx, const struct w2n_desc_types *t,
                               const struct w2n_elem *e)
{
	LLVMValueRef *inits = values(e->count);
	for (uint32_t k = 0; k < e->count; k++)
		inits[k] = const_expr(mx, t, &e->inits[k]);
	LLVMValueRef f[elem_nfields] = {
		[elem_mode] = u32(mx, e->mode),
		[elem_table] = u32(mx, e->table),
		[elem_elem_type] = u32(mx, w2n_type_repr(e->type)),
		[elem_offset] = const_expr(mx, t, &e->offset),
		[elem_count] = u32(mx, e->count),
		[elem_inits] = array(mx, t->cnst, inits, e->count, "elem"),
	};
	free(inits);
	return cstruct(mx, t->elem, f, elem_nfields);
}

static LLVMValueRef elems(struct mx *mx, const struct w2n_desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nelems);
	for (uint32_t i = 0; i < m->nelems; i++)
		v[i] = elem_entry(mx, t, &m->elems[i]);
	LLVMValueRef a = array(mx, t->elem, v, m->nelems, "elems");
	free(v);
	return a;
}

/* Active segment i's bytes when pre-baking: a weak reference (lower_desc.h says why). */
static LLVMValueRef baked_active_bytes(struct mx *mx, uint32_t i)
{
	char name[128];
	snprintf(name, sizeof name, W2N_ACTIVE_DATA_NAME, mx->opt->prefix ? mx->opt->prefix : "w2n", i);
	LLVMValueRef g = LLVMAddGlobal(mx->mod, mx->t_i8, name);
	LLVMSetLinkage(g, LLVMExternalWeakLinkage);
	return g;
}

/* A segment's bytes. Active ones have none with data images (the images hold them), and are
 * weak references when pre-baking. */
static LLVMValueRef segment_bytes(struct mx *mx, const struct w2n_data *d, uint32_t i,
                                  const struct w2n_data_images *di)
{
	if (d->mode == W2N_SEG_ACTIVE && di != NULL)
		return LLVMConstNull(mx->t_ptr);
	if (d->mode == W2N_SEG_ACTIVE && mx->opt->prebake && d->bytes.len > 0)
		return baked_active_bytes(mx, i);
	return bytes(mx, d->bytes.ptr, d->bytes.len);
}

static LLVMValueRef datas(struct mx *mx, const struct w2n_desc_types *t,
                          const struct w2n_data_images *di)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->ndatas);
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		LLVMValueRef f[data_nfields] = {
			[data_mode] = u32(mx, d->mode),
			[data_memory] = u32(mx, d->memory),
			[data_offset] = const_expr(mx, t, &d->offset),
			[data_size] = u32(mx, d->bytes.len),
			[data_bytes] = segment_bytes(mx, d, i, di),
		};
		v[i] = cstruct(mx, t->data, f, data_nfields);
	}
	LLVMValueRef a = array(mx, t->data, v, m->ndatas, "datas");
	free(v);
	return a;
}

/* The initial contents of each defined memory, when the active data segments are equivalent
 * to them (data_image.c); NULL otherwise, and always in a pre-baked module, whose snapshot
 * replaces the data step. */
static LLVMValueRef data_images(struct mx *mx, const struct w2n_desc_types *t,
                                const struct w2n_data_images *di)
{
	if (di == NULL)
		return LLVMConstNull(mx->t_ptr);
	LLVMValueRef *v = values(di->nmems);
	for (uint32_t i = 0; i < di->nmems; i++)
		v[i] = w2n_image_constant(mx->ctx, mx->mod, t, &di->mems[i]);
	LLVMValueRef a = array(mx, t->image, v, di->nmems, "data_images");
	free(v);
	return a;
}

/* Pre-baked: the snapshot object (compiler/snapshot_emit.c) defines <prefix>_snapshot. The
 * reference is weak, so that the module's object also links without it: the snapshot driver
 * that computes the snapshot runs this very object, and must instantiate it the plain way. */
static LLVMValueRef snapshot(struct mx *mx)
{
	if (!mx->opt->prebake)
		return LLVMConstNull(mx->t_ptr);
	char name[96];
	snprintf(name, sizeof name, "%s_snapshot", mx->opt->prefix ? mx->opt->prefix : "w2n");
	LLVMValueRef g = LLVMAddGlobal(mx->mod, mx->t_i8, name);
	LLVMSetLinkage(g, LLVMExternalWeakLinkage);
	return g;
}

void w2n_lower_descriptor(struct mx *mx)
{
	const struct w2n_module *m = mx->m;
	struct w2n_desc_types t;
	w2n_desc_types_init(mx->ctx, &t);
	assert(w2n_desc_layout_mismatch(LLVMGetModuleDataLayout(mx->mod), &t) == NULL);
	make_trampolines(mx);
	struct w2n_data_images *di = mx->opt->prebake ? NULL : w2n_data_images_build(m);
	/* In field order: the arrays' private globals are created in this order (stable IR). */
	LLVMValueRef f[module_nfields] = {
		[module_abi_version] = u32(mx, W2N_ABI_VERSION),
		[module_bounds_checks] = u32(mx, mx->opt->bounds_checks),
		[module_name] =
			m->name.len ? cstring(mx, m->name.ptr, m->name.len) : LLVMConstNull(mx->t_ptr),
		[module_ntypes] = u32(mx, m->ntypes),
		[module_nimports] = u32(mx, m->nimports),
		[module_nexports] = u32(mx, m->nexports),
		[module_nfuncs] = u32(mx, m->nfuncs),
		[module_ntables] = u32(mx, m->ntables),
		[module_nmems] = u32(mx, m->nmems),
		[module_nglobals] = u32(mx, m->nglobals),
		[module_nelems] = u32(mx, m->nelems),
		[module_ndatas] = u32(mx, m->ndatas),
		[module_types] = types(mx, &t),
		[module_imports] = imports(mx, &t),
		[module_exports] = exports(mx, &t),
		[module_funcs] = funcs(mx, &t),
		[module_tables] = tables(mx, &t),
		[module_mems] = mems(mx, &t),
		[module_globals] = globals(mx, &t),
		[module_elems] = elems(mx, &t),
		[module_datas] = datas(mx, &t, di),
		[module_start] = u64(mx, m->has_start ? m->start : (uint64_t)-1),
		[module_snapshot] = snapshot(mx),
		[module_code_limits] = u32(mx, (mx->opt->interruptible ? W2N_CODE_INTERRUPTIBLE : 0) |
	                                       (mx->opt->fuel ? W2N_CODE_FUEL : 0)),
		[module_data_images] = data_images(mx, &t, di),
		[module_ntags] = u32(mx, m->ntags),
		[module_tags] = tags(mx, &t),
	};
	w2n_data_images_free(di);
	char name[96];
	snprintf(name, sizeof name, "%s_module", mx->opt->prefix ? mx->opt->prefix : "w2n");
	LLVMValueRef desc = LLVMAddGlobal(mx->mod, t.module, name);
	LLVMSetInitializer(desc, cstruct(mx, t.module, f, module_nfields));
	LLVMSetGlobalConstant(desc, 1);
}
