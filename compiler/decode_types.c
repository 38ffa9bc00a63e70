/* decode_types.c — the binary format's types: value and reference types, function types,
 * limits, table and global types. Called by the section decoders (decode.c,
 * decode_segments.c, decode_code.c); calls none of them. */
#include <string.h>

#include "decode.h"

static struct w2n_reader *R(struct decoder *d)
{
	return &d->r;
}

/* Value-type bytes of 3.0 features that are not implemented (features.def): the typed
 * references' (ref null ht) 0x63 and (ref ht) 0x64, exnref 0x69 and its bottom noexn 0x74, and
 * GC's abstract heap types (0x6a array ... 0x6e any, 0x71 none, 0x72 noextern, 0x73 nofunc). */
bool w2n_type_feature(uint8_t byte, enum w2n_feature *f)
{
	if (byte == 0x63 || byte == 0x64)
		*f = W2N_FEAT_FUNCREFS;
	else if (byte == 0x74) /* noexn: only as a heap type of (ref null noexn) */
		*f = W2N_FEAT_EXCEPTIONS;
	else if ((byte >= 0x6a && byte <= 0x6e) || (byte >= 0x71 && byte <= 0x73))
		*f = W2N_FEAT_GC;
	else
		return false;
	return true;
}

bool w2n_decode_valtype(struct decoder *d, uint8_t *out, const char *what)
{
	enum w2n_feature f;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), out, what))
		return false;
	if (*out == W2N_EXNREF && d->off & 1ull << W2N_FEAT_EXCEPTIONS)
		return w2n_reader_fail(R(d), pos, "malformed value type 0x%02x (%s)", *out, what);
	if (w2n_is_valtype(*out))
		return true;
	if (w2n_type_feature(*out, &f))
		return w2n_reader_unsupported(R(d), pos, f, what);
	return w2n_reader_fail(R(d), pos, "malformed value type 0x%02x (%s)", *out, what);
}

bool w2n_decode_reftype(struct decoder *d, uint8_t *out, const char *what)
{
	uint32_t pos = w2n_reader_pos(R(d));
	enum w2n_feature f;
	if (!w2n_read_u8(R(d), out, what))
		return false;
	if (*out == W2N_EXNREF && d->off & 1ull << W2N_FEAT_EXCEPTIONS)
		return w2n_reader_fail(R(d), pos, "malformed reference type 0x%02x (%s)", *out, what);
	if (w2n_is_reftype(*out))
		return true;
	if (w2n_type_feature(*out, &f))
		return w2n_reader_unsupported(R(d), pos, f, what);
	return w2n_reader_fail(R(d), pos, "malformed reference type 0x%02x (%s)", *out, what);
}

static bool decode_valtypes(struct decoder *d, uint8_t *types, uint32_t n, const char *what)
{
	for (uint32_t i = 0; i < n; i++)
		if (!w2n_decode_valtype(d, &types[i], what))
			return false;
	return true;
}

bool w2n_decode_functype(struct decoder *d, struct w2n_functype *ft)
{
	uint8_t form;
	uint32_t np, nr;
	ft->pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &form, "function type"))
		return false;
	/* GC's composite types: array 0x5e, struct 0x5f, sub 0x50, sub final 0x4f, rec 0x4e. */
	if (form == 0x5e || form == 0x5f || form == 0x50 || form == 0x4f || form == 0x4e)
		return w2n_reader_unsupported(R(d), ft->pos, W2N_FEAT_GC, "type definition");
	if (form != 0x60)
		return w2n_reader_fail(R(d), ft->pos,
		                       "malformed function type "
		                       "(expected 0x60, got 0x%02x)",
		                       form);
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_count(R(d), &np, 1, "parameter types"))
		return false;
	if (np > W2N_MAX_PARAMS)
		return w2n_reader_fail(R(d), pos, "too many parameters (%u; implementation limit: %u)", np,
		                       W2N_MAX_PARAMS);
	/* Parameters first into a buffer: a type is not always one byte (3.0's typed references
	 * carry a heap type), so the result count's position is known only after them. */
	uint8_t params[W2N_MAX_PARAMS];
	if (!decode_valtypes(d, params, np, "parameter type"))
		return false;
	pos = w2n_reader_pos(R(d));
	if (!w2n_read_count(R(d), &nr, 1, "result types"))
		return false;
	if (nr > W2N_MAX_RESULTS)
		return w2n_reader_fail(R(d), pos, "too many results (%u; implementation limit: %u)", nr,
		                       W2N_MAX_RESULTS);
	ft->types = w2n_arena_array(d->arena, (size_t)np + nr, 1);
	if (!ft->types)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (%zu items)",
		                       (size_t)np + nr);
	if (np)
		memcpy(ft->types, params, np);
	ft->nparams = np;
	ft->nresults = nr;
	return decode_valtypes(d, ft->types + np, nr, "result type");
}

bool w2n_decode_limits(struct decoder *d, struct w2n_limits *l, const char *what)
{
	uint8_t flags;
	uint32_t pos = w2n_reader_pos(R(d));
	uint64_t min, max = 0;
	if (!w2n_read_u8(R(d), &flags, what))
		return false;
	/* Flag bits: 0x01 a maximum; 0x02 shared (threads: the validator checks where it may
	 * appear); 0x04 64-bit addresses (memory64/table64, 3.0); 0x08 a page size (later). */
	bool shared = flags & 0x02 && flags < 0x10;
	if (shared && d->off & 1ull << W2N_FEAT_THREADS)
		return w2n_reader_unsupported(R(d), pos, W2N_FEAT_THREADS, what);
	if (flags & 0x04 && flags < 0x10 && d->off & 1ull << W2N_FEAT_MEMORY64)
		return w2n_reader_unsupported(R(d), pos, W2N_FEAT_MEMORY64, what);
	if (flags & 0x08 && flags < 0x10)
		return w2n_reader_unsupported(R(d), pos, W2N_FEAT_PAGE_SIZES, what);
	if (flags & ~0x07)
		return w2n_reader_fail(R(d), pos, "integer too large (%s flags 0x%02x)", what, flags);
	bool has_max = flags & 0x01, is64 = flags & 0x04;
	/* 3.0 encodes limits as u64 whatever the address type (the validator bounds them); 2.0
	 * as u32. */
	if (!(d->off & 1ull << W2N_FEAT_MEMORY64)) {
		if (!w2n_read_u64(R(d), &min, what) || (has_max && !w2n_read_u64(R(d), &max, what)))
			return false;
		*l = (struct w2n_limits){
			.min = min, .max = max, .has_max = has_max, .is64 = is64, .shared = shared};
		return true;
	}
	uint32_t min32, max32 = 0;
	if (!w2n_read_u32(R(d), &min32, what))
		return false;
	if (has_max && !w2n_read_u32(R(d), &max32, what))
		return false;
	min = min32;
	max = max32;
	*l = (struct w2n_limits){.min = min, .max = max, .has_max = has_max, .shared = shared};
	return true;
}

bool w2n_decode_tabletype(struct decoder *d, struct w2n_tabletype *t)
{
	t->pos = w2n_reader_pos(R(d));
	/* 0x40 0x00: a table with an initializer expression (typed function references). */
	if (w2n_reader_left(R(d)) > 0 && *R(d)->p == 0x40)
		return w2n_reader_unsupported(R(d), t->pos, W2N_FEAT_FUNCREFS, "table initializer");
	return w2n_decode_reftype(d, &t->elem, "table element type") &&
	       w2n_decode_limits(d, &t->limits, "table limits");
}

bool w2n_decode_globaltype(struct decoder *d, struct w2n_global *g)
{
	uint8_t mut;
	g->pos = w2n_reader_pos(R(d));
	if (!w2n_decode_valtype(d, &g->type, "global type"))
		return false;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &mut, "global mutability"))
		return false;
	if (mut > 1)
		return w2n_reader_fail(R(d), pos, "malformed mutability (0x%02x)", mut);
	g->mutable_ = mut == 1;
	return true;
}
