/* decode.c — the decoder's driver: preamble, section order and sizes, and the items of the
 * type, import, function, table, memory, global, export, start and data count sections.
 * Types are read by decode_types.c, element, code, data and custom sections by
 * decode_segments.c, instructions by decode_code.c. */
#include <stdlib.h>
#include <string.h>

#include "decode.h"

enum section_id {
	SEC_CUSTOM,
	SEC_TYPE,
	SEC_IMPORT,
	SEC_FUNCTION,
	SEC_TABLE,
	SEC_MEMORY,
	SEC_GLOBAL,
	SEC_EXPORT,
	SEC_START,
	SEC_ELEMENT,
	SEC_CODE,
	SEC_DATA,
	SEC_DATACOUNT,
	SEC_TAG, /* exception handling (3.0) */
};

/* Position of each section id in the required order (data count sits between element and
 * code although its id is 12, the tag section between memory and global with id 13). */
static const uint8_t section_rank[] = {
	[SEC_TYPE] = 1,       [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3, [SEC_TABLE] = 4, [SEC_MEMORY] = 5,
	[SEC_TAG] = 6,        [SEC_GLOBAL] = 7, [SEC_EXPORT] = 8,   [SEC_START] = 9, [SEC_ELEMENT] = 10,
	[SEC_DATACOUNT] = 11, [SEC_CODE] = 12,  [SEC_DATA] = 13,
};

static struct w2n_reader *R(struct decoder *d)
{
	return &d->r;
}

/* Allocates an arena array of n items, reporting host memory exhaustion as an error. */
static void *alloc_array(struct decoder *d, size_t n, size_t size)
{
	void *p = w2n_arena_array(d->arena, n, size);
	if (!p)
		w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (%zu items)", n);
	return p;
}

/* ---- index spaces: imports first, then the module's own ------------------------------------ */

/* Builds funcs[]/tables[]/mems[]/globals[] with the imported entries in front, once the count
 * of the module's own entries is known (from its section, or 0 at the end). */
static bool make_spaces(struct decoder *d, uint8_t kind, uint32_t own)
{
	struct w2n_module *m = d->m;
	uint32_t nimp = 0;
	for (uint32_t i = 0; i < m->nimports; i++)
		nimp += m->imports[i].kind == kind;
	size_t n = (size_t)nimp + own;
	if (n > UINT32_MAX)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "too many entries");
	switch (kind) {
	case W2N_EXT_FUNC:
		m->funcs = alloc_array(d, n, sizeof *m->funcs);
		m->nfuncs = (uint32_t)n, m->nfunc_imports = nimp;
		return m->funcs != NULL;
	case W2N_EXT_TABLE:
		m->tables = alloc_array(d, n, sizeof *m->tables);
		m->ntables = (uint32_t)n, m->ntable_imports = nimp;
		return m->tables != NULL;
	case W2N_EXT_MEMORY:
		m->mems = alloc_array(d, n, sizeof *m->mems);
		m->nmems = (uint32_t)n, m->nmem_imports = nimp;
		return m->mems != NULL;
	case W2N_EXT_TAG:
		m->tags = alloc_array(d, n, sizeof *m->tags);
		m->ntags = (uint32_t)n, m->ntag_imports = nimp;
		return m->tags != NULL;
	default:
		m->globals = alloc_array(d, n, sizeof *m->globals);
		m->nglobals = (uint32_t)n, m->nglobal_imports = nimp;
		return m->globals != NULL;
	}
}

/* Copies each import's descriptor (kept in a temporary of its kind) into its index space. */
static void place_imports(struct w2n_module *m, uint8_t kind, const void *descs)
{
	for (uint32_t i = 0, k = 0; i < m->nimports; i++) {
		if (m->imports[i].kind != kind)
			continue;
		m->imports[i].index = k;
		switch (kind) {
		case W2N_EXT_FUNC:
			m->funcs[k] = ((const struct w2n_func *)descs)[i];
			break;
		case W2N_EXT_TABLE:
			m->tables[k] = ((const struct w2n_tabletype *)descs)[i];
			break;
		case W2N_EXT_MEMORY:
			m->mems[k] = ((const struct w2n_memtype *)descs)[i];
			break;
		case W2N_EXT_GLOBAL:
			m->globals[k] = ((const struct w2n_global *)descs)[i];
			break;
		case W2N_EXT_TAG:
			m->tags[k] = ((const struct w2n_tagtype *)descs)[i];
			break;
		}
		k++;
	}
}

/* ---- sections ------------------------------------------------------------------------------- */

static bool decode_type_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	if (!w2n_read_count(R(d), &m->ntypes, 3, "type count"))
		return false;
	m->types = alloc_array(d, m->ntypes, sizeof *m->types);
	if (!m->types)
		return false;
	for (uint32_t i = 0; i < m->ntypes; i++)
		if (!w2n_decode_functype(d, &m->types[i]))
			return false;
	return true;
}

/* A tag type: attribute 0 (exception), then a function type index. */
static bool decode_tagtype(struct decoder *d, struct w2n_tagtype *t)
{
	uint8_t attr;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &attr, "tag attribute"))
		return false;
	if (attr != 0)
		return w2n_reader_fail(R(d), pos, "malformed tag attribute (0x%02x)", attr);
	return w2n_read_u32(R(d), &t->type, "tag type index");
}

/* The descriptors of imports, one temporary array per kind (indexed by import number). */
struct import_descs {
	struct w2n_func *funcs;
	struct w2n_tabletype *tables;
	struct w2n_memtype *mems;
	struct w2n_global *globals;
	struct w2n_tagtype *tags;
};

static bool decode_import_desc(struct decoder *d, uint32_t i, struct import_descs *t)
{
	struct w2n_import *imp = &d->m->imports[i];
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &imp->kind, "import kind"))
		return false;
	switch (imp->kind) {
	case W2N_EXT_FUNC:
		t->funcs[i] = (struct w2n_func){.import = (int32_t)i, .pos = imp->pos};
		return w2n_read_u32(R(d), &t->funcs[i].type, "import type index");
	case W2N_EXT_TABLE:
		t->tables[i].import = (int32_t)i;
		if (!w2n_decode_tabletype(d, &t->tables[i]))
			return false;
		if (t->tables[i].has_init) /* only a defined table has an initializer */
			return w2n_reader_fail(R(d), t->tables[i].pos, "malformed import kind (table 0x40)");
		return true;
	case W2N_EXT_MEMORY:
		t->mems[i] = (struct w2n_memtype){.import = (int32_t)i, .pos = pos};
		return w2n_decode_limits(d, &t->mems[i].limits, "memory limits");
	case W2N_EXT_GLOBAL:
		t->globals[i].import = (int32_t)i;
		return w2n_decode_globaltype(d, &t->globals[i]);
	case W2N_EXT_TAG:
		if (d->off & 1ull << W2N_FEAT_EXCEPTIONS)
			break;
		t->tags[i] = (struct w2n_tagtype){.import = (int32_t)i, .pos = pos};
		return decode_tagtype(d, &t->tags[i]);
	}
	return w2n_reader_fail(R(d), pos, "malformed import kind (0x%02x)", imp->kind);
}

static bool decode_import_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	struct import_descs t;
	if (!w2n_read_count(R(d), &m->nimports, 4, "import count"))
		return false;
	m->imports = alloc_array(d, m->nimports, sizeof *m->imports);
	t.funcs = alloc_array(d, m->nimports, sizeof *t.funcs);
	t.tables = alloc_array(d, m->nimports, sizeof *t.tables);
	t.mems = alloc_array(d, m->nimports, sizeof *t.mems);
	t.globals = alloc_array(d, m->nimports, sizeof *t.globals);
	t.tags = alloc_array(d, m->nimports, sizeof *t.tags);
	if (!m->imports || !t.funcs || !t.tables || !t.mems || !t.globals || !t.tags)
		return false;
	for (uint32_t i = 0; i < m->nimports; i++) {
		struct w2n_import *imp = &m->imports[i];
		imp->pos = w2n_reader_pos(R(d));
		if (!w2n_read_name(R(d), &imp->module, "import module name") ||
		    !w2n_read_name(R(d), &imp->field, "import field name") || !decode_import_desc(d, i, &t))
			return false;
	}
	/* The index spaces get their final size when the defining sections arrive; until then
	 * they hold the imports only. */
	if (!make_spaces(d, W2N_EXT_FUNC, 0) || !make_spaces(d, W2N_EXT_TABLE, 0) ||
	    !make_spaces(d, W2N_EXT_MEMORY, 0) || !make_spaces(d, W2N_EXT_GLOBAL, 0) ||
	    !make_spaces(d, W2N_EXT_TAG, 0))
		return false;
	place_imports(m, W2N_EXT_TAG, t.tags);
	place_imports(m, W2N_EXT_FUNC, t.funcs);
	place_imports(m, W2N_EXT_TABLE, t.tables);
	place_imports(m, W2N_EXT_MEMORY, t.mems);
	place_imports(m, W2N_EXT_GLOBAL, t.globals);
	return true;
}

/* Grows an index space that so far holds only imports to take `own` defined entries. */
static void *extend_space(struct decoder *d, void *old, uint32_t nimp, uint32_t own, size_t size)
{
	if ((size_t)nimp + own > UINT32_MAX) {
		w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "too many entries");
		return NULL;
	}
	void *p = alloc_array(d, (size_t)nimp + own, size);
	if (p && nimp)
		memcpy(p, old, (size_t)nimp * size);
	return p;
}

static bool decode_function_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 1, "function count"))
		return false;
	m->funcs = extend_space(d, m->funcs, m->nfunc_imports, n, sizeof *m->funcs);
	if (!m->funcs)
		return false;
	m->nfuncs = m->nfunc_imports + n;
	d->ndeclared_funcs = n;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		struct w2n_func *f = &m->funcs[i];
		f->import = -1;
		f->pos = w2n_reader_pos(R(d));
		if (!w2n_read_u32(R(d), &f->type, "function type index"))
			return false;
	}
	return true;
}

static bool decode_table_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 3, "table count"))
		return false;
	m->tables = extend_space(d, m->tables, m->ntable_imports, n, sizeof *m->tables);
	if (!m->tables)
		return false;
	m->ntables = m->ntable_imports + n;
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
		m->tables[i].import = -1;
		if (!w2n_decode_tabletype(d, &m->tables[i]))
			return false;
		if (m->tables[i].has_init && !w2n_decode_expr(d, &m->tables[i].init, "table initializer"))
			return false;
	}
	return true;
}

static bool decode_memory_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 2, "memory count"))
		return false;
	m->mems = extend_space(d, m->mems, m->nmem_imports, n, sizeof *m->mems);
	if (!m->mems)
		return false;
	m->nmems = m->nmem_imports + n;
	for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
		m->mems[i].import = -1;
		m->mems[i].pos = w2n_reader_pos(R(d));
		if (!w2n_decode_limits(d, &m->mems[i].limits, "memory limits"))
			return false;
	}
	return true;
}

static bool decode_tag_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 2, "tag count"))
		return false;
	m->tags = extend_space(d, m->tags, m->ntag_imports, n, sizeof *m->tags);
	if (!m->tags)
		return false;
	m->ntags = m->ntag_imports + n;
	for (uint32_t i = m->ntag_imports; i < m->ntags; i++) {
		m->tags[i] = (struct w2n_tagtype){.import = -1, .pos = w2n_reader_pos(R(d))};
		if (!decode_tagtype(d, &m->tags[i]))
			return false;
	}
	return true;
}

static bool decode_global_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 3, "global count"))
		return false;
	m->globals = extend_space(d, m->globals, m->nglobal_imports, n, sizeof *m->globals);
	if (!m->globals)
		return false;
	m->nglobals = m->nglobal_imports + n;
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
		struct w2n_global *g = &m->globals[i];
		g->import = -1;
		if (!w2n_decode_globaltype(d, g) || !w2n_decode_expr(d, &g->init, "global initializer"))
			return false;
	}
	return true;
}

static bool decode_export_section(struct decoder *d)
{
	struct w2n_module *m = d->m;
	if (!w2n_read_count(R(d), &m->nexports, 3, "export count"))
		return false;
	m->exports = alloc_array(d, m->nexports, sizeof *m->exports);
	if (!m->exports)
		return false;
	for (uint32_t i = 0; i < m->nexports; i++) {
		struct w2n_export *e = &m->exports[i];
		e->pos = w2n_reader_pos(R(d));
		if (!w2n_read_name(R(d), &e->name, "export name"))
			return false;
		uint32_t pos = w2n_reader_pos(R(d));
		if (!w2n_read_u8(R(d), &e->kind, "export kind"))
			return false;
		if (e->kind > W2N_EXT_TAG ||
		    (e->kind == W2N_EXT_TAG && d->off & 1ull << W2N_FEAT_EXCEPTIONS))
			return w2n_reader_fail(R(d), pos, "malformed export kind (0x%02x)", e->kind);
		if (!w2n_read_u32(R(d), &e->index, "export index"))
			return false;
	}
	return true;
}

static bool decode_start_section(struct decoder *d)
{
	d->m->has_start = true;
	d->m->start_pos = w2n_reader_pos(R(d));
	return w2n_read_u32(R(d), &d->m->start, "start function index");
}

static bool decode_datacount_section(struct decoder *d)
{
	d->m->has_datacount = true;
	return w2n_read_u32(R(d), &d->m->datacount, "data count");
}

/* ---- the module ----------------------------------------------------------------------------- */

static bool decode_section_body(struct decoder *d, uint8_t id, uint32_t start)
{
	switch (id) {
	case SEC_CUSTOM:
		return w2n_decode_custom_section(d, start);
	case SEC_TYPE:
		return decode_type_section(d);
	case SEC_IMPORT:
		return decode_import_section(d);
	case SEC_FUNCTION:
		return decode_function_section(d);
	case SEC_TABLE:
		return decode_table_section(d);
	case SEC_MEMORY:
		return decode_memory_section(d);
	case SEC_GLOBAL:
		return decode_global_section(d);
	case SEC_EXPORT:
		return decode_export_section(d);
	case SEC_START:
		return decode_start_section(d);
	case SEC_ELEMENT:
		return w2n_decode_element_section(d);
	case SEC_CODE:
		return w2n_decode_code_section(d);
	case SEC_DATA:
		return w2n_decode_data_section(d);
	case SEC_DATACOUNT:
		return decode_datacount_section(d);
	case SEC_TAG:
		return decode_tag_section(d);
	}
	return false;
}

/* One section: id, size, contents read in a window that must be consumed exactly. */
static bool decode_section(struct decoder *d, unsigned *last_rank)
{
	uint8_t id;
	uint32_t size, start = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &id, "section id"))
		return false;
	if (id > SEC_TAG || (id == SEC_TAG && d->off & 1ull << W2N_FEAT_EXCEPTIONS))
		return w2n_reader_fail(R(d), start, "malformed section id (%u)", id);
	if (id != SEC_CUSTOM) {
		if (section_rank[id] <= *last_rank)
			return w2n_reader_fail(R(d), start,
			                       "unexpected content after last section "
			                       "(section %u out of order or repeated)",
			                       id);
		*last_rank = section_rank[id];
	}
	uint32_t size_pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &size, "section size"))
		return false;
	if (size > w2n_reader_left(R(d)))
		return w2n_reader_fail(R(d), size_pos, "length out of bounds (section %u of %u bytes)", id,
		                       size);
	const uint8_t *file_end = R(d)->end;
	R(d)->end = R(d)->p + size;
	R(d)->eof_msg = "unexpected end of section or function";
	if (!decode_section_body(d, id, start))
		return false;
	if (R(d)->p != R(d)->end)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)),
		                       "section size mismatch "
		                       "(section %u declared %u bytes)",
		                       id, size);
	R(d)->end = file_end;
	R(d)->eof_msg = "unexpected end";
	return true;
}

static bool decode_preamble(struct decoder *d)
{
	static const uint8_t magic[4] = {0x00, 0x61, 0x73, 0x6d};
	uint8_t got[4];
	uint32_t version;
	if (!w2n_read_fixed(R(d), got, 4, "magic"))
		return false;
	if (memcmp(got, magic, 4) != 0)
		return w2n_reader_fail(R(d), 0, "magic header not detected");
	if (!w2n_read_fixed(R(d), &version, 4, "version"))
		return false;
	if (version != 1) /* little-endian hosts only, like the rest of the compiler */
		return w2n_reader_fail(R(d), 4, "unknown binary version (%u)", version);
	return true;
}

/* Checks that need the whole module: sections that must agree with each other. */
static bool finish(struct decoder *d)
{
	struct w2n_module *m = d->m;
	uint32_t end = w2n_reader_pos(R(d));
	if (d->ndeclared_funcs && !d->seen_code)
		return w2n_reader_fail(R(d), end,
		                       "function and code section have inconsistent "
		                       "lengths (%u and 0)",
		                       d->ndeclared_funcs);
	if (m->has_datacount && !d->seen_data && m->datacount != 0)
		return w2n_reader_fail(R(d), end,
		                       "data count and data section have inconsistent "
		                       "lengths (%u and 0)",
		                       m->datacount);
	/* The spec requires the data count section whenever code uses data indices. A module
	 * without any data section is let through: its data indices are then simply unknown,
	 * which the validator reports ("unknown data segment"), as the reference interpreter
	 * does for such text modules. */
	if (d->uses_datacount && !m->has_datacount && d->seen_data)
		return w2n_reader_fail(R(d), end,
		                       "data count section required (memory.init or "
		                       "data.drop used without a data count section)");
	/* Index spaces of kinds whose section was absent hold just the imports. */
	if ((!m->funcs && !make_spaces(d, W2N_EXT_FUNC, 0)) ||
	    (!m->tables && !make_spaces(d, W2N_EXT_TABLE, 0)) ||
	    (!m->mems && !make_spaces(d, W2N_EXT_MEMORY, 0)) ||
	    (!m->globals && !make_spaces(d, W2N_EXT_GLOBAL, 0)) ||
	    (!m->tags && !make_spaces(d, W2N_EXT_TAG, 0)))
		return false;
	if (m->ncustoms) {
		struct w2n_custom *c = alloc_array(d, m->ncustoms, sizeof *c);
		if (!c)
			return false;
		memcpy(c, d->customs, m->ncustoms * sizeof *c);
		m->customs = c;
	}
	for (uint32_t i = 0; i < m->ncustoms; i++)
		if (m->customs[i].name.len == 4 && memcmp(m->customs[i].name.ptr, "name", 4) == 0)
			w2n_decode_names(m, &m->customs[i]);
	return true;
}

struct w2n_module *w2n_decode(const uint8_t *bytes, size_t size, const char *filename,
                              struct w2n_diag *dg)
{
	return w2n_decode_features(bytes, size, filename, 0, dg);
}

struct w2n_module *w2n_decode_features(const uint8_t *bytes, size_t size, const char *filename,
                                       uint64_t off, struct w2n_diag *dg)
{
	struct decoder d = {.off = off};
	struct w2n_arena *arena = w2n_arena_new();
	struct w2n_module *m = arena ? w2n_arena_alloc(arena, sizeof *m) : NULL;
	if (!m) {
		w2n_report(dg, W2N_ERROR, filename, -1, "out of memory");
		w2n_arena_free(arena);
		return NULL;
	}
	if (size > UINT32_MAX) {
		w2n_report(dg, W2N_ERROR, filename, -1, "module too large (%zu bytes; at most 4 GiB)",
		           size);
		w2n_arena_free(arena);
		return NULL;
	}
	*m = (struct w2n_module){.filename = filename, .bytes = bytes, .size = size, .arena = arena};
	d.m = m;
	d.arena = arena;
	w2n_reader_init(&d.r, bytes, size, filename, dg);
	unsigned last_rank = 0;
	bool ok = decode_preamble(&d);
	while (ok && w2n_reader_left(&d.r) > 0)
		ok = decode_section(&d, &last_rank);
	ok = ok && finish(&d);
	free(d.scratch);
	free(d.labels);
	free(d.catches);
	free(d.customs);
	if (!ok) {
		w2n_arena_free(arena);
		return NULL;
	}
	return m;
}

void w2n_module_free(struct w2n_module *m)
{
	if (m)
		w2n_arena_free(m->arena);
}
