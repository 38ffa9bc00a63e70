/* snapshot.c — pre-baking: whether an instance's state can be baked, and writing it in the
 * snapshot format of include/wasm2native/snapshot.h (docs/prebake.md).
 *
 * The state is written as wasm sees it, never as native pointers: a funcref becomes the index
 * of the function in this instance (the runtime that instantiates the baked module turns it
 * back into &funcs[index]); memory is written page by page, skipping all-zero 64 KiB pages,
 * which is what makes a large, mostly empty heap cheap to bake and to ship. Only the snapshot
 * driver (snapshot_main.c) calls this, in a host-native build of the module. */
#include "wasm2native/snapshot.h"
#include "rt.h"

/* Fills *why about global or table `index` holding a reference of type `type` that cannot
 * be baked; returns true (refused). */
static bool refuse(struct w2n_refusal *why, uint32_t place, uint32_t index, uint8_t type)
{
	why->place = place;
	why->index = index;
	w2n_fmt(why->message, sizeof why->message, "%s %u holds %s",
	        place == W2N_PLACE_GLOBAL ? "global" : "table", index,
	        type == W2N_EXTERNREF ? "a non-null externref: a host object exists only in the "
	                                "process that made it"
	        : type == W2N_EXNREF  ? "a non-null exnref: an exception exists only in the process "
	                                "that threw it"
	                              : "a function of another instance, which the executable does "
	                                "not contain");
	return true;
}

/* The function index of a funcref of this instance, or W2N_SNAPSHOT_NULL for null; false if
 * it belongs to no function of the instance (possible only through imports, which the snapshot
 * driver stands in for with objects holding no references). */
static bool func_index(const struct w2n_instance *inst, const void *ref, uint32_t *index)
{
	const struct w2n_funcref *f = ref, *funcs = inst->vmctx.funcs;
	if (f == NULL) {
		*index = W2N_SNAPSHOT_NULL;
		return true;
	}
	if (f < funcs || f >= funcs + inst->desc->nfuncs)
		return false;
	*index = (uint32_t)(f - funcs);
	return true;
}

static bool ref_ok(const struct w2n_instance *inst, uint8_t type, const void *ref)
{
	uint32_t index;
	return type == W2N_FUNCREF ? func_index(inst, ref, &index) : ref == NULL;
}

bool w2n_snapshot_refused(const struct w2n_instance *inst, struct w2n_refusal *why)
{
	const struct w2n_module_desc *desc = inst->desc;
	for (uint32_t g = inst->nimported[W2N_EXT_GLOBAL]; g < desc->nglobals; g++) {
		uint32_t type = w2n_type_repr(desc->globals[g - inst->nimported[W2N_EXT_GLOBAL]].type);
		const union w2n_val *cell = inst->vmctx.globals[g];
		if (w2n_is_reftype(type) && !ref_ok(inst, (uint8_t)type, cell->ref))
			return refuse(why, W2N_PLACE_GLOBAL, g, (uint8_t)type);
	}
	for (uint32_t t = inst->nimported[W2N_EXT_TABLE]; t < desc->ntables; t++) {
		const struct w2n_table *tab = inst->vmctx.tables[t];
		for (uint32_t i = 0; i < tab->size; i++)
			if (!ref_ok(inst, tab->elem_type, tab->elems[i]))
				return refuse(why, W2N_PLACE_TABLE, t, tab->elem_type);
	}
	return false;
}

/* ---- writing -------------------------------------------------------------------------- */

/* Small fields go through a buffer; memory pages are written straight from linear memory. */
struct out {
	int fd;
	bool ok;
	uint32_t used;
	uint8_t buf[4096];
};

static void write_all(struct out *o, const void *p, uint64_t n)
{
	const uint8_t *b = p;
	while (o->ok && n > 0) {
		long r = w2n_sys_write(o->fd, b, n > (1u << 30) ? (1u << 30) : n);
		if (r == -4) /* EINTR */
			continue;
		if (r <= 0) {
			o->ok = false;
			return;
		}
		b += r;
		n -= (uint64_t)r;
	}
}

static void flush(struct out *o)
{
	write_all(o, o->buf, o->used);
	o->used = 0;
}

static void put(struct out *o, const void *p, uint32_t n)
{
	if (o->used + n > sizeof o->buf)
		flush(o);
	memcpy(o->buf + o->used, p, n);
	o->used += n;
}

static void put_u32(struct out *o, uint32_t v)
{
	put(o, &v, 4);
}

static void put_u64(struct out *o, uint64_t v)
{
	put(o, &v, 8);
}

static bool page_is_zero(const uint8_t *page)
{
	const uint64_t *w = (const uint64_t *)page;
	for (uint32_t i = 0; i < W2N_PAGE_SIZE / 8; i++)
		if (w[i] != 0)
			return false;
	return true;
}

/* The run of non-zero pages starting at or after page *p: its first page and length (0 when
 * there is none); *p moves past it. */
static uint64_t next_run(const struct w2n_memory *m, uint64_t *p, uint64_t *first)
{
	uint64_t pages = m->size / W2N_PAGE_SIZE;
	while (*p < pages && page_is_zero(m->base + *p * W2N_PAGE_SIZE))
		++*p;
	*first = *p;
	while (*p < pages && !page_is_zero(m->base + *p * W2N_PAGE_SIZE))
		++*p;
	return *p - *first;
}

static void put_memory(struct out *o, const struct w2n_memory *m)
{
	uint64_t first, n, p = 0;
	uint32_t runs = 0;
	while (next_run(m, &p, &first) != 0)
		runs++;
	put_u64(o, m->size / W2N_PAGE_SIZE);
	put_u32(o, runs);
	for (p = 0; (n = next_run(m, &p, &first)) != 0;) {
		put_u64(o, first);
		put_u64(o, n);
		flush(o);
		write_all(o, m->base + first * W2N_PAGE_SIZE, n * W2N_PAGE_SIZE);
	}
}

static void put_table(struct out *o, const struct w2n_instance *inst, const struct w2n_table *t)
{
	put_u32(o, t->size);
	for (uint32_t i = 0; i < t->size; i++) {
		uint32_t index = W2N_SNAPSHOT_NULL;
		if (t->elem_type == W2N_FUNCREF)
			func_index(inst, t->elems[i], &index); /* checked by w2n_snapshot_refused */
		put_u32(o, index);
	}
}

static void put_global(struct out *o, const struct w2n_instance *inst, uint32_t type,
                       const union w2n_val *cell)
{
	union w2n_val v = *cell;
	if (w2n_is_reftype(type)) {
		uint32_t index = W2N_SNAPSHOT_NULL;
		if (type == W2N_FUNCREF)
			func_index(inst, cell->ref, &index);
		v = (union w2n_val){.i64 = index == W2N_SNAPSHOT_NULL ? -1 : (int64_t)index};
	}
	put(o, &v, sizeof v);
}

bool w2n_snapshot_write(const struct w2n_instance *inst, int fd)
{
	const struct w2n_module_desc *desc = inst->desc;
	const uint32_t *imp = inst->nimported;
	struct out o = {.fd = fd, .ok = true};
	put(&o, W2N_SNAPSHOT_MAGIC, 8);
	put_u32(&o, W2N_SNAPSHOT_OK);
	uint32_t counts[5] = {desc->nmems - imp[W2N_EXT_MEMORY], desc->ntables - imp[W2N_EXT_TABLE],
	                      desc->nglobals - imp[W2N_EXT_GLOBAL], desc->nelems, desc->ndatas};
	put(&o, counts, sizeof counts);
	for (uint32_t i = imp[W2N_EXT_MEMORY]; i < desc->nmems; i++)
		put_memory(&o, inst->mems[i]);
	for (uint32_t i = imp[W2N_EXT_TABLE]; i < desc->ntables; i++)
		put_table(&o, inst, inst->vmctx.tables[i]);
	for (uint32_t i = imp[W2N_EXT_GLOBAL]; i < desc->nglobals; i++)
		put_global(&o, inst, w2n_type_repr(desc->globals[i - imp[W2N_EXT_GLOBAL]].type),
		           inst->vmctx.globals[i]);
	for (uint32_t i = 0; i < desc->nelems; i++)
		put(&o, &(uint8_t){inst->elems[i].count == 0}, 1);
	for (uint32_t i = 0; i < desc->ndatas; i++)
		put(&o, &(uint8_t){inst->data_sizes[i] == 0}, 1);
	put(&o, W2N_SNAPSHOT_END, 8);
	flush(&o);
	return o.ok;
}

bool w2n_snapshot_write_refusal(int fd, const struct w2n_refusal *why)
{
	struct out o = {.fd = fd, .ok = true};
	put(&o, W2N_SNAPSHOT_MAGIC, 8);
	put_u32(&o, W2N_SNAPSHOT_REFUSED);
	put_u32(&o, why->place);
	put_u32(&o, why->index);
	uint32_t n = (uint32_t)strlen(why->message);
	put_u32(&o, n);
	put(&o, why->message, n);
	flush(&o);
	return o.ok;
}
