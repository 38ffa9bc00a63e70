/* decode_types.c — the binary format's types: value and reference types, function types,
 * limits, table and global types. Called by the section decoders (decode.c,
 * decode_segments.c, decode_code.c); calls none of them. */
#include <string.h>

#include "decode.h"

static struct w2n_reader *R(struct decoder *d)
{
	return &d->r;
}

/* Value-type bytes of 3.0 features that are not implemented (features.def): exnref 0x69 and
 * its bottom noexn 0x74, and GC's abstract heap types (0x6a array ... 0x6e any, 0x71 none);
 * and typed function references' bytes (0x63, 0x64, 0x72, 0x73) while those are not. */
bool w2n_type_feature(uint8_t byte, enum w2n_feature *f)
{
	if (byte == 0x63 || byte == 0x64 || byte == 0x72 || byte == 0x73)
		*f = W2N_FEAT_FUNCREFS;
	else if (byte == 0x74) /* noexn: only as a heap type of (ref null noexn) */
		*f = W2N_FEAT_EXCEPTIONS;
	else if ((byte >= 0x6a && byte <= 0x6e) || byte == 0x71)
		*f = W2N_FEAT_GC;
	else
		return false;
	return !w2n_feature_implemented(*f);
}

/* Whether typed references are read: implemented, and not turned off (Wasm 2.0's rules, under
 * which their bytes are malformed value types). */
bool w2n_decode_typed_refs(const struct decoder *d)
{
	return w2n_feature_implemented(W2N_FEAT_FUNCREFS) && !(d->off & 1ull << W2N_FEAT_FUNCREFS);
}

/* Typed references turned off by the caller (--disable-function-references, --wasm2-only):
 * their bytes are refused, naming the feature, as the validator does for other features. */
static bool disabled(struct decoder *d, uint32_t pos, const char *what)
{
	return w2n_reader_fail(R(d), pos, "%s disabled (feature %s; %s)",
	                       w2n_feature_name(W2N_FEAT_FUNCREFS), w2n_feature_flag(W2N_FEAT_FUNCREFS),
	                       what);
}

/* An abstract heap type's byte, as (family, heap code); false if it is none of 3.0-without-GC's.
 * func, extern and exn, and their bottoms nofunc, noextern and noexn (the 0x73/0x72/0x74
 * shorthands too). */
static bool abstract_heap(uint8_t byte, unsigned *family, unsigned *heap)
{
	switch (byte) {
	case W2N_FUNCREF:
	case W2N_EXTERNREF:
	case W2N_EXNREF:
		*family = byte;
		*heap = W2N_HEAP_TOP;
		return true;
	case 0x74:
		*family = W2N_EXNREF;
		*heap = W2N_HEAP_BOTTOM;
		return true;
	case 0x73:
		*family = W2N_FUNCREF;
		*heap = W2N_HEAP_BOTTOM;
		return true;
	case 0x72:
		*family = W2N_EXTERNREF;
		*heap = W2N_HEAP_BOTTOM;
		return true;
	}
	return false;
}

/* A heap type (s33): an abstract one by its byte, or a function type's index (checked against
 * the types by the validator). */
static bool decode_heaptype(struct decoder *d, unsigned *family, unsigned *heap, const char *what)
{
	uint32_t pos = w2n_reader_pos(R(d));
	int64_t ht;
	enum w2n_feature f;
	if (!w2n_read_s33(R(d), &ht, what))
		return false;
	if (ht >= 0) {
		if (ht > W2N_MAX_HEAP_INDEX)
			return w2n_reader_fail(R(d), pos,
			                       "type index too large (%lld; implementation limit: %u) (%s)",
			                       (long long)ht, W2N_MAX_HEAP_INDEX, what);
		*family = W2N_FUNCREF;
		*heap = (unsigned)ht + W2N_HEAP_FIRST_CONCRETE;
		return true;
	}
	uint8_t byte = (uint8_t)(ht + 0x80);
	bool exn = byte == W2N_EXNREF || byte == 0x74;
	if (ht >= -64 && exn && d->off & 1ull << W2N_FEAT_EXCEPTIONS)
		return w2n_reader_fail(R(d), pos, "malformed heap type %lld (%s)", (long long)ht, what);
	if (ht >= -64 && abstract_heap(byte, family, heap))
		return true;
	if (ht >= -64 && w2n_type_feature(byte, &f)) /* GC's abstract heap types */
		return w2n_reader_unsupported(R(d), pos, f, what);
	return w2n_reader_fail(R(d), pos, "malformed heap type %lld (%s)", (long long)ht, what);
}

/* The rest of a reference type whose first byte `byte` (already read) is 0x63, 0x64, 0x72,
 * 0x73 or (exceptions on) 0x74; false if it is none of them (and nothing is read). */
static bool decode_typed_ref(struct decoder *d, uint8_t byte, w2n_type *out, bool *ok,
                             const char *what)
{
	unsigned family, heap;
	bool noexn = byte == 0x74 && !(d->off & 1ull << W2N_FEAT_EXCEPTIONS);
	if (byte != 0x63 && byte != 0x64 && byte != 0x72 && byte != 0x73 && !noexn)
		return false;
	if (!w2n_decode_typed_refs(d)) {
		if (!w2n_feature_implemented(W2N_FEAT_FUNCREFS))
			return false;
		*ok = disabled(d, w2n_reader_pos(R(d)) - 1, what);
		return true;
	}
	if (byte == 0x72 || byte == 0x73 || byte == 0x74) {
		abstract_heap(byte, &family, &heap);
		*out = w2n_ref_type(family, heap, 1);
		*ok = true;
		return true;
	}
	*ok = decode_heaptype(d, &family, &heap, what);
	if (*ok)
		*out = w2n_ref_type(family, heap, byte == 0x63);
	return true;
}

/* A value type, or with `ref_only` a reference type. */
static bool decode_type(struct decoder *d, w2n_type *out, bool ref_only, const char *what)
{
	enum w2n_feature f;
	uint8_t byte;
	bool ok;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &byte, what))
		return false;
	*out = byte;
	if (byte == W2N_EXNREF && d->off & 1ull << W2N_FEAT_EXCEPTIONS)
		return w2n_reader_fail(R(d), pos, "malformed %s type 0x%02x (%s)",
		                       ref_only ? "reference" : "value", byte, what);
	if (ref_only ? w2n_is_reftype(byte) : w2n_is_valtype(byte))
		return true;
	if (decode_typed_ref(d, byte, out, &ok, what))
		return ok;
	if (w2n_type_feature(byte, &f))
		return w2n_reader_unsupported(R(d), pos, f, what);
	return w2n_reader_fail(R(d), pos, "malformed %s type 0x%02x (%s)",
	                       ref_only ? "reference" : "value", byte, what);
}

bool w2n_decode_valtype(struct decoder *d, w2n_type *out, const char *what)
{
	return decode_type(d, out, false, what);
}

bool w2n_decode_reftype(struct decoder *d, w2n_type *out, const char *what)
{
	return decode_type(d, out, true, what);
}

bool w2n_decode_block_ref(struct decoder *d, int64_t *bt, bool *ok)
{
	w2n_type t;
	if (*bt >= 0 || *bt < -64 || !decode_typed_ref(d, (uint8_t)(*bt + 0x80), &t, ok, "block type"))
		return false;
	if (*ok)
		*bt = t < 0x100 ? (int64_t)t - 0x80 : -(int64_t)t;
	return true;
}

bool w2n_decode_ref_null(struct decoder *d, w2n_type *out)
{
	unsigned family, heap;
	if (!w2n_decode_typed_refs(d))
		return w2n_decode_reftype(d, out, "ref.null type");
	if (!decode_heaptype(d, &family, &heap, "ref.null type"))
		return false;
	*out = w2n_ref_type(family, heap, 1);
	return true;
}

static bool decode_valtypes(struct decoder *d, w2n_type *types, uint32_t n, const char *what)
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
	w2n_type params[W2N_MAX_PARAMS];
	if (!decode_valtypes(d, params, np, "parameter type"))
		return false;
	pos = w2n_reader_pos(R(d));
	if (!w2n_read_count(R(d), &nr, 1, "result types"))
		return false;
	if (nr > W2N_MAX_RESULTS)
		return w2n_reader_fail(R(d), pos, "too many results (%u; implementation limit: %u)", nr,
		                       W2N_MAX_RESULTS);
	ft->types = w2n_arena_array(d->arena, (size_t)np + nr, sizeof *ft->types);
	if (!ft->types)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (%zu items)",
		                       (size_t)np + nr);
	if (np)
		memcpy(ft->types, params, np * sizeof *params);
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
	/* 0x40 0x00: a table with an initializer expression (typed function references); the
	 * expression follows the table type (decode.c reads it in the table section). */
	if (w2n_reader_left(R(d)) > 0 && *R(d)->p == 0x40) {
		uint8_t b;
		if (!w2n_feature_implemented(W2N_FEAT_FUNCREFS))
			return w2n_reader_unsupported(R(d), t->pos, W2N_FEAT_FUNCREFS, "table initializer");
		if (!w2n_decode_typed_refs(d))
			return disabled(d, t->pos, "table initializer");
		w2n_read_u8(R(d), &b, "table initializer");
		uint32_t pos = w2n_reader_pos(R(d));
		if (!w2n_read_u8(R(d), &b, "table initializer"))
			return false;
		if (b != 0)
			return w2n_reader_fail(R(d), pos, "malformed table type (0x40 0x%02x)", b);
		t->has_init = true;
	}
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
