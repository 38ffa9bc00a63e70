/* test_lower_emit.c — compiler/lower_emit.c: w2n_xrealloc, lowering's one host allocation.
 *
 * It must zero what it adds, keep what was there, and, when memory runs out, stop the process
 * in every build (an assert would vanish under NDEBUG and leave a NULL to write through).
 * A request too large to represent fails like an exhausted host, without exhausting this one.
 */
#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

#include "lower.h"

START_TEST(new_arrays_are_zeroed)
{
	uint64_t *a = w2n_xrealloc(NULL, 0, 100, sizeof *a);
	for (unsigned i = 0; i < 100; i++)
		ck_assert_uint_eq(a[i], 0);
	free(a);
}
END_TEST

START_TEST(growing_keeps_items_and_zeroes_the_rest)
{
	uint32_t *a = w2n_xrealloc(NULL, 0, 4, sizeof *a);
	for (unsigned i = 0; i < 4; i++)
		a[i] = 0xdead0000u + i;
	a = w2n_xrealloc(a, 4, 1000, sizeof *a);
	for (unsigned i = 0; i < 4; i++)
		ck_assert_uint_eq(a[i], 0xdead0000u + i);
	for (unsigned i = 4; i < 1000; i++)
		ck_assert_uint_eq(a[i], 0);
	free(a);
}
END_TEST

START_TEST(empty_arrays_are_not_null)
{
	/* Callers index nothing but free the result; NULL would also read as "out of memory". */
	void *a = w2n_xrealloc(NULL, 0, 0, 8);
	ck_assert_ptr_nonnull(a);
	free(a);
}
END_TEST

START_TEST(out_of_memory_aborts)
{
	/* n * size overflows size_t: no allocator can satisfy it. */
	w2n_xrealloc(NULL, 0, SIZE_MAX / 2, 4);
	ck_abort_msg("w2n_xrealloc returned from an impossible request");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lower_emit");
	TCase *tc = tcase_create("xrealloc");
	tcase_add_test(tc, new_arrays_are_zeroed);
	tcase_add_test(tc, growing_keeps_items_and_zeroes_the_rest);
	tcase_add_test(tc, empty_arrays_are_not_null);
	tcase_add_test_raise_signal(tc, out_of_memory_aborts, SIGABRT);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
