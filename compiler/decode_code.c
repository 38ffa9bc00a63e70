/* decode_code.c — instructions: opcodes through the operator table, immediates by IMM kind,
 * function bodies (locals, then instructions up to the `end` that closes the body) and
 * constant expressions. Typing is left to the validator. */
#include <stdlib.h>
#include <string.h>

#include "decode.h"

static struct w2n_reader *R(struct decoder *d)
{
	return &d->r;
}

static bool read_index(struct decoder *d, uint32_t *out, const char *what)
{
	return w2n_read_u32(R(d), out, what);
}

/* Reserved bytes that Wasm 2.0 fixes at zero (memory indices of the MVP encodings); 3.0's
 * multi-memory gives them meaning: a one-byte index other than 0 is that feature. */
static bool read_zero_byte(struct decoder *d, const char *what)
{
	uint8_t b;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &b, what))
		return false;
	if (b != 0 && b < 0x80)
		return w2n_reader_unsupported(R(d), pos, W2N_FEAT_MULTIMEM, what);
	if (b != 0)
		return w2n_reader_fail(R(d), pos, "zero byte expected (%s)", what);
	return true;
}

/* atomic.fence's reserved byte (a memory-order field the proposal keeps for later): zero. */
static bool read_fence_byte(struct decoder *d)
{
	uint8_t b;
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &b, "atomic.fence"))
		return false;
	if (b != 0)
		return w2n_reader_fail(R(d), pos, "zero byte expected (atomic.fence)");
	return true;
}

static bool decode_blocktype(struct decoder *d, struct w2n_instr *in)
{
	uint32_t pos = w2n_reader_pos(R(d));
	if (!w2n_read_s33(R(d), &in->imm.block, "block type"))
		return false;
	int64_t bt = in->imm.block;
	if (bt >= 0 || bt == -64)
		return true;
	bool ok;
	if (w2n_decode_block_ref(d, &in->imm.block, &ok))
		return ok;
	/* Negative one-byte values name a value type: byte = bt + 0x80. */
	enum w2n_feature f;
	if (bt >= -64 && w2n_type_feature((uint8_t)(bt + 0x80), &f))
		return w2n_reader_unsupported(R(d), pos, f, "block type");
	if (bt >= -64 && w2n_is_valtype((uint8_t)(bt + 0x80)))
		return true;
	return w2n_reader_fail(R(d), pos, "malformed value type (block type %lld)", (long long)bt);
}

static bool grow_labels(struct decoder *d, uint32_t need)
{
	if (need <= d->labels_cap)
		return true;
	uint32_t cap = d->labels_cap ? d->labels_cap : 64;
	while (cap < need)
		cap *= 2;
	uint32_t *p = realloc(d->labels, (size_t)cap * sizeof *p);
	if (!p)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (br_table)");
	d->labels = p;
	d->labels_cap = cap;
	return true;
}

/* br_table targets go to the function's label array: a = first entry, b = count, and the
 * default label follows them. `*nlabels` counts entries used so far in this body. */
static bool decode_br_table(struct decoder *d, struct w2n_instr *in, uint32_t *nlabels)
{
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 1, "br_table label count"))
		return false;
	if (!grow_labels(d, *nlabels + n + 1))
		return false;
	in->imm.idx.a = *nlabels;
	in->imm.idx.b = n;
	for (uint32_t i = 0; i <= n; i++)
		if (!read_index(d, &d->labels[(*nlabels)++], "br_table label"))
			return false;
	return true;
}

/* A try_table's clauses go to the decoder's scratch list (kept with the body): the
 * instruction holds the first and the count. Clause bytes: 0 catch, 1 catch_ref (both with a
 * tag), 2 catch_all, 3 catch_all_ref; then the label. */
static bool decode_try_table(struct decoder *d, struct w2n_instr *in)
{
	uint32_t n;
	if (!decode_blocktype(d, in) || !w2n_read_count(R(d), &n, 2, "catch clause count"))
		return false;
	if (d->ncatches + (uint64_t)n > d->catches_cap) {
		uint32_t cap = d->catches_cap ? d->catches_cap : 16;
		while (cap < d->ncatches + (uint64_t)n)
			cap *= 2;
		struct w2n_catch *p = realloc(d->catches, (size_t)cap * sizeof *p);
		if (!p)
			return w2n_reader_fail(R(d), in->pos, "out of memory (try_table)");
		d->catches = p;
		d->catches_cap = cap;
	}
	in->imm.try_.first = d->ncatches;
	in->imm.try_.ncatch = n;
	for (uint32_t i = 0; i < n; i++) {
		struct w2n_catch *c = &d->catches[d->ncatches++];
		uint32_t pos = w2n_reader_pos(R(d));
		*c = (struct w2n_catch){0};
		if (!w2n_read_u8(R(d), &c->kind, "catch clause kind"))
			return false;
		if (c->kind > W2N_CATCH_ALL_REF)
			return w2n_reader_fail(R(d), pos, "malformed catch clause (0x%02x)", c->kind);
		if (c->kind <= W2N_CATCH_REF && !read_index(d, &c->tag, "catch tag index"))
			return false;
		if (!read_index(d, &c->label, "catch label"))
			return false;
	}
	return true;
}

/* 3.0's memarg: alignment fields from 64 to 127 carry a memory index after them (bit 6, the
 * multi-memory encoding); 128 and above are malformed, not merely invalid; the offset is a
 * u64 (memory64), which the validator bounds for 32-bit memories. With those features off, the
 * 2.0 encoding: two u32, an over-large alignment left to the validator. */
static bool decode_memarg(struct decoder *d, struct w2n_instr *in)
{
	uint32_t align, offset, pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &align, "memory alignment"))
		return false;
	in->imm.mem.memory = 0;
	if (!(d->off & 1ull << W2N_FEAT_MULTIMEM) && align >= 128)
		return w2n_reader_fail(R(d), pos, "malformed memop flags (alignment field %u)", align);
	if (!(d->off & 1ull << W2N_FEAT_MULTIMEM) && align >= 64) {
		align -= 64;
		if (!read_index(d, &in->imm.mem.memory, "memarg memory index"))
			return false;
	}
	/* 255 is larger than any access's natural alignment: the validator still rejects it. */
	in->imm.mem.align = align > 255 ? 255 : (uint8_t)align;
	if (!(d->off & 1ull << W2N_FEAT_MEMORY64))
		return w2n_read_u64(R(d), &in->imm.mem.offset, "memory offset");
	if (!w2n_read_u32(R(d), &offset, "memory offset"))
		return false;
	in->imm.mem.offset = offset;
	return true;
}

/* A memory index of memory.size/grow/fill/copy/init: a u32 in 3.0 (multi-memory), a reserved
 * zero byte in 2.0. */
static bool read_memidx(struct decoder *d, uint32_t *out)
{
	*out = 0;
	if (d->off & 1ull << W2N_FEAT_MULTIMEM)
		return read_zero_byte(d, "memory index");
	return read_index(d, out, "memory index");
}

static bool decode_select_t(struct decoder *d, struct w2n_instr *in)
{
	uint32_t n;
	if (!w2n_read_count(R(d), &n, 1, "select types"))
		return false;
	in->imm.idx.a = n;
	for (uint32_t i = 0; i < n; i++) {
		w2n_type t;
		if (!w2n_decode_valtype(d, &t, "select type"))
			return false;
		if (i == 0)
			in->imm.idx.b = t;
	}
	return true;
}

static bool decode_imm(struct decoder *d, struct w2n_instr *in, uint32_t *nlabels)
{
	struct w2n_reader *r = R(d);
	int32_t i32;
	int64_t i64;
	switch (w2n_ops[in->op].imm) {
	case W2N_IMM_NONE:
		return true;
	case W2N_IMM_BLOCK:
		return decode_blocktype(d, in);
	case W2N_IMM_LABEL:
		return read_index(d, &in->imm.idx.a, "label index");
	case W2N_IMM_BR_TABLE:
		return decode_br_table(d, in, nlabels);
	case W2N_IMM_FUNC:
		return read_index(d, &in->imm.idx.a, "function index");
	case W2N_IMM_CALL_INDIRECT:
		return read_index(d, &in->imm.idx.a, "type index") &&
		       read_index(d, &in->imm.idx.b, "table index");
	case W2N_IMM_LOCAL:
		return read_index(d, &in->imm.idx.a, "local index");
	case W2N_IMM_GLOBAL:
		return read_index(d, &in->imm.idx.a, "global index");
	case W2N_IMM_TABLE:
		return read_index(d, &in->imm.idx.a, "table index");
	case W2N_IMM_TABLE_COPY:
		return read_index(d, &in->imm.idx.a, "destination table index") &&
		       read_index(d, &in->imm.idx.b, "source table index");
	case W2N_IMM_TABLE_INIT:
		return read_index(d, &in->imm.idx.a, "element segment index") &&
		       read_index(d, &in->imm.idx.b, "table index");
	case W2N_IMM_ELEM:
		return read_index(d, &in->imm.idx.a, "element segment index");
	case W2N_IMM_MEMARG:
		return decode_memarg(d, in);
	case W2N_IMM_MEMARG_LANE:
		return decode_memarg(d, in) && w2n_read_u8(r, &in->imm.mem.lane, "lane index");
	case W2N_IMM_MEM:
		return read_memidx(d, &in->imm.idx.a);
	case W2N_IMM_MEM_COPY: /* destination, then source */
		return read_memidx(d, &in->imm.idx.a) && read_memidx(d, &in->imm.idx.b);
	case W2N_IMM_MEM_INIT:
		return read_index(d, &in->imm.idx.a, "data segment index") &&
		       read_memidx(d, &in->imm.idx.b);
	case W2N_IMM_DATA:
		return read_index(d, &in->imm.idx.a, "data segment index");
	case W2N_IMM_I32:
		if (!w2n_read_s32(r, &i32, "i32 constant"))
			return false;
		in->imm.u64 = (uint64_t)(int64_t)i32;
		return true;
	case W2N_IMM_I64:
		if (!w2n_read_s64(r, &i64, "i64 constant"))
			return false;
		in->imm.u64 = (uint64_t)i64;
		return true;
	case W2N_IMM_F32:
		return w2n_read_fixed(r, &in->imm.u64, 4, "f32 constant");
	case W2N_IMM_F64:
		return w2n_read_fixed(r, &in->imm.u64, 8, "f64 constant");
	case W2N_IMM_V128:
	case W2N_IMM_SHUFFLE:
		return w2n_read_fixed(r, in->imm.v128, 16, "v128 immediate");
	case W2N_IMM_LANE:
		return w2n_read_u8(r, &in->imm.mem.lane, "lane index");
	case W2N_IMM_SELECT_T:
		return decode_select_t(d, in);
	case W2N_IMM_REFTYPE: {
		w2n_type t;
		if (!w2n_decode_ref_null(d, &t))
			return false;
		in->imm.u64 = t;
		return true;
	}
	case W2N_IMM_TYPE:
		return read_index(d, &in->imm.idx.a, "type index");
	case W2N_IMM_TAG:
		return read_index(d, &in->imm.idx.a, "tag index");
	case W2N_IMM_FENCE:
		return read_fence_byte(d);
	case W2N_IMM_TRY_TABLE:
		return decode_try_table(d, in);
	}
	return false;
}

/* Opcode spaces of proposals whose operators have no rows in ops.def yet: a whole prefix (GC's
 * 0xfb). Such an opcode is "not implemented", not illegal; each range goes when its feature
 * gets its rows. */
static bool unrowed_feature(uint8_t prefix, uint32_t code, enum w2n_feature *f)
{
	if (prefix == 0xfb)
		*f = W2N_FEAT_GC;
	else
		return false;
	return true;
}

static bool decode_opcode(struct decoder *d, struct w2n_instr *in)
{
	uint8_t b;
	uint32_t code;
	enum w2n_op op;
	enum w2n_feature f;
	in->pos = w2n_reader_pos(R(d));
	if (!w2n_read_u8(R(d), &b, "opcode"))
		return false;
	if (b == 0xfc || b == 0xfd || b == 0xfb || b == 0xfe) {
		if (!w2n_read_u32(R(d), &code, "opcode"))
			return false;
		if (unrowed_feature(b, code, &f))
			return w2n_reader_unsupported(R(d), in->pos, f, "prefixed opcode");
		if (!w2n_op_lookup(b, code, &op))
			return w2n_reader_fail(R(d), in->pos, "illegal opcode (0x%02x 0x%x)", b, code);
	} else if (!w2n_op_lookup(0, b, &op)) {
		return w2n_reader_fail(R(d), in->pos, "illegal opcode (0x%02x)", b);
	}
	if (!w2n_feature_implemented(w2n_ops[op].feature))
		return w2n_reader_unsupported(R(d), in->pos, w2n_ops[op].feature, w2n_ops[op].name);
	in->op = (uint16_t)op;
	return true;
}

static bool grow_scratch(struct decoder *d, uint32_t need)
{
	if (need <= d->scratch_cap)
		return true;
	uint32_t cap = d->scratch_cap ? d->scratch_cap * 2 : 256;
	struct w2n_instr *p = realloc(d->scratch, (size_t)cap * sizeof *p);
	if (!p)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (instructions)");
	d->scratch = p;
	d->scratch_cap = cap;
	return true;
}

/* Decodes instructions into the scratch buffer up to the `end` that closes depth 0 or the
 * end of the window. Returns the count through *len; `*ended` tells which happened. */
static bool decode_instrs(struct decoder *d, uint32_t *len, uint32_t *nlabels, bool *ended)
{
	uint32_t n = 0, depth = 0;
	*ended = false;
	while (w2n_reader_left(R(d)) > 0) {
		if (!grow_scratch(d, n + 1))
			return false;
		struct w2n_instr *in = &d->scratch[n++];
		memset(in, 0, sizeof *in);
		if (!decode_opcode(d, in) || !decode_imm(d, in, nlabels))
			return false;
		if (in->op == W2N_OP_DATA_DROP || in->op == W2N_OP_MEMORY_INIT)
			d->uses_datacount = true;
		if (in->op == W2N_OP_RETURN_CALL || in->op == W2N_OP_RETURN_CALL_INDIRECT ||
		    in->op == W2N_OP_RETURN_CALL_REF)
			d->m->tail_calls = true;
		if (in->op == W2N_OP_BLOCK || in->op == W2N_OP_LOOP || in->op == W2N_OP_IF ||
		    in->op == W2N_OP_TRY_TABLE) {
			depth++;
		} else if (in->op == W2N_OP_END) {
			if (depth == 0) {
				*ended = true;
				break;
			}
			depth--;
		}
	}
	*len = n;
	return true;
}

/* Moves the scratch instructions into the arena. */
static struct w2n_instr *keep_instrs(struct decoder *d, uint32_t n)
{
	struct w2n_instr *code = w2n_arena_array(d->arena, n, sizeof *code);
	if (!code) {
		w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (instructions)");
		return NULL;
	}
	if (n)
		memcpy(code, d->scratch, (size_t)n * sizeof *code);
	return code;
}

bool w2n_decode_expr(struct decoder *d, struct w2n_expr *out, const char *what)
{
	uint32_t nlabels = 0;
	bool ended;
	out->pos = w2n_reader_pos(R(d));
	if (!decode_instrs(d, &out->len, &nlabels, &ended))
		return false;
	if (!ended)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "%s (%s)", R(d)->eof_msg, what);
	/* br_table is not constant; the validator rejects it, so its labels need not be kept. */
	out->code = keep_instrs(d, out->len);
	return out->code != NULL;
}

static bool decode_locals(struct decoder *d, struct w2n_code *body)
{
	uint32_t ngroups;
	uint64_t total = 0;
	if (!w2n_read_count(R(d), &ngroups, 2, "local declarations"))
		return false;
	body->groups = w2n_arena_array(d->arena, ngroups, sizeof *body->groups);
	if (ngroups && !body->groups)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "out of memory (locals)");
	for (uint32_t i = 0; i < ngroups; i++) {
		uint32_t n, pos = w2n_reader_pos(R(d));
		w2n_type t;
		if (!w2n_read_u32(R(d), &n, "local count") || !w2n_decode_valtype(d, &t, "local type"))
			return false;
		total += n; /* cannot overflow: it stays below the limit until the check fails */
		if (total > W2N_MAX_LOCALS)
			return w2n_reader_fail(R(d), pos,
			                       "too many locals (implementation limit: "
			                       "%u per function)",
			                       W2N_MAX_LOCALS);
		if (n)
			body->groups[body->ngroups++] = (struct w2n_localgroup){(uint32_t)total, t};
	}
	body->nlocals = (uint32_t)total;
	return true;
}

w2n_type w2n_local_type(const struct w2n_functype *type, const struct w2n_code *body,
                        uint32_t index)
{
	if (index < type->nparams)
		return type->types[index];
	index -= type->nparams;
	/* The first group whose cumulative end lies beyond the index. */
	uint32_t lo = 0, hi = body->ngroups;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (body->groups[mid].end <= index)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < body->ngroups ? body->groups[lo].type : 0;
}

bool w2n_decode_body(struct decoder *d, struct w2n_code *body)
{
	uint32_t size, nlabels = 0;
	bool ended;
	body->pos = w2n_reader_pos(R(d));
	if (!w2n_read_u32(R(d), &size, "function body size"))
		return false;
	if (size > w2n_reader_left(R(d)))
		return w2n_reader_fail(R(d), body->pos, "%s (function body of %u bytes)", R(d)->eof_msg,
		                       size);
	const uint8_t *section_end = R(d)->end;
	R(d)->end = R(d)->p + size;
	body->end = w2n_reader_pos(R(d)) + size;
	d->ncatches = 0;
	if (!decode_locals(d, body) || !decode_instrs(d, &body->len, &nlabels, &ended))
		return false;
	if (!ended)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)), "END opcode expected");
	if (R(d)->p != R(d)->end)
		return w2n_reader_fail(R(d), w2n_reader_pos(R(d)),
		                       "section size mismatch "
		                       "(bytes after the function's final end)");
	R(d)->end = section_end;
	body->code = keep_instrs(d, body->len);
	if (!body->code)
		return false;
	body->nlabels = nlabels;
	body->labels = w2n_arena_array(d->arena, nlabels, sizeof *body->labels);
	if (nlabels && !body->labels)
		return w2n_reader_fail(R(d), body->pos, "out of memory (br_table)");
	if (nlabels)
		memcpy(body->labels, d->labels, (size_t)nlabels * sizeof *body->labels);
	body->ncatches = d->ncatches;
	body->catches = w2n_arena_array(d->arena, d->ncatches, sizeof *body->catches);
	if (d->ncatches && !body->catches)
		return w2n_reader_fail(R(d), body->pos, "out of memory (try_table)");
	if (d->ncatches)
		memcpy(body->catches, d->catches, (size_t)d->ncatches * sizeof *body->catches);
	return true;
}
