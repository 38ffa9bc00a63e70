/* test_ops.c — the operator table (compiler/ops.def) and what ops.c generates from it.
 *
 * The table is the single source of every opcode, so these tests check it against the spec's
 * numbers and against itself: lookups round-trip, names and encodings are unique, and the
 * typed columns (SIG, ARG, SHAPE, FROM) agree with the operator's text name, which spells out
 * its types, lanes, signedness and operation. A wrong token in any row fails one of them.
 */
#include <check.h>
#include <ctype.h>
#include <llvm-c/Core.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "reader.h"
#include "wasm2native/module.h"

/* The enum constants and their identifiers, in table order, generated from the table. */
static const enum w2n_op row_op[] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) W2N_OP_##ID,
#include "ops.def"
};
static const char *const row_id[] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) #ID,
#include "ops.def"
};

#define NROWS (sizeof row_op / sizeof row_op[0])

static uint64_t key(const struct w2n_opinfo *info)
{
	return ((uint64_t)info->prefix << 32) | info->code;
}

START_TEST(ids_contiguous)
{
	ck_assert_uint_eq(NROWS, W2N_OP_COUNT);
	for (unsigned i = 0; i < NROWS; i++) {
		ck_assert_msg(row_op[i] == i, "row %u (%s) has enum value %d", i, row_id[i], row_op[i]);
		/* No hole in the designated-initializer array. */
		ck_assert_ptr_nonnull(w2n_ops[i].name);
	}
}
END_TEST

START_TEST(lookup_round_trips)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		enum w2n_op op = W2N_OP_COUNT;
		ck_assert_msg(w2n_op_lookup(w2n_ops[i].prefix, w2n_ops[i].code, &op), "%s not found",
		              w2n_ops[i].name);
		ck_assert_msg(op == i, "%s looks up as %s", w2n_ops[i].name, w2n_ops[op].name);
	}
}
END_TEST

START_TEST(prefixes_and_order)
{
	/* Rows are grouped by prefix and sorted by code, as the spec lists them. */
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_opinfo *info = &w2n_ops[i];
		ck_assert_msg(info->prefix == 0 || info->prefix == 0xfc || info->prefix == 0xfd ||
		                  info->prefix == 0xfe,
		              "%s: prefix 0x%x", info->name, info->prefix);
		ck_assert_msg((info->prefix == 0xfe) == (info->feature == W2N_FEAT_THREADS),
		              "%s: the threads proposal is exactly the 0xFE prefix", info->name);
		if (info->prefix == 0)
			ck_assert_msg(info->code <= 0xff && info->code != 0xfc && info->code != 0xfd,
			              "%s: code 0x%x", info->name, info->code);
		if (i > 0)
			ck_assert_msg(key(&w2n_ops[i - 1]) < key(info), "%s is out of order after %s",
			              info->name, w2n_ops[i - 1].name);
	}
}
END_TEST

/* The identifier is the text name in capitals with '.' as '_', e.g. I32_TRUNC_SAT_F32_S. */
START_TEST(names_unique_and_match_ids)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const char *name = w2n_ops[i].name;
		char want[64];
		size_t n = strlen(name);
		ck_assert_uint_lt(n, sizeof want);
		for (size_t k = 0; k <= n; k++)
			want[k] = name[k] == '.' ? '_' : (char)toupper((unsigned char)name[k]);
		/* The only exception: the typed `select` (0x1c) shares the text name. */
		if (i == W2N_OP_SELECT_T)
			ck_assert_str_eq(name, "select");
		else
			ck_assert_str_eq(row_id[i], want);

		for (unsigned j = 0; j < i; j++) {
			bool same = strcmp(w2n_ops[j].name, name) == 0;
			ck_assert_msg(!same || (j == W2N_OP_SELECT && i == W2N_OP_SELECT_T),
			              "duplicate name %s (rows %u and %u)", name, j, i);
		}
	}
}
END_TEST

static bool is_valtype(uint8_t t)
{
	return t == W2N_I32 || t == W2N_I64 || t == W2N_F32 || t == W2N_F64 || t == W2N_V128;
}

/* Polymorphic rows carry no types; the others at most three value-type parameters and one
 * result. */
START_TEST(signatures_well_formed)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_sig *sig = &w2n_ops[i].sig;
		const char *name = w2n_ops[i].name;
		if (sig->poly) {
			ck_assert_msg(sig->nparams == 0 && sig->nresults == 0, "%s: typed and (*)", name);
			continue;
		}
		ck_assert_msg(sig->nparams <= 3 && sig->nresults <= 1, "%s: arity", name);
		for (unsigned k = 0; k < sig->nparams; k++)
			ck_assert_msg(is_valtype(sig->params[k]), "%s: parameter %u", name, k);
		ck_assert_msg(sig->nresults ? is_valtype(sig->result) : sig->result == 0, "%s: result",
		              name);
	}
}
END_TEST

/* Each arity of the SIG column, against the spec's types. */
START_TEST(signatures_by_arity)
{
	const struct w2n_sig *s = &w2n_ops[W2N_OP_NOP].sig;
	ck_assert(!s->poly && s->nparams == 0 && s->nresults == 0);
	s = &w2n_ops[W2N_OP_F64_CONST].sig;
	ck_assert(!s->poly && s->nparams == 0 && s->nresults == 1 && s->result == W2N_F64);
	s = &w2n_ops[W2N_OP_I64_EXTEND_I32_U].sig;
	ck_assert(s->nparams == 1 && s->params[0] == W2N_I32);
	ck_assert(s->nresults == 1 && s->result == W2N_I64);
	s = &w2n_ops[W2N_OP_F32_STORE].sig;
	ck_assert(s->nparams == 2 && s->params[0] == W2N_I32 && s->params[1] == W2N_F32);
	ck_assert_uint_eq(s->nresults, 0);
	s = &w2n_ops[W2N_OP_I8X16_REPLACE_LANE].sig;
	ck_assert(s->nparams == 2 && s->params[0] == W2N_V128 && s->params[1] == W2N_I32);
	ck_assert(s->nresults == 1 && s->result == W2N_V128);
	s = &w2n_ops[W2N_OP_MEMORY_FILL].sig;
	ck_assert(s->nparams == 3 && s->nresults == 0);
	s = &w2n_ops[W2N_OP_V128_BITSELECT].sig;
	ck_assert(s->nparams == 3 && s->params[2] == W2N_V128 && s->result == W2N_V128);
	ck_assert(w2n_ops[W2N_OP_BLOCK].sig.poly);
	ck_assert(w2n_ops[W2N_OP_SELECT].sig.poly);
	ck_assert(w2n_ops[W2N_OP_MEMORY_GROW].sig.poly);
	ck_assert(!w2n_ops[W2N_OP_DATA_DROP].sig.poly);
}
END_TEST

/* Value type → size in bytes. */
static unsigned valtype_bytes(uint8_t t)
{
	switch (t) {
	case W2N_I32:
	case W2N_F32:
		return 4;
	case W2N_I64:
	case W2N_F64:
		return 8;
	case W2N_V128:
		return 16;
	}
	return 0;
}

START_TEST(columns_agree)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_opinfo *info = &w2n_ops[i];
		enum w2n_family fam = info->family;
		bool memarg = fam == W2N_FAM_LOAD || fam == W2N_FAM_STORE || fam == W2N_FAM_SIMD_LOAD ||
		              fam == W2N_FAM_SIMD_STORE ||
		              (w2n_op_is_atomic(i) && fam != W2N_FAM_ATOMIC_FENCE);
		bool lane = fam == W2N_FAM_SIMD_LOAD_LANE || fam == W2N_FAM_SIMD_STORE_LANE;

		ck_assert_msg((info->imm == W2N_IMM_MEMARG) == memarg, "%s: memarg", info->name);
		ck_assert_msg((info->imm == W2N_IMM_MEMARG_LANE) == lane, "%s: memarg+lane", info->name);
		bool simd = info->feature == W2N_FEAT_SIMD || info->feature == W2N_FEAT_RELAXED_SIMD;
		ck_assert_msg(simd == (info->prefix == 0xfd),
		              "%s: SIMD and relaxed SIMD are exactly the 0xFD prefix", info->name);
		ck_assert_msg((info->feature == W2N_FEAT_RELAXED_SIMD) ==
		                  (info->prefix == 0xfd && info->code >= 0x100 && info->code <= 0x113),
		              "%s: relaxed SIMD is 0xFD 0x100-0x113", info->name);
		if (info->feature == W2N_FEAT_SATCONV)
			ck_assert_msg(info->prefix == 0xfc && info->code <= 7, "%s", info->name);

		/* Memory accesses: address first; the width fits the value type. */
		unsigned bytes = w2n_op_access_bytes(i);
		ck_assert_msg((bytes != 0) == (memarg || lane), "%s: access bytes %u", info->name, bytes);
		if (bytes) {
			ck_assert_msg(info->sig.params[0] == W2N_I32, "%s: address operand", info->name);
			ck_assert_msg(bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 || bytes == 16,
			              "%s: %u bytes", info->name, bytes);
			bool load = fam == W2N_FAM_LOAD || fam == W2N_FAM_SIMD_LOAD ||
			            fam == W2N_FAM_SIMD_LOAD_LANE || fam == W2N_FAM_ATOMIC_LOAD;
			/* the loaded or the stored type */
			uint8_t value = load ? info->sig.result : info->sig.params[info->sig.nparams - 1];
			/* wait and notify: the address, then the compared value or the count */
			if (fam == W2N_FAM_ATOMIC_WAIT || fam == W2N_FAM_ATOMIC_NOTIFY)
				value = info->sig.params[1];
			ck_assert_msg(bytes <= valtype_bytes(value), "%s: %u bytes into 0x%x", info->name,
			              bytes, value);
		}
	}
}
END_TEST

/* ---- the typed columns against the text names ----------------------------------------- */

/* The part of the name after the '.', e.g. "add_sat_s" of "i16x8.add_sat_s". */
static const char *op_word(const char *name)
{
	const char *dot = strchr(name, '.');
	return dot ? dot + 1 : name;
}

/* True when `word` is one of the '_'- or '.'-separated words of name. */
static bool has_word(const char *name, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = name; *p; p++) {
		bool starts = p == name || p[-1] == '_' || p[-1] == '.';
		if (starts && strncmp(p, word, n) == 0 && (p[n] == '\0' || p[n] == '_' || p[n] == '.'))
			return true;
	}
	return false;
}

static const char *const shape_text[W2N_SHAPE_COUNT] = {
	[W2N_SHAPE_I8X16] = "i8x16", [W2N_SHAPE_I16X8] = "i16x8", [W2N_SHAPE_I32X4] = "i32x4",
	[W2N_SHAPE_I64X2] = "i64x2", [W2N_SHAPE_F32X4] = "f32x4", [W2N_SHAPE_F64X2] = "f64x2",
};

/* The shape whose text starts at p, or W2N_SHAPE_NONE. */
static enum w2n_shape shape_at(const char *p)
{
	for (unsigned s = 1; s < W2N_SHAPE_COUNT; s++)
		if (strncmp(p, shape_text[s], strlen(shape_text[s])) == 0)
			return (enum w2n_shape)s;
	return W2N_SHAPE_NONE;
}

/* The n-th shape named anywhere in name (0: the first). */
static enum w2n_shape nth_shape(const char *name, unsigned n)
{
	for (const char *p = name; *p; p++) {
		enum w2n_shape s = shape_at(p);
		if (s != W2N_SHAPE_NONE && n-- == 0)
			return s;
	}
	return W2N_SHAPE_NONE;
}

/* Integer lanes of `bits` bits filling 128. */
static enum w2n_shape int_shape(unsigned bits)
{
	switch (bits) {
	case 8:
		return W2N_SHAPE_I8X16;
	case 16:
		return W2N_SHAPE_I16X8;
	case 32:
		return W2N_SHAPE_I32X4;
	case 64:
		return W2N_SHAPE_I64X2;
	}
	return W2N_SHAPE_NONE;
}

/* The first number in the name after `after`, 0 if none: 8 of "v128.load8x8_s" after "load". */
static unsigned number_after(const char *name, const char *after)
{
	const char *p = strstr(name, after);
	return p ? (unsigned)strtoul(p + strlen(after), NULL, 10) : 0;
}

START_TEST(shape_lanes_table)
{
	ck_assert_uint_eq(w2n_shape_lanes[W2N_SHAPE_NONE].count, 0);
	for (unsigned s = 1; s < W2N_SHAPE_COUNT; s++) {
		const struct w2n_lanes *l = &w2n_shape_lanes[s];
		char want[8];
		snprintf(want, sizeof want, "%c%ux%u", l->is_float ? 'f' : 'i', l->bits, l->count);
		ck_assert_str_eq(want, shape_text[s]);
		ck_assert_uint_eq(l->bits * l->count, 128);
	}
}
END_TEST

/* SHAPE is the shape the name starts with ("i16x8.narrow_i32x4_s"); the v128 accesses of one
 * lane have the shape of that lane width ("v128.load32_zero": i32x4), the extending loads the
 * shape they widen to ("v128.load8x8_s": i16x8). FROM is the shape named second, if any. */
START_TEST(shapes_match_names)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_opinfo *info = &w2n_ops[i];
		const char *name = info->name;
		enum w2n_shape want = W2N_SHAPE_NONE, from = W2N_SHAPE_NONE;
		if (shape_at(name) != W2N_SHAPE_NONE && name[5] == '.') {
			want = shape_at(name);
			from = nth_shape(name, 1);
		} else if (strncmp(name, "v128.load", 9) == 0 && strchr(name, 'x')) { /* load8x8_s */
			want = int_shape(2 * number_after(name, "load"));
		} else if (strncmp(name, "v128.", 5) == 0 &&
		           (has_word(name, "splat") || has_word(name, "zero") || has_word(name, "lane"))) {
			want = int_shape(number_after(name, "v128.load") + number_after(name, "v128.store"));
		}
		ck_assert_msg(info->shape == want, "%s: SHAPE %u, want %u", name, info->shape, want);
		ck_assert_msg(info->from == from, "%s: FROM %u, want %u", name, info->from, from);
		ck_assert_msg(info->shape == W2N_SHAPE_NONE || info->prefix == 0xfd, "%s: scalar", name);
	}
	ck_assert_int_eq(w2n_ops[W2N_OP_V128_LOAD16X4_U].shape, W2N_SHAPE_I32X4);
	ck_assert_int_eq(w2n_ops[W2N_OP_V128_STORE8_LANE].shape, W2N_SHAPE_I8X16);
	ck_assert_int_eq(w2n_ops[W2N_OP_I32X4_TRUNC_SAT_F64X2_S_ZERO].from, W2N_SHAPE_F64X2);
	ck_assert_int_eq(w2n_ops[W2N_OP_V128_AND].shape, W2N_SHAPE_NONE);
}
END_TEST

static bool one_of(enum w2n_arg arg, const enum w2n_arg *allowed, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		if (arg == allowed[k])
			return true;
	return false;
}
/* ONE_OF(a, X, Y, ...): a is one of the listed tokens. */
#define ONE_OF(arg, ...)                             \
	one_of(arg, (const enum w2n_arg[]){__VA_ARGS__}, \
	       sizeof((const enum w2n_arg[]){__VA_ARGS__}) / sizeof(enum w2n_arg))

/* The tokens each family's function understands (the W2N_LLVM_ARG families store none). */
static bool valid_for_family(enum w2n_family fam, enum w2n_arg a)
{
	switch (fam) {
	case W2N_FAM_LOAD:
		return w2n_arg_bits(a) != 0;
	case W2N_FAM_STORE:
		return ONE_OF(a, W2N_ARG_W8, W2N_ARG_W16, W2N_ARG_W32, W2N_ARG_W64);
	case W2N_FAM_SEXT:
		return ONE_OF(a, W2N_ARG_W8, W2N_ARG_W16, W2N_ARG_W32);
	case W2N_FAM_IUNARY:
		return ONE_OF(a, W2N_ARG_ctlz, W2N_ARG_cttz, W2N_ARG_ctpop);
	case W2N_FAM_ROTATE:
		return ONE_OF(a, W2N_ARG_fshl, W2N_ARG_fshr);
	case W2N_FAM_FUNARY:
	case W2N_FAM_SIMD_FUNARY:
		return ONE_OF(a, W2N_ARG_fabs, W2N_ARG_fneg, W2N_ARG_ceil, W2N_ARG_floor, W2N_ARG_trunc,
		              W2N_ARG_roundeven, W2N_ARG_sqrt);
	case W2N_FAM_FMINMAX:
		return ONE_OF(a, W2N_ARG_minimum, W2N_ARG_maximum, W2N_ARG_copysign);
	case W2N_FAM_TRUNC:
	case W2N_FAM_SIMD_NARROW:
	case W2N_FAM_SIMD_EXTADD:
	case W2N_FAM_MUL_WIDE:
		return ONE_OF(a, W2N_ARG_S, W2N_ARG_U);
	case W2N_FAM_TRUNC_SAT:
		return ONE_OF(a, W2N_ARG_fptosi, W2N_ARG_fptoui);
	case W2N_FAM_SIMD_LOAD:
		return ONE_OF(a, W2N_ARG_NONE, W2N_ARG_EXTEND_S, W2N_ARG_EXTEND_U, W2N_ARG_SPLAT,
		              W2N_ARG_ZERO);
	case W2N_FAM_SIMD_EXTRACT:
	case W2N_FAM_SIMD_CONVERT:
		return ONE_OF(a, W2N_ARG_NONE, W2N_ARG_S, W2N_ARG_U);
	case W2N_FAM_SIMD_BITWISE:
		return ONE_OF(a, W2N_ARG_NOT, W2N_ARG_AND, W2N_ARG_ANDNOT, W2N_ARG_OR, W2N_ARG_XOR,
		              W2N_ARG_BITSELECT);
	case W2N_FAM_SIMD_TEST:
		return ONE_OF(a, W2N_ARG_ANY_TRUE, W2N_ARG_ALL_TRUE, W2N_ARG_BITMASK);
	case W2N_FAM_SIMD_IUNARY:
		return ONE_OF(a, W2N_ARG_abs, W2N_ARG_neg, W2N_ARG_ctpop);
	case W2N_FAM_SIMD_ISAT:
		return ONE_OF(a, W2N_ARG_sadd, W2N_ARG_uadd, W2N_ARG_ssub, W2N_ARG_usub);
	case W2N_FAM_SIMD_IMINMAX:
		return ONE_OF(a, W2N_ARG_smin, W2N_ARG_umin, W2N_ARG_smax, W2N_ARG_umax);
	case W2N_FAM_SIMD_FMINMAX:
		return ONE_OF(a, W2N_ARG_minimum, W2N_ARG_maximum, W2N_ARG_pmin, W2N_ARG_pmax,
		              W2N_ARG_RELAXED_MIN, W2N_ARG_RELAXED_MAX);
	case W2N_FAM_SIMD_MADD:
		return ONE_OF(a, W2N_ARG_MADD, W2N_ARG_NMADD);
	case W2N_FAM_SIMD_EXTEND:
	case W2N_FAM_SIMD_EXTMUL:
		return ONE_OF(a, W2N_ARG_LOW_S, W2N_ARG_LOW_U, W2N_ARG_HIGH_S, W2N_ARG_HIGH_U);
	case W2N_FAM_ATOMIC_STORE:
		return ONE_OF(a, W2N_ARG_W8, W2N_ARG_W16, W2N_ARG_W32, W2N_ARG_W64);
	case W2N_FAM_ATOMIC_WAIT:
		return ONE_OF(a, W2N_ARG_W32, W2N_ARG_W64);
	case W2N_FAM_ATOMIC_NOTIFY:
		return a == W2N_ARG_W32;
	case W2N_FAM_ATOMIC_LOAD:
	case W2N_FAM_ATOMIC_RMW_ADD:
	case W2N_FAM_ATOMIC_RMW_SUB:
	case W2N_FAM_ATOMIC_RMW_AND:
	case W2N_FAM_ATOMIC_RMW_OR:
	case W2N_FAM_ATOMIC_RMW_XOR:
	case W2N_FAM_ATOMIC_RMW_XCHG:
	case W2N_FAM_ATOMIC_CMPXCHG:
		/* the value type's own width, or a narrower one zero-extended (_u) */
		return ONE_OF(a, W2N_ARG_W32, W2N_ARG_W64, W2N_ARG_U8, W2N_ARG_U16, W2N_ARG_U32);
	default: /* control, variables, constants, the W2N_LLVM_ARG families, ... */
		return a == W2N_ARG_NONE;
	}
}

START_TEST(args_valid_for_family)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++)
		ck_assert_msg(valid_for_family(w2n_ops[i].family, w2n_ops[i].arg), "%s: ARG %u",
		              w2n_ops[i].name, w2n_ops[i].arg);
	/* and the checker itself */
	ck_assert(!valid_for_family(W2N_FAM_IUNARY, W2N_ARG_NONE));
	ck_assert(!valid_for_family(W2N_FAM_SIMD_FMINMAX, W2N_ARG_copysign));
	ck_assert(!valid_for_family(W2N_FAM_ICMP, W2N_ARG_S));
}
END_TEST

/* The operation word of a name (after the shape or type) → the token of the families whose
 * ARG names an operation. "abs", "neg" mean fabs, fneg on float lanes and types. */
static const struct {
	const char *word;
	enum w2n_arg arg, float_arg;
} operations[] = {
	{"clz", W2N_ARG_ctlz},
	{"ctz", W2N_ARG_cttz},
	{"popcnt", W2N_ARG_ctpop},
	{"rotl", W2N_ARG_fshl},
	{"rotr", W2N_ARG_fshr},
	{"abs", W2N_ARG_abs, W2N_ARG_fabs},
	{"neg", W2N_ARG_neg, W2N_ARG_fneg},
	{"ceil", 0, W2N_ARG_ceil},
	{"floor", 0, W2N_ARG_floor},
	{"trunc", 0, W2N_ARG_trunc},
	{"nearest", 0, W2N_ARG_roundeven},
	{"sqrt", 0, W2N_ARG_sqrt},
	{"min", 0, W2N_ARG_minimum},
	{"max", 0, W2N_ARG_maximum},
	{"copysign", 0, W2N_ARG_copysign},
	{"pmin", 0, W2N_ARG_pmin},
	{"pmax", 0, W2N_ARG_pmax},
	{"min_s", W2N_ARG_smin},
	{"min_u", W2N_ARG_umin},
	{"max_s", W2N_ARG_smax},
	{"max_u", W2N_ARG_umax},
	{"add_sat_s", W2N_ARG_sadd},
	{"add_sat_u", W2N_ARG_uadd},
	{"sub_sat_s", W2N_ARG_ssub},
	{"sub_sat_u", W2N_ARG_usub},
	{"not", W2N_ARG_NOT},
	{"and", W2N_ARG_AND},
	{"andnot", W2N_ARG_ANDNOT},
	{"or", W2N_ARG_OR},
	{"xor", W2N_ARG_XOR},
	{"bitselect", W2N_ARG_BITSELECT},
	{"relaxed_laneselect", W2N_ARG_BITSELECT}, /* relaxed SIMD: the deterministic choice */
	{"relaxed_min", 0, W2N_ARG_RELAXED_MIN},
	{"relaxed_max", 0, W2N_ARG_RELAXED_MAX},
	{"relaxed_madd", 0, W2N_ARG_MADD},
	{"relaxed_nmadd", 0, W2N_ARG_NMADD},
	{"any_true", W2N_ARG_ANY_TRUE},
	{"all_true", W2N_ARG_ALL_TRUE},
	{"bitmask", W2N_ARG_BITMASK},
};

static bool names_operation(enum w2n_family fam)
{
	switch (fam) {
	case W2N_FAM_IUNARY:
	case W2N_FAM_ROTATE:
	case W2N_FAM_FUNARY:
	case W2N_FAM_FMINMAX:
	case W2N_FAM_SIMD_BITWISE:
	case W2N_FAM_SIMD_TEST:
	case W2N_FAM_SIMD_IUNARY:
	case W2N_FAM_SIMD_ISAT:
	case W2N_FAM_SIMD_IMINMAX:
	case W2N_FAM_SIMD_FUNARY:
	case W2N_FAM_SIMD_FMINMAX:
	case W2N_FAM_SIMD_MADD:
		return true;
	default:
		return false;
	}
}

/* Whether the ARG tokens of a family carry the _s/_u of the name. */
static bool names_signedness(enum w2n_family fam)
{
	switch (fam) {
	case W2N_FAM_LOAD:
	case W2N_FAM_TRUNC:
	case W2N_FAM_TRUNC_SAT:
	case W2N_FAM_SIMD_LOAD:
	case W2N_FAM_SIMD_EXTRACT:
	case W2N_FAM_SIMD_NARROW:
	case W2N_FAM_SIMD_EXTEND:
	case W2N_FAM_SIMD_EXTMUL:
	case W2N_FAM_SIMD_EXTADD:
	case W2N_FAM_SIMD_CONVERT:
	case W2N_FAM_MUL_WIDE:
	case W2N_FAM_ATOMIC_LOAD:
	case W2N_FAM_ATOMIC_RMW_ADD:
	case W2N_FAM_ATOMIC_RMW_SUB:
	case W2N_FAM_ATOMIC_RMW_AND:
	case W2N_FAM_ATOMIC_RMW_OR:
	case W2N_FAM_ATOMIC_RMW_XOR:
	case W2N_FAM_ATOMIC_RMW_XCHG:
	case W2N_FAM_ATOMIC_CMPXCHG:
		return true;
	default:
		return false;
	}
}

/* The width a LOAD, STORE, SEXT or atomic name gives: i64.load32_u, i32.extend8_s,
 * i64.atomic.rmw16.add_u and memory.atomic.wait64 name it, i32.load and f64.store take their
 * type's. */
static unsigned named_bits(const char *name)
{
	unsigned n = number_after(name, ".load") + number_after(name, ".store") +
	             number_after(name, ".extend") + number_after(name, ".rmw") +
	             number_after(name, ".wait");
	return n ? n : (unsigned)strtoul(name + 1, NULL, 10);
}

START_TEST(args_match_names)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_opinfo *info = &w2n_ops[i];
		const char *name = info->name, *word = op_word(name);
		enum w2n_arg a = info->arg;
		bool is_float = name[0] == 'f';

		if (names_operation(info->family)) {
			unsigned k = 0;
			while (k < sizeof operations / sizeof operations[0] &&
			       strcmp(operations[k].word, word) != 0)
				k++;
			ck_assert_msg(k < sizeof operations / sizeof operations[0], "%s: operation", name);
			enum w2n_arg want =
				is_float && operations[k].float_arg ? operations[k].float_arg : operations[k].arg;
			ck_assert_msg(a == want, "%s: ARG %u, want %u", name, a, want);
		}
		if (info->family == W2N_FAM_TRUNC_SAT)
			a = a == W2N_ARG_fptosi ? W2N_ARG_S : W2N_ARG_U;
		if (names_signedness(info->family)) {
			ck_assert_msg(w2n_arg_signed(a) == has_word(name, "s"), "%s: signed", name);
			ck_assert_msg(w2n_arg_unsigned(a) == has_word(name, "u"), "%s: unsigned", name);
		} else {
			ck_assert_msg(!w2n_arg_signed(a) && !w2n_arg_unsigned(a), "%s: signedness", name);
		}
		if (info->family == W2N_FAM_SIMD_EXTEND || info->family == W2N_FAM_SIMD_EXTMUL)
			ck_assert_msg((a == W2N_ARG_HIGH_S || a == W2N_ARG_HIGH_U) == has_word(name, "high"),
			              "%s: half", name);
		if (info->family == W2N_FAM_LOAD || info->family == W2N_FAM_STORE ||
		    info->family == W2N_FAM_SEXT ||
		    (w2n_op_is_atomic(i) && info->family != W2N_FAM_ATOMIC_NOTIFY &&
		     info->family != W2N_FAM_ATOMIC_FENCE))
			ck_assert_msg(w2n_arg_bits(a) == named_bits(name), "%s: %u bits", name,
			              w2n_arg_bits(a));
		if (info->family == W2N_FAM_SIMD_LOAD) {
			ck_assert_msg((a == W2N_ARG_SPLAT) == has_word(name, "splat"), "%s", name);
			ck_assert_msg((a == W2N_ARG_ZERO) == has_word(name, "zero"), "%s", name);
			ck_assert_msg((a == W2N_ARG_NONE) == (strcmp(name, "v128.load") == 0), "%s", name);
		}
	}
	ck_assert_uint_eq(w2n_arg_bits(W2N_ARG_U16), 16);
	ck_assert_uint_eq(w2n_arg_bits(W2N_ARG_S), 0);
}
END_TEST

/* The LLVM enum that the ARG of a W2N_LLVM_ARG row names, built the way the lowering builds it
 * (every other row: -1). */
static const int llvm_arg[W2N_OP_COUNT] = {
#define W2N_OP(ID, PREFIX, CODE, IMM, SIG, FAMILY, ARG, SHAPE, FROM, FEATURE, TEXT) \
	[W2N_OP_##ID] = W2N_IF_FAMILY(W2N_LLVM_ARG, FAMILY, LLVM##ARG, -1),
#include "ops.def"
};

/* The operation word of a comparison or binary operator → its LLVM enum. Conversions are
 * matched on their first word and signedness. */
static const struct {
	bool is_float;
	const char *word;
	int want;
} llvm_ops[] = {
	{false, "add128", LLVMAdd},
	{false, "sub128", LLVMSub},
	{false, "eq", LLVMIntEQ},
	{false, "ne", LLVMIntNE},
	{false, "lt_s", LLVMIntSLT},
	{false, "lt_u", LLVMIntULT},
	{false, "gt_s", LLVMIntSGT},
	{false, "gt_u", LLVMIntUGT},
	{false, "le_s", LLVMIntSLE},
	{false, "le_u", LLVMIntULE},
	{false, "ge_s", LLVMIntSGE},
	{false, "ge_u", LLVMIntUGE},
	{true, "eq", LLVMRealOEQ},
	{true, "ne", LLVMRealUNE},
	{true, "lt", LLVMRealOLT},
	{true, "gt", LLVMRealOGT},
	{true, "le", LLVMRealOLE},
	{true, "ge", LLVMRealOGE},
	{false, "add", LLVMAdd},
	{false, "sub", LLVMSub},
	{false, "mul", LLVMMul},
	{false, "and", LLVMAnd},
	{false, "or", LLVMOr},
	{false, "xor", LLVMXor},
	{false, "div_s", LLVMSDiv},
	{false, "div_u", LLVMUDiv},
	{false, "rem_s", LLVMSRem},
	{false, "rem_u", LLVMURem},
	{false, "shl", LLVMShl},
	{false, "shr_s", LLVMAShr},
	{false, "shr_u", LLVMLShr},
	{true, "add", LLVMFAdd},
	{true, "sub", LLVMFSub},
	{true, "mul", LLVMFMul},
	{true, "div", LLVMFDiv},
	{false, "wrap", LLVMTrunc},
	{false, "extend_s", LLVMSExt},
	{false, "extend_u", LLVMZExt},
	{true, "convert_s", LLVMSIToFP},
	{true, "convert_u", LLVMUIToFP},
	{true, "demote", LLVMFPTrunc},
	{true, "promote", LLVMFPExt},
	{false, "reinterpret", LLVMBitCast},
	{true, "reinterpret", LLVMBitCast},
};

START_TEST(llvm_args_match_names)
{
	unsigned rows = 0;
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		const struct w2n_opinfo *info = &w2n_ops[i];
		if (llvm_arg[i] == -1)
			continue;
		rows++;
		/* the word, with a conversion's types dropped: convert_i64_u → convert_u */
		char word[32];
		snprintf(word, sizeof word, "%s", op_word(info->name));
		if (info->family == W2N_FAM_CONV) {
			char *us = strchr(word, '_');
			bool s = has_word(word, "s"), u = has_word(word, "u");
			if (us)
				snprintf(us, sizeof word - (size_t)(us - word), "%s", s ? "_s" : u ? "_u" : "");
		}
		/* comparisons and CONV: the operand type decides, not the result's */
		bool is_float = info->family == W2N_FAM_FCMP || info->family == W2N_FAM_SIMD_FCMP ||
		                (info->family != W2N_FAM_ICMP && info->family != W2N_FAM_SIMD_ICMP &&
		                 info->name[0] == 'f');
		unsigned k = 0;
		while (k < sizeof llvm_ops / sizeof llvm_ops[0] &&
		       (llvm_ops[k].is_float != is_float || strcmp(llvm_ops[k].word, word) != 0))
			k++;
		ck_assert_msg(k < sizeof llvm_ops / sizeof llvm_ops[0], "%s: no LLVM enum for %s",
		              info->name, word);
		ck_assert_msg(llvm_arg[i] == llvm_ops[k].want, "%s: LLVM enum %d, want %d", info->name,
		              llvm_arg[i], llvm_ops[k].want);
	}
	/* 7 scalar families, 83 rows; SIMD_ICMP, FCMP, IBIN, SHIFT, FBIN; ADD128 */
	ck_assert_uint_eq(rows, 83 + 36 + 12 + 11 + 12 + 8 + 2);
}
END_TEST

/* The scalar type of a lane of shape s as a wasm value (i8 and i16 lanes travel as i32). */
static uint8_t lane_valtype(enum w2n_shape s)
{
	const struct w2n_lanes *l = &w2n_shape_lanes[s];
	if (l->is_float)
		return l->bits == 32 ? W2N_F32 : W2N_F64;
	return l->bits == 64 ? W2N_I64 : W2N_I32;
}

/* The value type a name starts with ("i64.", "f32."), or 0. */
static uint8_t prefix_valtype(const char *name)
{
	static const struct {
		const char *prefix;
		uint8_t type;
	} types[] = {{"i32.", W2N_I32}, {"i64.", W2N_I64}, {"f32.", W2N_F32}, {"f64.", W2N_F64}};
	for (unsigned k = 0; k < 4; k++)
		if (strncmp(name, types[k].prefix, 4) == 0)
			return types[k].type;
	return 0;
}

/* The value type that a conversion's word names ("trunc_sat_f32_s": f32). */
static uint8_t operand_valtype(const char *word)
{
	for (const char *p = word; p[0] && p[1] && p[2]; p++) {
		uint8_t t = prefix_valtype((char[]){p[0], p[1], p[2], '.', '\0'});
		if (t)
			return t;
	}
	return 0;
}

/* Checks one row's SIG: `want` parameters (n of them) and result (0 for none). */
static void check_sig(const struct w2n_opinfo *info, unsigned n, const uint8_t *want,
                      uint8_t result)
{
	const struct w2n_sig *sig = &info->sig;
	ck_assert_msg(sig->nparams == n, "%s: %u parameters, want %u", info->name, sig->nparams, n);
	for (unsigned k = 0; k < n; k++)
		ck_assert_msg(sig->params[k] == want[k], "%s: parameter %u", info->name, k);
	ck_assert_msg(sig->nresults == (result != 0) && sig->result == result, "%s: result",
	              info->name);
}

/* SIG against the types the name and family imply: t.op takes and gives t, comparisons give
 * i32, conversions take the type named after the operation; SIMD operators take and give v128,
 * but lane operators take or give the lane's scalar, shifts an i32 count, tests give an i32. */
static void check_sig_by_name(const struct w2n_opinfo *info)
{
	const uint8_t V = W2N_V128, i = W2N_I32;
	uint8_t t = prefix_valtype(info->name), lane = 0;
	const uint8_t *want;
	unsigned n = info->sig.nparams;

	if (info->shape != W2N_SHAPE_NONE)
		lane = lane_valtype(info->shape);
	switch (info->family) {
	case W2N_FAM_LOAD:
		return check_sig(info, 1, &i, t);
	case W2N_FAM_STORE:
		return check_sig(info, 2, (uint8_t[]){i, t}, 0);
	case W2N_FAM_CONST:
		return check_sig(info, 0, NULL, t);
	case W2N_FAM_EQZ:
	case W2N_FAM_ICMP:
	case W2N_FAM_FCMP:
		return check_sig(info, n, (uint8_t[]){t, t}, i);
	case W2N_FAM_CONV:
	case W2N_FAM_TRUNC:
	case W2N_FAM_TRUNC_SAT:
		return check_sig(info, 1, (uint8_t[]){operand_valtype(op_word(info->name))}, t);
	case W2N_FAM_MEMORY:
		return check_sig(info, n, (uint8_t[]){i, i, i}, 0);
	case W2N_FAM_SIMD_LOAD:
		return check_sig(info, 1, &i, V);
	case W2N_FAM_SIMD_STORE:
	case W2N_FAM_SIMD_STORE_LANE:
		return check_sig(info, 2, (uint8_t[]){i, V}, 0);
	case W2N_FAM_SIMD_LOAD_LANE:
		return check_sig(info, 2, (uint8_t[]){i, V}, V);
	case W2N_FAM_SIMD_CONST:
		return check_sig(info, 0, NULL, V);
	case W2N_FAM_SIMD_SPLAT:
		return check_sig(info, 1, &lane, V);
	case W2N_FAM_SIMD_EXTRACT:
		return check_sig(info, 1, &V, lane);
	case W2N_FAM_SIMD_REPLACE:
		return check_sig(info, 2, (uint8_t[]){V, lane}, V);
	case W2N_FAM_SIMD_SHIFT:
		return check_sig(info, 2, (uint8_t[]){V, i}, V);
	case W2N_FAM_SIMD_TEST:
		return check_sig(info, 1, &V, i);
	case W2N_FAM_ATOMIC_LOAD:
		return check_sig(info, 1, &i, t);
	case W2N_FAM_ATOMIC_STORE:
		return check_sig(info, 2, (uint8_t[]){i, t}, 0);
	case W2N_FAM_ATOMIC_CMPXCHG:
		return check_sig(info, 3, (uint8_t[]){i, t, t}, t);
	case W2N_FAM_ATOMIC_WAIT: /* address, expected (the width's type), timeout -> i32 */
		return check_sig(info, 3, (uint8_t[]){i, strstr(info->name, "64") ? W2N_I64 : i, W2N_I64},
		                 i);
	case W2N_FAM_ATOMIC_NOTIFY:
		return check_sig(info, 2, (uint8_t[]){i, i}, i);
	case W2N_FAM_ATOMIC_FENCE:
		return check_sig(info, 0, NULL, 0);
	case W2N_FAM_ATOMIC_RMW_ADD:
	case W2N_FAM_ATOMIC_RMW_SUB:
	case W2N_FAM_ATOMIC_RMW_AND:
	case W2N_FAM_ATOMIC_RMW_OR:
	case W2N_FAM_ATOMIC_RMW_XOR:
	case W2N_FAM_ATOMIC_RMW_XCHG:
		return check_sig(info, 2, (uint8_t[]){i, t}, t);
	default:
		break;
	}
	if (info->prefix == 0xfd) {
		want = (uint8_t[]){V, V, V};
		bool ternary = info->arg == W2N_ARG_BITSELECT || info->family == W2N_FAM_SIMD_MADD ||
		               strstr(info->name, "_add_s") != NULL; /* relaxed dot with accumulator */
		ck_assert_msg(n == 1 || n == 2 || (n == 3 && ternary), "%s: arity", info->name);
		return check_sig(info, n, want, V);
	}
	ck_assert_msg(t != 0, "%s: a typed operator without a type in its name", info->name);
	check_sig(info, n, (uint8_t[]){t, t}, t);
}

START_TEST(signatures_match_names)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++)
		if (!w2n_ops[i].sig.poly && w2n_ops[i].family != W2N_FAM_TABLE && i != W2N_OP_NOP)
			check_sig_by_name(&w2n_ops[i]);
}
END_TEST

static unsigned bytes_of(const char *name)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++)
		if (strcmp(w2n_ops[i].name, name) == 0)
			return w2n_op_access_bytes(i);
	ck_abort_msg("no operator %s", name);
	return 0;
}

START_TEST(access_bytes)
{
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I32_LOAD), 4);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I64_LOAD), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I64_LOAD8_S), 1);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I64_LOAD32_U), 4);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I32_LOAD16_U), 2);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_F64_STORE), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I64_STORE32), 4);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I32_STORE8), 1);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD), 16);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD8X8_S), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD32X2_U), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD8_SPLAT), 1);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD64_SPLAT), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD32_ZERO), 4);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD64_ZERO), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_LOAD16_LANE), 2);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_STORE64_LANE), 8);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_V128_STORE), 16);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_I32_ADD), 0);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_MEMORY_SIZE), 0);
	ck_assert_uint_eq(w2n_op_access_bytes(W2N_OP_MEMORY_COPY), 0);
	ck_assert_uint_eq(bytes_of("v128.load8_lane"), 1);
	ck_assert_uint_eq(bytes_of("f32.load"), 4);
}
END_TEST

/* Counts against the Wasm 2.0 spec: 172 MVP operators, 5 sign-extension, 8 saturating
 * truncation, 7 bulk memory, 9 reference types (3 of them under 0xFC), 236 SIMD; and the 3.0
 * rows so far: 2 tail calls, 5 typed function references (br_on_null, br_on_non_null,
 * call_ref, return_call_ref, ref.as_non_null), 3 exceptions, GC's ref.eq, 20 relaxed SIMD. */
START_TEST(counts)
{
	unsigned by_feature[W2N_FEAT_COUNT] = {0};
	unsigned plain = 0, fc = 0, fd = 0, fe = 0;
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		by_feature[w2n_ops[i].feature]++;
		plain += w2n_ops[i].prefix == 0;
		fc += w2n_ops[i].prefix == 0xfc;
		fd += w2n_ops[i].prefix == 0xfd;
		fe += w2n_ops[i].prefix == 0xfe;
	}
	ck_assert_uint_eq(by_feature[W2N_FEAT_MVP], 172);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SIGNEXT], 5);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SATCONV], 8);
	ck_assert_uint_eq(by_feature[W2N_FEAT_MULTIVALUE], 0); /* no new opcodes */
	ck_assert_uint_eq(by_feature[W2N_FEAT_BULK], 7);
	ck_assert_uint_eq(by_feature[W2N_FEAT_REFTYPES], 9);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SIMD], 236);
	ck_assert_uint_eq(by_feature[W2N_FEAT_TAILCALL], 2);
	ck_assert_uint_eq(by_feature[W2N_FEAT_FUNCREFS], 5);
	ck_assert_uint_eq(by_feature[W2N_FEAT_EXCEPTIONS], 3);
	ck_assert_uint_eq(by_feature[W2N_FEAT_GC], 1);
	ck_assert_uint_eq(by_feature[W2N_FEAT_RELAXED_SIMD], 20);
	ck_assert_uint_eq(by_feature[W2N_FEAT_WIDE_ARITH], 4);
	ck_assert_uint_eq(plain, 194);
	ck_assert_uint_eq(fc, 18 + 4);
	ck_assert_uint_eq(fd, 236 + 20);
	/* threads: notify, wait32, wait64, fence; 7 loads, 7 stores; 7 widths of 6 read-modify-
	 * writes and of cmpxchg */
	ck_assert_uint_eq(by_feature[W2N_FEAT_THREADS], 4 + 7 + 7 + 7 * 7);
	ck_assert_uint_eq(fe, 4 + 7 + 7 + 7 * 7);
	ck_assert_uint_eq(W2N_OP_COUNT, 448 + 20 + 4 + 67);
}
END_TEST

/* Looking up every code of each opcode space finds exactly the table's rows, so nothing the
 * table lacks is accepted and the lookup switch has no stray cases. */
START_TEST(lookup_is_exact)
{
	static const struct {
		uint8_t prefix;
		uint32_t limit;
		unsigned want;
	} spaces[] = {{0, 0x200, 194}, {0xfc, 0x200, 22}, {0xfd, 0x400, 256}, {0xfe, 0x200, 67}};
	for (unsigned s = 0; s < 4; s++) {
		unsigned found = 0;
		for (uint32_t code = 0; code < spaces[s].limit; code++) {
			enum w2n_op op;
			if (!w2n_op_lookup(spaces[s].prefix, code, &op))
				continue;
			found++;
			ck_assert_uint_eq(w2n_ops[op].prefix, spaces[s].prefix);
			ck_assert_uint_eq(w2n_ops[op].code, code);
		}
		ck_assert_uint_eq(found, spaces[s].want);
	}
}
END_TEST

START_TEST(unknown_codes)
{
	static const struct {
		uint8_t prefix;
		uint32_t code;
	} unknown[] = {
		{0, 0x06},    {0, 0x07},     {0, 0x09},     {0, 0x16},          {0, 0x1d},    {0, 0x27},
		{0, 0xc5},    {0, 0xd7},     {0, 0xfc},     {0, 0xfd},          {0, 0xff},    {0, 0x100},
		{0, 0x16a},   {0xfc, 0x12},  {0xfc, 0x100}, {0xfc, 0x108},      {0xfd, 0x9a}, {0xfd, 0xa2},
		{0xfd, 0xa5}, {0xfd, 0x114}, {0xfd, 0x1ff}, {0xfd, 0xffffffff}, {0xfe, 0x04}, {0xfe, 0x0f},
		{0xfe, 0x4f}, {0xfb, 0x00},  {0xff, 0x6a},
	};
	for (unsigned i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
		enum w2n_op op;
		ck_assert_msg(!w2n_op_lookup(unknown[i].prefix, unknown[i].code, &op),
		              "0x%x 0x%x should be unknown", unknown[i].prefix, unknown[i].code);
	}
}
END_TEST

/* The binary form: one byte, or the prefix byte then the code as LEB128 u32. */
static size_t encode(const struct w2n_opinfo *info, uint8_t out[6])
{
	size_t n = 0;
	uint32_t code = info->code;
	if (info->prefix == 0) {
		out[n++] = (uint8_t)code;
		return n;
	}
	out[n++] = info->prefix;
	do {
		uint8_t b = code & 0x7f;
		code >>= 7;
		out[n++] = code ? (uint8_t)(b | 0x80) : b;
	} while (code);
	return n;
}

/* Reads an opcode the way the decoder does, with the reader. */
static bool decode(const uint8_t *bytes, size_t n, enum w2n_op *op)
{
	struct w2n_diag dg = {0};
	struct w2n_reader r;
	uint8_t first;
	uint32_t code;
	w2n_reader_init(&r, bytes, n, "ops", &dg);
	if (!w2n_read_u8(&r, &first, "opcode"))
		return false;
	if (first != 0xfc && first != 0xfd && first != 0xfe)
		return w2n_op_lookup(0, first, op) && w2n_reader_left(&r) == 0;
	if (!w2n_read_u32(&r, &code, "opcode"))
		return false;
	return w2n_op_lookup(first, code, op) && w2n_reader_left(&r) == 0;
}

START_TEST(byte_form_round_trips)
{
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		uint8_t bytes[6];
		size_t n = encode(&w2n_ops[i], bytes);
		enum w2n_op op = W2N_OP_COUNT;
		ck_assert_msg(decode(bytes, n, &op), "%s does not decode", w2n_ops[i].name);
		ck_assert_msg(op == i, "%s decodes as %s", w2n_ops[i].name, w2n_ops[op].name);
	}

	uint8_t b[6];
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_I32_ADD], b), 1);
	ck_assert_mem_eq(b, ((uint8_t[]){0x6a}), 1);
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_I32_TRUNC_SAT_F32_S], b), 2);
	ck_assert_mem_eq(b, ((uint8_t[]){0xfc, 0x00}), 2);
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_TABLE_FILL], b), 2);
	ck_assert_mem_eq(b, ((uint8_t[]){0xfc, 0x11}), 2);
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_I8X16_SHUFFLE], b), 2);
	ck_assert_mem_eq(b, ((uint8_t[]){0xfd, 0x0d}), 2);
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_I16X8_ABS], b), 3);
	ck_assert_mem_eq(b, ((uint8_t[]){0xfd, 0x80, 0x01}), 3);
	ck_assert_uint_eq(encode(&w2n_ops[W2N_OP_F64X2_CONVERT_LOW_I32X4_U], b), 3);
	ck_assert_mem_eq(b, ((uint8_t[]){0xfd, 0xff, 0x01}), 3);

	/* A prefixed code is a u32, so a zero-padded encoding names the same operator. */
	enum w2n_op op;
	ck_assert(decode((uint8_t[]){0xfd, 0x80, 0x80, 0x80, 0x80, 0x00}, 6, &op));
	ck_assert_int_eq(op, W2N_OP_V128_LOAD);
	ck_assert(decode((uint8_t[]){0xfc, 0x8b, 0x00}, 3, &op));
	ck_assert_int_eq(op, W2N_OP_MEMORY_FILL);
	/* 0xFD 0x9A is a gap in the SIMD space, and 0x9A without the prefix is f64.neg. */
	ck_assert(!decode((uint8_t[]){0xfd, 0x9a, 0x01}, 3, &op));
	ck_assert(decode((uint8_t[]){0x9a}, 1, &op));
	ck_assert_int_eq(op, W2N_OP_F64_NEG);
}
END_TEST

static Suite *ops_suite(void)
{
	Suite *s = suite_create("ops");
	TCase *tc = tcase_create("table");
	tcase_add_test(tc, ids_contiguous);
	tcase_add_test(tc, lookup_round_trips);
	tcase_add_test(tc, prefixes_and_order);
	tcase_add_test(tc, names_unique_and_match_ids);
	tcase_add_test(tc, signatures_well_formed);
	tcase_add_test(tc, signatures_by_arity);
	tcase_add_test(tc, columns_agree);
	tcase_add_test(tc, access_bytes);
	tcase_add_test(tc, shape_lanes_table);
	tcase_add_test(tc, shapes_match_names);
	tcase_add_test(tc, args_valid_for_family);
	tcase_add_test(tc, args_match_names);
	tcase_add_test(tc, llvm_args_match_names);
	tcase_add_test(tc, signatures_match_names);
	tcase_add_test(tc, counts);
	suite_add_tcase(s, tc);

	tc = tcase_create("encoding");
	tcase_add_test(tc, lookup_is_exact);
	tcase_add_test(tc, unknown_codes);
	tcase_add_test(tc, byte_form_round_trips);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ops_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
