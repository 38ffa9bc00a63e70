/* check.h — the harness of the host API tests: ordinary C programs with the C library, linked
 * with the host archive as a host would be. CHECK records a result and goes on; summary()
 * prints `N passed, N failed` (the line tools/summarize.py counts) and gives the exit status. */
#ifndef W2N_TEST_HOST_CHECK_H
#define W2N_TEST_HOST_CHECK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/host.h"

static atomic_int checks_passed, checks_failed;

static bool check(bool ok, const char *what, const char *file, int line)
{
	if (ok)
		checks_passed++;
	else {
		checks_failed++;
		fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
	}
	return ok;
}

#define CHECK(cond) check((cond), #cond, __FILE__, __LINE__)

/* Like CHECK, and prints the error's message when the check fails. */
#define CHECK_ERR(cond, err) \
	(check((cond), #cond, __FILE__, __LINE__) || (fprintf(stderr, "  %s\n", (err).message), 0))

static int summary(void)
{
	printf("%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed != 0;
}

#endif
