/* test_spec.c — unit tests of the spec runner's JSON loading, report hand-over, command
 * table and judging. */
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

/* The forms the 3.0 suite's JSON adds (SOURCE.md there). */
START_TEST(loads_wasm3_forms)
{
	static const char json[] =
		"{\"commands\": ["
		"{\"type\": \"module\", \"line\": 2, \"definition\": \"true\", \"name\": \"$M\","
		" \"filename\": \"d.0.wasm\"},"
		"{\"type\": \"module_instance\", \"line\": 3, \"instance\": \"$I\", \"module\": \"$M\"},"
		"{\"type\": \"assert_malformed_custom\", \"line\": 4, \"filename\": \"d.1.wat\","
		" \"text\": \"x\", \"module_type\": \"text\"},"
		"{\"type\": \"assert_return\", \"line\": 5, \"action\": {\"type\": \"invoke\","
		" \"field\": \"f\", \"args\": [{\"type\": \"nullfuncref\", \"value\": \"null\"}]},"
		" \"expected\": [{\"type\": \"refnull\", \"value\": \"null\"}, {\"type\": \"funcref\"},"
		" {\"type\": \"(ref array-type)\"}, {\"type\": \"anyref\", \"value\": \"7\"}]}"
		"]}";
	struct spec_script s;
	char err[256];

	ck_assert_msg(load(json, &s, err, sizeof err), "%s", err);
	ck_assert_uint_eq(s.ncmds, 4);
	ck_assert(s.cmds[0].definition);
	ck_assert_uint_eq(s.cmds[1].kind, SPEC_MODULE_INSTANCE);
	ck_assert_str_eq(s.cmds[1].name, "$I");
	ck_assert_str_eq(s.cmds[1].of, "$M");
	ck_assert_uint_eq(s.cmds[2].kind, SPEC_ASSERT_MALFORMED_CUSTOM);
	const struct spec_cmd *r = &s.cmds[3];
	ck_assert_uint_eq(r->action.args[0].type, SPEC_NULLFUNCREF);
	ck_assert(r->action.args[0].is_null);
	ck_assert_uint_eq(r->expected[0].type, SPEC_REFNULL);
	ck_assert(!r->expected[1].has_value); /* any non-null funcref */
	ck_assert_uint_eq(r->expected[2].type, SPEC_CONCRETE);
	ck_assert_uint_eq(r->expected[3].u.bits, 7);
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

/* ---- table.c and judge.c ------------------------------------------------------------------- */

/* The text table_action writes for one action. */
static char *action_line(const struct spec_action *a)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert(table_action(f, 7, 3, a));
	fclose(f);
	return text;
}

START_TEST(table_writes_actions)
{
	struct spec_value args[4] = {
		{.type = SPEC_I32, .has_value = true, .u.bits = 0xffffffff},
		{.type = SPEC_F64, .has_value = true, .u.bits = 0},
		{.type = SPEC_EXTERNREF, .has_value = true, .u.bits = 0},
		{.type = SPEC_FUNCREF, .has_value = true, .is_null = true},
	};
	struct spec_action a = {.field = "a b\0c", .field_len = 5, .args = args, .nargs = 4};
	struct spec_value v = {.type = SPEC_V128, .has_value = true};
	struct spec_action g = {.get = true, .field = "", .field_len = 0};
	char *text;

	text = action_line(&a);
	ck_assert_str_eq(text, "call 7 3 x6120620063 7f:ffffffff 7c:0 6f:1 70:0\n");
	free(text);
	text = action_line(&g);
	ck_assert_str_eq(text, "get 7 3 x\n");
	free(text);
	v.u.v128[0] = 0x01;
	v.u.v128[15] = 0xab;
	a.args = &v;
	a.nargs = 1;
	text = action_line(&a);
	ck_assert_str_eq(text, "call 7 3 x6120620063 7b:ab000000000000000000000000000001\n");
	free(text);
}
END_TEST

/* Parses `text` as the executable's output into out[0..n-1]. */
static bool outcomes(const char *text, struct spec_outcome *out, unsigned n, bool *done)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	char err[256];

	memset(out, 0, n * sizeof *out);
	bool ok = table_read_outcomes(f, out, n, done, err, sizeof err);
	fclose(f);
	return ok;
}

START_TEST(table_reads_outcomes)
{
	struct spec_outcome out[6];
	bool done;

	ck_assert(outcomes("ok 0\nret 1 7f:2a 7b:1000000000000000000000000000000f\n"
	                   "trap 2 integer divide by zero (in function f)\nlink 3 unknown import\n"
	                   "error 5 module not instantiated\ndone\n",
	                   out, 6, &done));
	ck_assert(done);
	ck_assert_uint_eq(out[0].kind, SPEC_OUT_OK);
	ck_assert_uint_eq(out[1].kind, SPEC_OUT_RET);
	ck_assert_uint_eq(out[1].nvalues, 2);
	ck_assert_uint_eq(out[1].values[0].type, W2N_I32);
	ck_assert_uint_eq(out[1].values[0].bytes[0], 0x2a);
	ck_assert_uint_eq(out[1].values[1].bytes[0], 0x0f);
	ck_assert_uint_eq(out[1].values[1].bytes[15], 0x10);
	ck_assert_str_eq(out[2].message, "integer divide by zero (in function f)");
	ck_assert_uint_eq(out[3].kind, SPEC_OUT_LINK);
	ck_assert_uint_eq(out[4].kind, SPEC_OUT_NONE);
	ck_assert_uint_eq(out[5].kind, SPEC_OUT_ERROR);
	table_free_outcomes(out, 6);

	/* A crash: no "done"; a stray line is an error but the rest still counts. */
	ck_assert(!outcomes("ok 0\nhello\nret 1\n", out, 6, &done));
	ck_assert(!done);
	ck_assert_uint_eq(out[1].kind, SPEC_OUT_RET);
	ck_assert_uint_eq(out[1].nvalues, 0);
	table_free_outcomes(out, 6);
	/* IDs out of range or repeated, and bad values, are refused. */
	ck_assert(!outcomes("ok 6\n", out, 6, &done));
	table_free_outcomes(out, 6);
	ck_assert(!outcomes("ok 1\nok 1\n", out, 6, &done));
	table_free_outcomes(out, 6);
	ck_assert(!outcomes("ret 1 7f:xy\n", out, 6, &done));
	ck_assert_uint_eq(out[1].kind, SPEC_OUT_ERROR);
	table_free_outcomes(out, 6);
}
END_TEST

/* Judges an assert_return of one expected value against one returned value. */
static bool returns(struct spec_value want, uint8_t type, uint64_t lo, uint64_t hi)
{
	struct spec_cmd c = {.kind = SPEC_ASSERT_RETURN, .line = 1, .expected = &want, .nexpected = 1};
	struct spec_bits got = {.type = type};
	struct spec_outcome o = {.kind = SPEC_OUT_RET, .values = &got, .nvalues = 1};
	char why[512];

	for (unsigned i = 0; i < 8; i++) {
		got.bytes[i] = (uint8_t)(lo >> (8 * i));
		got.bytes[8 + i] = (uint8_t)(hi >> (8 * i));
	}
	/* References say themselves whether they carry a value: without one, any non-null. */
	if (!spec_is_ref(want.type))
		want.has_value = true;
	return spec_judge(&c, &o, why, sizeof why);
}

START_TEST(judge_values)
{
	struct spec_value f32c = {.type = SPEC_F32, .nan = {SPEC_NAN_CANONICAL}};
	struct spec_value f64a = {.type = SPEC_F64, .nan = {SPEC_NAN_ARITHMETIC}};
	struct spec_value i32 = {.type = SPEC_I32, .u.bits = 0xffffffff};
	struct spec_value ext = {.type = SPEC_EXTERNREF, .has_value = true, .u.bits = 5};
	struct spec_value lanes = {
		.type = SPEC_V128, .lane_type = SPEC_F32, .nan = {0, SPEC_NAN_CANONICAL, 0, 0}};

	ck_assert(returns(i32, W2N_I32, 0xffffffff, 0));
	ck_assert(!returns(i32, W2N_I64, 0xffffffff, 0)); /* right bits, wrong type */
	ck_assert(returns(f32c, W2N_F32, 0x7fc00000, 0));
	ck_assert(returns(f32c, W2N_F32, 0xffc00000, 0));
	ck_assert(!returns(f32c, W2N_F32, 0x7fc00001, 0)); /* arithmetic, not canonical */
	ck_assert(returns(f64a, W2N_F64, 0xfff8000000000001, 0));
	ck_assert(!returns(f64a, W2N_F64, 0x7ff0000000000001, 0)); /* signalling */
	ck_assert(returns(ext, W2N_EXTERNREF, 5 + SPEC_EXTERN_BIAS, 0));
	ck_assert(!returns(ext, W2N_EXTERNREF, 5, 0));
	lanes.u.v128[0] = 0x80; /* lane 0 is 0x00000080 exactly, lane 1 any canonical NaN */
	ck_assert(returns(lanes, W2N_V128, 0x7fc0000000000080, 0));
	ck_assert(!returns(lanes, W2N_V128, 0x7fc0000100000080, 0));
	ck_assert(!returns(lanes, W2N_V128, 0x7fc0000000000081, 0));

	/* 3.0: no value is any non-null reference; refnull any null of any hierarchy; a bottom
	 * type's null travels as its top's */
	struct spec_value nonnull = {.type = SPEC_FUNCREF};
	struct spec_value anynull = {.type = SPEC_REFNULL, .has_value = true, .is_null = true};
	struct spec_value nofunc = {.type = SPEC_NULLFUNCREF, .has_value = true, .is_null = true};
	ck_assert(returns(nonnull, W2N_FUNCREF, 0x1000, 0));
	ck_assert(!returns(nonnull, W2N_FUNCREF, 0, 0));
	ck_assert(returns(anynull, W2N_FUNCREF, 0, 0));
	ck_assert(returns(anynull, W2N_EXTERNREF, 0, 0));
	ck_assert(!returns(anynull, W2N_EXTERNREF, 1, 0));
	ck_assert(returns(nofunc, W2N_FUNCREF, 0, 0));
	ck_assert(!returns(nofunc, W2N_EXTERNREF, 0, 0));
}
END_TEST

START_TEST(judge_traps_and_links)
{
	struct spec_cmd trap = {.kind = SPEC_ASSERT_TRAP, .line = 1, .message = "integer overflow"};
	struct spec_cmd link = {.kind = SPEC_ASSERT_UNLINKABLE, .line = 2, .message = "unknown import"};
	struct spec_outcome t = {.kind = SPEC_OUT_TRAP, .message = "integer overflow (in function f)"};
	struct spec_outcome l = {.kind = SPEC_OUT_LINK, .message = "unknown import: m.f"};
	struct spec_outcome r = {.kind = SPEC_OUT_RET};
	char why[512];

	ck_assert(spec_judge(&trap, &t, why, sizeof why));
	ck_assert(!spec_judge(&trap, &r, why, sizeof why));
	ck_assert_str_eq(why, "expected trap \"integer overflow\", returned ()");
	ck_assert(spec_judge(&link, &l, why, sizeof why));
	ck_assert(!spec_judge(&link, &t, why, sizeof why));
	t.message = "integer divide by zero";
	ck_assert(!spec_judge(&trap, &t, why, sizeof why));
	/* The reference interpreter's element index may be missing, nothing else. */
	trap.message = "uninitialized element 2";
	t.message = "uninitialized element (in function #3)";
	ck_assert(spec_judge(&trap, &t, why, sizeof why));
	t.message = "uninitialized elements";
	ck_assert(!spec_judge(&trap, &t, why, sizeof why));
	t.message = "uninitialized element 3";
	ck_assert(!spec_judge(&trap, &t, why, sizeof why));
}
END_TEST

/* assert_exception wants the trap an uncaught exception ends a call with, and no other;
 * module_instance (3.0) wants success like module. */
START_TEST(judge_exceptions_and_instances)
{
	struct spec_cmd exc = {.kind = SPEC_ASSERT_EXCEPTION, .line = 1};
	struct spec_cmd inst = {.kind = SPEC_MODULE_INSTANCE, .line = 2};
	struct spec_outcome uncaught = {.kind = SPEC_OUT_TRAP,
	                                .message = "uncaught exception (in function f)"};
	struct spec_outcome trap = {.kind = SPEC_OUT_TRAP, .message = "unreachable"};
	struct spec_outcome ok = {.kind = SPEC_OUT_OK};
	char why[512];

	ck_assert(spec_judge(&exc, &uncaught, why, sizeof why));
	ck_assert(!spec_judge(&exc, &trap, why, sizeof why));
	ck_assert(!spec_judge(&exc, &ok, why, sizeof why));
	ck_assert(spec_judge(&inst, &ok, why, sizeof why));
	ck_assert(!spec_judge(&inst, &trap, why, sizeof why));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spec");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, loads_commands);
	tcase_add_test(tc, loads_wasm3_forms);
	tcase_add_test(tc, loads_v128_lanes);
	tcase_add_test(tc, rejects_bad_values);
	tcase_add_test(tc, report_round_trip);
	tcase_add_test(tc, table_writes_actions);
	tcase_add_test(tc, table_reads_outcomes);
	tcase_add_test(tc, judge_values);
	tcase_add_test(tc, judge_traps_and_links);
	tcase_add_test(tc, judge_exceptions_and_instances);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
