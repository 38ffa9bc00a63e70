/* image.c — instantiation from a snapshot (include/wasm2native/image.h): memories start from
 * their images, globals and tables from the values initialization left, segments dropped as
 * it dropped them. instance.c calls these in place of constant expressions, segment
 * initialization and the start function, all of which ran once, when the module was baked.
 *
 * Memory images are mapped copy-on-write from the executable's file where possible
 * (exe_image.c): instantiation then costs the same whatever the image's size, and a page costs
 * memory only once written. Bounds-check mode copies: its memories grow with mremap, which
 * cannot move a range made of several mappings (docs/prebake.md). */
#include "rt.h"
#include "sysnum.h"

#define MADV_POPULATE_WRITE 23

bool w2n_memory_apply_image(struct w2n_memory *mem, const struct w2n_desc_image *image)
{
	for (uint32_t i = 0; i < image->nchunks; i++) {
		const struct w2n_desc_chunk *c = &image->chunks[i];
		if (c->offset > mem->size || c->size > mem->size - c->offset)
			return false;
		uint8_t *dst = mem->base + c->offset;
		if (mem->reserved != 0 && w2n_exe_map(dst, c->bytes, c->size)) {
			w2n_memory_file_mapped(mem);
			continue;
		}
		w2n_syscall(W2N_SYS_madvise, (long)dst, (long)c->size, MADV_POPULATE_WRITE, 0, 0, 0);
		memcpy(dst, c->bytes, c->size);
	}
	return true;
}

/* The reference a baked function index stands for in this instance. */
static void *func_ref(struct w2n_instance *inst, uint64_t index)
{
	return index == W2N_IMAGE_NULL || index == UINT64_MAX ? NULL : &inst->vmctx.funcs[index];
}

union w2n_val w2n_snapshot_global(struct w2n_instance *inst, uint32_t k)
{
	const struct w2n_desc_snapshot *s = inst->desc->snapshot;
	union w2n_val v = s->globals[k];
	uint32_t type = w2n_type_repr(inst->desc->globals[k].type);
	if (w2n_is_reftype(type))
		v = (union w2n_val){.ref = func_ref(inst, (uint64_t)v.i64)};
	return v;
}

void w2n_snapshot_apply(struct w2n_instance *inst)
{
	const struct w2n_module_desc *desc = inst->desc;
	const struct w2n_desc_snapshot *s = desc->snapshot;
	for (uint32_t k = 0; k < desc->ntables - inst->nimported[W2N_EXT_TABLE]; k++) {
		struct w2n_table *t = inst->vmctx.tables[inst->nimported[W2N_EXT_TABLE] + k];
		for (uint32_t i = 0; i < s->tables[k].size; i++)
			t->elems[i] = func_ref(inst, s->tables[k].elems[i]);
	}
	for (uint32_t i = 0; i < desc->nelems; i++)
		if (s->elem_dropped[i])
			inst->elems[i].count = 0;
	for (uint32_t i = 0; i < desc->ndatas; i++)
		if (s->data_dropped[i])
			inst->data_sizes[i] = 0;
}
