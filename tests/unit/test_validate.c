/* test_validate.c — compiler/validate*.c: the module rules, constant expressions and the
 * validation algorithm for function bodies.
 *
 * Modules are written in text and assembled by wat2wasm without its own validation, so that
 * invalid modules can be built; a few cases that the text format cannot express are written
 * as bytes. Every invalid case compares the exact message (spec wording, then context), and a
 * few pin the byte offset too. Each error class has a valid counterpart.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/wasm2native.h"
#include "wat.h"

/* ---- harness ------------------------------------------------------------------------------ */

struct sink {
	int n;          /* errors received */
	char msg[512];  /* the first message, as the library wrote it */
	char line[640]; /* the first diagnostic, formatted like the default sink */
};

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	struct sink *s = ctx;
	if (s->n++ == 0) {
		snprintf(s->msg, sizeof s->msg, "%s", message);
		w2n_format_diag(s->line, sizeof s->line, sev, file, offset, message);
	}
}

static struct sink sink;

/* Decodes (which must succeed) and validates `size` bytes; the first error lands in `sink`. */
/* Features the next validation turns off (W2N_FEATURES_AFTER_2_0: the Wasm 2.0 rules). */
static uint64_t features_off;

static bool validate_bytes(const uint8_t *bytes, size_t size)
{
	memset(&sink, 0, sizeof sink);
	struct w2n_diag dg = {.fn = capture, .ctx = &sink};
	struct w2n_module *m = w2n_decode(bytes, size, "t.wasm", &dg);
	ck_assert_msg(m != NULL, "decoding failed: %s", sink.line);
	bool ok = w2n_validate_features(m, features_off, &dg);
	w2n_module_free(m);
	/* Exactly one error when invalid, none when valid. */
	ck_assert_int_eq(sink.n, ok ? 0 : 1);
	ck_assert_uint_eq(dg.errors, ok ? 0 : 1);
	return ok;
}

static bool validate_wat(const char *wat)
{
	size_t size;
	uint8_t *bytes = wat_to_wasm(wat, &size);
	bool ok = validate_bytes(bytes, size);
	free(bytes);
	return ok;
}

static void expect_valid(const char *wat)
{
	ck_assert_msg(validate_wat(wat), "rejected: %s\nmodule: %s", sink.line, wat);
}

/* `want` is the message without file and offset. */
static void expect_invalid(const char *wat, const char *want)
{
	ck_assert_msg(!validate_wat(wat), "accepted: %s", wat);
	ck_assert_str_eq(sink.msg, want);
}

/* Invalid by the Wasm 2.0 rules (what a 2.0 tool asks for), valid in 3.0. */
static void expect_invalid_in_2_0(const char *wat, const char *want)
{
	features_off = W2N_FEATURES_AFTER_2_0;
	expect_invalid(wat, want);
	features_off = 0;
	expect_valid(wat);
}

/* A module with one function of type [] -> [] whose body (after an empty locals vector) is
 * `code`; the first code byte is at offset 0x17. */
static bool validate_body(const uint8_t *code, size_t n)
{
	static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, /* header */
	                               0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type () -> () */
	                               0x03, 0x02, 0x01, 0x00};            /* func 0: type 0 */
	uint8_t buf[128];
	ck_assert_uint_lt(n, 64);
	memcpy(buf, head, sizeof head);
	size_t k = sizeof head;
	buf[k++] = 0x0a;             /* code section */
	buf[k++] = (uint8_t)(n + 3); /* its size */
	buf[k++] = 1;                /* one body */
	buf[k++] = (uint8_t)(n + 1); /* body size */
	buf[k++] = 0;                /* no locals */
	memcpy(buf + k, code, n);
	return validate_bytes(buf, k + n);
}

#define BODY(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

/* ---- the operand stack -------------------------------------------------------------------- */

START_TEST(operands_regular)
{
	expect_valid("(module (func (result i32) (i32.add (i32.const 1) (i32.const 2))))");
	expect_valid("(module (func (param f64) (result i64)"
	             "  (i64.trunc_f64_s (f64.sqrt (local.get 0)))))");
	expect_invalid("(module (func (result i32) i64.const 1 i32.const 2 i32.add))",
	               "type mismatch (i32.add expects [i32 i32] but got [i64 i32])");
	expect_invalid("(module (func (result i64) (i64.extend_i32_u (i64.const 1))))",
	               "type mismatch (i64.extend_i32_u expects [i32] but got [i64])");
	expect_invalid("(module (func (param f32) (result f32) (f32.neg (i32.const 0))))",
	               "type mismatch (f32.neg expects [f32] but got [i32])");
}
END_TEST

START_TEST(operands_underflow)
{
	expect_invalid("(module (func (result i32) i32.const 1 i32.add))",
	               "type mismatch (i32.add expects [i32 i32] but got [i32])");
	expect_invalid("(module (func drop))", "type mismatch (drop expects an operand but got [])");
	/* Operands outside the current block are not visible inside it. */
	expect_invalid("(module (func (result i32) i32.const 1 (block (result i32) i32.eqz)))",
	               "type mismatch (i32.eqz expects [i32] but got [])");
}
END_TEST

START_TEST(operands_function_end)
{
	expect_invalid("(module (func i32.const 1))",
	               "type mismatch (end of function expects [] but got [i32])");
	expect_invalid("(module (func (result i32)))",
	               "type mismatch (end of function expects [i32] but got [])");
	expect_invalid("(module (func (result i32 i64) i64.const 0 i32.const 0))",
	               "type mismatch (end of function expects [i32 i64] but got [i64 i32])");
	expect_valid("(module (func (result i32 i64) i32.const 0 i64.const 0))");
}
END_TEST

START_TEST(operands_offset)
{
	/* i64.const 0, i32.const 0, i32.add at offset 0x1b, drop, end */
	ck_assert(!validate_body(BODY(0x42, 0x00, 0x41, 0x00, 0x6a, 0x1a, 0x0b)));
	ck_assert_str_eq(sink.line, "t.wasm:0x0000001b: error: type mismatch (i32.add expects "
	                            "[i32 i32] but got [i64 i32])");
}
END_TEST

/* ---- unreachable code --------------------------------------------------------------------- */

START_TEST(unreachable_polymorphic)
{
	expect_valid("(module (func (result i32) unreachable))");
	expect_valid("(module (func (result i32) unreachable i32.add))");
	expect_valid("(module (func unreachable i32.const 0 i32.add drop))");
	expect_valid("(module (func (result i32) (return (i32.const 1)) i32.eqz))");
	expect_valid("(module (func (result i32) unreachable select))");
	expect_valid("(module (func (result f64) (block (br 0)) (unreachable) (select)))");
	expect_valid("(module (func (result i32) (block (result i32) (br 0 (i32.const 1)) i32.add)))");
	/* Values known after the branch still have to match. */
	expect_invalid("(module (func unreachable i64.const 0 i32.add drop))",
	               "type mismatch (i32.add expects [i32 i32] but got [i64])");
	expect_invalid("(module (func unreachable i32.const 0))",
	               "type mismatch (end of function expects [] but got [i32])");
	expect_invalid("(module (func (result i32) (block (result i32) (br 0 (i32.const 1))"
	               "  (i64.const 0))))",
	               "type mismatch (end of block expects [i32] but got [i64])");
	/* Only the frame that holds the branch becomes polymorphic. */
	expect_invalid("(module (func (result i32) (block unreachable) i32.eqz))",
	               "type mismatch (i32.eqz expects [i32] but got [])");
}
END_TEST

START_TEST(unreachable_select_and_drop)
{
	expect_valid("(module (func unreachable drop drop))");
	expect_valid("(module (func (result i64) unreachable (select (i64.const 0) (i32.const 1))))");
	expect_invalid("(module (func (result i32) unreachable (select (i64.const 0) (i32.const 1))))",
	               "type mismatch (end of function expects [i32] but got [i64])");
	expect_valid("(module (func (result funcref) unreachable ref.is_null drop ref.null func))");
}
END_TEST

/* ---- blocks, loops, if ------------------------------------------------------------------- */

START_TEST(blocks_multi_value)
{
	expect_valid("(module (func (result i32 i32) i32.const 1 i32.const 2"
	             "  (block (param i32 i32) (result i32 i32))))");
	expect_valid("(module (func (result i32) i32.const 1"
	             "  (block (param i32) (result i32 i64) i64.const 2) drop))");
	expect_valid("(module (func (result i32) i32.const 0 (loop (param i32) (result i32) br 0)))");
	expect_valid("(module (func (result i32) i32.const 0"
	             "  (if (param i32) (result i32) (i32.const 1) (then) (else i32.eqz))))");
	expect_invalid("(module (func (block (param i32) drop)))",
	               "type mismatch (block expects [i32] but got [])");
	expect_invalid("(module (func (result i32) i64.const 1 (loop (param i32) (result i32))))",
	               "type mismatch (loop expects [i32] but got [i64])");
	expect_invalid("(module (func (block (result i32) i32.const 0 i32.const 1) drop))",
	               "type mismatch (end of block expects [i32] but got [i32 i32])");
}
END_TEST

START_TEST(blocks_if)
{
	expect_valid("(module (func (result i32) (if (result i32) (i32.const 1)"
	             "  (then (i32.const 2)) (else (i32.const 3)))))");
	expect_invalid("(module (func (if (i64.const 0) (then))))",
	               "type mismatch (if condition expects [i32] but got [i64])");
	expect_invalid("(module (func (result i32) (if (result i32) (i32.const 1)"
	               "  (then (i32.const 2)) (else (i64.const 3)))))",
	               "type mismatch (end of else expects [i32] but got [i64])");
	expect_invalid("(module (func (result i32) (if (result i32) (i32.const 1)"
	               "  (then (i64.const 2)) (else (i32.const 3)))))",
	               "type mismatch (end of if expects [i32] but got [i64])");
	/* Without else, the parameters must pass through as the results. */
	expect_invalid("(module (func (result i32) (if (result i32) (i32.const 1)"
	               "  (then (i32.const 2)))))",
	               "type mismatch (if without else expects [i32] but got [])");
	expect_valid("(module (func (result i32) i32.const 5 (if (param i32) (result i32)"
	             "  (i32.const 1) (then i32.const 2 i32.add))))");
}
END_TEST

START_TEST(blocks_structure)
{
	/* else outside if: the decoder only balances block/loop/if with end */
	ck_assert(!validate_body(BODY(0x05, 0x0b)));
	ck_assert_str_eq(sink.line,
	                 "t.wasm:0x00000017: error: else without matching if (inside the function)");
	/* block, else, end, end */
	ck_assert(!validate_body(BODY(0x02, 0x40, 0x05, 0x0b, 0x0b)));
	ck_assert_str_eq(sink.msg, "else without matching if (inside block)");
	/* if, else, else, end, end */
	ck_assert(!validate_body(BODY(0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0b, 0x0b)));
	ck_assert_str_eq(sink.msg, "else without matching if (inside else)");
	/* block with type index 7 (there is one type) */
	ck_assert(!validate_body(BODY(0x02, 0x07, 0x0b, 0x0b)));
	ck_assert_str_eq(sink.msg, "unknown type 7 (block)");
	ck_assert(validate_body(BODY(0x02, 0x00, 0x0b, 0x0b)));
}
END_TEST

/* ---- branches ----------------------------------------------------------------------------- */

START_TEST(branches_br)
{
	expect_valid("(module (func (result i32) (block (result i32) (br 0 (i32.const 1)))))");
	expect_valid("(module (func (result i32) (br 0 (i32.const 1))))");
	expect_invalid("(module (func br 1))", "unknown label 1 (br)");
	expect_invalid("(module (func (block (br_if 2 (i32.const 0)))))", "unknown label 2 (br_if)");
	expect_invalid("(module (func (result i32) (block (result i32) (br 0 (i64.const 1)))))",
	               "type mismatch (br 0 expects [i32] but got [i64])");
	expect_invalid("(module (func (block (br_if 0 (i64.const 1)))))",
	               "type mismatch (br_if condition expects [i32] but got [i64])");
	/* br_if leaves the label's values on the stack */
	expect_valid("(module (func (result i32) (block (result i32)"
	             "  (br_if 0 (i32.const 1) (i32.const 0)))))");
	expect_invalid("(module (func (result i32) (block (result i32)"
	               "  (br_if 0 (i32.const 1) (i32.const 0)) drop)))",
	               "type mismatch (end of block expects [i32] but got [])");
}
END_TEST

START_TEST(branches_br_table)
{
	expect_valid("(module (func (result i32) (block (result i32) (block (result i32)"
	             "  (br_table 0 1 1 (i32.const 3) (i32.const 0))) i32.eqz)))");
	expect_invalid("(module (func (block (result i32) (block"
	               "  (br_table 0 1 (i32.const 7) (i32.const 0))) i32.const 1) drop))",
	               "type mismatch (br_table target 0 takes 0 values but the default target 1 "
	               "takes 1)");
	expect_invalid("(module (func (result i32) (block (result i64)"
	               "  (br_table 0 1 (i64.const 7) (i32.const 0))) drop i32.const 0))",
	               "type mismatch (br_table default target 1 expects [i32] but got [i64])");
	expect_invalid("(module (func (block (br_table 0 3 (i32.const 0)))))",
	               "unknown label 3 (br_table)");
	expect_invalid("(module (func (block (br_table 0 (i64.const 0)))))",
	               "type mismatch (br_table index expects [i32] but got [i64])");
	/* With unknown operands, targets of the same arity may differ in type. */
	expect_valid("(module (func (block (result i32) (drop (block (result f32)"
	             "  unreachable i32.const 0 br_table 0 1)) i32.const 0) drop))");
	expect_invalid("(module (func (block (result i32) (drop (block (result f32)"
	               "  unreachable f32.const 0 i32.const 0 br_table 0 1)) i32.const 0) drop))",
	               "type mismatch (br_table default target 1 expects [i32] but got [f32])");
}
END_TEST

START_TEST(branches_loop_label)
{
	/* A branch to a loop carries its parameters, not its results. */
	expect_valid("(module (func (result i32) (loop (result i32) (br 0 (i32.const 1)))))");
	expect_invalid("(module (func i32.const 0 (loop (param i32) drop (br 0))))",
	               "type mismatch (br 0 expects [i32] but got [])");
	expect_invalid("(module (func (result i32) (loop (result i32) (br_if 0 (i32.const 1)))))",
	               "type mismatch (end of loop expects [i32] but got [])");
	expect_valid("(module (func i64.const 0 (loop (param i64) (br_if 0 (i64.const 1)"
	             "  (i32.const 0)) drop drop)))");
}
END_TEST

START_TEST(branches_return)
{
	expect_valid("(module (func (result i32 f32) (return (i32.const 1) (f32.const 2))))");
	expect_invalid("(module (func (result i32) i64.const 0 return))",
	               "type mismatch (return expects [i32] but got [i64])");
	expect_invalid("(module (func (result i32) (block (return))))",
	               "type mismatch (return expects [i32] but got [])");
}
END_TEST

/* ---- calls -------------------------------------------------------------------------------- */

START_TEST(calls_direct)
{
	expect_valid("(module (func $f (param i32 i64) (result f32 f64) unreachable)"
	             "  (func (result f32) (call $f (i32.const 0) (i64.const 0)) drop))");
	expect_invalid("(module (func $f (param i32)) (func (call $f (i64.const 0))))",
	               "type mismatch (call expects [i32] but got [i64])");
	expect_invalid("(module (func call 5))", "unknown function 5 (call)");
	expect_invalid("(module (import \"m\" \"f\" (func (result i64))) (func (result i32) call 0))",
	               "type mismatch (end of function expects [i32] but got [i64])");
}
END_TEST

START_TEST(calls_indirect)
{
	expect_valid(
		"(module (type $t (func (param i32) (result i32 i32))) (table 1 funcref)"
		"  (func (result i32 i32) (call_indirect (type $t) (i32.const 5) (i32.const 0))))");
	expect_invalid("(module (table 1 externref) (func (call_indirect (i32.const 0))))",
	               "type mismatch (call_indirect through table 0 of externref)");
	expect_invalid("(module (func (call_indirect (i32.const 0))))",
	               "unknown table 0 (call_indirect)");
	expect_invalid("(module (table 1 funcref) (func (call_indirect (i64.const 0))))",
	               "type mismatch (call_indirect table index expects [i32] but got [i64])");
	expect_invalid("(module (type $t (func (param f32))) (table 1 funcref)"
	               "  (func (call_indirect (type $t) (i32.const 5) (i32.const 0))))",
	               "type mismatch (call_indirect expects [f32] but got [i32])");
	/* The second table of several, by index */
	expect_valid("(module (table 1 externref) (table $t 1 funcref)"
	             "  (func (call_indirect $t (i32.const 0))))");
}
END_TEST

/* ---- select ------------------------------------------------------------------------------- */

START_TEST(select_untyped)
{
	expect_valid("(module (func (result f64) (select (f64.const 1) (f64.const 2) (i32.const 0))))");
	expect_valid("(module (func (param v128) (result v128)"
	             "  (select (local.get 0) (local.get 0) (i32.const 0))))");
	expect_invalid("(module (func (param funcref funcref)"
	               "  (drop (select (local.get 0) (local.get 1) (i32.const 1)))))",
	               "type mismatch (select without a type needs numeric or vector operands, got "
	               "[funcref funcref])");
	expect_invalid("(module (func (result i32) (select (i32.const 1) (i64.const 2)"
	               "  (i32.const 0))))",
	               "type mismatch (select operands [i32 i64] differ)");
	expect_invalid("(module (func (result i32) (select (i32.const 1) (i32.const 2)"
	               "  (i64.const 0))))",
	               "type mismatch (select condition expects [i32] but got [i64])");
}
END_TEST

START_TEST(select_typed)
{
	expect_valid("(module (func (param funcref externref) (result externref)"
	             "  (drop (select (result funcref) (local.get 0) (ref.null func) (i32.const 1)))"
	             "  (select (result externref) (local.get 1) (local.get 1) (i32.const 1))))");
	expect_invalid("(module (func (select (result i32 i64) (i32.const 0) (i32.const 0)"
	               "  (i32.const 1)) drop drop))",
	               "invalid result arity (select takes 1 type, got 2)");
	expect_invalid("(module (func (param funcref) (result externref)"
	               "  (select (result externref) (local.get 0) (ref.null extern) (i32.const 1))))",
	               "type mismatch (select expects [externref externref i32] but got [funcref "
	               "externref i32])");
}
END_TEST

/* ---- locals and globals ------------------------------------------------------------------- */

START_TEST(variables_locals)
{
	expect_valid("(module (func (param i32) (result i64) (local f32 i64)"
	             "  (local.set 1 (f32.const 1)) (local.tee 2 (i64.const 2))))");
	expect_invalid("(module (func local.get 0 drop))", "unknown local 0 (local.get)");
	expect_invalid("(module (func (param i32) (local i64) i32.const 0 local.set 2))",
	               "unknown local 2 (local.set)");
	expect_invalid("(module (func (param i32) (local i64) (local.set 1 (i32.const 0))))",
	               "type mismatch (local.set expects [i64] but got [i32])");
	expect_invalid("(module (func (param i32) (result f32) (local.tee 0 (i32.const 0))))",
	               "type mismatch (end of function expects [f32] but got [i32])");
}
END_TEST

START_TEST(variables_globals)
{
	expect_valid("(module (global $g (mut i64) (i64.const 0))"
	             "  (func (global.set $g (i64.add (global.get $g) (i64.const 1)))))");
	expect_invalid("(module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))",
	               "global is immutable (global.set 0)");
	expect_invalid("(module (import \"m\" \"g\" (global i32)) (func (global.set 0 (i32.const 1))))",
	               "global is immutable (global.set 0)");
	expect_invalid("(module (global (mut f32) (f32.const 0)) (func (global.set 0 (i32.const 1))))",
	               "type mismatch (global.set expects [f32] but got [i32])");
	expect_invalid("(module (func (result i32) global.get 0))", "unknown global 0 (global.get)");
}
END_TEST

/* ---- memory ------------------------------------------------------------------------------- */

START_TEST(memory_access)
{
	expect_valid("(module (memory 1) (func (i64.store32 offset=8 align=4 (i32.const 0)"
	             "  (i64.load16_u align=1 (i32.const 4)))))");
	expect_invalid("(module (func (drop (i32.load (i32.const 0)))))",
	               "unknown memory 0 (i32.load)");
	expect_invalid("(module (memory 1) (func (drop (i32.load align=8 (i32.const 0)))))",
	               "alignment must not be larger than natural (i32.load: 2^3 bytes, natural is "
	               "4)");
	expect_invalid("(module (memory 1) (func (i64.store8 align=2 (i32.const 0) (i64.const 0))))",
	               "alignment must not be larger than natural (i64.store8: 2^1 bytes, natural "
	               "is 1)");
	expect_invalid("(module (memory 1) (func (f32.store (i32.const 0) (f64.const 0))))",
	               "type mismatch (f32.store expects [i32 f32] but got [i32 f64])");
}
END_TEST

/* Threads: shared memories need a maximum; atomics name exactly their natural alignment and
 * work on unshared memories too; tables cannot be shared (binary only: no text for it). */
START_TEST(memory_atomics)
{
	expect_valid("(module (memory 1 2 shared) (func (result i32)"
	             "  (atomic.fence)"
	             "  (i64.atomic.store32 offset=8 (i32.const 0) (i64.const 1))"
	             "  (drop (i64.atomic.rmw16.cmpxchg_u (i32.const 2) (i64.const 0) (i64.const 1)))"
	             "  (drop (memory.atomic.wait64 (i32.const 0) (i64.const 0) (i64.const -1)))"
	             "  (i32.atomic.rmw8.xor_u (i32.const 1) (i32.const 3))))");
	expect_valid("(module (memory 1) (func (result i32)"
	             "  (memory.atomic.notify (i32.const 0) (i32.const 1))))");
	expect_invalid("(module (memory 1 shared))", "shared memory must have maximum (memory 0)");
	expect_invalid("(module (memory 1 1 shared) (func (result i32)"
	               "  (i32.atomic.load align=2 (i32.const 0))))",
	               "alignment must be equal to natural (i32.atomic.load: 2^1 bytes, natural is "
	               "4)");
	expect_invalid("(module (memory 1 1 shared) (func (result i32)"
	               "  (memory.atomic.wait32 (i32.const 0) (i64.const 0) (i64.const 0))))",
	               "type mismatch (memory.atomic.wait32 expects [i32 i32 i64] but got [i32 i64 "
	               "i64])");
	expect_invalid("(module (func (atomic.fence) (drop (i32.atomic.load (i32.const 0)))))",
	               "unknown memory 0 (i32.atomic.load)");
}
END_TEST

START_TEST(memory_bulk)
{
	expect_valid("(module (memory 1) (data \"x\") (func (result i32)"
	             "  (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0)"
	             "  (memory.copy (i32.const 0) (i32.const 1) (i32.const 1))"
	             "  (memory.fill (i32.const 0) (i32.const 1) (i32.const 1))"
	             "  (memory.grow (memory.size))))");
	expect_invalid("(module (func (drop (memory.size))))", "unknown memory 0 (memory.size)");
	expect_invalid("(module (func (drop (memory.grow (i32.const 0)))))",
	               "unknown memory 0 (memory.grow)");
	expect_invalid("(module (func (memory.copy (i32.const 0) (i32.const 1) (i32.const 1))))",
	               "unknown memory 0 (memory.copy)");
	expect_invalid("(module (memory 1) (data \"x\")"
	               "  (func (memory.init 3 (i32.const 0) (i32.const 0) (i32.const 0))))",
	               "unknown data segment 3 (memory.init)");
	expect_invalid("(module (memory 1) (data \"x\") (func (data.drop 1)))",
	               "unknown data segment 1 (data.drop)");
	expect_invalid("(module (memory 1) (func (memory.fill (i32.const 0) (i64.const 1)"
	               "  (i32.const 1))))",
	               "type mismatch (memory.fill expects [i32 i32 i32] but got [i32 i64 i32])");
}
END_TEST

/* ---- SIMD --------------------------------------------------------------------------------- */

START_TEST(simd_typing)
{
	expect_valid("(module (func (param v128) (result v128) (i32x4.add (local.get 0)"
	             "  (i16x8.splat (i32.const 1)))))");
	expect_invalid("(module (func (result v128) (i32x4.add (v128.const i64x2 0 0)"
	               "  (i32.const 0))))",
	               "type mismatch (i32x4.add expects [v128 v128] but got [v128 i32])");
	expect_invalid("(module (func (param v128) (result v128) (i8x16.shl (local.get 0)"
	               "  (i64.const 1))))",
	               "type mismatch (i8x16.shl expects [v128 i32] but got [v128 i64])");
}
END_TEST

START_TEST(simd_lanes)
{
	expect_valid("(module (func (param v128) (result i32) (i8x16.extract_lane_s 15"
	             "  (local.get 0))))");
	expect_invalid("(module (func (param v128) (result i32) (i8x16.extract_lane_s 16"
	               "  (local.get 0))))",
	               "invalid lane index (i8x16.extract_lane_s: lane 16 of 16)");
	expect_valid("(module (func (param v128) (result v128) (f64x2.replace_lane 1"
	             "  (local.get 0) (f64.const 1))))");
	expect_invalid("(module (func (param v128) (result v128) (f64x2.replace_lane 2"
	               "  (local.get 0) (f64.const 1))))",
	               "invalid lane index (f64x2.replace_lane: lane 2 of 2)");
	expect_invalid("(module (func (param v128) (result i32) (i16x8.extract_lane_u 8"
	               "  (local.get 0))))",
	               "invalid lane index (i16x8.extract_lane_u: lane 8 of 8)");
}
END_TEST

START_TEST(simd_memory_lanes)
{
	expect_valid("(module (memory 1) (func (param v128) (result v128)"
	             "  (v128.load64_lane 1 (i32.const 0) (local.get 0))))");
	expect_invalid("(module (memory 1) (func (param v128) (result v128)"
	               "  (v128.load64_lane 2 (i32.const 0) (local.get 0))))",
	               "invalid lane index (v128.load64_lane: lane 2 of 2)");
	expect_invalid("(module (memory 1) (func (param v128)"
	               "  (v128.store8_lane 16 (i32.const 0) (local.get 0))))",
	               "invalid lane index (v128.store8_lane: lane 16 of 16)");
	expect_invalid("(module (memory 1) (func (param v128) (result v128)"
	               "  (v128.load16_lane align=4 0 (i32.const 0) (local.get 0))))",
	               "alignment must not be larger than natural (v128.load16_lane: 2^2 bytes, "
	               "natural is 2)");
	expect_invalid("(module (memory 1) (func (result v128) (v128.load align=32 (i32.const 0))))",
	               "alignment must not be larger than natural (v128.load: 2^5 bytes, natural "
	               "is 16)");
	expect_invalid("(module (memory 1) (func (result v128)"
	               "  (v128.load32x2_u align=16 (i32.const 0))))",
	               "alignment must not be larger than natural (v128.load32x2_u: 2^4 bytes, "
	               "natural is 8)");
	expect_invalid("(module (func (result v128) (v128.load (i32.const 0))))",
	               "unknown memory 0 (v128.load)");
}
END_TEST

START_TEST(simd_shuffle)
{
	expect_valid("(module (func (param v128) (result v128) (i8x16.shuffle"
	             "  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31 (local.get 0) (local.get 0))))");
	expect_invalid("(module (func (param v128) (result v128) (i8x16.shuffle"
	               "  0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32 (local.get 0) (local.get 0))))",
	               "invalid lane index (i8x16.shuffle: lane 32 of 32)");
}
END_TEST

/* ---- tables and references --------------------------------------------------------------- */

START_TEST(tables_access)
{
	expect_valid("(module (table $t 1 externref) (func (param externref) (result i32)"
	             "  (table.set $t (i32.const 0) (table.get $t (i32.const 0)))"
	             "  (table.fill $t (i32.const 0) (local.get 0) (i32.const 1))"
	             "  (drop (table.grow $t (local.get 0) (i32.const 1))) (table.size $t)))");
	expect_invalid("(module (func (drop (table.get 0 (i32.const 0)))))",
	               "unknown table 0 (table.get)");
	expect_invalid("(module (table 1 externref) (func"
	               "  (table.set 0 (i32.const 0) (ref.null func))))",
	               "type mismatch (table.set expects [i32 externref] but got [i32 funcref])");
	expect_invalid("(module (table 1 funcref) (func (param externref)"
	               "  (drop (table.grow 0 (local.get 0) (i32.const 1)))))",
	               "type mismatch (table.grow expects [funcref i32] but got [externref i32])");
	expect_invalid("(module (table 1 funcref) (func (result externref)"
	               "  (table.get 0 (i32.const 0))))",
	               "type mismatch (end of function expects [externref] but got [funcref])");
}
END_TEST

START_TEST(tables_bulk)
{
	expect_valid("(module (table 1 funcref) (table 1 funcref) (elem func)"
	             "  (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))"
	             "  (table.init 1 0 (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 0)))");
	expect_invalid("(module (table 1 funcref) (table 1 externref)"
	               "  (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))",
	               "type mismatch (table.copy copies externref from a table into a table of "
	               "funcref)");
	expect_invalid("(module (table 1 externref) (elem func)"
	               "  (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0))))",
	               "type mismatch (table.init copies funcref from an element segment into a "
	               "table of externref)");
	expect_invalid("(module (table 1 funcref)"
	               "  (func (table.init 0 4 (i32.const 0) (i32.const 0) (i32.const 0))))",
	               "unknown elem segment 4 (table.init)");
	expect_invalid("(module (func (elem.drop 0)))", "unknown elem segment 0 (elem.drop)");
	expect_invalid("(module (table 1 funcref)"
	               "  (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0))))",
	               "unknown table 1 (table.copy)");
}
END_TEST

START_TEST(refs_func)
{
	/* Declared by a declarative segment, an active segment, an export, a global. */
	expect_valid("(module (func $f) (elem declare func $f) (func (drop (ref.func $f))))");
	expect_valid("(module (table 1 funcref) (func $f) (elem (i32.const 0) $f)"
	             "  (func (drop (ref.func $f))))");
	expect_valid("(module (func $f (export \"f\")) (func (drop (ref.func $f))))");
	expect_valid("(module (func $f) (global funcref (ref.func $f)) (func (drop (ref.func $f))))");
	expect_invalid("(module (func $f) (func (drop (ref.func $f))))",
	               "undeclared function reference (ref.func 0)");
	/* A reference in a body does not declare the function for other bodies. */
	expect_invalid("(module (func $f (drop (ref.func $f))))",
	               "undeclared function reference (ref.func 0)");
	expect_invalid("(module (func (drop (ref.func 3))))", "unknown function 3 (ref.func)");
}
END_TEST

START_TEST(refs_null)
{
	expect_valid("(module (func (result i32) (ref.is_null (ref.null extern))))");
	expect_invalid("(module (func (result i32) (ref.is_null (i32.const 0))))",
	               "type mismatch (ref.is_null expects a reference but got i32)");
	expect_invalid("(module (func (result externref) (ref.null func)))",
	               "type mismatch (end of function expects [externref] but got [funcref])");
}
END_TEST

/* ---- module level ------------------------------------------------------------------------- */

START_TEST(module_limits)
{
	expect_valid("(module (memory 0 65536))");
	expect_valid("(module (table 0 0xffffffff funcref))");
	expect_invalid("(module (memory 65537))",
	               "memory size must be at most 65536 pages (4GiB) (memory 0)");
	expect_invalid("(module (memory 0 65537))",
	               "memory size must be at most 65536 pages (4GiB) (memory 0)");
	expect_invalid("(module (import \"m\" \"m\" (memory 70000)))",
	               "memory size must be at most 65536 pages (4GiB) (memory 0)");
	expect_invalid("(module (memory 2 1))",
	               "size minimum must not be greater than maximum (memory 0: min 2, max 1)");
	expect_invalid("(module (table 1 funcref) (table 3 2 funcref))",
	               "size minimum must not be greater than maximum (table 1: min 3, max 2)");
}
END_TEST

START_TEST(module_memories)
{
	expect_valid("(module (table 1 funcref) (table 2 externref) (table 0 funcref))");
	/* The feature check comes first (features_used.c), naming the feature. */
	expect_invalid_in_2_0("(module (memory 1) (memory 1))",
	                      "multi-memory disabled (feature multi-memory; multiple memories)");
	expect_invalid_in_2_0("(module (import \"m\" \"m\" (memory 1)) (memory 1))",
	                      "multi-memory disabled (feature multi-memory; multiple memories)");
}
END_TEST

/* Multi-memory: every memory index an operator or a data segment names must exist. */
START_TEST(memory_indices)
{
	expect_valid("(module (memory 1) (memory 1) (data (memory 1) (i32.const 0) \"a\")"
	             "  (func (result i32) (i32.load 1 offset=4 (i32.const 0)))"
	             "  (func (memory.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 1))"
	             "    (drop (memory.grow 1 (memory.size 0)))))");
	expect_invalid("(module (memory 1) (memory 1) (func (result i32) (i32.load 2 (i32.const 0))))",
	               "unknown memory 2 (i32.load)");
	expect_invalid("(module (memory 1) (memory 1)"
	               "  (func (memory.copy 0 2 (i32.const 0) (i32.const 0) (i32.const 1))))",
	               "unknown memory 2 (memory.copy)");
	expect_invalid("(module (memory 1) (func (result i32) (memory.size 1)))",
	               "unknown memory 1 (memory.size)");
	expect_invalid("(module (memory 1) (memory 1) (data (memory 2) (i32.const 0) \"a\"))",
	               "unknown memory 2 (data segment 0)");
}
END_TEST

/* memory64: addresses, sizes and data offsets of a 64-bit memory are i64; memory.copy's length
 * has the narrower type of its two memories. (Offsets past 2^32, valid only for a 64-bit
 * memory, are the 3.0 suite's: wat2wasm cannot write them.) */
START_TEST(memory64_address_types)
{
	expect_valid("(module (memory i64 1) (data (i64.const 0) \"a\")"
	             "  (func (result i32) (i32.load offset=0xffffffff (i64.const 0)))"
	             "  (func (result i64) (memory.grow (memory.size))))");
	expect_invalid("(module (memory i64 1) (func (result i32) (i32.load (i32.const 0))))",
	               "type mismatch (i32.load expects [i64] but got [i32])");
	expect_invalid("(module (memory i64 1) (func (result i32) (memory.size)))",
	               "type mismatch (end of function expects [i32] but got [i64])");
	expect_invalid("(module (memory i64 1) (data (i32.const 0) \"a\"))",
	               "type mismatch (offset of data segment 0 expects [i64] but got [i32])");
	expect_valid("(module (memory i64 1) (memory 1)"
	             "  (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i32.const 1))))");
	expect_invalid("(module (memory i64 1) (memory 1)"
	               "  (func (memory.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 1))))",
	               "type mismatch (memory.copy expects [i64 i32 i32] but got [i64 i32 i64])");
	expect_invalid("(module (memory i64 0x1000000000001))",
	               "memory size must be at most 2^48 pages (memory 0)");
}
END_TEST

/* table64 (wat2wasm cannot write it): a table with limits flag 0x04 takes i64 indices.
 * Module: type () -> (), a funcref table64 of 1, one function whose body is `i, table.get 0,
 * drop, end` with the index constant `i` of opcode `konst`. */
static bool table64_get(uint8_t konst)
{
	const uint8_t b[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00,  0x00, 0x00, 0x01, 0x04, 0x01, 0x60,
	                     0x00, 0x00, 0x03, 0x02, 0x01, 0x00,  0x04, 0x04, 0x01, 0x70, 0x04, 0x01,
	                     0x0a, 0x09, 0x01, 0x07, 0x00, konst, 0x00, 0x25, 0x00, 0x1a, 0x0b};
	return validate_bytes(b, sizeof b);
}

START_TEST(table64_index_type)
{
	ck_assert_msg(table64_get(0x42), "rejected: %s", sink.line); /* i64.const */
	ck_assert(!table64_get(0x41));                               /* i32.const */
	ck_assert_str_eq(sink.msg, "type mismatch (table.get expects [i64] but got [i32])");
}
END_TEST

START_TEST(module_globals)
{
	expect_valid("(module (import \"m\" \"g\" (global i64)) (global i64 (global.get 0))"
	             "  (global externref (ref.null extern)) (global v128 (v128.const i32x4 1 2 3 4))"
	             "  (global (mut f32) (f32.const 1)))");
	expect_invalid_in_2_0("(module (global i32 (i32.add (i32.const 0) (i32.const 1))))",
	                      "extended constant expressions disabled (feature extended-const; "
	                      "i32.add)");
	/* 3.0's extended constant expressions: integer add, sub, mul over constants and globals */
	expect_valid("(module (import \"m\" \"g\" (global i64)) (global i64 (i64.mul (global.get 0)"
	             "  (i64.sub (i64.const 7) (i64.add (global.get 0) (i64.const 1))))))");
	expect_invalid("(module (global i32 (i32.add (i32.const 0) (i64.const 1))))",
	               "type mismatch (i32.add expects [i32 i32])");
	expect_invalid("(module (global i32 (i32.const 1) (i32.mul)))",
	               "type mismatch (i32.mul expects [i32 i32])");
	expect_invalid("(module (global i32 (i32.div_s (i32.const 1) (i32.const 1))))",
	               "constant expression required (i32.div_s is not constant)");
	expect_invalid("(module (global i32 (i32.const 0) (nop)))",
	               "constant expression required (nop is not constant)");
	expect_invalid("(module (global i32 (i64.const 0)))",
	               "type mismatch (initializer of global 0 expects [i32] but got [i64])");
	expect_invalid("(module (global i32 (i32.const 0) (i32.const 1)))",
	               "type mismatch (initializer of global 0 expects [i32] but got [i32 i32])");
	expect_invalid("(module (global i32))",
	               "type mismatch (initializer of global 0 expects [i32] but got [])");
	expect_invalid_in_2_0("(module (global i32 (i32.const 0)) (global i32 (global.get 0)))",
	                      "extended constant expressions disabled (feature extended-const; "
	                      "global.get of a defined global)");
	/* 3.0: only the globals before the one initialized */
	expect_invalid("(module (global i32 (global.get 1)) (global i32 (i32.const 0)))",
	               "unknown global 1 (this constant expression may only read the 0 globals "
	               "before it)");
	expect_invalid("(module (global (mut i32) (i32.const 0)) (global i32 (global.get 0)))",
	               "constant expression required (global.get of mutable global 0)");
	expect_invalid("(module (import \"m\" \"g\" (global (mut i32))) (global i32 (global.get 0)))",
	               "constant expression required (global.get of mutable global 0)");
	expect_invalid("(module (global funcref (ref.func 2)))", "unknown function 2 (ref.func)");
}
END_TEST

START_TEST(module_elems)
{
	expect_valid(
		"(module (table 2 funcref) (func $f) (elem (i32.const 1) $f)"
		"  (elem funcref (ref.null func) (ref.func $f)) (elem externref (ref.null extern)))");
	expect_invalid("(module (table 1 externref) (func $f) (elem (i32.const 0) $f))",
	               "type mismatch (element segment 0 holds funcref but table 0 holds "
	               "externref)");
	expect_invalid("(module (table 1 funcref) (func $f) (elem (i64.const 0) $f))",
	               "type mismatch (offset of element segment 0 expects [i32] but got [i64])");
	expect_invalid("(module (table 1 funcref) (elem (table 1) (i32.const 0) func))",
	               "unknown table 1 (element segment 0)");
	expect_invalid("(module (table 1 funcref) (elem externref (ref.null func)))",
	               "type mismatch (element 0 of element segment 0 expects [externref] but got "
	               "[funcref])");
	expect_invalid("(module (table 1 funcref) (elem (i32.ctz (i32.const 0))))",
	               "constant expression required (i32.ctz is not constant)");
}
END_TEST

START_TEST(module_datas)
{
	expect_valid("(module (import \"m\" \"g\" (global i32)) (memory 1)"
	             "  (data (global.get 0) \"a\") (data \"passive\"))");
	expect_invalid("(module (data (i32.const 0) \"a\"))", "unknown memory 0 (data segment 0)");
	expect_valid("(module (data \"passive needs no memory\"))");
	expect_invalid("(module (memory 1) (data (f32.const 0) \"a\"))",
	               "type mismatch (offset of data segment 0 expects [i32] but got [f32])");
}
END_TEST

START_TEST(module_start)
{
	expect_valid("(module (func $s) (start $s))");
	expect_invalid("(module (func $s (param i32)) (start $s))",
	               "start function must have type [] -> [] (function 0 has 1 parameters and 0 "
	               "results)");
	expect_invalid("(module (func $s (result i32) i32.const 0) (start $s))",
	               "start function must have type [] -> [] (function 0 has 0 parameters and 1 "
	               "results)");
	expect_invalid("(module (func) (start 5))", "unknown function 5 (start function)");
}
END_TEST

START_TEST(module_exports)
{
	expect_valid("(module (func (export \"a\")) (func (export \"b\")) (memory (export \"c\") 1))");
	expect_invalid("(module (func (export \"a\")) (global (export \"a\") i32 (i32.const 0)))",
	               "duplicate export name \"a\"");
	expect_invalid("(module (export \"a\" (global 0)))", "unknown global 0 (export \"a\")");
	expect_invalid("(module (func) (export \"f\" (func 1)))", "unknown function 1 (export \"f\")");
	expect_invalid("(module (export \"t\" (table 0)))", "unknown table 0 (export \"t\")");
	expect_invalid("(module (export \"m\" (memory 0)))", "unknown memory 0 (export \"m\")");
}
END_TEST

START_TEST(module_types)
{
	expect_invalid("(module (func (type 3)))", "unknown type 3 (function 0)");
	expect_invalid("(module (import \"m\" \"f\" (func (type 1))))", "unknown type 1 (function 0)");
}
END_TEST

/* ---- typed function references (validate_types.c, validate_refs.c) ----------------------- */

/* A module with one function [] -> [] whose body declares one local of type (ref func) (0x64
 * 0x70) and then runs `code` (n bytes, its final `end` included). wat2wasm 1.0.32 cannot write
 * 3.0's typed references, hence bytes. */
static bool validate_ref_local(const uint8_t *code, size_t n)
{
	static const uint8_t head[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00,
	                               0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, /* type () -> () */
	                               0x03, 0x02, 0x01, 0x00};                  /* func 0: type 0 */
	uint8_t buf[128];
	ck_assert_uint_lt(n, 64);
	memcpy(buf, head, sizeof head);
	size_t k = sizeof head;
	buf[k++] = 0x0a;
	buf[k++] = (uint8_t)(n + 6);
	buf[k++] = 1;
	buf[k++] = (uint8_t)(n + 4);
	buf[k++] = 1, buf[k++] = 1, buf[k++] = 0x64, buf[k++] = 0x70; /* 1 local (ref func) */
	memcpy(buf + k, code, n);
	return validate_bytes(buf, k + n);
}

START_TEST(refs_local_init)
{
	/* local.get 0 before any set */
	ck_assert(!validate_ref_local(BODY(0x20, 0x00, 0x1a, 0x0b)));
	ck_assert_str_eq(sink.msg, "uninitialized local (local 0)");
	/* ref.null func, ref.as_non_null, local.set 0, then local.get 0: set before use */
	ck_assert_msg(validate_ref_local(BODY(0xd0, 0x70, 0xd4, 0x21, 0x00, 0x20, 0x00, 0x1a, 0x0b)),
	              "%s", sink.msg);
	/* the same set inside a block counts only until its end */
	ck_assert(!validate_ref_local(
		BODY(0x02, 0x40, 0xd0, 0x70, 0xd4, 0x21, 0x00, 0x0b, 0x20, 0x00, 0x1a, 0x0b)));
	ck_assert_str_eq(sink.msg, "uninitialized local (local 0)");
}
END_TEST

START_TEST(refs_subtyping)
{
	/* a nullable funcref cannot be stored in a (ref func) local */
	ck_assert(!validate_ref_local(BODY(0xd0, 0x70, 0x21, 0x00, 0x0b)));
	ck_assert_str_eq(sink.msg, "type mismatch (local.set expects [(ref func)] but got [funcref])");
	/* br_on_null 0 in a block: the fall-through value is (ref func) */
	ck_assert_msg(
		validate_ref_local(BODY(0x02, 0x40, 0xd0, 0x70, 0xd5, 0x00, 0x21, 0x00, 0x0b, 0x0b)), "%s",
		sink.msg);
	/* ref.as_non_null of an i32 */
	ck_assert(!validate_ref_local(BODY(0x41, 0x00, 0xd4, 0x1a, 0x0b)));
	ck_assert_str_eq(sink.msg, "type mismatch (ref.as_non_null expects a reference but got i32)");
}
END_TEST

static Suite *validate_suite(void)
{
	Suite *s = suite_create("validate");
	struct {
		const char *name;
		const TTest *tests[12];
	} groups[] = {
		{"operands",
	     {operands_regular, operands_underflow, operands_function_end, operands_offset}},
		{"unreachable", {unreachable_polymorphic, unreachable_select_and_drop}},
		{"blocks", {blocks_multi_value, blocks_if, blocks_structure}},
		{"branches", {branches_br, branches_br_table, branches_loop_label, branches_return}},
		{"calls", {calls_direct, calls_indirect}},
		{"select", {select_untyped, select_typed}},
		{"variables", {variables_locals, variables_globals}},
		{"memory", {memory_access, memory_atomics, memory_bulk}},
		{"simd", {simd_typing, simd_lanes, simd_memory_lanes, simd_shuffle}},
		{"tables", {tables_access, tables_bulk, refs_func, refs_null}},
		{"typed references", {refs_local_init, refs_subtyping}},
		{"module",
	     {module_limits, module_memories, memory_indices, memory64_address_types,
	      table64_index_type, module_globals, module_elems, module_datas, module_start,
	      module_exports, module_types}},
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		TCase *tc = tcase_create(groups[g].name);
		for (size_t t = 0; t < 12 && groups[g].tests[t]; t++)
			tcase_add_test(tc, groups[g].tests[t]);
		tcase_set_timeout(tc, 60);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(validate_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
