/* test_cname.c — compiler/cname.c: the mapping of wasm names to C identifiers, prefixes, the
 * reserved names and claiming names with deterministic suffixes. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "cname.h"

static struct w2n_arena *arena;

static void setup(void)
{
	arena = w2n_arena_new();
}

static void teardown(void)
{
	w2n_arena_free(arena);
}

static const char *map(const char *name, uint32_t len)
{
	return w2n_cname_map(arena, (const uint8_t *)name, len);
}

START_TEST(identifier_bytes_stay)
{
	ck_assert_str_eq(map("add", 3), "add");
	ck_assert_str_eq(map("Az_09", 5), "Az_09");
	ck_assert_str_eq(map("", 0), "");
}
END_TEST

START_TEST(punctuation_becomes_underscore)
{
	ck_assert_str_eq(map("add-one", 7), "add_one");
	ck_assert_str_eq(map("a.b", 3), "a_b");
	ck_assert_str_eq(map("get counter", 11), "get_counter");
	ck_assert_str_eq(map("~!\"", 3), "___");
}
END_TEST

/* NUL, control bytes, DEL and UTF-8 keep their value in hex. */
START_TEST(other_bytes_become_hex)
{
	ck_assert_str_eq(map("a\0b", 3), "a_00b");
	ck_assert_str_eq(map("\xcf\x80", 2), "_cf_80"); /* π */
	ck_assert_str_eq(map("\n\x7f", 2), "_0a_7f");
	ck_assert_str_eq(map("\xff", 1), "_ff");
}
END_TEST

START_TEST(prefixes)
{
	ck_assert(w2n_cname_valid_prefix("w2n"));
	ck_assert(w2n_cname_valid_prefix("Plugin_2"));
	ck_assert(!w2n_cname_valid_prefix(""));
	ck_assert(!w2n_cname_valid_prefix("2x"));
	ck_assert(!w2n_cname_valid_prefix("_x")); /* would make reserved _Upper or __ names */
	ck_assert(!w2n_cname_valid_prefix("a-b"));
	ck_assert(!w2n_cname_valid_prefix("é"));
}
END_TEST

/* What the runtime's header and the standard headers declare, keywords with underscores,
 * enum constants made by token pasting (traps.def); nothing without an underscore. */
START_TEST(reserved_names)
{
	struct w2n_cnames *s = w2n_cnames_new();
	ck_assert(w2n_cnames_add_reserved(s));
	static const char *const taken[] = {"w2n_call",     "w2n_instantiate", "w2n_error",
	                                    "W2N_ERR_TRAP", "uint32_t",        "INT32_MAX",
	                                    "size_t",       "static_assert",   "W2N_TRAP_UNREACHABLE"};
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++)
		ck_assert_msg(w2n_cnames_has(s, taken[i]), "%s not reserved", taken[i]);
	ck_assert(!w2n_cnames_has(s, "w2n_add"));
	ck_assert(!w2n_cnames_has(s, "int"));
	w2n_cnames_free(s);
}
END_TEST

START_TEST(claim_suffixes)
{
	struct w2n_cnames *s = w2n_cnames_new();
	static const char *const one[] = {""};
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b", one, 1), "a_b");
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b", one, 1), "a_b_2");
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b", one, 1), "a_b_3");
	ck_assert(w2n_cnames_has(s, "p_a_b_3"));
	/* A name that is itself a suffixed form is claimed like any other. */
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b_2", one, 1), "a_b_2_2");
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b_4", one, 1), "a_b_4");
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "a_b", one, 1), "a_b_5");
	w2n_cnames_free(s);
}
END_TEST

/* A family is free only if every member is: f's result struct takes p_f_result. */
START_TEST(claim_families)
{
	struct w2n_cnames *s = w2n_cnames_new();
	static const char *const one[] = {""};
	static const char *const two[] = {"", "_result"};
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "f", two, 2), "f");
	ck_assert(w2n_cnames_has(s, "p_f_result"));
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "f_result", one, 1), "f_result_2");
	ck_assert(w2n_cnames_add(s, "p_g_result"));
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "g", two, 2), "g_2");
	ck_assert_str_eq(w2n_cnames_claim(s, arena, "p_", "g", one, 1), "g");
	w2n_cnames_free(s);
}
END_TEST

/* Thousands of names mapping to one base cost linear time (the memo), not quadratic. */
START_TEST(claim_many_clashes)
{
	struct w2n_cnames *s = w2n_cnames_new();
	static const char *const one[] = {""};
	clock_t start = clock();
	const char *last = NULL;
	for (int i = 0; i < 50000; i++)
		last = w2n_cnames_claim(s, arena, "p_", "x", one, 1);
	ck_assert_str_eq(last, "x_50000");
	double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
	ck_assert_msg(seconds < 10, "50,000 clashes took %.1f s", seconds);
	w2n_cnames_free(s);
}
END_TEST

static Suite *cname_suite(void)
{
	Suite *s = suite_create("cname");
	TCase *tc = tcase_create("map");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, identifier_bytes_stay);
	tcase_add_test(tc, punctuation_becomes_underscore);
	tcase_add_test(tc, other_bytes_become_hex);
	tcase_add_test(tc, prefixes);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, reserved_names);
	tcase_add_test(tc, claim_suffixes);
	tcase_add_test(tc, claim_families);
	tcase_add_test(tc, claim_many_clashes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cname_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
