/* lifecycle.c — how instances end: references between linked instances, free, reset, and the
 * rings of linked instances that share a thread's stack limit.
 *
 * Freeing is sound for imports: an instance that imports something from another (a function,
 * table, memory or global: ext.owner) holds a reference to it, so the exporter's code context,
 * tables, memories and globals stay while the importer lives. The host holds one reference,
 * dropped by w2n_instance_free; at zero the instance is released: memories unmapped, tables,
 * globals, segments and bookkeeping freed, its own references dropped. What is not counted is
 * what travels at run time: a funcref passed to another instance or stored in its table (host.h
 * says such instances are freed together).
 *
 * Linked instances call each other's functions, so they run on one thread at a time, and each
 * vmctx's stack limit must be the running thread's. They form a ring (inst->peer); w2n_call
 * entering one of them on another thread than before writes the new limit into all of them
 * (w2n_retarget). Rings only merge, never split: an instance leaves its ring when released. */
#include "rt.h"

/* Is b on a's ring? Called with w2n_registry_lock held. */
static bool same_ring(struct w2n_instance *a, struct w2n_instance *b)
{
	struct w2n_instance *p = a;
	do {
		if (p == b)
			return true;
		p = p->peer;
	} while (p != a);
	return false;
}

void w2n_instance_hold(struct w2n_instance *inst, uint32_t import, struct w2n_instance *owner)
{
	__atomic_fetch_add(&owner->refs, 1, __ATOMIC_RELAXED);
	inst->owners[import] = owner;
	w2n_lock(&w2n_registry_lock);
	if (!same_ring(inst, owner)) {
		/* Splicing two rings is swapping one successor pointer of each. */
		struct w2n_instance *next = inst->peer;
		inst->peer = owner->peer;
		owner->peer = next;
	}
	w2n_unlock(&w2n_registry_lock);
}

static void leave_ring(struct w2n_instance *inst)
{
	w2n_lock(&w2n_registry_lock);
	struct w2n_instance *p = inst;
	while (p->peer != inst)
		p = p->peer;
	p->peer = inst->peer;
	inst->peer = inst;
	w2n_unlock(&w2n_registry_lock);
}

void w2n_retarget(struct w2n_vmctx *vmctx, uintptr_t limit)
{
	vmctx->stack_limit = limit;
	struct w2n_instance *inst = vmctx->instance;
	if (inst == NULL)
		return;
	w2n_lock(&w2n_registry_lock);
	struct w2n_instance *p = inst;
	do {
		p->vmctx.stack_limit = limit;
		p = p->peer;
	} while (p != inst);
	w2n_unlock(&w2n_registry_lock);
}

static void unref(struct w2n_instance *inst)
{
	if (__atomic_sub_fetch(&inst->refs, 1, __ATOMIC_ACQ_REL) == 0)
		w2n_instance_release(inst);
}

/* Frees what the instance defined: memories, tables, global cells, tags, segment items. Imported
 * entries belong to their exporters. Each array may be NULL (allocation failed part way). */
static void free_definitions(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = inst->nimported[W2N_EXT_MEMORY]; inst->mems && i < desc->nmems; i++) {
		if (inst->mems[i] != NULL)
			w2n_memory_free(inst->mems[i]);
	}
	for (uint32_t i = inst->nimported[W2N_EXT_TABLE]; inst->vmctx.tables && i < desc->ntables;
	     i++) {
		if (inst->vmctx.tables[i] != NULL)
			w2n_table_free(inst->vmctx.tables[i]);
	}
	for (uint32_t i = 0; inst->elems && i < desc->nelems; i++)
		w2n_free(inst->elems[i].items);
	w2n_free(inst->cells);
	w2n_free(inst->tag_objs);
	w2n_free(inst->host_funcs);
}

void w2n_instance_release(struct w2n_instance *inst)
{
	w2n_limits_release(inst); /* the deadline's timer (limits.c) */
	free_definitions(inst);
	if (inst->peer != inst)
		leave_ring(inst);
	for (uint32_t i = 0; inst->owners && i < inst->desc->nimports; i++) {
		if (inst->owners[i] != NULL)
			unref(inst->owners[i]);
	}
	w2n_free(inst->owners);
	w2n_free(inst->vmctx.funcs);
	w2n_free(inst->vmctx.tables);
	w2n_free(inst->vmctx.globals);
	w2n_free(inst->vmctx.tags);
	w2n_free((void *)inst->vmctx.type_ids);
	w2n_free(inst->mems);
	w2n_free(inst->elems);
	w2n_free(inst->data_sizes);
	w2n_free(inst);
}

void w2n_instance_free(struct w2n_instance *inst)
{
	if (inst != NULL)
		unref(inst);
}

/* ---- reset -------------------------------------------------------------------------------- */

/* A pre-baked instance (desc->snapshot) goes back to its snapshot, not to the module's
 * declared initial state: memories to their baked size and image, tables to their baked size
 * and entries, globals to their baked values, segments dropped as initialization dropped them,
 * and no segment or start function runs (they ran when the module was baked). */

static bool reset_memory(struct w2n_instance *inst, uint32_t i)
{
	const struct w2n_module_desc *desc = inst->desc;
	uint32_t k = i - inst->nimported[W2N_EXT_MEMORY];
	if (desc->snapshot == NULL)
		return w2n_memory_reset(inst->mems[i], desc->mems[k].min);
	const struct w2n_desc_image *image = &desc->snapshot->mems[k];
	return w2n_memory_reset(inst->mems[i], image->pages) &&
	       w2n_memory_apply_image(inst->mems[i], image);
}

static bool reset_memories(struct w2n_instance *inst, struct w2n_error *err)
{
	for (uint32_t i = inst->nimported[W2N_EXT_MEMORY]; i < inst->desc->nmems; i++) {
		if (!reset_memory(inst, i)) {
			err->kind = W2N_ERR_RESOURCE;
			w2n_fmt(err->message, sizeof err->message, "cannot reset memory %u", i);
			return false;
		}
	}
	return true;
}

static void reset_tables(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = inst->nimported[W2N_EXT_TABLE]; i < desc->ntables; i++) {
		uint32_t k = i - inst->nimported[W2N_EXT_TABLE];
		uint64_t min =
			desc->snapshot != NULL ? desc->snapshot->tables[k].size : desc->tables[k].limits.min;
		w2n_table_reset(inst->vmctx.tables[i], (uint32_t)min);
	}
}

/* Element segments get their items back (evaluated again: they may read imported globals),
 * data segments their sizes. */
static void reset_segments(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = 0; i < desc->nelems; i++) {
		const struct w2n_desc_elem *e = &desc->elems[i];
		for (uint32_t k = 0; k < e->count; k++)
			inst->elems[i].items[k] = w2n_eval_const(inst, &e->inits[k]).ref;
		inst->elems[i].count = e->count;
	}
	for (uint32_t i = 0; i < desc->ndatas; i++)
		inst->data_sizes[i] = desc->datas[i].size;
}

bool w2n_instance_reset(struct w2n_instance *inst, struct w2n_error *err)
{
	*err = (struct w2n_error){.kind = W2N_ERR_NONE};
	if (!reset_memories(inst, err))
		return false;
	reset_tables(inst);
	w2n_globals_init(inst);
	reset_segments(inst);
	if (inst->desc->snapshot != NULL) {
		w2n_snapshot_apply(inst);
		return true;
	}
	return w2n_segments_init(inst, err) && w2n_run_start(inst, err);
}
