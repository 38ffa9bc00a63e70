/* link.c — resolving imports and checking their types (Wasm 2.0 "import matching").
 *
 * Each import is asked of the host's resolver by module and field name. Nothing → "unknown
 * import". Something of another kind or type → "incompatible import type": functions by
 * canonical signature id; tables by element type and limits; memories by limits; globals by
 * value type and mutability; tags by canonical signature id. Limits match when the provided object's current size is at least
 * the import's minimum and, if the import declares a maximum, the object has a maximum no
 * larger. A table without maximum has max UINT32_MAX and a memory without one has
 * W2N_MAX_PAGES, so an object declared with exactly that maximum counts as having none.
 *
 * A host function definition (W2N_EXT_HOST_FUNC, host.h) matches a function import of the
 * same signature and becomes a function of the importing instance (hostfunc.c). An import
 * from another instance (ext.owner) holds a reference to it (lifecycle.c). */
#include "rt.h"

static const char *const kind_names[W2N_EXT_COUNT] = {
	[W2N_EXT_FUNC] = "function", [W2N_EXT_TABLE] = "table", [W2N_EXT_MEMORY] = "memory",
	[W2N_EXT_GLOBAL] = "global", [W2N_EXT_TAG] = "tag",
};

static bool limits_match(uint64_t size, uint64_t max, bool has_max,
                         const struct w2n_desc_limits *want)
{
	if (size < want->min)
		return false;
	return !want->has_max || (has_max && max <= want->max);
}

uint32_t w2n_rt_reftype(const struct w2n_instance *inst, uint32_t type)
{
	unsigned heap = w2n_type_heap(type);
	if (heap < W2N_HEAP_FIRST_CONCRETE)
		return type;
	uint32_t id = inst->vmctx.type_ids[heap - W2N_HEAP_FIRST_CONCRETE];
	return (type & ~(~0u << W2N_HEAP_SHIFT)) | (id + W2N_HEAP_FIRST_CONCRETE) << W2N_HEAP_SHIFT;
}

/* 3.0 import matching of globals: an immutable global may provide a subtype of the imported
 * type (a (ref $t) for a funcref import, ...), a mutable one exactly the type. Both types are
 * canonical (w2n_rt_reftype): concrete types compare by their canonical ids. */
static bool global_matches(uint32_t got, uint32_t want, bool mutable_)
{
	if (got == want)
		return true;
	if (mutable_ || w2n_type_repr(got) != w2n_type_repr(want) ||
	    !w2n_is_reftype(w2n_type_repr(got)))
		return false;
	if (w2n_type_nullable(got) && !w2n_type_nullable(want))
		return false;
	unsigned g = w2n_type_heap(got), w = w2n_type_heap(want);
	return g == w || w == W2N_HEAP_TOP || g == W2N_HEAP_BOTTOM;
}

/* Why `ext` cannot satisfy `imp`, or NULL if it can. */
static const char *mismatch(const struct w2n_instance *inst, const struct w2n_desc_import *imp,
                            uint32_t index, const struct w2n_extern *ext)
{
	static const char *const provided_as[W2N_EXT_COUNT] = {
		[W2N_EXT_FUNC] = "provided as a function", [W2N_EXT_TABLE] = "provided as a table",
		[W2N_EXT_MEMORY] = "provided as a memory", [W2N_EXT_GLOBAL] = "provided as a global",
		[W2N_EXT_TAG] = "provided as a tag",
	};
	if (ext->kind == W2N_EXT_HOST_FUNC && imp->kind == W2N_EXT_FUNC)
		return w2n_host_func_mismatch(inst, imp, index, ext->u.host);
	if (ext->kind != imp->kind)
		return ext->kind < W2N_EXT_COUNT ? provided_as[ext->kind] : "provided as an unknown kind";
	switch (imp->kind) {
	case W2N_EXT_FUNC:
		if (ext->u.func == NULL || ext->u.func->type_id != inst->vmctx.type_ids[imp->type])
			return "signature differs";
		return NULL;
	case W2N_EXT_TABLE: {
		const struct w2n_table *t = ext->u.table;
		if (t->ref_type != w2n_rt_reftype(inst, imp->type))
			return "element type differs";
		if (t->is64 != imp->limits.is64)
			return "table address type differs";
		if (!limits_match(t->size, t->max, t->max != UINT32_MAX, &imp->limits))
			return "table limits differ";
		return NULL;
	}
	case W2N_EXT_MEMORY: {
		const struct w2n_memory *m = ext->u.memory;
		if (m->is64 != imp->limits.is64)
			return "memory address type differs";
		if (!limits_match(m->size / W2N_PAGE_SIZE, m->max_pages,
		                  m->max_pages < w2n_memory_page_limit(m), &imp->limits))
			return "memory limits differ";
		/* Threads: sharing is part of the memory type and must match both ways. */
		if (!m->shared != !imp->limits.shared)
			return imp->limits.shared ? "memory is not shared" : "memory is shared";
		/* Code compiled for guard pages does not check bounds: it needs the reservation. */
		if (!inst->desc->bounds_checks && m->reserved == 0)
			return "memory has no guard reservation and the module has no bounds checks";
		return NULL;
	}
	case W2N_EXT_TAG:
		if (ext->u.tag == NULL || ext->u.tag->type_id != inst->vmctx.type_ids[imp->type])
			return "tag type differs";
		return NULL;
	default:
		if (ext->u.global.mutable_ != imp->mutable_ ||
		    !global_matches(ext->u.global.type, w2n_rt_reftype(inst, imp->type), imp->mutable_))
			return "global type differs";
		return NULL;
	}
}

static bool bind(struct w2n_instance *inst, const struct w2n_desc_import *imp,
                 const struct w2n_extern *ext, uint32_t index)
{
	if (ext->kind == W2N_EXT_HOST_FUNC)
		return w2n_host_func_bind(inst, imp, ext->u.host, index);
	switch (imp->kind) {
	case W2N_EXT_FUNC:
		/* A copy: code, vmctx and type id of the exporter, called like our own functions. */
		inst->vmctx.funcs[index] = *ext->u.func;
		break;
	case W2N_EXT_TABLE:
		inst->vmctx.tables[index] = ext->u.table;
		break;
	case W2N_EXT_MEMORY:
		inst->mems[index] = ext->u.memory;
		break;
	case W2N_EXT_TAG:
		inst->vmctx.tags[index] = ext->u.tag;
		break;
	default:
		inst->vmctx.globals[index] = ext->u.global.cell;
		break;
	}
	return true;
}

static bool link_error(struct w2n_error *err, const char *what, const struct w2n_desc_import *imp,
                       const char *why)
{
	err->kind = W2N_ERR_LINK;
	const char *kind = imp->kind < W2N_EXT_COUNT ? kind_names[imp->kind] : "import of unknown kind";
	if (why == NULL)
		w2n_fmt(err->message, sizeof err->message, "%s (%s %s.%s)", what, kind, imp->module,
		        imp->field);
	else
		w2n_fmt(err->message, sizeof err->message, "%s (%s %s.%s: %s)", what, kind, imp->module,
		        imp->field, why);
	return false;
}

bool w2n_link_imports(struct w2n_instance *inst, w2n_resolve_fn resolve, void *ctx,
                      struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	uint32_t next[W2N_EXT_COUNT] = {0}; /* next index per kind */
	for (uint32_t i = 0; i < desc->nimports; i++) {
		const struct w2n_desc_import *imp = &desc->imports[i];
		struct w2n_extern ext = {.kind = UINT32_MAX};
		if (imp->kind >= W2N_EXT_COUNT || resolve == NULL ||
		    !resolve(ctx, imp->module, imp->field, &ext))
			return link_error(err, "unknown import", imp, NULL);
		const char *why = mismatch(inst, imp, next[imp->kind], &ext);
		if (why != NULL)
			return link_error(err, "incompatible import type", imp, why);
		if (!bind(inst, imp, &ext, next[imp->kind]++)) {
			err->kind = W2N_ERR_RESOURCE;
			w2n_fmt(err->message, sizeof err->message, "out of memory (host function %s.%s)",
			        imp->module, imp->field);
			return false;
		}
		if (ext.owner != NULL && ext.owner != inst)
			w2n_instance_hold(inst, i, ext.owner);
	}
	return true;
}
