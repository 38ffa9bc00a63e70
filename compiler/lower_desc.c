/* lower_desc.c — emits the module descriptor (include/wasm2native/descriptor.h) as constant
 * data: `const struct w2n_module_desc <prefix>_module`.
 *
 * The LLVM struct types below mirror the C structs field by field; LLVM's natural layout for
 * i32/i64/ptr fields on our 64-bit targets equals the C layout, and descriptor.h pins the C
 * sizes with _Static_asserts that these types are checked against in w2n_lower_descriptor. */
#include "lower.h"

#include <assert.h>
#include <llvm-c/Target.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/descriptor.h"

struct desc_types {
	LLVMTypeRef val, cnst, limits, type, import, export, func, table, global, elem, data, module;
};

static LLVMTypeRef make_struct(struct mx *mx, LLVMTypeRef *fields, unsigned n)
{
	return LLVMStructTypeInContext(mx->ctx, fields, n, 0);
}

static void init_types(struct mx *mx, struct desc_types *t)
{
	LLVMTypeRef i32 = mx->t_i32, i64 = mx->t_i64, ptr = mx->t_ptr;
	t->val = LLVMArrayType2(i64, 2); /* union w2n_val: 16 bytes, 8-aligned */
	t->cnst = make_struct(mx, (LLVMTypeRef[]){i32, i32, t->val}, 3);
	t->limits = make_struct(mx, (LLVMTypeRef[]){i64, i64, i32}, 3);
	t->type = make_struct(mx, (LLVMTypeRef[]){i32, i32, ptr}, 3);
	t->import = make_struct(mx, (LLVMTypeRef[]){ptr, ptr, i32, i32, i32, t->limits}, 6);
	t->export = make_struct(mx, (LLVMTypeRef[]){ptr, i32, i32, i32}, 4);
	t->func = make_struct(mx, (LLVMTypeRef[]){ptr, ptr, i32, ptr}, 4);
	t->table = make_struct(mx, (LLVMTypeRef[]){i32, t->limits}, 2);
	t->global = make_struct(mx, (LLVMTypeRef[]){i32, i32, t->cnst}, 3);
	t->elem = make_struct(mx, (LLVMTypeRef[]){i32, i32, i32, t->cnst, i32, ptr}, 6);
	t->data = make_struct(mx, (LLVMTypeRef[]){i32, i32, t->cnst, i32, ptr}, 5);
	LLVMTypeRef mod[22];
	mod[0] = mod[1] = i32;
	mod[2] = ptr;
	for (int i = 3; i < 12; i++)
		mod[i] = i32;
	for (int i = 12; i < 21; i++)
		mod[i] = ptr;
	mod[21] = i64;
	t->module = make_struct(mx, mod, 22);
}

static LLVMValueRef u32(struct mx *mx, uint64_t v)
{
	return LLVMConstInt(mx->t_i32, v, 0);
}

static LLVMValueRef u64(struct mx *mx, uint64_t v)
{
	return LLVMConstInt(mx->t_i64, v, 0);
}

/* Literal struct constants: LLVM uniques literal struct types, so the constant's type is the
 * `type` built in init_types from the same field types. */
static LLVMValueRef cstruct(struct mx *mx, LLVMTypeRef type, LLVMValueRef *vals, unsigned n)
{
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

/* A Wasm 2.0 constant expression is exactly one instruction before `end`. */
static LLVMValueRef const_expr(struct mx *mx, struct desc_types *t, const struct w2n_expr *e)
{
	uint32_t kind = W2N_CONST_VALUE, index = 0;
	uint64_t lo = 0, hi = 0;
	if (e->len > 0) {
		const struct w2n_instr *in = &e->code[0];
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
		case W2N_OP_V128_CONST:
			memcpy(&lo, in->imm.v128, 8);
			memcpy(&hi, in->imm.v128 + 8, 8);
			break;
		case W2N_OP_I32_CONST: /* only the low 4 bytes are read as i32 (little endian) */
		default:
			lo = in->op == W2N_OP_I32_CONST ? (uint32_t)in->imm.u64 : in->imm.u64;
			break;
		}
	}
	LLVMValueRef words[2] = {u64(mx, lo), u64(mx, hi)};
	LLVMValueRef fields[3] = {u32(mx, kind), u32(mx, index), LLVMConstArray2(mx->t_i64, words, 2)};
	return cstruct(mx, t->cnst, fields, 3);
}

static LLVMValueRef limits(struct mx *mx, struct desc_types *t, const struct w2n_limits *l)
{
	LLVMValueRef f[3] = {u64(mx, l->min), u64(mx, l->max), u32(mx, l->has_max)};
	return cstruct(mx, t->limits, f, 3);
}

static LLVMValueRef types(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->ntypes);
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const struct w2n_functype *ft = &m->types[i];
		LLVMValueRef f[3] = {u32(mx, ft->nparams), u32(mx, ft->nresults),
		                     bytes(mx, ft->types, ft->nparams + ft->nresults)};
		v[i] = cstruct(mx, t->type, f, 3);
	}
	LLVMValueRef a = array(mx, t->type, v, m->ntypes, "types");
	free(v);
	return a;
}

static LLVMValueRef import_entry(struct mx *mx, struct desc_types *t, const struct w2n_import *im)
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
		type = m->tables[im->index].elem;
		lim = &m->tables[im->index].limits;
		break;
	case W2N_EXT_MEMORY:
		lim = &m->mems[im->index].limits;
		break;
	case W2N_EXT_GLOBAL:
		type = m->globals[im->index].type;
		mut = m->globals[im->index].mutable_;
		break;
	}
	LLVMValueRef f[6] = {cstring(mx, im->module.ptr, im->module.len),
	                     cstring(mx, im->field.ptr, im->field.len),
	                     u32(mx, im->kind),
	                     u32(mx, type),
	                     u32(mx, mut),
	                     limits(mx, t, lim)};
	return cstruct(mx, t->import, f, 6);
}

static LLVMValueRef imports(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nimports);
	for (uint32_t i = 0; i < m->nimports; i++)
		v[i] = import_entry(mx, t, &m->imports[i]);
	LLVMValueRef a = array(mx, t->import, v, m->nimports, "imports");
	free(v);
	return a;
}

static LLVMValueRef exports(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nexports);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		LLVMValueRef f[4] = {cstring(mx, e->name.ptr, e->name.len), u32(mx, e->name.len),
		                     u32(mx, e->kind), u32(mx, e->index)};
		v[i] = cstruct(mx, t->export, f, 4);
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

static LLVMValueRef funcs(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nfuncs);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const struct w2n_func *f = &m->funcs[i];
		LLVMValueRef null = LLVMConstNull(mx->t_ptr);
		LLVMValueRef fields[4] = {
			mx->fns[i] ? mx->fns[i] : null,
			mx->trampolines[i] ? mx->trampolines[i] : null,
			u32(mx, f->type),
			f->name.len ? cstring(mx, f->name.ptr, f->name.len) : null,
		};
		v[i] = cstruct(mx, t->func, fields, 4);
	}
	LLVMValueRef a = array(mx, t->func, v, m->nfuncs, "funcs");
	free(v);
	return a;
}

static LLVMValueRef tables(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->ntables - m->ntable_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++) {
		const struct w2n_tabletype *tb = &m->tables[m->ntable_imports + i];
		LLVMValueRef f[2] = {u32(mx, tb->elem), limits(mx, t, &tb->limits)};
		v[i] = cstruct(mx, t->table, f, 2);
	}
	LLVMValueRef a = array(mx, t->table, v, n, "tables");
	free(v);
	return a;
}

static LLVMValueRef mems(struct mx *mx, struct desc_types *t)
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

static LLVMValueRef globals(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	uint32_t n = m->nglobals - m->nglobal_imports;
	LLVMValueRef *v = values(n);
	for (uint32_t i = 0; i < n; i++) {
		const struct w2n_global *g = &m->globals[m->nglobal_imports + i];
		LLVMValueRef f[3] = {u32(mx, g->type), u32(mx, g->mutable_), const_expr(mx, t, &g->init)};
		v[i] = cstruct(mx, t->global, f, 3);
	}
	LLVMValueRef a = array(mx, t->global, v, n, "globals");
	free(v);
	return a;
}

static LLVMValueRef elem_entry(struct mx *mx, struct desc_types *t, const struct w2n_elem *e)
{
	LLVMValueRef *inits = values(e->count);
	for (uint32_t k = 0; k < e->count; k++)
		inits[k] = const_expr(mx, t, &e->inits[k]);
	LLVMValueRef f[6] = {u32(mx, e->mode),  u32(mx, e->table),
	                     u32(mx, e->type),  const_expr(mx, t, &e->offset),
	                     u32(mx, e->count), array(mx, t->cnst, inits, e->count, "elem")};
	free(inits);
	return cstruct(mx, t->elem, f, 6);
}

static LLVMValueRef elems(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->nelems);
	for (uint32_t i = 0; i < m->nelems; i++)
		v[i] = elem_entry(mx, t, &m->elems[i]);
	LLVMValueRef a = array(mx, t->elem, v, m->nelems, "elems");
	free(v);
	return a;
}

static LLVMValueRef datas(struct mx *mx, struct desc_types *t)
{
	const struct w2n_module *m = mx->m;
	LLVMValueRef *v = values(m->ndatas);
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		LLVMValueRef f[5] = {u32(mx, d->mode), u32(mx, d->memory), const_expr(mx, t, &d->offset),
		                     u32(mx, d->bytes.len), bytes(mx, d->bytes.ptr, d->bytes.len)};
		v[i] = cstruct(mx, t->data, f, 5);
	}
	LLVMValueRef a = array(mx, t->data, v, m->ndatas, "datas");
	free(v);
	return a;
}

/* Checks the mirrored LLVM layouts against the C structs (a mismatch is a compiler bug). */
static void check_layout(struct mx *mx, struct desc_types *t)
{
	LLVMTargetDataRef dl = LLVMGetModuleDataLayout(mx->mod);
	(void)dl;
	assert(LLVMABISizeOfType(dl, t->cnst) == sizeof(struct w2n_desc_const));
	assert(LLVMABISizeOfType(dl, t->import) == sizeof(struct w2n_desc_import));
	assert(LLVMABISizeOfType(dl, t->export) == sizeof(struct w2n_desc_export));
	assert(LLVMABISizeOfType(dl, t->func) == sizeof(struct w2n_desc_func));
	assert(LLVMABISizeOfType(dl, t->elem) == sizeof(struct w2n_desc_elem));
	assert(LLVMABISizeOfType(dl, t->data) == sizeof(struct w2n_desc_data));
	assert(LLVMABISizeOfType(dl, t->module) == sizeof(struct w2n_module_desc));
	assert(LLVMOffsetOfElement(dl, t->module, 21) == offsetof(struct w2n_module_desc, start));
}

void w2n_lower_descriptor(struct mx *mx)
{
	const struct w2n_module *m = mx->m;
	struct desc_types t;
	init_types(mx, &t);
	check_layout(mx, &t);
	make_trampolines(mx);
	LLVMValueRef f[22] = {
		u32(mx, W2N_ABI_VERSION),
		u32(mx, mx->opt->bounds_checks),
		m->name.len ? cstring(mx, m->name.ptr, m->name.len) : LLVMConstNull(mx->t_ptr),
		u32(mx, m->ntypes),
		u32(mx, m->nimports),
		u32(mx, m->nexports),
		u32(mx, m->nfuncs),
		u32(mx, m->ntables),
		u32(mx, m->nmems),
		u32(mx, m->nglobals),
		u32(mx, m->nelems),
		u32(mx, m->ndatas),
		types(mx, &t),
		imports(mx, &t),
		exports(mx, &t),
		funcs(mx, &t),
		tables(mx, &t),
		mems(mx, &t),
		globals(mx, &t),
		elems(mx, &t),
		datas(mx, &t),
		u64(mx, m->has_start ? m->start : (uint64_t)-1),
	};
	char name[96];
	snprintf(name, sizeof name, "%s_module", mx->opt->prefix ? mx->opt->prefix : "w2n");
	LLVMValueRef desc = LLVMAddGlobal(mx->mod, t.module, name);
	LLVMSetInitializer(desc, cstruct(mx, t.module, f, 22));
	LLVMSetGlobalConstant(desc, 1);
}
