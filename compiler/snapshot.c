/* snapshot.c — reading the snapshot file the snapshot driver wrote (format:
 * include/wasm2native/snapshot.h) into struct w2n_snapshot, checked against the module.
 *
 * The file comes from our own runtime, but it is checked as if it did not: every count
 * against the module, every size against the bytes left and the declared limits, every
 * function index against the function space. A mismatch is an internal error (the driver and
 * the compiler disagree), reported as such, never a crash in the code that bakes it. */
#include <stdlib.h>
#include <string.h>

#include "wasm2native/prebake.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasm2native.h"

struct cursor {
	const uint8_t *p, *end;
	bool ok;
};

static bool take(struct cursor *c, void *out, size_t n)
{
	if (!c->ok || (size_t)(c->end - c->p) < n)
		return c->ok = false;
	memcpy(out, c->p, n);
	c->p += n;
	return true;
}

static uint32_t u32(struct cursor *c)
{
	uint32_t v = 0;
	take(c, &v, 4);
	return v;
}

static uint64_t u64(struct cursor *c)
{
	uint64_t v = 0;
	take(c, &v, 8);
	return v;
}

/* Points at the next n bytes (which must be there) and skips them. */
static const uint8_t *skip(struct cursor *c, uint64_t n)
{
	if (!c->ok || (uint64_t)(c->end - c->p) < n) {
		c->ok = false;
		return NULL;
	}
	const uint8_t *p = c->p;
	c->p += n;
	return p;
}

/* Room for n items, never NULL for n == 0. */
static void *items(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static bool read_memory(struct cursor *c, const struct w2n_memtype *mt, struct w2n_snap_memory *sm)
{
	sm->pages = u64(c);
	sm->nruns = u32(c);
	uint64_t max = mt->limits.has_max ? mt->limits.max : 65536;
	if (!c->ok || sm->pages < mt->limits.min || sm->pages > max || sm->nruns > sm->pages)
		return c->ok = false;
	sm->runs = items(sm->nruns, sizeof *sm->runs);
	uint64_t next = 0; /* runs ascend and do not touch */
	for (uint32_t i = 0; sm->runs && i < sm->nruns && c->ok; i++) {
		struct w2n_snap_run *r = &sm->runs[i];
		r->first = u64(c);
		r->pages = u64(c);
		if (r->pages == 0 || r->first < next || r->first > sm->pages ||
		    r->pages > sm->pages - r->first)
			return c->ok = false;
		next = r->first + r->pages + 1;
		r->bytes = skip(c, r->pages * 65536);
	}
	return sm->runs != NULL && c->ok;
}

static bool func_ok(const struct w2n_module *m, uint64_t index)
{
	return index == W2N_SNAPSHOT_NULL || index < m->nfuncs;
}

static bool read_table(struct cursor *c, const struct w2n_module *m, const struct w2n_tabletype *tt,
                       struct w2n_snap_table *st)
{
	st->size = u32(c);
	uint64_t max = tt->limits.has_max ? tt->limits.max : UINT32_MAX;
	if (!c->ok || st->size < tt->limits.min || st->size > max ||
	    (uint64_t)(c->end - c->p) / 4 < st->size)
		return c->ok = false;
	st->elems = items(st->size, sizeof *st->elems);
	if (!st->elems || !take(c, st->elems, (size_t)st->size * 4))
		return c->ok = false;
	for (uint32_t i = 0; i < st->size; i++)
		if (!func_ok(m, st->elems[i]) ||
		    (w2n_type_repr(tt->elem) != W2N_FUNCREF && st->elems[i] != W2N_SNAPSHOT_NULL))
			return c->ok = false;
	return true;
}

static bool read_globals(struct cursor *c, const struct w2n_module *m, struct w2n_snapshot *s)
{
	s->globals = items(s->nglobals, sizeof *s->globals);
	if (!s->globals || !take(c, s->globals, (size_t)s->nglobals * 16))
		return c->ok = false;
	for (uint32_t i = 0; i < s->nglobals; i++) {
		uint8_t type = m->globals[m->nglobal_imports + i].type;
		int64_t ref;
		memcpy(&ref, s->globals[i], 8);
		if ((type == W2N_FUNCREF && ref != -1 && !func_ok(m, (uint64_t)ref)) ||
		    (w2n_is_reftype(type) && type != W2N_FUNCREF && ref != -1))
			return c->ok = false;
	}
	return true;
}

static bool read_state(struct cursor *c, const struct w2n_module *m, struct w2n_snapshot *s)
{
	s->nmems = u32(c), s->ntables = u32(c), s->nglobals = u32(c);
	s->nelems = u32(c), s->ndatas = u32(c);
	if (!c->ok || s->nmems != m->nmems - m->nmem_imports ||
	    s->ntables != m->ntables - m->ntable_imports ||
	    s->nglobals != m->nglobals - m->nglobal_imports || s->nelems != m->nelems ||
	    s->ndatas != m->ndatas)
		return false;
	s->mems = items(s->nmems, sizeof *s->mems);
	s->tables = items(s->ntables, sizeof *s->tables);
	if (!s->mems || !s->tables)
		return false;
	for (uint32_t i = 0; i < s->nmems; i++)
		if (!read_memory(c, &m->mems[m->nmem_imports + i], &s->mems[i]))
			return false;
	for (uint32_t i = 0; i < s->ntables; i++)
		if (!read_table(c, m, &m->tables[m->ntable_imports + i], &s->tables[i]))
			return false;
	if (!read_globals(c, m, s))
		return false;
	s->elem_dropped = skip(c, s->nelems);
	s->data_dropped = skip(c, s->ndatas);
	char end[8];
	return take(c, end, 8) && memcmp(end, W2N_SNAPSHOT_END, 8) == 0 && c->p == c->end;
}

struct w2n_snapshot *w2n_snapshot_parse(const struct w2n_module *m, uint8_t *file, size_t size,
                                        struct w2n_diag *dg)
{
	struct w2n_snapshot *s = calloc(1, sizeof *s);
	if (!s) {
		free(file);
		return NULL;
	}
	s->file = file;
	s->size = size;
	s->init_func = -1;
	struct cursor c = {.p = file, .end = file + size, .ok = true};
	char magic[8];
	bool ok = take(&c, magic, 8) && memcmp(magic, W2N_SNAPSHOT_MAGIC, 8) == 0 &&
	          u32(&c) == W2N_SNAPSHOT_OK && read_state(&c, m, s);
	if (ok)
		return s;
	w2n_report(dg, W2N_ERROR, m->filename, -1,
	           "internal error: the snapshot driver wrote a malformed snapshot (byte %zu of %zu)",
	           (size_t)(c.p - file), size);
	w2n_snapshot_free(s);
	return NULL;
}

void w2n_snapshot_free(struct w2n_snapshot *s)
{
	if (!s)
		return;
	for (uint32_t i = 0; s->mems && i < s->nmems; i++)
		free(s->mems[i].runs);
	for (uint32_t i = 0; s->tables && i < s->ntables; i++)
		free(s->tables[i].elems);
	free(s->mems);
	free(s->tables);
	free(s->globals);
	free(s->file);
	free(s);
}
