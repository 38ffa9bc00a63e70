/* decode_segments.c — the element, code and data sections, the sections whose items carry
 * expressions or bodies, and custom sections. */
#include <stdlib.h>

#include "decode.h"

static struct w2n_reader *R(struct decoder *d)
{
	return &d->r;
}

/* A vector of function indices, each turned into a one-instruction `ref.func i` expression so
 * that later stages see every element initializer the same way. */
static bool decode_funcidx_inits(struct decoder *d, struct w2n_elem *e)
{
	if (!w2n_read_count(R(d), &e->count, 1, "element count"))
		return false;
	e->inits = w2n_arena_array(d->arena, e->count, sizeof *e->inits);
	struct w2n_instr *code = w2n_arena_array(d->arena, (size_t)e->count * 2, sizeof *code);
	if (e->count && (!e->inits || !code))
		return w2n_reader_fail(R(d), e->pos, "out of memory (element segment)");
	for (uint32_t i = 0; i < e->count; i++) {
		struct w2n_instr *in = &code[2 * i];
		in[0].op = W2N_OP_REF_FUNC;
		in[0].pos = w2n_reader_pos(R(d));
		if (!w2n_read_u32(R(d), &in[0].imm.idx.a, "element function index"))
			return false;
		in[1].op = W2N_OP_END;
		in[1].pos = in[0].pos;
		e->inits[i] = (struct w2n_expr){.code = in, .len = 2, .pos = in[0].pos};
	}
	return true;
}

static bool decode_expr_inits(struct decoder *d, struct w2n_elem *e)
{
	if (!w2n_read_count(R(d), &e->count, 2, "element count"))
		return false;
	e->inits = w2n_arena_array(d->arena, e->count, sizeof *e->inits);
	if (e->count && !e->inits)
		return w2n_reader_fail(R(d), e->pos, "out of memory (element segment)");
	for (uint32_t i = 0; i < e->count; i++)
		if (!w2n_decode_expr(d, &e->inits[i], "element expression"))
			return false;
	return true;
}

/* The elemkind byte of the function-index forms: only 0x00 (funcref) exists. */
static bool decode_elemkind(struct decoder *d, struct w2n_elem *e)
{
	uint8_t kind;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &kind, "element kind"))
		return false;
	if (kind != 0x00)
		return w2n_reader_fail(R(d), pos, "malformed element kind (0x%02x)", kind);
	return true;
}

/* Flags: bit 0 passive/declarative, bit 1 explicit table (active) or declarative (passive),
 * bit 2 expressions instead of function indices. */
static bool decode_elem(struct decoder *d, struct w2n_elem *e)
{
	uint32_t flags;
	e->pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &flags, "element segment flags"))
		return false;
	if (flags > 7)
		return w2n_reader_fail(R(d), e->pos, "malformed elements segment kind (%u)", flags);
	bool exprs = flags & 4;
	/* 3.0: function indices are never null, so those forms make (ref func) segments. */
	e->type = exprs || !w2n_decode_typed_refs(d) ? W2N_FUNCREF : W2N_FUNCREF | W2N_REF_NONNULL;
	if (flags & 1) {
		e->mode = flags & 2 ? W2N_SEG_DECLARATIVE : W2N_SEG_PASSIVE;
	} else {
		e->mode = W2N_SEG_ACTIVE;
		if ((flags & 2) && !w2n_read_u32(R(d), &e->table, "element table index"))
			return false;
		if (!w2n_decode_expr(d, &e->offset, "element offset"))
			return false;
	}
	/* Forms 0 and 4 have neither an elemkind nor a reference type: funcref is implied. */
	if (flags & 3) {
		bool ok = exprs ? w2n_decode_reftype(d, &e->type, "element reference type")
		                : decode_elemkind(d, e);
		if (!ok)
			return false;
	}
	return exprs ? decode_expr_inits(d, e) : decode_funcidx_inits(d, e);
}

bool w2n_decode_element_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	if (!w2n_read_count(R(d), &m->nelems, 2, "element segment count"))
		return false;
	m->elems = w2n_arena_array(d->arena, m->nelems, sizeof *m->elems);
	if (m->nelems && !m->elems)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (elements)");
	for (uint32_t i = 0; i < m->nelems; i++)
		if (!decode_elem(d, &m->elems[i]))
			return false;
	return true;
}

static bool decode_data(struct decoder *d, struct w2n_data *seg)
{
	uint32_t flags, len;
	seg->pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &flags, "data segment flags"))
		return false;
	if (flags > 2)
		return w2n_reader_fail(R(d), seg->pos, "malformed data segment kind (%u)", flags);
	seg->mode = flags == 1 ? W2N_SEG_PASSIVE : W2N_SEG_ACTIVE;
	if (flags == 2 && !w2n_read_u32(R(d), &seg->memory, "data memory index"))
		return false;
	if (flags != 1 && !w2n_decode_expr(d, &seg->offset, "data offset"))
		return false;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &len, "data segment size"))
		return false;
	if (len > w2n_reader_left(R(d)))
		return w2n_reader_fail(R(d), pos,
		                       "unexpected end of section or function "
		                       "(data segment of %u bytes)",
		                       len);
	seg->bytes.len = len;
	return w2n_read_bytes(R(d), len, &seg->bytes.ptr, "data segment");
}

bool w2n_decode_data_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t pos = w2n_reader_pos(R(d));
	d->seen_data = true;
	if (!w2n_read_count(R(d), &m->ndatas, 2, "data segment count"))
		return false;
	if (m->has_datacount && m->datacount != m->ndatas)
		return w2n_reader_fail(R(d), pos,
		                       "data count and data section have inconsistent "
		                       "lengths (%u and %u)",
		                       m->datacount, m->ndatas);
	m->datas = w2n_arena_array(d->arena, m->ndatas, sizeof *m->datas);
	if (m->ndatas && !m->datas)
		return w2n_reader_fail(R(d), pos, "out of memory (data segments)");
	for (uint32_t i = 0; i < m->ndatas; i++)
		if (!decode_data(d, &m->datas[i]))
			return false;
	return true;
}

bool w2n_decode_code_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n, pos = w2n_reader_pos(R(d));
	d->seen_code = true;
	if (!w2n_read_count(R(d), &n, 2, "function body count"))
		return false;
	if (n != d->ndeclared_funcs)
		return w2n_reader_fail(R(d), pos,
		                       "function and code section have inconsistent "
		                       "lengths (%u and %u)",
		                       d->ndeclared_funcs, n);
	for (uint32_t i = 0; i < n; i++)
		if (!w2n_decode_body(d, &m->funcs[m->nfunc_imports + i].body))
			return false;
	return true;
}

bool w2n_decode_custom_section(struct decoder *d, uint32_t start)
{
	struct w2n_module *m = d->m;
	struct w2n_custom c = {.pos = start};
	if (!w2n_read_name(R(d), &c.name, "custom section name"))
		return false;
	c.payload.len = (uint32_t)w2n_reader_left(R(d));
	if (!w2n_read_bytes(R(d), c.payload.len, &c.payload.ptr, "custom section"))
		return false;
	/* Doubling growth in a malloc'd buffer; w2n_decode moves it into the arena at the end. */
	if (m->ncustoms == d->customs_cap) {
		uint32_t cap = d->customs_cap ? d->customs_cap * 2 : 4;
		struct w2n_custom *grown = realloc(d->customs, cap * sizeof *grown);
		if (!grown)
			return w2n_reader_fail(R(d), start, "out of memory (custom sections)");
		d->customs = grown;
		d->customs_cap = cap;
	}
	d->customs[m->ncustoms++] = c;
	return true;
}
