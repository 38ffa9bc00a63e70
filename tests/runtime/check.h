/* check.h — the smallest test harness for freestanding runtime tests: CHECK records a result
 * and goes on; summary() prints `N passed, N failed` (the line tools/summarize.py counts) and
 * gives the exit status. Each test program defines w2n_main, replacing the archive's. */
#ifndef W2N_TEST_CHECK_H
#define W2N_TEST_CHECK_H

#include "rt.h"

static int checks_passed, checks_failed;

static bool check(bool ok, const char *what, const char *file, int line)
{
	if (ok)
		checks_passed++;
	else {
		checks_failed++;
		w2n_dprintf(2, "%s:%d: check failed: %s\n", file, line, what);
	}
	return ok;
}

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

static int summary(void)
{
	w2n_dprintf(1, "%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}

#endif
