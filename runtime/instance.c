/* instance.c — instantiation (Wasm 2.0 §4.5.4, in its order), exports, and finding the
 * function behind a code address.
 *
 * An instance is one allocation per index space (funcs, tables, globals, memories, type ids,
 * segments). Imports fill the first entries of each space, the module's own definitions the
 * rest. The descriptor's counts (nfuncs, ntables, nmems, nglobals) are whole index spaces; its
 * tables, mems and globals arrays list the definitions only.
 *
 * A pre-baked module (desc->snapshot, image.h) is instantiated from its snapshot instead:
 * memories, tables and globals take the state initialization left at build time (image.c),
 * and the segments and the start function, which ran then, do not run again.
 *
 * A failed instantiation releases the instance (lifecycle.c), with one exception: once
 * element segments have been written into an imported table, that table may call this
 * instance's functions (the spec's linking tests do, after the failure), so such an instance
 * is pinned: never released. */
#include "rt.h"

static bool oom(struct w2n_error *err, const char *what)
{
	err->kind = W2N_ERR_RESOURCE;
	w2n_fmt(err->message, sizeof err->message, "out of memory (%s)", what);
	return false;
}

/* The instance with its index spaces allocated and the canonical type ids filled in. */
static struct w2n_instance *allocate(const struct w2n_module_desc *desc, struct w2n_error *err)
{
	struct w2n_instance *inst = w2n_calloc(1, sizeof *inst);
	if (inst == NULL) {
		oom(err, "instance");
		return NULL;
	}
	inst->desc = desc;
	inst->timer = -1; /* no deadline timer yet (limits.c) */
	for (uint32_t i = 0; i < desc->nimports; i++) {
		if (desc->imports[i].kind < W2N_EXT_COUNT)
			inst->nimported[desc->imports[i].kind]++;
	}
	/* Counts are index-space sizes, imports included; the arrays hold definitions only. */
	if (inst->nimported[W2N_EXT_FUNC] > desc->nfuncs ||
	    inst->nimported[W2N_EXT_TABLE] > desc->ntables ||
	    inst->nimported[W2N_EXT_MEMORY] > desc->nmems ||
	    inst->nimported[W2N_EXT_GLOBAL] > desc->nglobals ||
	    inst->nimported[W2N_EXT_TAG] > desc->ntags) {
		w2n_free(inst);
		err->kind = W2N_ERR_LINK;
		w2n_fmt(err->message, sizeof err->message, "malformed module descriptor");
		return NULL;
	}
	inst->refs = 1;
	inst->peer = inst;
	uint32_t *type_ids = w2n_calloc(desc->ntypes, sizeof *type_ids);
	inst->vmctx = (struct w2n_vmctx){
		.stack_limit = w2n_stack_limit(),
		.globals = w2n_calloc(desc->nglobals, sizeof(void *)),
		.tables = w2n_calloc(desc->ntables, sizeof(struct w2n_table *)),
		.funcs = w2n_calloc(desc->nfuncs, sizeof(struct w2n_funcref)),
		.type_ids = type_ids,
		.instance = inst,
		.tags = w2n_calloc(desc->ntags, sizeof(struct w2n_tag *)),
	};
	inst->mems = w2n_calloc(desc->nmems, sizeof *inst->mems);
	inst->elems = w2n_calloc(desc->nelems, sizeof *inst->elems);
	inst->data_sizes = w2n_calloc(desc->ndatas, sizeof *inst->data_sizes);
	inst->owners = w2n_calloc(desc->nimports, sizeof *inst->owners);
	bool ok = type_ids && inst->vmctx.globals && inst->vmctx.tables && inst->vmctx.funcs &&
	          inst->mems && inst->elems && inst->data_sizes && inst->owners &&
	          (inst->vmctx.tags || desc->ntags == 0);
	ok = ok && w2n_module_type_ids(desc, desc->ntypes, type_ids);
	if (!ok) {
		w2n_instance_release(inst);
		oom(err, "instance");
		return NULL;
	}
	for (uint32_t i = 0; i < desc->ndatas; i++)
		inst->data_sizes[i] = desc->datas[i].size;
	return inst;
}

/* A pre-baked module's memories start at their snapshot size, with their images. */
static bool define_memories(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	const struct w2n_desc_snapshot *snap = desc->snapshot;
	for (uint32_t i = inst->nimported[W2N_EXT_MEMORY]; i < desc->nmems; i++) {
		uint32_t k = i - inst->nimported[W2N_EXT_MEMORY];
		const struct w2n_desc_limits *l = &desc->mems[k];
		uint64_t min = snap != NULL ? snap->mems[k].pages : l->min;
		uint64_t cap = inst->limits.max_memory;
		if (!w2n_limits_check_min("memory", min * W2N_PAGE_SIZE, cap, "bytes", err))
			return false;
		struct w2n_memory *m = w2n_memory_of_type(l, min, !desc->bounds_checks, err);
		if (m == NULL)
			return false;
		if (snap != NULL && !w2n_memory_apply_image(m, &snap->mems[k])) {
			err->kind = W2N_ERR_LINK;
			w2n_fmt(err->message, sizeof err->message, "malformed memory image (memory %u)", i);
			return false;
		}
		m->limit_bytes = cap;
		inst->mems[i] = m;
	}
	inst->vmctx.memory = desc->nmems != 0 ? inst->mems[0] : NULL;
	inst->vmctx.memories = inst->mems;
	return true;
}

static bool define_tables(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = inst->nimported[W2N_EXT_TABLE]; i < desc->ntables; i++) {
		uint32_t k = i - inst->nimported[W2N_EXT_TABLE];
		const struct w2n_desc_table *dt = &desc->tables[k];
		const struct w2n_desc_limits *l = &dt->limits;
		uint32_t max = l->has_max && l->max < UINT32_MAX ? (uint32_t)l->max : UINT32_MAX;
		uint32_t min = l->min < UINT32_MAX ? (uint32_t)l->min : UINT32_MAX;
		if (desc->snapshot != NULL)
			min = desc->snapshot->tables[k].size; /* filled by w2n_snapshot_apply */
		uint32_t cap = inst->limits.max_table;
		if (!w2n_limits_check_min("table", min, cap, "elements", err))
			return false;
		struct w2n_table *t = w2n_table_new((uint8_t)dt->elem_type, min, max, err);
		if (t == NULL)
			return false;
		t->limit = cap;
		t->is64 = l->is64;
		t->ref_type = w2n_rt_reftype(inst, dt->elem_type);
		inst->vmctx.tables[i] = t;
	}
	return true;
}

/* 3.0's table initializers (typed function references): a table whose elements cannot be
 * null starts filled with its expression's value, evaluated after the globals it may read. */
static void init_tables(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = inst->nimported[W2N_EXT_TABLE]; i < desc->ntables; i++) {
		const struct w2n_desc_table *dt = &desc->tables[i - inst->nimported[W2N_EXT_TABLE]];
		if (!dt->has_init)
			continue;
		struct w2n_table *t = inst->vmctx.tables[i];
		void *ref = w2n_eval_const(inst, &dt->init).ref;
		for (uint32_t k = 0; k < t->size; k++)
			t->elems[k] = ref;
	}
}

static void define_funcs(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = inst->nimported[W2N_EXT_FUNC]; i < desc->nfuncs; i++) {
		const struct w2n_desc_func *f = &desc->funcs[i];
		inst->vmctx.funcs[i] = (struct w2n_funcref){
			.code = f->code,
			.vmctx = &inst->vmctx,
			.array_call = f->array_call,
			.type_id = inst->vmctx.type_ids[f->type],
			.func_index = i,
			.tail_code = f->tail_code,
		};
	}
}

/* Each defined tag is a new identity: catch clauses compare them by address. */
static bool define_tags(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	uint32_t nimp = inst->nimported[W2N_EXT_TAG], n = desc->ntags - nimp;
	if (n == 0)
		return true;
	inst->tag_objs = w2n_calloc(n, sizeof *inst->tag_objs);
	if (inst->tag_objs == NULL)
		return oom(err, "tags");
	for (uint32_t i = 0; i < n; i++) {
		inst->tag_objs[i].type_id = inst->vmctx.type_ids[desc->tags[i]];
		inst->vmctx.tags[nimp + i] = &inst->tag_objs[i];
	}
	return true;
}

/* Globals come after functions: a global may be initialized with ref.func (or, pre-baked,
 * hold a function reference). */
static bool define_globals(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	uint32_t n = desc->nglobals - inst->nimported[W2N_EXT_GLOBAL];
	union w2n_val *cells = w2n_calloc(n, sizeof *cells);
	if (cells == NULL)
		return oom(err, "globals");
	inst->cells = cells;
	for (uint32_t i = 0; i < n; i++)
		inst->vmctx.globals[inst->nimported[W2N_EXT_GLOBAL] + i] = &cells[i];
	w2n_globals_init(inst);
	return true;
}

void w2n_globals_init(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = 0; i < desc->nglobals - inst->nimported[W2N_EXT_GLOBAL]; i++)
		inst->cells[i] = desc->snapshot != NULL ? w2n_snapshot_global(inst, i)
		                                        : w2n_eval_const(inst, &desc->globals[i].init);
}

bool w2n_run_start(struct w2n_instance *inst, struct w2n_error *err)
{
	union w2n_val vals[1];
	if (inst->desc->start < 0)
		return true;
	return w2n_call(&inst->vmctx.funcs[inst->desc->start], vals, err);
}

/* After a failure from segment initialization on: pins the instance if an imported table may
 * now hold its functions, releases it otherwise. */
static struct w2n_instance *failed_late(struct w2n_instance *inst)
{
	if (inst->nimported[W2N_EXT_TABLE] == 0 || inst->desc->nelems == 0)
		w2n_instance_release(inst);
	return NULL;
}

struct w2n_instance *w2n_instantiate(const struct w2n_module_desc *desc, w2n_resolve_fn resolve,
                                     void *ctx, struct w2n_error *err)
{
	return w2n_instantiate_limited(desc, resolve, ctx, NULL, err);
}

struct w2n_instance *w2n_instantiate_limited(const struct w2n_module_desc *desc,
                                             w2n_resolve_fn resolve, void *ctx,
                                             const struct w2n_instance_limits *limits,
                                             struct w2n_error *err)
{
	*err = (struct w2n_error){.kind = W2N_ERR_NONE};
	if (desc->abi_version != W2N_ABI_VERSION) {
		err->kind = W2N_ERR_LINK;
		w2n_fmt(err->message, sizeof err->message,
		        "module built for runtime ABI %u, this runtime has ABI %u", desc->abi_version,
		        W2N_ABI_VERSION);
		return NULL;
	}
	if (!w2n_thread_ready(err))
		return NULL;
	if (!w2n_module_register(desc)) {
		oom(err, "module registry");
		return NULL;
	}
	struct w2n_instance *inst = allocate(desc, err);
	if (inst == NULL)
		return NULL;
	if (!w2n_limits_init(inst, limits, err) || !w2n_link_imports(inst, resolve, ctx, err) ||
	    !define_memories(inst, err) || !define_tables(inst, err) || !define_tags(inst, err)) {
		w2n_instance_release(inst);
		return NULL;
	}
	define_funcs(inst);
	if (!define_globals(inst, err) || !w2n_elems_eval(inst, err)) {
		w2n_instance_release(inst);
		return NULL;
	}
	if (desc->snapshot != NULL) {
		/* Segments and the start function ran when the module was baked. */
		w2n_snapshot_apply(inst);
		return inst;
	}
	init_tables(inst);
	if (!w2n_segments_init(inst, err) || !w2n_run_start(inst, err))
		return failed_late(inst);
	return inst;
}

/* The value type and mutability of global `index`, imported or defined. */
static void global_type(const struct w2n_instance *inst, uint32_t index, uint32_t *type,
                        uint32_t *mutable_)
{
	const struct w2n_module_desc *desc = inst->desc;
	if (index >= inst->nimported[W2N_EXT_GLOBAL]) {
		*type = w2n_rt_reftype(inst, desc->globals[index - inst->nimported[W2N_EXT_GLOBAL]].type);
		*mutable_ = desc->globals[index - inst->nimported[W2N_EXT_GLOBAL]].mutable_;
		return;
	}
	for (uint32_t i = 0, k = 0; i < desc->nimports; i++) {
		if (desc->imports[i].kind == W2N_EXT_GLOBAL && k++ == index) {
			*type = w2n_rt_reftype(inst, desc->imports[i].type);
			*mutable_ = desc->imports[i].mutable_;
			return;
		}
	}
}

bool w2n_instance_export(struct w2n_instance *inst, const char *name, struct w2n_extern *out)
{
	return w2n_instance_export_n(inst, name, strlen(name), out);
}

bool w2n_instance_export_n(struct w2n_instance *inst, const char *name, size_t len,
                           struct w2n_extern *out)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = 0; i < desc->nexports; i++) {
		const struct w2n_desc_export *e = &desc->exports[i];
		if (e->name_len != len || memcmp(e->name, name, len) != 0)
			continue;
		*out = (struct w2n_extern){.kind = e->kind, .owner = inst};
		switch (e->kind) {
		case W2N_EXT_FUNC:
			out->u.func = &inst->vmctx.funcs[e->index];
			break;
		case W2N_EXT_TABLE:
			out->u.table = inst->vmctx.tables[e->index];
			break;
		case W2N_EXT_MEMORY:
			out->u.memory = inst->mems[e->index];
			break;
		case W2N_EXT_TAG:
			out->u.tag = inst->vmctx.tags[e->index];
			break;
		default:
			out->u.global.cell = inst->vmctx.globals[e->index];
			global_type(inst, e->index, &out->u.global.type, &out->u.global.mutable_);
			break;
		}
		return true;
	}
	return false;
}

const struct w2n_desc_type *w2n_funcref_type(const struct w2n_funcref *f)
{
	return w2n_type_by_id(f->type_id);
}

/* Functions do not overlap, so the one containing pc is the one starting last at or before
 * it, as long as pc is in some function of the module (callers only ask about such pcs). */
uint32_t w2n_func_at(const struct w2n_module_desc *desc, uintptr_t pc, uintptr_t *start)
{
	uint32_t best = UINT32_MAX;
	*start = 0;
	/* Imports' code is a host-call adapter (or NULL in older objects), not their function. */
	uint32_t first = 0;
	for (uint32_t i = 0; i < desc->nimports; i++)
		first += desc->imports[i].kind == W2N_EXT_FUNC;
	for (uint32_t i = first; i < desc->nfuncs; i++) {
		/* A module with tail calls has two entries per function: the C-convention one
		 * (`code`, a small adapter) and the body (`tail_code`), where most pcs lie. */
		uintptr_t code[2] = {(uintptr_t)desc->funcs[i].code, (uintptr_t)desc->funcs[i].tail_code};
		for (int k = 0; k < 2; k++) {
			if (code[k] != 0 && code[k] <= pc && code[k] > *start) {
				best = i;
				*start = code[k];
			}
		}
	}
	return best;
}
