/* table.c — tables: creation, table.grow, and the table and element-segment builtins.
 * Entries are funcref pointers (struct w2n_funcref *) or externref host pointers; NULL is
 * the null reference. Like the bulk memory builtins, every operation checks its whole range
 * before writing, and traps "out of bounds table access". */
#include "rt.h"

struct w2n_table *w2n_table_new(uint8_t elem_type, uint32_t min, uint32_t max,
                                struct w2n_error *err)
{
	err->kind = W2N_ERR_RESOURCE;
	if (min > W2N_TABLE_LIMIT) {
		w2n_fmt(err->message, sizeof err->message, "table of %u elements is over the limit of %u",
		        min, W2N_TABLE_LIMIT);
		return NULL;
	}
	struct w2n_table *t = w2n_calloc(1, sizeof *t);
	void **elems = w2n_calloc(min ? min : 1, sizeof *elems);
	if (t == NULL || elems == NULL) {
		w2n_free(t);
		w2n_free(elems);
		w2n_fmt(err->message, sizeof err->message, "out of memory allocating a table");
		return NULL;
	}
	*t = (struct w2n_table){.elems = elems,
	                        .size = min,
	                        .max = max,
	                        .capacity = min,
	                        .elem_type = elem_type,
	                        .ref_type = elem_type};
	err->kind = W2N_ERR_NONE;
	return t;
}

void w2n_table_free(struct w2n_table *t)
{
	w2n_free(t->elems);
	w2n_free(t);
}

void w2n_table_reset(struct w2n_table *t, uint32_t min)
{
	memset(t->elems, 0, (size_t)(t->size > min ? t->size : min) * sizeof *t->elems);
	t->size = min;
}

int32_t w2n_table_grow(struct w2n_table *t, uint32_t delta, void *init)
{
	uint32_t old = t->size;
	uint64_t size = (uint64_t)old + delta;
	if (size > t->max || size > W2N_TABLE_LIMIT || (t->limit != 0 && size > t->limit))
		return -1;
	if (size > t->capacity) {
		uint64_t cap = 2 * (uint64_t)t->capacity;
		cap = cap < size ? size : cap > W2N_TABLE_LIMIT ? W2N_TABLE_LIMIT : cap;
		void **elems = w2n_realloc(t->elems, cap * sizeof *elems);
		if (elems == NULL)
			return -1;
		t->elems = elems;
		t->capacity = (uint32_t)cap;
	}
	for (uint64_t i = old; i < size; i++)
		t->elems[i] = init;
	t->size = (uint32_t)size;
	return (int32_t)old;
}

static bool in_bounds(uint64_t start, uint64_t n, uint64_t size)
{
	return start + n <= size;
}

bool w2n_table_init_checked(struct w2n_instance *inst, uint32_t table, uint32_t seg, uint32_t dst,
                            uint32_t src, uint32_t n)
{
	struct w2n_table *t = inst->vmctx.tables[table];
	const struct w2n_elem_seg *e = &inst->elems[seg];
	if (!in_bounds(src, n, e->count) || !in_bounds(dst, n, t->size))
		return false;
	memcpy(t->elems + dst, e->items + src, (size_t)n * sizeof *t->elems);
	return true;
}

/* ---- builtins called by generated code (indices are the caller's) ----------------------- */

void *w2n_rt_table_get(struct w2n_vmctx *vmctx, uint32_t table, uint32_t index)
{
	struct w2n_table *t = vmctx->tables[table];
	if (index >= t->size)
		w2n_trap_from(vmctx, W2N_TRAP_TABLE_OOB, __builtin_return_address(0));
	return t->elems[index];
}

void w2n_rt_table_set(struct w2n_vmctx *vmctx, uint32_t table, uint32_t index, void *ref)
{
	struct w2n_table *t = vmctx->tables[table];
	if (index >= t->size)
		w2n_trap_from(vmctx, W2N_TRAP_TABLE_OOB, __builtin_return_address(0));
	t->elems[index] = ref;
}

int32_t w2n_rt_table_grow(struct w2n_vmctx *vmctx, uint32_t table, void *init, uint32_t delta)
{
	return w2n_table_grow(vmctx->tables[table], delta, init);
}

void w2n_rt_table_fill(struct w2n_vmctx *vmctx, uint32_t table, uint32_t dst, void *ref, uint32_t n)
{
	struct w2n_table *t = vmctx->tables[table];
	if (!in_bounds(dst, n, t->size))
		w2n_trap_from(vmctx, W2N_TRAP_TABLE_OOB, __builtin_return_address(0));
	for (uint32_t i = 0; i < n; i++)
		t->elems[dst + i] = ref;
}

void w2n_rt_table_copy(struct w2n_vmctx *vmctx, uint32_t dst_table, uint32_t src_table,
                       uint32_t dst, uint32_t src, uint32_t n)
{
	struct w2n_table *d = vmctx->tables[dst_table], *s = vmctx->tables[src_table];
	if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
		w2n_trap_from(vmctx, W2N_TRAP_TABLE_OOB, __builtin_return_address(0));
	memmove(d->elems + dst, s->elems + src, (size_t)n * sizeof *d->elems);
}

void w2n_rt_table_init(struct w2n_vmctx *vmctx, uint32_t table, uint32_t seg, uint32_t dst,
                       uint32_t src, uint32_t n)
{
	if (!w2n_table_init_checked(vmctx->instance, table, seg, dst, src, n))
		w2n_trap_from(vmctx, W2N_TRAP_TABLE_OOB, __builtin_return_address(0));
}

void w2n_rt_elem_drop(struct w2n_vmctx *vmctx, uint32_t seg)
{
	vmctx->instance->elems[seg].count = 0;
}
