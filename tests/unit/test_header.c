/* test_header.c — compiler/header*.c: the C header of --header. The names it gives exports
 * and imports (mapping, clashes with each other, with the runtime's names, with the header's
 * own, with keywords), its refusals, and that what it writes compiles with
 * -std=c11 -pedantic -Wall -Wextra -Werror even when export names spell its internal names or
 * try to end a comment. tests/header runs generated headers against the runtime. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"
#include "wat.h"

struct sink {
	int n;
	char msg[512];
};

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	struct sink *s = ctx;
	if (s->n++ == 0)
		snprintf(s->msg, sizeof s->msg, "%s", message);
}

static struct sink sink;

/* The header of a valid module with `prefix`, or NULL (the diagnostic is in `sink`). */
static char *header_of(const char *wat, const char *prefix)
{
	size_t size;
	uint8_t *bytes = wat_to_wasm(wat, &size);
	memset(&sink, 0, sizeof sink);
	struct w2n_diag dg = {.fn = capture, .ctx = &sink};
	struct w2n_module *m = w2n_decode(bytes, size, "t.wasm", &dg);
	ck_assert_msg(m != NULL && w2n_validate(m, &dg), "invalid module: %s", sink.msg);
	char *text = w2n_header_text(m, prefix, &dg);
	w2n_module_free(m);
	free(bytes);
	return text;
}

/* Check's messages are short: the header goes to stderr. */
static void expect_in(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fprintf(stderr, "%s\n", text);
	ck_assert_msg(strstr(text, want) != NULL, "'%s' not in the header (on stderr)", want);
}

static void expect_not_in(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted) != NULL)
		fprintf(stderr, "%s\n", text);
	ck_assert_msg(strstr(text, unwanted) == NULL, "'%s' in the header (on stderr)", unwanted);
}

/* Compiles a file including `text`, strictly (C11, pedantic, warnings are errors), against
 * the repository's headers. */
static void expect_compiles(const char *text)
{
	char path[] = "/tmp/w2n-header-XXXXXX.h";
	int fd = mkstemps(path, 2);
	ck_assert(fd >= 0);
	ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	char cmd[1024];
	snprintf(cmd, sizeof cmd,
	         "echo '#include \"%s\"' | '%s' -fsyntax-only -x c -std=c11 -pedantic -Wall -Wextra "
	         "-Werror -ffreestanding -nostdlibinc -I'%s' - 2>&1",
	         path, W2N_CC, W2N_INCLUDE);
	FILE *p = popen(cmd, "r");
	char out[4096] = "";
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	unlink(path);
	if (status != 0)
		fprintf(stderr, "%s\n", out);
	ck_assert_msg(status == 0, "the header does not compile (errors on stderr)");
}

START_TEST(mapped_export_names)
{
	char *h = header_of("(module"
	                    "  (func (export \"a-b\")) (func (export \"a.b\")) (func (export \"a_b\"))"
	                    "  (func (export \"\\cf\\80\")) (func (export \"a\\00b\"))"
	                    "  (func (export \"1st\")) (func (export \"int\")) (func (export \"\")))",
	                    NULL);
	ck_assert_ptr_nonnull(h);
	expect_in(h, "static inline void w2n_a_b(struct w2n_instance *inst,");
	expect_in(h, "static inline void w2n_a_b_2(struct w2n_instance *inst,");
	expect_in(h, "static inline void w2n_a_b_3(struct w2n_instance *inst,");
	expect_in(h, "w2n__cf_80(");
	expect_in(h, "w2n_a_00b(");
	expect_in(h, "w2n_call_(inst, \"a\\000b\", 3,"); /* all three bytes reach the runtime */
	expect_in(h, "w2n_1st(");
	expect_in(h, "w2n_int(");
	expect_in(h, "static inline void w2n_(struct w2n_instance *inst,");
	/* The opening comment lists every name with its C name, in export order. */
	expect_in(h, " *   \"a-b\" function w2n_a_b\n *   \"a.b\" function w2n_a_b_2\n");
	expect_compiles(h);
	free(h);
}
END_TEST

/* The default prefix shares the runtime's namespace: its names are taken. */
START_TEST(runtime_names_avoided)
{
	char *h = header_of("(module (func (export \"call\")) (func (export \"instantiate\"))"
	                    "  (func (export \"error\")) (func (export \"instance_export\"))"
	                    "  (func (export \"call_export\")))", /* host.h's */
	                    NULL);
	expect_in(h, "w2n_call_2(struct w2n_instance *inst");
	expect_in(h, "w2n_instantiate_2(struct w2n_instance *inst");
	expect_in(h, "w2n_error_2(struct w2n_instance *inst");
	expect_in(h, "w2n_instance_export_2(struct w2n_instance *inst");
	expect_in(h, "w2n_call_export_2(struct w2n_instance *inst");
	expect_compiles(h);
	free(h);
}
END_TEST

START_TEST(keywords_avoided)
{
	char *h = header_of("(module (func (export \"assert\")))", "static");
	expect_in(h, "static inline void static_assert_2(struct w2n_instance *inst");
	expect_compiles(h);
	free(h);
	h = header_of("(module (func (export \"local\")))", "thread");
	expect_in(h, "static inline void thread_local_2(struct w2n_instance *inst");
	expect_compiles(h);
	free(h);
}
END_TEST

/* Exports spelling the header's own names, its glue, its trampolines and its guard. */
START_TEST(own_names_avoided)
{
	char *h = header_of("(module (import \"env\" \"f\" (func (param v128) (result v128)))"
	                    "  (func (export \"new\")) (func (export \"module\"))"
	                    "  (func (export \"imports\")) (func (export \"resolve\"))"
	                    "  (func (export \"call_\")) (func (export \"fail_\"))"
	                    "  (func (export \"host_0_\")) (func (export \"resolver\"))"
	                    "  (func (export \"host_call\")) (func (export \"WASM2NATIVE_H\")))",
	                    "X");
	static const char *const renamed[] = {"new",   "module",  "imports",  "resolve",  "call_",
	                                      "fail_", "host_0_", "resolver", "host_call"};
	for (size_t i = 0; i < sizeof renamed / sizeof *renamed; i++) {
		char want[64];
		snprintf(want, sizeof want, "void X_%s_2(struct w2n_instance *inst", renamed[i]);
		expect_in(h, want);
	}
	expect_in(h, "#ifndef X_WASM2NATIVE_H\n");
	expect_in(h, "void X_WASM2NATIVE_H_2(struct w2n_instance *inst");
	expect_compiles(h);
	free(h);
	/* The shared v128 helpers, with the prefix that spells them. */
	h = header_of("(module (import \"env\" \"f\" (func (param v128)))"
	              "  (func (export \"v128\")) (func (export \"v128_load_\"))"
	              "  (func (export \"v128_store_\")))",
	              NULL);
	expect_in(h, "void w2n_v128_2(struct");
	expect_in(h, "void w2n_v128_load__2(struct");
	expect_in(h, "void w2n_v128_store__2(struct");
	expect_compiles(h);
	free(h);
}
END_TEST

/* Several results: a struct; an export spelling that struct's name moves aside. */
START_TEST(result_structs)
{
	char *h = header_of("(module"
	                    "  (func (export \"swap\") (param i32 i64) (result i64 i32)"
	                    "    (local.get 1) (local.get 0))"
	                    "  (func (export \"swap_result\")))",
	                    "p");
	expect_in(h, "struct p_swap_result {\n\tint64_t r0;\n\tint32_t r1;\n};");
	expect_in(h, "static inline struct p_swap_result p_swap(struct w2n_instance *inst, int32_t "
	             "p0, int64_t p1,");
	expect_in(h, "r.r0 = v[0].i64;\n\tr.r1 = v[1].i32;\n\treturn r;");
	expect_in(h, "void p_swap_result_2(struct w2n_instance *inst");
	expect_compiles(h);
	free(h);
}
END_TEST

START_TEST(value_types)
{
	char *h = header_of("(module (func (export \"all\")"
	                    "  (param i32 i64 f32 f64 v128 funcref externref) (result externref)"
	                    "  (local.get 6))"
	                    " (func (export \"r\") (result funcref) (ref.null func))"
	                    " (func (export \"v\") (result v128) (v128.const i64x2 0 0))"
	                    " (global (export \"g\") (mut f32) (f32.const 0))"
	                    " (global (export \"c\") externref (ref.null extern))"
	                    " (memory (export \"m\") 1) (table (export \"t\") 1 funcref))",
	                    "p");
	expect_in(h, "static inline void *p_all(struct w2n_instance *inst, int32_t p0, int64_t p1, "
	             "float p2, double p3, struct w2n_v128 p4, struct w2n_funcref *p5, void *p6, "
	             "struct w2n_error *err)");
	expect_in(h, "static inline struct w2n_funcref *p_r(");
	expect_in(h, "static inline struct w2n_v128 p_v(");
	expect_in(h, "static inline float *p_g(struct w2n_instance *inst)");
	expect_in(h, "static inline void *const *p_c(struct w2n_instance *inst)");
	expect_in(h, "static inline struct w2n_memory *p_m(struct w2n_instance *inst)");
	expect_in(h, "static inline struct w2n_table *p_t(struct w2n_instance *inst)");
	expect_compiles(h);
	free(h);
}
END_TEST

/* Import members: module_field; a leading digit or underscore gets import_; clashes with
 * the struct's own members and with each other get suffixes; repeated names share one. */
START_TEST(import_members)
{
	char *h =
		header_of("(module (import \"env\" \"f\" (func (param i32) (result i32)))"
	              "  (import \"env\" \"f\" (func (param i32) (result i32)))"
	              "  (import \"1st\" \"x\" (func)) (import \"_M\" \"y\" (func))"
	              "  (import \"fallback\" \"ctx\" (func))"
	              "  (import \"a-b\" \"c\" (memory 1)) (import \"a.b\" \"c\" (table 1 externref))"
	              "  (import \"g\" \"g\" (global (mut i64)))"
	              "  (import \"m\" \"pair\" (func (result i32 i32))))",
	              "p");
	expect_in(h, "\tint32_t (*env_f)(struct p_host_call *call, int32_t p0);\n");
	ck_assert_ptr_eq(strstr(strstr(h, "(*env_f)") + 1, "(*env_f)"), NULL); /* only once */
	expect_not_in(h, "env_f_2");
	expect_in(h, "\tvoid (*import_1st_x)(struct p_host_call *call);\n");
	expect_in(h, "\tvoid (*import__M_y)(struct p_host_call *call);\n");
	expect_in(h, "\tvoid (*fallback_ctx_2)(struct p_host_call *call);\n");
	expect_in(h, "\tstruct w2n_memory *a_b_c;\n");
	expect_in(h, "\tstruct w2n_table *a_b_c_2;\n");
	expect_in(h, "\tunion w2n_val *g_g;\n");
	/* Several results: out-pointers, filled into the result slots by the adapter. */
	expect_in(h, "\tvoid (*m_pair)(struct p_host_call *call, int32_t *r0, int32_t *r1);\n");
	expect_in(h,
	          "\timp->m_pair(&call, &r0, &r1);\n\tresults[0].i32 = r0;\n\tresults[1].i32 = r1;\n");
	expect_in(h, "p_extern_global_(imp->g_g, W2N_I64, 1, out)");
	expect_compiles(h);
	free(h);
}
END_TEST

/* Names are written as C string literals safe in comments: no comment end, no trigraph. */
START_TEST(hostile_names)
{
	char *h = header_of("(module (func (export \"*/ ?\?/ \\\"\\\\ \\n\")))", "p");
	expect_in(h, "\"\\052\\057 \\077\\077\\057 \\042\\134 \\012\"");
	expect_not_in(h, "*/ ?\?");
	expect_compiles(h);
	free(h);
}
END_TEST

START_TEST(bad_prefix)
{
	ck_assert_ptr_null(header_of("(module)", "9lives"));
	ck_assert_str_eq(sink.msg, "prefix '9lives' cannot name C identifiers (letters, digits and "
	                           "'_', starting with a letter)");
	ck_assert_ptr_null(header_of("(module)", "a-b"));
}
END_TEST

START_TEST(empty_module)
{
	char *h = header_of("(module)", NULL);
	expect_in(h, "struct w2n_imports {\n\tvoid *ctx;");
	expect_in(h, "static inline struct w2n_instance *w2n_new(struct w2n_imports *imports,");
	expect_in(h, "static inline struct w2n_instance *w2n_new_limited(struct w2n_imports *imports,");
	expect_compiles(h);
	free(h);
}
END_TEST

static Suite *header_suite(void)
{
	Suite *s = suite_create("header");
	TCase *tc = tcase_create("names");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, mapped_export_names);
	tcase_add_test(tc, runtime_names_avoided);
	tcase_add_test(tc, keywords_avoided);
	tcase_add_test(tc, own_names_avoided);
	tcase_add_test(tc, result_structs);
	tcase_add_test(tc, import_members);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, value_types);
	tcase_add_test(tc, hostile_names);
	tcase_add_test(tc, bad_prefix);
	tcase_add_test(tc, empty_module);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(header_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
