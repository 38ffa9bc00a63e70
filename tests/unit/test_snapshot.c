/* test_snapshot.c — compiler/snapshot.c and compiler/emit_wasm.c: reading a snapshot file
 * (include/wasm2native/snapshot.h) checked against its module, and writing the pre-initialized
 * module back as a .wasm that decodes, validates and holds the snapshot's state.
 *
 * Snapshot files are built here byte by byte, as the snapshot driver writes them; every
 * damaged variant (every truncation, counts that disagree with the module, indices and sizes
 * out of range, a non-null externref) must be rejected as an internal error, never read. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops.h"
#include "wasm2native/prebake.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasm2native.h"
#include "wat.h"

/* A module with one of everything a snapshot holds: memory, table, three globals (i32,
 * funcref, externref), a passive element segment, an active and a passive data segment, a start
 * function and the init export. */
static const char *const module_text = "(module\n"
									   "  (memory (export \"memory\") 1 4)\n"
									   "  (table 2 10 funcref)\n"
									   "  (global $n (mut i32) (i32.const 1))\n"
									   "  (global $f (mut funcref) (ref.func $a))\n"
									   "  (global $x (mut externref) (ref.null extern))\n"
									   "  (func $a)\n"
									   "  (func $b (ref.func $b) drop)\n"
									   "  (func $init (export \"wizer.initialize\"))\n"
									   "  (start $a)\n"
									   "  (elem $e func $a $b)\n"
									   "  (data (i32.const 16) \"active\")\n"
									   "  (data $p \"passive\"))\n";

static uint8_t *wasm;
static size_t wasm_size;
static struct w2n_module *m;

static void setup(void)
{
	wasm = wat_to_wasm(module_text, &wasm_size);
	struct w2n_diag dg = {0};
	m = w2n_decode(wasm, wasm_size, "t.wasm", &dg);
	ck_assert_ptr_nonnull(m);
	ck_assert(w2n_validate(m, &dg));
}

static void teardown(void)
{
	w2n_module_free(m);
	free(wasm);
}

/* ---- building snapshot files ------------------------------------------------------------- */

struct file {
	uint8_t *p;
	size_t n;
};

static void put(struct file *f, const void *p, size_t n)
{
	f->p = realloc(f->p, f->n + n);
	ck_assert_ptr_nonnull(f->p);
	memcpy(f->p + f->n, p, n);
	f->n += n;
}

static void u32(struct file *f, uint32_t v)
{
	put(f, &v, 4);
}

static void u64(struct file *f, uint64_t v)
{
	put(f, &v, 8);
}

/* What the variants below change in an otherwise good file. */
struct shape {
	uint32_t nglobals; /* 3 */
	uint64_t pages;    /* 2 */
	uint64_t run_page; /* 1 */
	uint32_t entry;    /* table entry 0: function 1 */
	int64_t externref; /* -1 */
	bool trailing;     /* a byte after the end marker */
};

static const struct shape good = {
	.nglobals = 3, .pages = 2, .run_page = 1, .entry = 1, .externref = -1};

static struct file snapshot_file(struct shape s)
{
	struct file f = {0};
	put(&f, W2N_SNAPSHOT_MAGIC, 8);
	u32(&f, W2N_SNAPSHOT_OK);
	uint32_t counts[5] = {1, 1, s.nglobals, 1, 2};
	put(&f, counts, sizeof counts);
	u64(&f, s.pages); /* memory: 2 pages, page 1 not zero */
	u32(&f, 1);
	u64(&f, s.run_page);
	u64(&f, 1);
	uint8_t *page = calloc(1, 65536);
	memcpy(page + 100, "baked", 5);
	put(&f, page, 65536);
	free(page);
	u32(&f, 3); /* table: grown to 3 */
	u32(&f, s.entry);
	u32(&f, W2N_SNAPSHOT_NULL);
	u32(&f, 0);
	uint64_t globals[6] = {42, 0, 2 /* $init */, 0, (uint64_t)s.externref, 0};
	put(&f, globals, sizeof globals);
	put(&f, (uint8_t[]){1, 1, 0}, 3); /* $e dropped; the active data dropped, $p kept */
	put(&f, W2N_SNAPSHOT_END, 8);
	if (s.trailing)
		put(&f, "", 1);
	return f;
}

static struct sink {
	int errors;
	char msg[512];
} sink;

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	sink.errors++;
	snprintf(sink.msg, sizeof sink.msg, "%s", message);
}

/* Parses a copy of f (the parser takes ownership of what it is given). */
static struct w2n_snapshot *parse(const struct file *f, size_t n)
{
	memset(&sink, 0, sizeof sink);
	struct w2n_diag dg = {.fn = capture};
	uint8_t *copy = malloc(n ? n : 1);
	memcpy(copy, f->p, n);
	return w2n_snapshot_parse(m, copy, n, &dg);
}

/* ---- reading --------------------------------------------------------------------------- */

START_TEST(reads_the_state)
{
	struct file f = snapshot_file(good);
	struct w2n_snapshot *s = parse(&f, f.n);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->nmems, 1);
	ck_assert_uint_eq(s->mems[0].pages, 2);
	ck_assert_uint_eq(s->mems[0].nruns, 1);
	ck_assert_uint_eq(s->mems[0].runs[0].first, 1);
	ck_assert_mem_eq(s->mems[0].runs[0].bytes + 100, "baked", 5);
	ck_assert_uint_eq(s->tables[0].size, 3);
	ck_assert_uint_eq(s->tables[0].elems[0], 1);
	ck_assert_uint_eq(s->tables[0].elems[1], W2N_SNAPSHOT_NULL);
	ck_assert_uint_eq(s->globals[0][0], 42);
	ck_assert_uint_eq(s->elem_dropped[0], 1);
	ck_assert_uint_eq(s->data_dropped[1], 0);
	w2n_snapshot_free(s);
	free(f.p);
}
END_TEST

START_TEST(rejects_every_truncation)
{
	struct file f = snapshot_file(good);
	/* Every shorter file, the last few bytes of the page run and the tail in particular. */
	for (size_t n = 0; n < f.n; n += n < 80 || n > f.n - 80 ? 1 : 4099) {
		ck_assert_msg(parse(&f, n) == NULL, "a file of %zu of %zu bytes was accepted", n, f.n);
		ck_assert_int_eq(sink.errors, 1);
	}
	ck_assert_str_eq(sink.msg, "internal error: the snapshot driver wrote a malformed snapshot "
	                           "(byte 65663 of 65670)");
	free(f.p);
}
END_TEST

static void rejects(struct shape s, const char *what)
{
	struct file f = snapshot_file(s);
	ck_assert_msg(parse(&f, f.n) == NULL, "accepted: %s", what);
	ck_assert_int_eq(sink.errors, 1);
	free(f.p);
}

START_TEST(rejects_what_the_module_cannot_hold)
{
	struct shape s = good;
	s.nglobals = 2;
	rejects(s, "a global count that is not the module's");
	s = good, s.pages = 5;
	rejects(s, "a memory above its maximum of 4 pages");
	s = good, s.run_page = 2;
	rejects(s, "a run outside the memory");
	s = good, s.entry = 3;
	rejects(s, "a function index past the 3 functions");
	s = good, s.externref = 0;
	rejects(s, "a non-null externref");
	s = good, s.trailing = true;
	rejects(s, "bytes after the end");
}
END_TEST

/* ---- writing the module back ------------------------------------------------------------ */

static const struct w2n_export *export_named(const struct w2n_module *w, const char *name)
{
	for (uint32_t i = 0; i < w->nexports; i++)
		if (w->exports[i].name.len == strlen(name) &&
		    memcmp(w->exports[i].name.ptr, name, w->exports[i].name.len) == 0)
			return &w->exports[i];
	return NULL;
}

START_TEST(writes_the_module_back)
{
	struct file f = snapshot_file(good);
	struct w2n_snapshot *s = parse(&f, f.n);
	char path[] = "/tmp/w2n-test-snapshot-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	struct w2n_diag dg = {.fn = capture};
	ck_assert(w2n_write_wasm(m, s, NULL, path, &dg));
	size_t size;
	uint8_t *bytes = w2n_read_file(path, &size, &dg);
	unlink(path);
	struct w2n_module *w = w2n_decode(bytes, size, "out.wasm", &dg);
	ck_assert_ptr_nonnull(w);
	ck_assert_msg(w2n_validate(w, &dg), "%s", sink.msg);
	ck_assert(!w->has_start);
	ck_assert_ptr_null(export_named(w, "wizer.initialize"));
	ck_assert_ptr_nonnull(export_named(w, "memory"));
	ck_assert_uint_eq(w->mems[0].limits.min, 2);
	ck_assert_uint_eq(w->mems[0].limits.max, 4);
	ck_assert_uint_eq(w->tables[0].limits.min, 3);
	ck_assert_uint_eq(w->globals[0].init.code[0].imm.u64, 42);
	ck_assert_uint_eq(w->globals[1].init.code[0].op, W2N_OP_REF_FUNC);
	ck_assert_uint_eq(w->globals[1].init.code[0].imm.idx.a, 2);
	ck_assert_uint_eq(w->globals[2].init.code[0].op, W2N_OP_REF_NULL);
	/* $e dropped: declarative; then the table's two runs of non-null entries (at 0 and 2),
	 * then the declarations of $a (the old global initializer) and $init (the export) that
	 * nothing else keeps. */
	ck_assert_uint_eq(w->nelems, 4);
	ck_assert_uint_eq(w->elems[0].mode, W2N_SEG_DECLARATIVE);
	ck_assert_uint_eq(w->elems[0].count, 2);
	ck_assert_uint_eq(w->elems[1].mode, W2N_SEG_ACTIVE);
	ck_assert_uint_eq(w->elems[1].count, 1);
	ck_assert_uint_eq(w->elems[2].mode, W2N_SEG_ACTIVE);
	ck_assert_uint_eq(w->elems[2].offset.code[0].imm.u64, 2);
	ck_assert_uint_eq(w->elems[3].mode, W2N_SEG_DECLARATIVE);
	ck_assert_uint_eq(w->elems[3].count, 2);
	/* Data: the active one emptied, $p kept, then "baked" at 65636. */
	ck_assert_uint_eq(w->ndatas, 3);
	ck_assert_uint_eq(w->datas[0].mode, W2N_SEG_PASSIVE);
	ck_assert_uint_eq(w->datas[0].bytes.len, 0);
	ck_assert_uint_eq(w->datas[1].bytes.len, 7);
	ck_assert_uint_eq(w->datas[2].offset.code[0].imm.u64, 65636);
	ck_assert_mem_eq(w->datas[2].bytes.ptr, "baked", 5);
	ck_assert_uint_eq(w->datas[2].bytes.len, 5);
	w2n_module_free(w);
	free(bytes);
	w2n_snapshot_free(s);
	free(f.p);
}
END_TEST

static Suite *snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("snapshot");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reads_the_state);
	tcase_add_test(tc, rejects_every_truncation);
	tcase_add_test(tc, rejects_what_the_module_cannot_hold);
	tcase_add_test(tc, writes_the_module_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(snapshot_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
