/* emit_wasm.c — `--emit-wasm FILE`: the pre-initialized module as a plain .wasm file, the form
 * Wizer outputs, so that a snapshot runs in any engine (docs/prebake.md).
 *
 * The original module's sections are copied byte for byte, except those that hold the state:
 *   table, memory   minimums raised to the snapshot's sizes
 *   global          every defined global initialized with its snapshot value
 *   export          without the init export
 *   start           removed: it ran at bake time
 *   element         each original segment keeps its index; those that were dropped (active
 *                   ones always are, once instantiated) become declarative, which is how a
 *                   dropped segment behaves and keeps its ref.func declarations; then one
 *                   active segment per run of non-null table entries, and one declarative
 *                   segment for functions that only the old globals or the init export declared
 *   data count      the new number of data segments
 *   data            dropped segments become empty passive ones; then active segments for the
 *                   non-zero bytes of each memory
 * Sections the module lacked (element, data) are added where the binary format orders them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops.h"
#include "wasm2native/prebake.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasm2native.h"

/* V8 refuses modules with more than 100,000 data segments; stay well below. */
#define MAX_DATA_SEGMENTS 50000

struct buf {
	uint8_t *p;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->oom || n == 0)
		return;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n)
			cap *= 2;
		uint8_t *q = realloc(b->p, cap);
		if (!q) {
			b->oom = true;
			return;
		}
		b->p = q, b->cap = cap;
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void byte(struct buf *b, uint8_t v)
{
	put(b, &v, 1);
}

static void uleb(struct buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;
		v >>= 7;
		byte(b, c | (v ? 0x80 : 0));
	} while (v);
}

static void sleb(struct buf *b, int64_t v)
{
	for (;;) {
		uint8_t c = v & 0x7f;
		v >>= 7; /* arithmetic shift */
		bool done = (v == 0 && !(c & 0x40)) || (v == -1 && (c & 0x40));
		byte(b, c | (done ? 0 : 0x80));
		if (done)
			return;
	}
}

static void name(struct buf *b, struct w2n_bytes n)
{
	uleb(b, n.len);
	put(b, n.ptr, n.len);
}

/* A section: id, size, payload (the payload buffer is released). */
static void section(struct buf *out, uint8_t id, struct buf *payload)
{
	byte(out, id);
	uleb(out, payload->len);
	put(out, payload->p, payload->len);
	out->oom |= payload->oom;
	free(payload->p);
	*payload = (struct buf){0};
}

/* ---- constant expressions ----------------------------------------------------------------- */

static void ref_func(struct buf *b, uint32_t func)
{
	byte(b, 0xd2);
	uleb(b, func);
	byte(b, 0x0b);
}

static void ref_null(struct buf *b, uint8_t type)
{
	byte(b, 0xd0);
	byte(b, type);
	byte(b, 0x0b);
}

static void i32_const(struct buf *b, uint64_t v)
{
	byte(b, 0x41);
	sleb(b, (int32_t)(uint32_t)v);
	byte(b, 0x0b);
}

/* An offset into a memory or table: i64.const for 64-bit ones (memory64, table64). */
static void offset_const(struct buf *b, uint64_t v, const struct w2n_limits *l)
{
	if (!l->is64)
		return i32_const(b, v);
	byte(b, 0x42);
	sleb(b, (int64_t)v);
	byte(b, 0x0b);
}

/* An extended constant expression (3.0): global.get, integer constants and the integer add,
 * sub and mul operators, whose one-byte opcodes come from the operator table. */
static void extended_expr(struct buf *b, const struct w2n_expr *e)
{
	for (uint32_t i = 0; i + 1 < e->len; i++) {
		const struct w2n_instr *in = &e->code[i];
		if (in->op == W2N_OP_GLOBAL_GET) {
			byte(b, 0x23);
			uleb(b, in->imm.idx.a);
		} else if (in->op == W2N_OP_I32_CONST) {
			byte(b, 0x41);
			sleb(b, (int32_t)(uint32_t)in->imm.u64);
		} else if (in->op == W2N_OP_I64_CONST) {
			byte(b, 0x42);
			sleb(b, (int64_t)in->imm.u64);
		} else {
			byte(b, (uint8_t)w2n_ops[in->op].code);
		}
	}
	byte(b, 0x0b);
}

/* A decoded constant expression, encoded again. */
static void const_expr(struct buf *b, const struct w2n_expr *e)
{
	const struct w2n_instr *in = &e->code[0];
	if (e->len > 2)
		return extended_expr(b, e);
	switch (in->op) {
	case W2N_OP_REF_FUNC:
		return ref_func(b, in->imm.idx.a);
	case W2N_OP_REF_NULL:
		return ref_null(b, (uint8_t)in->imm.u64);
	case W2N_OP_GLOBAL_GET:
		byte(b, 0x23);
		uleb(b, in->imm.idx.a);
		break;
	case W2N_OP_I64_CONST:
		byte(b, 0x42);
		sleb(b, (int64_t)in->imm.u64);
		break;
	case W2N_OP_F32_CONST:
		byte(b, 0x43);
		put(b, &in->imm.u64, 4);
		break;
	case W2N_OP_F64_CONST:
		byte(b, 0x44);
		put(b, &in->imm.u64, 8);
		break;
	case W2N_OP_V128_CONST:
		put(b, "\xfd\x0c", 2);
		put(b, in->imm.v128, 16);
		break;
	default: /* i32.const */
		return i32_const(b, in->imm.u64);
	}
	byte(b, 0x0b);
}

/* A global's snapshot value as a constant expression of its type. */
static void value_expr(struct buf *b, uint8_t type, const uint8_t v[16])
{
	int64_t i64;
	memcpy(&i64, v, 8);
	switch (type) {
	case W2N_FUNCREF:
		return i64 == -1 ? ref_null(b, type) : ref_func(b, (uint32_t)i64);
	case W2N_EXTERNREF:
		return ref_null(b, type);
	case W2N_I32:
		return i32_const(b, (uint64_t)i64);
	case W2N_I64:
		byte(b, 0x42);
		sleb(b, i64);
		break;
	case W2N_F32:
		byte(b, 0x43);
		put(b, v, 4);
		break;
	case W2N_F64:
		byte(b, 0x44);
		put(b, v, 8);
		break;
	default: /* v128 */
		put(b, "\xfd\x0c", 2);
		put(b, v, 16);
		break;
	}
	byte(b, 0x0b);
}

/* ---- the rewritten sections -------------------------------------------------------------- */

static void limits(struct buf *b, uint64_t min, const struct w2n_limits *l)
{
	byte(b, (l->has_max ? 0x01 : 0) | (l->is64 ? 0x04 : 0));
	uleb(b, min);
	if (l->has_max)
		uleb(b, l->max);
}

static void table_section(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s)
{
	uleb(b, s->ntables);
	for (uint32_t i = 0; i < s->ntables; i++) {
		const struct w2n_tabletype *t = &m->tables[m->ntable_imports + i];
		byte(b, t->elem);
		limits(b, s->tables[i].size, &t->limits);
	}
}

static void memory_section(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s)
{
	uleb(b, s->nmems);
	for (uint32_t i = 0; i < s->nmems; i++)
		limits(b, s->mems[i].pages, &m->mems[m->nmem_imports + i].limits);
}

static void global_section(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s)
{
	uleb(b, s->nglobals);
	for (uint32_t i = 0; i < s->nglobals; i++) {
		const struct w2n_global *g = &m->globals[m->nglobal_imports + i];
		byte(b, g->type);
		byte(b, g->mutable_);
		value_expr(b, g->type, s->globals[i]);
	}
}

static bool is_init(const struct w2n_export *e, const char *init)
{
	return e->name.len == strlen(init) && memcmp(e->name.ptr, init, e->name.len) == 0;
}

static void export_section(struct buf *b, const struct w2n_module *m, const char *init)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < m->nexports; i++)
		n += !is_init(&m->exports[i], init);
	uleb(b, n);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		if (is_init(e, init))
			continue;
		name(b, e->name);
		byte(b, e->kind);
		uleb(b, e->index);
	}
}

/* Element segments in the expression encoding: 5 passive, 6 active (explicit table), 7
 * declarative. */
static void original_elem(struct buf *b, const struct w2n_elem *e, bool dropped)
{
	bool passive = e->mode == W2N_SEG_PASSIVE && !dropped;
	byte(b, passive ? 5 : 7);
	byte(b, e->type);
	uleb(b, e->count);
	for (uint32_t k = 0; k < e->count; k++)
		const_expr(b, &e->inits[k]);
}

/* Runs of non-null entries of defined table i: one active segment each (counted if b is
 * NULL). */
static uint32_t table_runs(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s,
                           uint32_t i)
{
	const struct w2n_snap_table *t = &s->tables[i];
	uint32_t n = 0;
	for (uint32_t k = 0; k < t->size;) {
		if (t->elems[k] == W2N_SNAPSHOT_NULL) {
			k++;
			continue;
		}
		uint32_t end = k;
		while (end < t->size && t->elems[end] != W2N_SNAPSHOT_NULL)
			end++;
		n++;
		if (b) {
			byte(b, 6);
			uleb(b, m->ntable_imports + i);
			offset_const(b, k, &m->tables[m->ntable_imports + i].limits);
			byte(b, W2N_FUNCREF);
			uleb(b, end - k);
			for (; k < end; k++)
				ref_func(b, t->elems[k]);
		}
		k = end;
	}
	return n;
}

/* Functions declared (for ref.func in code) only by what the new module no longer has: the
 * original global initializers and the init export. Marks them in `declare`; returns how many. */
static uint32_t lost_declarations(const struct w2n_module *m, const char *init, bool *declare)
{
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
		const struct w2n_expr *e = &m->globals[i].init;
		if (e->len > 0 && e->code[0].op == W2N_OP_REF_FUNC)
			declare[e->code[0].imm.idx.a] = true;
	}
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		if (e->kind == W2N_EXT_FUNC && is_init(e, init))
			declare[e->index] = true;
	}
	uint32_t n = 0;
	for (uint32_t f = 0; f < m->nfuncs; f++)
		n += declare[f];
	return n;
}

static void declarative(struct buf *b, const struct w2n_module *m, const bool *declare, uint32_t n)
{
	byte(b, 7);
	byte(b, W2N_FUNCREF);
	uleb(b, n);
	for (uint32_t f = 0; f < m->nfuncs; f++)
		if (declare[f])
			ref_func(b, f);
}

/* The element section's payload; false if it holds no segment. */
static bool elem_section(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s,
                         const char *init)
{
	bool *declare = calloc(m->nfuncs ? m->nfuncs : 1, sizeof *declare);
	if (!declare) {
		b->oom = true;
		return false;
	}
	uint32_t lost = lost_declarations(m, init, declare);
	uint32_t n = m->nelems + (lost > 0);
	for (uint32_t i = 0; i < s->ntables; i++)
		n += table_runs(NULL, m, s, i);
	uleb(b, n);
	for (uint32_t i = 0; i < m->nelems; i++)
		original_elem(b, &m->elems[i], s->elem_dropped[i]);
	for (uint32_t i = 0; i < s->ntables; i++)
		table_runs(b, m, s, i);
	if (lost > 0)
		declarative(b, m, declare, lost);
	free(declare);
	return n > 0;
}

/* The non-zero byte ranges of a memory, split where at least `gap` zero bytes separate them:
 * one active data segment each (counted if b is NULL). */
static uint32_t memory_segments(struct buf *b, const struct w2n_snap_memory *mem, uint32_t index,
                                const struct w2n_limits *l, size_t gap)
{
	uint32_t n = 0;
	for (uint32_t r = 0; r < mem->nruns; r++) {
		const uint8_t *p = mem->runs[r].bytes;
		size_t size = mem->runs[r].pages * 65536, i = 0;
		while (i < size) {
			while (i < size && p[i] == 0)
				i++;
			if (i == size)
				break;
			size_t start = i, zeros = 0;
			for (; i < size && zeros < gap; i++)
				zeros = p[i] == 0 ? zeros + 1 : 0;
			size_t end = i - zeros;
			n++;
			if (!b)
				continue;
			byte(b, index == 0 ? 0 : 2);
			if (index != 0)
				uleb(b, index);
			offset_const(b, mem->runs[r].first * 65536 + start, l);
			uleb(b, end - start);
			put(b, p + start, end - start);
		}
	}
	return n;
}

/* The smallest gap that keeps the segment count within MAX_DATA_SEGMENTS; fewer segments
 * cost a few zero bytes each. */
static size_t choose_gap(const struct w2n_snapshot *s)
{
	size_t gap = 16;
	for (; gap < 65536; gap *= 8) {
		uint64_t n = 0;
		for (uint32_t i = 0; i < s->nmems; i++)
			n += memory_segments(NULL, &s->mems[i], i, NULL, gap);
		if (n <= MAX_DATA_SEGMENTS)
			break;
	}
	return gap;
}

static uint32_t data_count(const struct w2n_module *m, const struct w2n_snapshot *s, size_t gap)
{
	uint32_t n = m->ndatas;
	for (uint32_t i = 0; i < s->nmems; i++)
		n += memory_segments(NULL, &s->mems[i], m->nmem_imports + i, NULL, gap);
	return n;
}

/* The data section's payload; false if it holds no segment. */
static bool data_section(struct buf *b, const struct w2n_module *m, const struct w2n_snapshot *s,
                         size_t gap)
{
	uint32_t n = data_count(m, s, gap);
	uleb(b, n);
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		bool keep = d->mode == W2N_SEG_PASSIVE && !s->data_dropped[i];
		byte(b, 1); /* passive */
		uleb(b, keep ? d->bytes.len : 0);
		if (keep)
			put(b, d->bytes.ptr, d->bytes.len);
	}
	for (uint32_t i = 0; i < s->nmems; i++)
		memory_segments(b, &s->mems[i], m->nmem_imports + i, &m->mems[m->nmem_imports + i].limits,
		                gap);
	return n > 0;
}

/* ---- the module ---------------------------------------------------------------------------- */

/* Section ids in the order the binary format requires them (data count, 12, comes before
 * code); custom sections (0) may appear anywhere. */
static int rank(uint8_t id)
{
	static const int ranks[13] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10};
	return id < 13 ? ranks[id] : 0;
}

struct writer {
	const struct w2n_module *m;
	const struct w2n_snapshot *s;
	const char *init;
	size_t gap;
	struct buf out;
	bool elem_done, data_done;
};

/* Adds the element and data sections the module lacks, once the sections before their place
 * have been written. */
static void add_missing(struct writer *w, int next_rank)
{
	struct buf p = {0};
	if (!w->elem_done && next_rank > rank(9)) {
		w->elem_done = true;
		if (elem_section(&p, w->m, w->s, w->init))
			section(&w->out, 9, &p);
		free(p.p);
		p = (struct buf){0};
	}
	if (!w->data_done && next_rank > rank(11)) {
		w->data_done = true;
		if (data_section(&p, w->m, w->s, w->gap))
			section(&w->out, 11, &p);
		free(p.p);
	}
}

/* One section of the original module: rewritten, dropped, or copied as it is. */
static void rewrite(struct writer *w, uint8_t id, const uint8_t *start, size_t size)
{
	struct buf p = {0};
	if (id != 0)
		add_missing(w, rank(id));
	switch (id) {
	case 4:
		table_section(&p, w->m, w->s);
		break;
	case 5:
		memory_section(&p, w->m, w->s);
		break;
	case 6:
		global_section(&p, w->m, w->s);
		break;
	case 7:
		export_section(&p, w->m, w->init);
		break;
	case 8:
		return; /* start: it ran at bake time */
	case 9:
		w->elem_done = true;
		elem_section(&p, w->m, w->s, w->init);
		break;
	case 12:
		uleb(&p, data_count(w->m, w->s, w->gap));
		break;
	case 11:
		w->data_done = true;
		data_section(&p, w->m, w->s, w->gap);
		break;
	default:
		put(&w->out, start, size);
		return;
	}
	section(&w->out, id, &p);
}

static uint64_t read_uleb(const uint8_t **p)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		uint8_t c = *(*p)++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
}

static bool write_file(const char *path, const struct buf *b, struct w2n_diag *dg)
{
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
	FILE *f = fopen(tmp, "wb");
	bool ok = f && fwrite(b->p, 1, b->len, f) == b->len;
	ok = f && fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return true;
	w2n_report(dg, W2N_ERROR, path, -1, "cannot write: %s", strerror(errno));
	unlink(tmp);
	return false;
}

bool w2n_write_wasm(const struct w2n_module *m, const struct w2n_snapshot *s, const char *init_func,
                    const char *out_path, struct w2n_diag *dg)
{
	struct writer w = {.m = m, .s = s, .init = init_func ? init_func : W2N_DEFAULT_INIT_FUNC};
	w.gap = choose_gap(s);
	put(&w.out, m->bytes, 8); /* magic and version */
	/* The module was decoded and validated: its section headers are well formed. */
	for (const uint8_t *p = m->bytes + 8; p < m->bytes + m->size;) {
		const uint8_t *start = p;
		uint8_t id = *p++;
		uint64_t size = read_uleb(&p);
		p += size;
		rewrite(&w, id, start, (size_t)(p - start));
	}
	add_missing(&w, 100);
	bool ok = !w.out.oom && write_file(out_path, &w.out, dg);
	if (w.out.oom)
		w2n_report(dg, W2N_ERROR, out_path, -1, "out of memory writing the module");
	free(w.out.p);
	return ok;
}
