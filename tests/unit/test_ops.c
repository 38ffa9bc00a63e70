/* test_ops.c — the operator table (compiler/ops.def) and what ops.c generates from it.
 *
 * The table is the single source of every opcode, so these tests check it against the spec's
 * numbers and against itself: lookups round-trip, names and encodings are unique, signatures
 * parse, and the columns agree with each other.
 */
#include <check.h>
#include <ctype.h>
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
		ck_assert_msg(info->prefix == 0 || info->prefix == 0xfc || info->prefix == 0xfd,
		              "%s: prefix 0x%x", info->name, info->prefix);
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
		              fam == W2N_FAM_SIMD_STORE;
		bool lane = fam == W2N_FAM_SIMD_LOAD_LANE || fam == W2N_FAM_SIMD_STORE_LANE;

		ck_assert_msg((info->imm == W2N_IMM_MEMARG) == memarg, "%s: memarg", info->name);
		ck_assert_msg((info->imm == W2N_IMM_MEMARG_LANE) == lane, "%s: memarg+lane", info->name);
		ck_assert_msg((info->feature == W2N_FEAT_SIMD) == (info->prefix == 0xfd),
		              "%s: SIMD is exactly the 0xFD prefix", info->name);
		if (info->feature == W2N_FEAT_SATCONV)
			ck_assert_msg(info->prefix == 0xfc && info->code <= 7, "%s", info->name);

		/* Memory accesses: address first; the width fits the value type. */
		unsigned bytes = w2n_op_access_bytes(i);
		ck_assert_msg((bytes != 0) == (memarg || lane), "%s: access bytes %u", info->name, bytes);
		if (bytes) {
			ck_assert_msg(info->sig.params[0] == W2N_I32, "%s: address operand", info->name);
			ck_assert_msg(bytes == 1 || bytes == 2 || bytes == 4 || bytes == 8 || bytes == 16,
			              "%s: %u bytes", info->name, bytes);
			bool load =
				fam == W2N_FAM_LOAD || fam == W2N_FAM_SIMD_LOAD || fam == W2N_FAM_SIMD_LOAD_LANE;
			/* the loaded or the stored type */
			uint8_t value = load ? info->sig.result : info->sig.params[info->sig.nparams - 1];
			ck_assert_msg(bytes <= valtype_bytes(value), "%s: %u bytes into 0x%x", info->name,
			              bytes, value);
		}
	}
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
 * truncation, 7 bulk memory, 9 reference types (3 of them under 0xFC), 236 SIMD. */
START_TEST(counts)
{
	unsigned by_feature[W2N_FEAT_SIMD + 1] = {0};
	unsigned plain = 0, fc = 0, fd = 0;
	for (unsigned i = 0; i < W2N_OP_COUNT; i++) {
		by_feature[w2n_ops[i].feature]++;
		plain += w2n_ops[i].prefix == 0;
		fc += w2n_ops[i].prefix == 0xfc;
		fd += w2n_ops[i].prefix == 0xfd;
	}
	ck_assert_uint_eq(by_feature[W2N_FEAT_MVP], 172);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SIGNEXT], 5);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SATCONV], 8);
	ck_assert_uint_eq(by_feature[W2N_FEAT_MULTIVALUE], 0); /* no new opcodes */
	ck_assert_uint_eq(by_feature[W2N_FEAT_BULK], 7);
	ck_assert_uint_eq(by_feature[W2N_FEAT_REFTYPES], 9);
	ck_assert_uint_eq(by_feature[W2N_FEAT_SIMD], 236);
	ck_assert_uint_eq(plain, 183);
	ck_assert_uint_eq(fc, 18);
	ck_assert_uint_eq(fd, 236);
	ck_assert_uint_eq(W2N_OP_COUNT, 437);
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
	} spaces[] = {{0, 0x200, 183}, {0xfc, 0x200, 18}, {0xfd, 0x400, 236}};
	for (unsigned s = 0; s < 3; s++) {
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
		{0, 0x06},     {0, 0x07},          {0, 0x0a},    {0, 0x12},    {0, 0x1d},
		{0, 0x27},     {0, 0xc5},          {0, 0xd3},    {0, 0xfc},    {0, 0xfd},
		{0, 0xff},     {0, 0x100},         {0, 0x16a},   {0xfc, 0x12}, {0xfc, 0x100},
		{0xfc, 0x108}, {0xfd, 0x9a},       {0xfd, 0xa2}, {0xfd, 0xa5}, {0xfd, 0x100},
		{0xfd, 0x10c}, {0xfd, 0xffffffff}, {0xfe, 0x00}, {0xfb, 0x00}, {0xff, 0x6a},
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
	if (first != 0xfc && first != 0xfd)
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
