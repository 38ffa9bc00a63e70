/* lower_ir.c — see lower_ir.h. */
#include "lower_ir.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"
#include "wat.h"

static char first_diag[1024];

static void capture(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	(void)ctx;
	if (!first_diag[0])
		w2n_format_diag(first_diag, sizeof first_diag, sev, file, offset, message);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	return buf;
}

char *wat_to_ir(const char *wat, bool bounds_checks)
{
	struct w2n_compile_options opt = {.opt_level = 0, .bounds_checks = bounds_checks};
	return wat_to_ir_opt(wat, &opt);
}

char *wat_to_ir_opt(const char *wat, const struct w2n_compile_options *given)
{
	size_t size;
	uint8_t *bytes = wat_to_wasm(wat, &size);
	first_diag[0] = 0;
	struct w2n_diag dg = {.fn = capture};
	struct w2n_module *m = w2n_decode(bytes, size, "t.wasm", &dg);
	ck_assert_msg(m && w2n_validate(m, &dg), "invalid test module: %s", first_diag);
	char dir[] = "/tmp/w2n-lower-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char ll[64], obj[64];
	snprintf(ll, sizeof ll, "%s/m.ll", dir);
	snprintf(obj, sizeof obj, "%s/m.o", dir);
	struct w2n_compile_options opt = *given;
	opt.verify = true;
	opt.dump_ir = ll;
	bool ok = w2n_compile_object(m, &opt, obj, &dg);
	ck_assert_msg(ok, "compilation failed: %s\n%s", first_diag, wat);
	char *ir = slurp(ll);
	unlink(ll);
	unlink(obj);
	rmdir(dir);
	w2n_module_free(m);
	free(bytes);
	return ir;
}

char *ir_function(const char *ir, const char *name)
{
	char head[128];
	snprintf(head, sizeof head, "@%s(", name);
	for (const char *p = strstr(ir, "\ndefine "); p; p = strstr(p + 1, "\ndefine ")) {
		const char *eol = strchr(p + 1, '\n');
		const char *at = strstr(p, head);
		if (!at || !eol || at > eol)
			continue;
		const char *end = strstr(p, "\n}\n");
		ck_assert_ptr_nonnull(end);
		size_t n = (size_t)(end - p) + 3;
		char *fn = malloc(n + 1);
		ck_assert_ptr_nonnull(fn);
		memcpy(fn, p, n);
		fn[n] = 0;
		return fn;
	}
	ck_abort_msg("no function @%s in the IR", name);
	return NULL;
}

char *ir_line(const char *text, const char *needle)
{
	const char *at = strstr(text, needle);
	ck_assert_msg(at != NULL, "no line with '%s' in:\n%s", needle, text);
	const char *start = at;
	while (start > text && start[-1] != '\n')
		start--;
	size_t n = strcspn(start, "\n");
	char *line = malloc(n + 1);
	ck_assert_ptr_nonnull(line);
	memcpy(line, start, n);
	line[n] = 0;
	return line;
}

int count_of(const char *text, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	for (const char *p = strstr(text, needle); p; p = strstr(p + len, needle))
		n++;
	return n;
}

char *fn_ir(const char *wat, unsigned index, bool bounds_checks)
{
	char *ir = wat_to_ir(wat, bounds_checks);
	char name[32];
	snprintf(name, sizeof name, "w2n_f%u", index);
	char *fn = ir_function(ir, name);
	free(ir);
	return fn;
}

int run_ir_suite(const char *name, const struct ir_test_group *groups, size_t n)
{
	Suite *s = suite_create(name);
	for (size_t g = 0; g < n; g++) {
		TCase *tc = tcase_create(groups[g].name);
		for (size_t t = 0; t < 8 && groups[g].tests[t]; t++)
			tcase_add_test(tc, groups[g].tests[t]);
		tcase_set_timeout(tc, 60);
		suite_add_tcase(s, tc);
	}
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
