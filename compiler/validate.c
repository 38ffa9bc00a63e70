/* validate.c — module-level validation (spec §3.4 "Modules"): index spaces, limits, imports
 * and exports, segments, the start function, and the set of functions that ref.func may
 * name. Constant expressions are checked in validate_const.c, bodies in validate_code.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "validate.h"

/* ---- types, imports, functions --------------------------------------------------------- */

/* The decoder rejects bad value type bytes; this keeps the validator sound on its own. */
static bool check_types(const struct vmod *vm)
{
	return w2n_vcheck_types(vm);
}

/* Imported and defined functions alike name a type by index. */
static bool check_funcs(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		if (m->funcs[i].type >= m->ntypes)
			return w2n_vfail(vm, m->funcs[i].pos, "unknown type %u (function %u)", m->funcs[i].type,
			                 i);
	}
	return true;
}

/* A tag names a function type whose results are empty (what a throw carries is its
 * parameters). */
static bool check_tags(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	for (uint32_t i = 0; i < m->ntags; i++) {
		const struct w2n_tagtype *t = &m->tags[i];
		if (t->type >= m->ntypes)
			return w2n_vfail(vm, t->pos, "unknown type %u (tag %u)", t->type, i);
		if (m->types[t->type].nresults != 0)
			return w2n_vfail(vm, t->pos, "non-empty tag result type (tag %u)", i);
	}
	return true;
}

/* ---- tables and memories ------------------------------------------------------------- */

static bool check_limits(const struct vmod *vm, const struct w2n_limits *l, uint64_t range,
                         const char *range_msg, uint32_t pos, const char *what, uint32_t idx)
{
	if (l->min > range || (l->has_max && l->max > range))
		return w2n_vfail(vm, pos, "%s (%s %u)", range_msg, what, idx);
	if (l->has_max && l->min > l->max)
		return w2n_vfail(vm, pos,
		                 "size minimum must not be greater than maximum (%s %u: min %llu, "
		                 "max %llu)",
		                 what, idx, (unsigned long long)l->min, (unsigned long long)l->max);
	return true;
}

static bool check_tables(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	char what[48];
	for (uint32_t i = 0; i < m->ntables; i++) {
		const struct w2n_tabletype *t = &m->tables[i];
		if (!w2n_vtype_ok(m, t->elem, m->ntypes) || !w2n_is_reftype(w2n_type_repr(t->elem)))
			return w2n_vfail(vm, t->pos, "invalid reference type (table %u)", i);
		if (!t->has_init && !w2n_type_nullable(t->elem))
			return w2n_vfail(vm, t->pos,
			                 "type mismatch (table %u of non-null references needs an "
			                 "initializer)",
			                 i);
		snprintf(what, sizeof what, "initializer of table %u", i);
		/* Tables are initialized before the module's own globals: only imported ones are read. */
		if (t->has_init && !w2n_validate_const(vm, &t->init, t->elem, m->nglobal_imports, what))
			return false;
		if (!t->limits.is64 &&
		    !check_limits(vm, &t->limits, UINT32_MAX, "table size must be at most 2^32-1", t->pos,
		                  "table", i))
			return false;
		if (t->limits.is64 && !check_limits(vm, &t->limits, UINT64_MAX, "", t->pos, "table", i))
			return false;
		if (t->limits.shared)
			return w2n_vfail(vm, t->pos, "tables may not be shared (table %u)", i);
	}
	return true;
}

/* 32-bit memories reach 4 GiB (2^16 pages), 64-bit ones 2^64 bytes (2^48 pages). */
static bool check_mems(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	for (uint32_t i = 0; i < m->nmems; i++) {
		const struct w2n_memtype *mem = &m->mems[i];
		bool is64 = mem->limits.is64;
		/* Wasm 2.0 allows one memory, 3.0 any number: with multi-memory off, check_features_on
		 * has refused a second one already. */
		if (!check_limits(vm, &mem->limits, is64 ? 1ull << 48 : W2N_MAX_PAGES,
		                  is64 ? "memory size must be at most 2^48 pages"
		                       : "memory size must be at most 65536 pages (4GiB)",
		                  mem->pos, "memory", i))
			return false;
		/* Threads: other threads hold the base, so a shared memory never moves and is reserved
		 * up to its maximum, which it must therefore declare. */
		if (mem->limits.shared && !mem->limits.has_max)
			return w2n_vfail(vm, mem->pos, "shared memory must have maximum (memory %u)", i);
	}
	return true;
}

/* ---- globals and segments -------------------------------------------------------------- */

static bool check_globals(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	char what[48];
	for (uint32_t i = 0; i < m->nglobals; i++) {
		const struct w2n_global *g = &m->globals[i];
		if (!w2n_vtype_ok(m, g->type, m->ntypes))
			return w2n_vfail(vm, g->pos, "invalid value type (global %u)", i);
		if (g->import >= 0)
			continue;
		snprintf(what, sizeof what, "initializer of global %u", i);
		if (!w2n_validate_const(vm, &g->init, g->type, i, what))
			return false;
	}
	return true;
}

static bool check_elem(const struct vmod *vm, const struct w2n_elem *e, uint32_t idx)
{
	const struct w2n_module *m = vm->m;
	char what[64];
	if (!w2n_vtype_ok(m, e->type, m->ntypes) || !w2n_is_reftype(w2n_type_repr(e->type)))
		return w2n_vfail(vm, e->pos, "invalid reference type (element segment %u)", idx);
	if (e->mode == W2N_SEG_ACTIVE) {
		if (e->table >= m->ntables)
			return w2n_vfail(vm, e->pos, "unknown table %u (element segment %u)", e->table, idx);
		w2n_type tt = m->tables[e->table].elem;
		if (!w2n_vsubtype(m, e->type, tt))
			return w2n_vfail(vm, e->pos,
			                 "type mismatch (element segment %u holds %s but table %u "
			                 "holds %s)",
			                 idx, w2n_valtype_name(e->type), e->table, w2n_valtype_name(tt));
		snprintf(what, sizeof what, "offset of element segment %u", idx);
		if (!w2n_validate_const(vm, &e->offset, w2n_addrtype(&m->tables[e->table].limits),
		                        m->nglobals, what))
			return false;
	}
	for (uint32_t k = 0; k < e->count; k++) {
		snprintf(what, sizeof what, "element %u of element segment %u", k, idx);
		if (!w2n_validate_const(vm, &e->inits[k], e->type, m->nglobals, what))
			return false;
	}
	return true;
}

static bool check_elems(const struct vmod *vm)
{
	for (uint32_t i = 0; i < vm->m->nelems; i++) {
		if (!check_elem(vm, &vm->m->elems[i], i))
			return false;
	}
	return true;
}

static bool check_datas(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	char what[48];
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		if (d->mode != W2N_SEG_ACTIVE)
			continue;
		if (d->memory >= m->nmems)
			return w2n_vfail(vm, d->pos, "unknown memory %u (data segment %u)", d->memory, i);
		snprintf(what, sizeof what, "offset of data segment %u", i);
		if (!w2n_validate_const(vm, &d->offset, w2n_addrtype(&m->mems[d->memory].limits),
		                        m->nglobals, what))
			return false;
	}
	return true;
}

/* ---- start and exports ----------------------------------------------------------------- */

static bool check_start(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	if (!m->has_start)
		return true;
	if (m->start >= m->nfuncs)
		return w2n_vfail(vm, m->start_pos, "unknown function %u (start function)", m->start);
	const struct w2n_functype *ft = &m->types[m->funcs[m->start].type];
	if (ft->nparams || ft->nresults)
		return w2n_vfail(vm, m->start_pos,
		                 "start function must have type [] -> [] (function %u has %u "
		                 "parameters and %u results)",
		                 m->start, ft->nparams, ft->nresults);
	return true;
}

static bool check_export_index(const struct vmod *vm, const struct w2n_export *e)
{
	const struct w2n_module *m = vm->m;
	static const char *const kinds[] = {"function", "table", "memory", "global", "tag"};
	uint32_t limit;
	switch (e->kind) {
	case W2N_EXT_FUNC:
		limit = m->nfuncs;
		break;
	case W2N_EXT_TABLE:
		limit = m->ntables;
		break;
	case W2N_EXT_MEMORY:
		limit = m->nmems;
		break;
	case W2N_EXT_GLOBAL:
		limit = m->nglobals;
		break;
	case W2N_EXT_TAG:
		limit = m->ntags;
		break;
	default:
		return w2n_vfail(vm, e->pos, "malformed export kind (%u)", e->kind);
	}
	if (e->index >= limit)
		return w2n_vfail(vm, e->pos, "unknown %s %u (export \"%.*s\")", kinds[e->kind], e->index,
		                 (int)e->name.len, (const char *)e->name.ptr);
	return true;
}

static int cmp_export_names(const void *pa, const void *pb)
{
	const struct w2n_export *a = *(const struct w2n_export *const *)pa;
	const struct w2n_export *b = *(const struct w2n_export *const *)pb;
	uint32_t n = a->name.len < b->name.len ? a->name.len : b->name.len;
	int c = n ? memcmp(a->name.ptr, b->name.ptr, n) : 0;
	if (c)
		return c;
	if (a->name.len != b->name.len)
		return a->name.len < b->name.len ? -1 : 1;
	/* Equal names: keep file order so the later duplicate is the one reported. */
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Sorting pointers finds duplicates in n log n; a module may export many thousands of names. */
static bool check_export_names(const struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	if (m->nexports < 2)
		return true;
	const struct w2n_export **sorted = malloc(m->nexports * sizeof *sorted);
	if (!sorted)
		return w2n_vfail(vm, 0, "out of memory (sorting export names)");
	for (uint32_t i = 0; i < m->nexports; i++)
		sorted[i] = &m->exports[i];
	qsort(sorted, m->nexports, sizeof *sorted, cmp_export_names);
	const struct w2n_export *dup = NULL;
	for (uint32_t i = 1; i < m->nexports && !dup; i++) {
		if (sorted[i]->name.len == sorted[i - 1]->name.len &&
		    memcmp(sorted[i]->name.ptr, sorted[i - 1]->name.ptr, sorted[i]->name.len) == 0)
			dup = sorted[i];
	}
	free(sorted);
	if (dup)
		return w2n_vfail(vm, dup->pos, "duplicate export name \"%.*s\"", (int)dup->name.len,
		                 (const char *)dup->name.ptr);
	return true;
}

static bool check_exports(const struct vmod *vm)
{
	for (uint32_t i = 0; i < vm->m->nexports; i++) {
		if (!check_export_index(vm, &vm->m->exports[i]))
			return false;
	}
	return check_export_names(vm);
}

/* ---- declared function references ------------------------------------------------------- */

static void declare_refs(bool *declared, const struct w2n_module *m, const struct w2n_expr *e)
{
	for (uint32_t i = 0; i < e->len; i++) {
		if (e->code[i].op == W2N_OP_REF_FUNC && e->code[i].imm.idx.a < m->nfuncs)
			declared[e->code[i].imm.idx.a] = true;
	}
}

/* The spec's C.refs: every function index that occurs in the module outside function bodies
 * and the start section. Only those may appear in ref.func inside a body, so that an engine
 * knows ahead of time which functions need a reference. Runs after the segments and
 * globals were validated, so every index seen here is in range. */
static bool collect_declared(struct vmod *vm)
{
	const struct w2n_module *m = vm->m;
	vm->declared = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *vm->declared);
	if (!vm->declared)
		return w2n_vfail(vm, 0, "out of memory (declared function references)");
	for (uint32_t i = 0; i < m->nglobals; i++)
		declare_refs(vm->declared, m, &m->globals[i].init);
	for (uint32_t i = 0; i < m->nelems; i++) {
		declare_refs(vm->declared, m, &m->elems[i].offset);
		for (uint32_t k = 0; k < m->elems[i].count; k++)
			declare_refs(vm->declared, m, &m->elems[i].inits[k]);
	}
	for (uint32_t i = 0; i < m->ndatas; i++)
		declare_refs(vm->declared, m, &m->datas[i].offset);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		if (e->kind == W2N_EXT_FUNC && e->index < m->nfuncs)
			vm->declared[e->index] = true;
	}
	return true;
}

static bool check_bodies(const struct vmod *vm)
{
	for (uint32_t i = vm->m->nfunc_imports; i < vm->m->nfuncs; i++) {
		if (!w2n_validate_body(vm, i))
			return false;
	}
	return true;
}

bool w2n_validate(const struct w2n_module *m, struct w2n_diag *dg)
{
	return w2n_validate_features(m, 0, dg);
}

/* A module that uses a feature turned off is refused first, at that feature's first use: of all
 * its errors, that is the one the caller asked about. */
static bool check_features_on(const struct vmod *vm)
{
	if (!vm->off)
		return true;
	struct w2n_feature_uses u;
	w2n_module_features(vm->m, &u);
	uint64_t refused = u.mask & vm->off;
	if (!refused)
		return true;
	enum w2n_feature first = W2N_FEAT_COUNT;
	for (unsigned f = 0; f < W2N_FEAT_COUNT; f++)
		if (refused & 1ull << f && (first == W2N_FEAT_COUNT || u.pos[f] < u.pos[first]))
			first = (enum w2n_feature)f;
	return w2n_vfail(vm, u.pos[first], "%s disabled (feature %s; %s)", w2n_feature_name(first),
	                 w2n_feature_flag(first), u.what[first]);
}

bool w2n_validate_features(const struct w2n_module *m, uint64_t off, struct w2n_diag *dg)
{
	struct vmod vm = {.m = m, .dg = dg, .off = off};
	/* The order of the spec's module rule; bodies last, as they are most of the work. */
	bool ok = check_features_on(&vm) && check_types(&vm) && check_funcs(&vm) && check_tags(&vm) &&
	          check_tables(&vm) && check_mems(&vm) && check_globals(&vm) && check_elems(&vm) &&
	          check_datas(&vm) && check_start(&vm) && check_exports(&vm) && collect_declared(&vm) &&
	          check_bodies(&vm);
	free(vm.declared);
	return ok;
}
