/* segments.c — constant expressions and the initialization of element and data segments,
 * in the order Wasm 2.0 instantiation prescribes: every element segment's items are evaluated
 * first; then active element segments are copied into their tables one after the other (and
 * dropped, as declarative ones are); then active data segments into memory (and dropped), or,
 * where the compiler proved it the same, each defined memory's data image applied.
 * A segment out of bounds stops instantiation with a trap, leaving the writes of the segments
 * before it in place: they are visible through imported tables and memories. */
#include "rt.h"

/* Wasm integers wrap: the arithmetic is done unsigned, where C defines the wrap-around. */
static union w2n_val binary(uint32_t kind, union w2n_val a, union w2n_val b)
{
	union w2n_val v = {.i64 = 0};
	uint32_t x = (uint32_t)a.i32, y = (uint32_t)b.i32;
	uint64_t X = (uint64_t)a.i64, Y = (uint64_t)b.i64;
	switch (kind) {
	case W2N_CONST_I32_ADD:
		v.i32 = (int32_t)(x + y);
		break;
	case W2N_CONST_I32_SUB:
		v.i32 = (int32_t)(x - y);
		break;
	case W2N_CONST_I32_MUL:
		v.i32 = (int32_t)(x * y);
		break;
	case W2N_CONST_I64_ADD:
		v.i64 = (int64_t)(X + Y);
		break;
	case W2N_CONST_I64_SUB:
		v.i64 = (int64_t)(X - Y);
		break;
	default: /* W2N_CONST_I64_MUL */
		v.i64 = (int64_t)(X * Y);
		break;
	}
	return v;
}

/* An extended constant expression: postfix items on a stack that the validator bounded. */
static union w2n_val eval_expr(struct w2n_instance *inst, const struct w2n_desc_const *items,
                               uint32_t n)
{
	union w2n_val stack[W2N_CONST_MAX_DEPTH];
	uint32_t depth = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (items[i].kind >= W2N_CONST_I32_ADD) {
			depth--;
			stack[depth - 1] = binary(items[i].kind, stack[depth - 1], stack[depth]);
		} else {
			stack[depth++] = w2n_eval_const(inst, &items[i]);
		}
	}
	return stack[0];
}

union w2n_val w2n_eval_const(struct w2n_instance *inst, const struct w2n_desc_const *c)
{
	union w2n_val v = {.i64 = 0};
	switch (c->kind) {
	case W2N_CONST_EXPR:
		return eval_expr(inst, c->value.ref, c->index);
	case W2N_CONST_VALUE:
		return c->value;
	case W2N_CONST_GLOBAL_GET:
		memcpy(&v, inst->vmctx.globals[c->index], sizeof v);
		return v;
	case W2N_CONST_REF_FUNC:
		v.ref = &inst->vmctx.funcs[c->index];
		return v;
	default: /* W2N_CONST_REF_NULL */
		return v;
	}
}

bool w2n_elems_eval(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = 0; i < desc->nelems; i++) {
		const struct w2n_desc_elem *e = &desc->elems[i];
		void **items = w2n_calloc(e->count ? e->count : 1, sizeof *items);
		if (items == NULL) {
			err->kind = W2N_ERR_RESOURCE;
			w2n_fmt(err->message, sizeof err->message, "out of memory (element segment %u)", i);
			return false;
		}
		for (uint32_t k = 0; k < e->count; k++)
			items[k] = w2n_eval_const(inst, &e->inits[k]).ref;
		inst->elems[i] = (struct w2n_elem_seg){.items = items, .count = e->count};
	}
	return true;
}

static bool segment_trap(struct w2n_error *err, uint32_t trap, const char *what, uint32_t i)
{
	err->kind = W2N_ERR_TRAP;
	err->trap = trap;
	w2n_fmt(err->message, sizeof err->message, "%s (%s segment %u)", w2n_trap_message(trap), what,
	        i);
	return false;
}

/* The data step of a module whose active segments the compiler laid out as one image per
 * defined memory (descriptor.h `data_images`): they are constant and in bounds, so nothing can
 * trap, and applying the images is the same as copying the segments in order. */
static bool apply_data_images(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	uint32_t first = inst->nimported[W2N_EXT_MEMORY];
	for (uint32_t i = first; i < desc->nmems; i++)
		if (!w2n_memory_apply_image(inst->mems[i], &desc->data_images[i - first]))
			return segment_trap(err, W2N_TRAP_MEMORY_OOB, "data image of memory", i);
	for (uint32_t i = 0; i < desc->ndatas; i++)
		if (desc->datas[i].mode == W2N_SEG_ACTIVE)
			inst->data_sizes[i] = 0;
	return true;
}

bool w2n_segments_init(struct w2n_instance *inst, struct w2n_error *err)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t i = 0; i < desc->nelems; i++) {
		const struct w2n_desc_elem *e = &desc->elems[i];
		if (e->mode == W2N_SEG_PASSIVE)
			continue; /* stays for table.init */
		if (e->mode == W2N_SEG_ACTIVE) {
			union w2n_val v = w2n_eval_const(inst, &e->offset);
			/* A table64 offset past UINT32_MAX is past any table's size: clamped, it still
			 * fails the bounds check. */
			uint64_t off = inst->vmctx.tables[e->table]->is64 ? (uint64_t)v.i64 : (uint32_t)v.i32;
			uint32_t offset = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
			if (!w2n_table_init_checked(inst, e->table, i, offset, 0, e->count))
				return segment_trap(err, W2N_TRAP_TABLE_OOB, "element", i);
		}
		inst->elems[i].count = 0;
	}
	if (desc->data_images != NULL)
		return apply_data_images(inst, err);
	for (uint32_t i = 0; i < desc->ndatas; i++) {
		const struct w2n_desc_data *d = &desc->datas[i];
		if (d->mode != W2N_SEG_ACTIVE)
			continue;
		union w2n_val v = w2n_eval_const(inst, &d->offset);
		uint64_t offset = inst->mems[d->memory]->is64 ? (uint64_t)v.i64 : (uint32_t)v.i32;
		if (!w2n_memory_init_checked(inst, i, offset, 0, d->size))
			return segment_trap(err, W2N_TRAP_MEMORY_OOB, "data", i);
		inst->data_sizes[i] = 0;
	}
	return true;
}
