/* test_spec.c — unit tests of the spec runner's JSON loading and report hand-over. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec.h"

static char dir[PATH_MAX];

/* Writes `json` as dir/script.json and loads it. */
static bool load(const char *json, struct spec_script *s, char *err, size_t errsize)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/w2n-spec-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/%s", dir, "t.json");
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(json, f);
	fclose(f);
	bool ok = spec_load(s, dir, "t.json", err, errsize);
	spec_remove_dir(dir);
	return ok;
}

START_TEST(loads_commands)
{
	static const char json[] =
		"{\"source_filename\": \"x.wast\", \"commands\": ["
		"{\"type\": \"module\", \"line\": 3, \"filename\": \"x.0.wasm\", \"name\": \"$m\"},"
		"{\"type\": \"assert_malformed\", \"line\": 7, \"filename\": \"x.1.wat\","
		" \"text\": \"unknown operator\", \"module_type\": \"text\"},"
		"{\"type\": \"assert_invalid\", \"line\": 9, \"filename\": \"x.2.wasm\","
		" \"text\": \"type mismatch\", \"module_type\": \"binary\"},"
		"{\"type\": \"register\", \"line\": 11, \"name\": \"$m\", \"as\": \"M\"},"
		"{\"type\": \"assert_return\", \"line\": 12, \"action\": {\"type\": \"invoke\","
		" \"module\": \"$m\", \"field\": \"f\", \"args\": [{\"type\": \"i32\","
		" \"value\": \"4294967295\"}]}, \"expected\": [{\"type\": \"f32\","
		" \"value\": \"nan:canonical\"}, {\"type\": \"externref\", \"value\": \"null\"}]}"
		"]}";
	struct spec_script s;
	char err[256];

	ck_assert_msg(load(json, &s, err, sizeof err), "%s", err);
	ck_assert_uint_eq(s.ncmds, 5);
	ck_assert_uint_eq(s.cmds[0].kind, SPEC_MODULE);
	ck_assert_str_eq(s.cmds[0].name, "$m");
	ck_assert(s.cmds[1].text);
	ck_assert(!s.cmds[2].text);
	ck_assert_str_eq(s.cmds[2].message, "type mismatch");
	ck_assert_str_eq(s.cmds[3].as, "M");
	const struct spec_cmd *r = &s.cmds[4];
	ck_assert_uint_eq(r->line, 12);
	ck_assert_str_eq(r->action.field, "f");
	ck_assert_uint_eq(r->action.nargs, 1);
	ck_assert_uint_eq(r->action.args[0].u.bits, 0xffffffffu);
	ck_assert_uint_eq(r->nexpected, 2);
	ck_assert_uint_eq(r->expected[0].nan[0], SPEC_NAN_CANONICAL);
	ck_assert(r->expected[1].is_null);
	spec_free(&s);
}
END_TEST

START_TEST(loads_v128_lanes)
{
	static const char json[] =
		"{\"commands\": [{\"type\": \"assert_return\", \"line\": 1, \"action\":"
		" {\"type\": \"get\", \"field\": \"g\"}, \"expected\": [{\"type\": \"v128\","
		" \"lane_type\": \"i16\", \"value\": [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\","
		" \"7\", \"65535\"]}, {\"type\": \"v128\", \"lane_type\": \"f64\","
		" \"value\": [\"0\", \"nan:arithmetic\"]}]}]}";
	struct spec_script s;
	char err[256];

	ck_assert_msg(load(json, &s, err, sizeof err), "%s", err);
	const struct spec_value *v = &s.cmds[0].expected[0];
	ck_assert(s.cmds[0].action.get);
	ck_assert_uint_eq(v->lane_type, SPEC_I16);
	ck_assert_uint_eq(v->u.v128[0], 1);
	ck_assert_uint_eq(v->u.v128[2], 2);
	ck_assert_uint_eq(v->u.v128[14], 0xff);
	ck_assert_uint_eq(v->u.v128[15], 0xff);
	ck_assert_uint_eq(s.cmds[0].expected[1].nan[1], SPEC_NAN_ARITHMETIC);
	spec_free(&s);
}
END_TEST

START_TEST(rejects_bad_values)
{
	/* An i32 that does not fit in 32 bits must not be silently truncated. */
	static const char json[] =
		"{\"commands\": [{\"type\": \"action\", \"line\": 4, \"action\": {\"type\":"
		" \"invoke\", \"field\": \"f\", \"args\": [{\"type\": \"i32\","
		" \"value\": \"4294967296\"}]}}]}";
	struct spec_script s;
	char err[256];

	ck_assert(!load(json, &s, err, sizeof err));
	ck_assert_ptr_nonnull(strstr(err, "line 4"));
	spec_free(&s);
}
END_TEST

START_TEST(report_round_trip)
{
	struct spec_cmd c = {.kind = SPEC_ASSERT_INVALID, .line = 42};
	struct spec_cmd t = {.kind = SPEC_ASSERT_MALFORMED, .line = 43};
	struct spec_report r = {0}, back = {0};
	FILE *f = tmpfile();
	char line[256];

	report_pass(&r);
	report_fail(&r, &c, "expected validation failure (\"%s\"), module validated", "x");
	report_skip(&r, &t, "text format is out of scope");
	report_skip(&r, &t, "text format is out of scope");
	report_write(&r, f);
	rewind(f);
	ck_assert(report_read(&back, f));
	fclose(f);
	ck_assert_uint_eq(back.passed, 1);
	ck_assert_uint_eq(back.failed, 1);
	ck_assert_uint_eq(back.skipped, 2);

	f = tmpfile();
	report_print(&back, "x.wast", f);
	rewind(f);
	ck_assert_str_eq(fgets(line, sizeof line, f), "x.wast: 1 passed, 1 failed, 2 skipped\n");
	ck_assert_str_eq(fgets(line, sizeof line, f),
	                 "  line 42: assert_invalid: expected validation failure (\"x\"), "
	                 "module validated\n");
	ck_assert_str_eq(fgets(line, sizeof line, f),
	                 "  skipped 2 x assert_malformed (text format is out of scope)\n");
	fclose(f);
	report_free(&r);
	report_free(&back);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, loads_commands);
	tcase_add_test(tc, loads_v128_lanes);
	tcase_add_test(tc, rejects_bad_values);
	tcase_add_test(tc, report_round_trip);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
