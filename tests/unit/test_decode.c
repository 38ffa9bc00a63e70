/* test_decode.c — the decoder (decode*.c):
 * module structure, index spaces, instruction immediates, and malformations with their exact
 * positioned diagnostics. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "wasm2native/wasm2native.h"
#include "wat.h"

/* The first diagnostic, formatted as the default sink prints it. */
static char first_diag[1024];

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	(void)ctx;
	if (!first_diag[0])
		w2n_format_diag(first_diag, sizeof first_diag, sev, file, offset, message);
}

static struct w2n_module *decode(const uint8_t *bytes, size_t size)
{
	struct w2n_diag dg = {.fn = capture};
	first_diag[0] = 0;
	return w2n_decode(bytes, size, "t.wasm", &dg);
}

/* Decodes raw bytes that must be malformed; checks the whole diagnostic line. */
static void expect_malformed(const uint8_t *bytes, size_t size, const char *diag)
{
	struct w2n_module *m = decode(bytes, size);
	ck_assert_ptr_null(m);
	ck_assert_str_eq(first_diag, diag);
}

#define HEADER 0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00

/* Decodes a text module that must be well formed; the caller frees module and bytes. */
static struct w2n_module *decode_wat(const char *text, uint8_t **bytes)
{
	size_t size;
	*bytes = wat_to_wasm(text, &size);
	struct w2n_module *m = decode(*bytes, size);
	ck_assert_msg(m != NULL, "decode failed: %s", first_diag);
	return m;
}

START_TEST(empty_module)
{
	static const uint8_t b[] = {HEADER};
	struct w2n_module *m = decode(b, sizeof b);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->nfuncs, 0);
	ck_assert_uint_eq(m->ntypes, 0);
	ck_assert(!m->has_start);
	w2n_module_free(m);
}
END_TEST

START_TEST(preamble_errors)
{
	static const uint8_t short_magic[] = {0x00, 0x61, 0x73};
	expect_malformed(short_magic, sizeof short_magic,
	                 "t.wasm:0x00000000: error: unexpected end (magic)");
	static const uint8_t bad_magic[] = {0x00, 0x61, 0x73, 0x6e, 0x01, 0, 0, 0};
	expect_malformed(bad_magic, sizeof bad_magic,
	                 "t.wasm:0x00000000: error: magic header not detected");
	static const uint8_t bad_version[] = {0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0};
	expect_malformed(bad_version, sizeof bad_version,
	                 "t.wasm:0x00000004: error: unknown binary version (2)");
}
END_TEST

START_TEST(section_errors)
{
	static const uint8_t bad_id[] = {HEADER, 0x0e, 0x00};
	expect_malformed(bad_id, sizeof bad_id, "t.wasm:0x00000008: error: malformed section id (14)");
	/* two start sections: the second is out of order */
	static const uint8_t twice[] = {HEADER, 0x08, 0x01, 0x00, 0x08, 0x01, 0x00};
	expect_malformed(twice, sizeof twice,
	                 "t.wasm:0x0000000b: error: unexpected content after last section "
	                 "(section 8 out of order or repeated)");
	/* a type section claiming more bytes than the file has */
	static const uint8_t too_long[] = {HEADER, 0x01, 0x07, 0x01, 0x60, 0x00, 0x00};
	expect_malformed(too_long, sizeof too_long,
	                 "t.wasm:0x00000009: error: length out of bounds (section 1 of 7 bytes)");
	/* a type section with a byte left over */
	static const uint8_t left_over[] = {HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00};
	expect_malformed(left_over, sizeof left_over,
	                 "t.wasm:0x0000000e: error: section size mismatch "
	                 "(section 1 declared 5 bytes)");
}
END_TEST

START_TEST(counts_checked_before_allocation)
{
	/* 2^32-1 types announced in a 5-byte section: rejected without allocating */
	static const uint8_t b[] = {HEADER, 0x01, 0x05, 0xff, 0xff, 0xff, 0xff, 0x0f};
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x0000000a: error: unexpected end of section or function "
	                 "(type count count 4294967295 exceeds the bytes left)");
}
END_TEST

START_TEST(function_and_code_mismatch)
{
	/* one function declared, no code section */
	static const uint8_t b[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00};
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x00000012: error: function and code section have "
	                 "inconsistent lengths (1 and 0)");
}
END_TEST

START_TEST(too_many_locals)
{
	/* a local group of 2^32-1 i32s: over the spec's u32 total once a second group is added,
	 * and over our 50000 limit already */
	static const uint8_t b[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	                            0x00,   0x0a, 0x10, 0x01, 0x0e, 0x02, 0xff, 0xff, 0xff, 0xff,
	                            0x0f,   0x7f, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b};
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x00000017: error: too many locals "
	                 "(implementation limit: 50000 per function)");
}
END_TEST

START_TEST(function_type_limits)
{
	/* type section: one function type with 1001 i32 parameters, over the implementation limit.
	 * Layout: header, id 1, size 1006 (2-byte LEB), count 1, 0x60, 1001 (2-byte LEB), the
	 * parameter types, result count 0. */
	uint8_t b[8 + 1 + 2 + 1 + 1 + 2 + 1001 + 1] = {HEADER, 0x01, 0xee, 0x07,
	                                               0x01,   0x60, 0xe9, 0x07};
	memset(b + 15, W2N_I32, 1001);
	b[sizeof b - 1] = 0x00;
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x0000000d: error: too many parameters "
	                 "(1001; implementation limit: 1000)");
}
END_TEST

START_TEST(body_without_end)
{
	static const uint8_t b[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
	                            0x01,   0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x41, 0x01};
	expect_malformed(b, sizeof b, "t.wasm:0x00000019: error: END opcode expected");
}
END_TEST

START_TEST(illegal_opcodes)
{
	static const uint8_t one_byte[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
	                                   0x01,   0x00, 0x0a, 0x05, 0x01, 0x03, 0x00, 0x06, 0x0b};
	expect_malformed(one_byte, sizeof one_byte, "t.wasm:0x00000017: error: illegal opcode (0x06)");
	static const uint8_t prefixed[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	                                   0x00,   0x0a, 0x06, 0x01, 0x04, 0x00, 0xfc, 0x12, 0x0b};
	expect_malformed(prefixed, sizeof prefixed,
	                 "t.wasm:0x00000017: error: illegal opcode (0xfc 0x12)");
}
END_TEST

START_TEST(zero_byte_expected)
{
	/* memory.size with memory index byte 0x80: Wasm 2.0 wants a zero byte (3.0 reads a u32) */
	static const uint8_t b[] = {HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03,
	                            0x02,   0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x0a,
	                            0x06,   0x01, 0x04, 0x00, 0x3f, 0x80, 0x0b};
	struct w2n_diag dg = {.fn = capture};
	first_diag[0] = 0;
	ck_assert_ptr_null(w2n_decode_features(b, sizeof b, "t.wasm", W2N_FEATURES_AFTER_2_0, &dg));
	ck_assert_str_eq(first_diag, "t.wasm:0x0000001e: error: zero byte expected (memory index)");
}
END_TEST

/* A function `() -> i32` over two memories whose body is 8 bytes: 0x00 (no locals), then
 * i32.const 0, i32.load with the 3-byte memarg `m0 m1 m2`, end. The memarg starts at 0x22. */
#define TWO_MEMORIES_LOAD(m0, m1, m2)                                    \
	{HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, \
	 0x00,   0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01, 0x0a, 0x0a, 0x01, \
	 0x08,   0x00, 0x41, 0x00, 0x28, m0,   m1,   m2,   0x0b}

/* Multi-memory's memarg: an alignment field with bit 6 set is followed by a memory index. */
START_TEST(memarg_memory_index)
{
	static const uint8_t b[] = TWO_MEMORIES_LOAD(0x42, 0x01, 0x05);
	struct w2n_module *m = decode(b, sizeof b);
	ck_assert_msg(m != NULL, "%s", first_diag);
	const struct w2n_instr *load = &m->funcs[0].body.code[1];
	ck_assert_uint_eq(load->op, W2N_OP_I32_LOAD);
	ck_assert_uint_eq(load->imm.mem.memory, 1);
	ck_assert_uint_eq(load->imm.mem.align, 2);
	ck_assert_uint_eq(load->imm.mem.offset, 5);
	w2n_module_free(m);
	/* without bit 6: memory 0, the next byte is the offset (then a drop) */
	static const uint8_t plain[] = TWO_MEMORIES_LOAD(0x02, 0x01, 0x1a);
	m = decode(plain, sizeof plain);
	ck_assert_msg(m != NULL, "%s", first_diag);
	ck_assert_uint_eq(m->funcs[0].body.code[1].imm.mem.memory, 0);
	ck_assert_uint_eq(m->funcs[0].body.code[1].imm.mem.offset, 1);
	w2n_module_free(m);
}
END_TEST

/* An alignment field of 128 or more (bit 7 and up) is malformed in 3.0, not just invalid. */
START_TEST(memarg_alignment_malformed)
{
	static const uint8_t b[] = TWO_MEMORIES_LOAD(0x80, 0x01, 0x00);
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x00000022: error: malformed memop flags (alignment field 128)");
	/* 2.0 reads the field as a plain u32 and leaves it to the validator */
	struct w2n_diag dg = {.fn = capture};
	struct w2n_module *m = w2n_decode_features(b, sizeof b, "t.wasm", W2N_FEATURES_AFTER_2_0, &dg);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->funcs[0].body.code[1].imm.mem.align, 128);
	w2n_module_free(m);
}
END_TEST

/* memory.size's memory index is a u32 in 3.0: 0x81 0x00 is memory 1. */
START_TEST(memory_index_leb)
{
	static const uint8_t b[] = {HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02,
	                            0x01,   0x00, 0x05, 0x05, 0x02, 0x00, 0x01, 0x00, 0x01, 0x0a,
	                            0x07,   0x01, 0x05, 0x00, 0x3f, 0x81, 0x00, 0x0b};
	struct w2n_module *m = decode(b, sizeof b);
	ck_assert_msg(m != NULL, "%s", first_diag);
	ck_assert_uint_eq(m->funcs[0].body.code[0].op, W2N_OP_MEMORY_SIZE);
	ck_assert_uint_eq(m->funcs[0].body.code[0].imm.idx.a, 1);
	w2n_module_free(m);
}
END_TEST

/* memory64/table64: limits flag 0x04 is the i64 address type (0x05 with a maximum); Wasm 2.0
 * refuses it as a feature it does not have. */
START_TEST(limits_address_type)
{
	static const uint8_t mem64[] = {HEADER, 0x05, 0x04, 0x01, 0x05, 0x01, 0x02};
	struct w2n_module *m = decode(mem64, sizeof mem64);
	ck_assert_msg(m != NULL, "%s", first_diag);
	ck_assert(m->mems[0].limits.is64 && m->mems[0].limits.has_max);
	ck_assert_uint_eq(m->mems[0].limits.max, 2);
	w2n_module_free(m);
	static const uint8_t table64[] = {HEADER, 0x04, 0x04, 0x01, 0x70, 0x04, 0x03};
	m = decode(table64, sizeof table64);
	ck_assert_msg(m != NULL, "%s", first_diag);
	ck_assert(m->tables[0].limits.is64 && !m->tables[0].limits.has_max);
	ck_assert_uint_eq(m->tables[0].limits.min, 3);
	w2n_module_free(m);
	struct w2n_diag dg = {.fn = capture};
	first_diag[0] = 0;
	ck_assert_ptr_null(
		w2n_decode_features(mem64, sizeof mem64, "t.wasm", W2N_FEATURES_AFTER_2_0, &dg));
	ck_assert_str_eq(first_diag, "t.wasm:0x0000000b: error: memory64/table64 not implemented "
	                             "(memory limits)");
	/* bits other than 0x01-0x08 are malformed */
	static const uint8_t bad[] = {HEADER, 0x05, 0x03, 0x01, 0x10, 0x01};
	expect_malformed(bad, sizeof bad,
	                 "t.wasm:0x0000000b: error: integer too large (memory limits flags 0x10)");
}
END_TEST

/* Encodings of features that are not implemented are rejected as such, with the sink marked,
 * so that tools tell "not implemented" from "malformed" (features.def). */
static void expect_unsupported(const uint8_t *bytes, size_t size, enum w2n_feature f,
                               const char *diag)
{
	struct w2n_diag dg = {.fn = capture};
	first_diag[0] = 0;
	ck_assert_ptr_null(w2n_decode(bytes, size, "t.wasm", &dg));
	ck_assert_str_eq(first_diag, diag);
	ck_assert(dg.unsupported);
	ck_assert_int_eq(dg.feature, f);
}

START_TEST(unsupported_features)
{
	/* a function type with a (ref null any) parameter: GC's heap type */
	static const uint8_t anyref[] = {HEADER, 0x01, 0x06, 0x01, 0x60, 0x01, 0x63, 0x6e, 0x00};
	expect_unsupported(anyref, sizeof anyref, W2N_FEAT_GC,
	                   "t.wasm:0x0000000e: error: GC not implemented (parameter type)");
	/* a GC opcode (0xfb prefix) in a body */
	static const uint8_t gc[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	                             0x00,   0x0a, 0x06, 0x01, 0x04, 0x00, 0xfb, 0x00, 0x0b};
	expect_unsupported(gc, sizeof gc, W2N_FEAT_GC,
	                   "t.wasm:0x00000017: error: GC not implemented (prefixed opcode)");
}
END_TEST

/* Exception handling: a tag import and a defined tag (their index space: imports first), and
 * a try_table whose clauses are kept with the body. (type 0: [i32] -> []; import a.b tag 0;
 * tag section: one tag of type 0; func 0 of type 1 [] -> []: try_table with catch 1 0,
 * catch_all_ref 0 around nothing.) */
START_TEST(exceptions)
{
	static const uint8_t b[] = {
		HEADER, 0x01, 0x08, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x00, /* types */
		0x02,   0x08, 0x01, 0x01, 0x61, 0x01, 0x62, 0x04, 0x00, 0x00,       /* import */
		0x03,   0x02, 0x01, 0x01,                                           /* funcs */
		0x0d,   0x03, 0x01, 0x00, 0x00,                                     /* tags */
		0x0a,   0x0d, 0x01, 0x0b, 0x00, 0x1f, 0x40, 0x02, 0x00, 0x01, 0x00,
		0x03,   0x00, 0x0b, 0x0b, /* code */
	};
	struct w2n_diag dg = {.fn = capture};
	first_diag[0] = 0;
	struct w2n_module *m = w2n_decode(b, sizeof b, "t.wasm", &dg);
	ck_assert_msg(m != NULL, "%s", first_diag);
	ck_assert_uint_eq(m->ntags, 2);
	ck_assert_uint_eq(m->ntag_imports, 1);
	ck_assert_int_eq(m->tags[0].import, 0);
	ck_assert_int_eq(m->tags[1].import, -1);
	const struct w2n_code *body = &m->funcs[0].body;
	ck_assert_uint_eq(body->code[0].op, W2N_OP_TRY_TABLE);
	ck_assert_uint_eq(body->code[0].imm.try_.ncatch, 2);
	ck_assert_uint_eq(body->ncatches, 2);
	ck_assert_uint_eq(body->catches[0].kind, W2N_CATCH);
	ck_assert_uint_eq(body->catches[0].tag, 1);
	ck_assert_uint_eq(body->catches[1].kind, W2N_CATCH_ALL_REF);
	w2n_module_free(m);
	/* With exceptions off (a 2.0 script), the tag section is an unknown section. */
	static const uint8_t tags[] = {HEADER, 0x0d, 0x00};
	first_diag[0] = 0;
	ck_assert_ptr_null(
		w2n_decode_features(tags, sizeof tags, "t.wasm", 1ull << W2N_FEAT_EXCEPTIONS, &dg));
	ck_assert_str_eq(first_diag, "t.wasm:0x00000008: error: malformed section id (13)");
}
END_TEST

/* Threads: the shared flag of memory limits is decoded, and atomic.fence's reserved byte
 * must be zero. */
START_TEST(threads_encodings)
{
	static const uint8_t shared[] = {HEADER, 0x05, 0x04, 0x01, 0x03, 0x01, 0x02};
	struct w2n_diag dg = {.fn = capture};
	struct w2n_module *m = w2n_decode(shared, sizeof shared, "t.wasm", &dg);
	ck_assert_ptr_nonnull(m);
	ck_assert(m->mems[0].limits.shared && m->mems[0].limits.has_max);
	ck_assert_uint_eq(m->mems[0].limits.max, 2);
	w2n_module_free(m);
	static const uint8_t fence[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	                                0x00,   0x0a, 0x07, 0x01, 0x05, 0x00, 0xfe, 0x03, 0x01, 0x0b};
	expect_malformed(fence, sizeof fence,
	                 "t.wasm:0x00000019: error: zero byte expected (atomic.fence)");
}
END_TEST

START_TEST(malformed_names)
{
	/* an import whose module name is the overlong encoding C0 80 */
	static const uint8_t b[] = {HEADER, 0x02, 0x08, 0x01, 0x02, 0xc0,
	                            0x80,   0x01, 0x66, 0x02, 0x00, 0x00};
	expect_malformed(b, sizeof b,
	                 "t.wasm:0x0000000b: error: malformed UTF-8 encoding "
	                 "(import module name)");
}
END_TEST

START_TEST(import_kinds_and_mutability)
{
	static const uint8_t kind[] = {HEADER, 0x02, 0x06, 0x01, 0x01, 0x61, 0x01, 0x62, 0x05};
	expect_malformed(kind, sizeof kind, "t.wasm:0x0000000f: error: malformed import kind (0x05)");
	static const uint8_t mut[] = {HEADER, 0x02, 0x08, 0x01, 0x01, 0x61,
	                              0x01,   0x62, 0x03, 0x7f, 0x02};
	expect_malformed(mut, sizeof mut, "t.wasm:0x00000011: error: malformed mutability (0x02)");
}
END_TEST

START_TEST(index_spaces_put_imports_first)
{
	uint8_t *bytes;
	struct w2n_module *m =
		decode_wat("(module (import \"a\" \"g\" (global i32)) (import \"a\" \"f\" (func))"
	               "  (import \"a\" \"m\" (memory 1)) (import \"a\" \"t\" (table 2 funcref))"
	               "  (func $own (result i32) (i32.const 7)) (global i64 (i64.const 5))"
	               "  (table 3 externref))",
	               &bytes);
	ck_assert_uint_eq(m->nimports, 4);
	ck_assert_uint_eq(m->nfuncs, 2);
	ck_assert_uint_eq(m->nfunc_imports, 1);
	ck_assert_int_eq(m->funcs[0].import, 1);
	ck_assert_int_eq(m->funcs[1].import, -1);
	ck_assert_uint_eq(m->nglobals, 2);
	ck_assert_uint_eq(m->nglobal_imports, 1);
	ck_assert_uint_eq(m->globals[1].type, W2N_I64);
	ck_assert_uint_eq(m->ntables, 2);
	ck_assert_uint_eq(m->tables[0].elem, W2N_FUNCREF);
	ck_assert_uint_eq(m->tables[1].elem, W2N_EXTERNREF);
	ck_assert_uint_eq(m->tables[1].limits.min, 3);
	ck_assert_uint_eq(m->nmems, 1);
	ck_assert_uint_eq(m->imports[3].index, 0);  /* the table import is table 0 */
	ck_assert_uint_eq(m->funcs[1].body.len, 2); /* i32.const, end */
	w2n_module_free(m);
	free(bytes);
}
END_TEST

START_TEST(immediates)
{
	uint8_t *bytes;
	struct w2n_module *m =
		decode_wat("(module (memory 1) (type $t (func (param i32) (result i32 i32)))"
	               "  (func (param i32) (result i32)"
	               "    (block $b (result i32) (i32.const -1)"
	               "      (br_table $b $b 0 (local.get 0)))"
	               "    (i64.load32_u offset=65536 align=2 (i32.const 0)) drop"
	               "    (v128.const i32x4 1 2 3 4) drop"
	               "    (block (type $t) (drop) (i32.const 1) (i32.const 2)) drop drop"
	               "    (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)) drop))",
	               &bytes);
	const struct w2n_code *body = &m->funcs[0].body;
	const struct w2n_instr *c = body->code;
	ck_assert_uint_eq(c[0].op, W2N_OP_BLOCK);
	ck_assert_int_eq(c[0].imm.block, W2N_I32 - 0x80);
	ck_assert_uint_eq(c[1].op, W2N_OP_I32_CONST);
	ck_assert_uint_eq(c[1].imm.u64, UINT64_MAX); /* sign-extended */
	ck_assert_uint_eq(c[3].op, W2N_OP_BR_TABLE);
	ck_assert_uint_eq(c[3].imm.idx.b, 2); /* two labels plus the default */
	ck_assert_uint_eq(body->nlabels, 3);
	ck_assert_uint_eq(body->labels[c[3].imm.idx.a + 2], 0);
	ck_assert_uint_eq(c[6].op, W2N_OP_I64_LOAD32_U);
	ck_assert_uint_eq(c[6].imm.mem.offset, 65536);
	ck_assert_uint_eq(c[6].imm.mem.align, 1); /* align=2 bytes: exponent 1 */
	ck_assert_uint_eq(c[8].op, W2N_OP_V128_CONST);
	ck_assert_uint_eq(c[8].imm.v128[4], 2);
	ck_assert_uint_eq(c[10].op, W2N_OP_BLOCK);
	ck_assert_int_eq(c[10].imm.block, 0); /* type index 0 */
	ck_assert_uint_eq(c[20].op, W2N_OP_SELECT_T);
	ck_assert_uint_eq(c[20].imm.idx.a, 1);
	ck_assert_uint_eq(c[20].imm.idx.b, W2N_I32);
	w2n_module_free(m);
	free(bytes);
}
END_TEST

START_TEST(locals_stay_grouped)
{
	uint8_t *bytes;
	struct w2n_module *m = decode_wat(
		"(module (func (param i64) (local i32 i32) (local f64) (local v128 v128 v128)))", &bytes);
	const struct w2n_func *f = &m->funcs[0];
	const struct w2n_functype *ft = &m->types[f->type];
	ck_assert_uint_eq(f->body.nlocals, 6);
	ck_assert_uint_le(f->body.ngroups, 3); /* wat2wasm may merge runs; never one per local */
	static const uint8_t want[] = {W2N_I64,  W2N_I32,  W2N_I32, W2N_F64,
	                               W2N_V128, W2N_V128, W2N_V128};
	for (uint32_t i = 0; i < sizeof want; i++)
		ck_assert_uint_eq(w2n_local_type(ft, &f->body, i), want[i]);
	w2n_module_free(m);
	free(bytes);
}
END_TEST

START_TEST(segments)
{
	uint8_t *bytes;
	struct w2n_module *m = decode_wat("(module (memory 1) (table 4 funcref) (func $f)"
	                                  "  (elem (i32.const 1) $f $f) (elem funcref (ref.null func))"
	                                  "  (data (i32.const 8) \"hi\") (data \"passive\"))",
	                                  &bytes);
	ck_assert_uint_eq(m->nelems, 2);
	ck_assert_uint_eq(m->elems[0].mode, W2N_SEG_ACTIVE);
	ck_assert_uint_eq(m->elems[0].count, 2);
	ck_assert_uint_eq(m->elems[0].inits[1].code[0].op, W2N_OP_REF_FUNC);
	ck_assert_uint_eq(m->elems[1].mode, W2N_SEG_PASSIVE);
	ck_assert_uint_eq(m->elems[1].inits[0].code[0].op, W2N_OP_REF_NULL);
	ck_assert_uint_eq(m->ndatas, 2);
	ck_assert_uint_eq(m->datas[0].bytes.len, 2);
	ck_assert_uint_eq(m->datas[0].offset.code[0].imm.u64, 8);
	ck_assert_uint_eq(m->datas[1].mode, W2N_SEG_PASSIVE);
	ck_assert(memcmp(m->datas[1].bytes.ptr, "passive", 7) == 0);
	w2n_module_free(m);
	free(bytes);
}
END_TEST

START_TEST(data_count_rules)
{
	/* memory.init with a data section but no data count section: malformed */
	static const uint8_t required[] = {HEADER, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01,
	                                   0x00,   0x05, 0x03, 0x01, 0x00, 0x00, 0x0a, 0x0e, 0x01, 0x0c,
	                                   0x00,   0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00,
	                                   0x00,   0x0b, 0x0b, 0x03, 0x01, 0x01, 0x00};
	expect_malformed(required, sizeof required,
	                 "t.wasm:0x0000002c: error: data count section required (memory.init or "
	                 "data.drop used without a data count section)");
	/* data count 1 but no data section */
	static const uint8_t inconsistent[] = {HEADER, 0x0c, 0x01, 0x01};
	expect_malformed(inconsistent, sizeof inconsistent,
	                 "t.wasm:0x0000000b: error: data count and data section have "
	                 "inconsistent lengths (1 and 0)");
}
END_TEST

START_TEST(names_and_custom_sections)
{
	uint8_t *bytes;
	struct w2n_module *m = decode_wat("(module $mod (func $first) (func) (func $third))", &bytes);
	ck_assert_uint_eq(m->funcs[0].name.len, 5);
	ck_assert(memcmp(m->funcs[0].name.ptr, "first", 5) == 0);
	ck_assert_uint_eq(m->funcs[1].name.len, 0);
	ck_assert(memcmp(m->funcs[2].name.ptr, "third", 5) == 0);
	ck_assert_uint_eq(m->name.len, 3);
	ck_assert_uint_eq(m->ncustoms, 1);
	w2n_module_free(m);
	free(bytes);
}
END_TEST

START_TEST(broken_name_section_is_ignored)
{
	/* custom "name", function-names subsection whose size runs past the section */
	static const uint8_t b[] = {HEADER, 0x00, 0x08, 0x04, 'n', 'a', 'm', 'e', 0x01, 0x09, 0x01};
	struct w2n_module *m = decode(b, sizeof b);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(m->ncustoms, 1);
	ck_assert_uint_eq(m->customs[0].payload.len, 3);
	w2n_module_free(m);
}
END_TEST

static Suite *decode_suite(void)
{
	Suite *s = suite_create("decode");
	TCase *tc = tcase_create("decode");
	tcase_add_test(tc, empty_module);
	tcase_add_test(tc, preamble_errors);
	tcase_add_test(tc, section_errors);
	tcase_add_test(tc, unsupported_features);
	tcase_add_test(tc, exceptions);
	tcase_add_test(tc, counts_checked_before_allocation);
	tcase_add_test(tc, function_and_code_mismatch);
	tcase_add_test(tc, too_many_locals);
	tcase_add_test(tc, function_type_limits);
	tcase_add_test(tc, body_without_end);
	tcase_add_test(tc, illegal_opcodes);
	tcase_add_test(tc, zero_byte_expected);
	tcase_add_test(tc, memarg_memory_index);
	tcase_add_test(tc, memarg_alignment_malformed);
	tcase_add_test(tc, memory_index_leb);
	tcase_add_test(tc, limits_address_type);
	tcase_add_test(tc, malformed_names);
	tcase_add_test(tc, threads_encodings);
	tcase_add_test(tc, import_kinds_and_mutability);
	tcase_add_test(tc, index_spaces_put_imports_first);
	tcase_add_test(tc, immediates);
	tcase_add_test(tc, locals_stay_grouped);
	tcase_add_test(tc, segments);
	tcase_add_test(tc, data_count_rules);
	tcase_add_test(tc, names_and_custom_sections);
	tcase_add_test(tc, broken_name_section_is_ignored);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(decode_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
