/* bench_decode.c — frontend throughput: decode, then decode + validate, of one module.
 *
 *   bench_decode FILE.wasm [SECONDS]
 *
 * Each phase repeats for about SECONDS (default 1.5) of CPU time after one warm-up run and
 * prints MB/s (10^6 bytes of module per second) and modules per second. Rates are per second of
 * this process's CPU time, so other load on the machine does not dilute them (it still costs
 * cache); the wall-clock time is shown beside them. A benchmark, not a test: it prints figures
 * and never judges them. Exits 1 if the module is not valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wasm2native/wasm2native.h"

static double seconds_of(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One pass; `validate` adds the validator. Returns false on any diagnostic. */
static bool run_once(const uint8_t *bytes, size_t size, const char *path, bool validate,
                     struct w2n_diag *dg)
{
	struct w2n_module *m = w2n_decode(bytes, size, path, dg);
	if (!m)
		return false;
	bool ok = !validate || w2n_validate(m, dg);
	w2n_module_free(m);
	return ok;
}

static bool phase(const char *label, const uint8_t *bytes, size_t size, const char *path,
                  bool validate, double seconds)
{
	struct w2n_diag dg = {.limit = 1};
	if (!run_once(bytes, size, path, validate, &dg))
		return false;

	unsigned long runs = 0;
	double cpu0 = seconds_of(CLOCK_PROCESS_CPUTIME_ID), wall0 = seconds_of(CLOCK_MONOTONIC);
	double cpu;
	do {
		if (!run_once(bytes, size, path, validate, &dg))
			return false;
		runs++;
		cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
	} while (cpu < seconds);
	double wall = seconds_of(CLOCK_MONOTONIC) - wall0;

	double mbs = (double)size * (double)runs / cpu / 1e6;
	printf("  %-16s %7.1f MB/s %8.1f modules/s  (%lu runs, %.2f s CPU, %.2f s wall)\n", label, mbs,
	       (double)runs / cpu, runs, cpu, wall);
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s FILE.wasm [SECONDS]\n", argv[0]);
		return 2;
	}
	const char *path = argv[1];
	double seconds = argc > 2 ? atof(argv[2]) : 1.5;
	if (seconds <= 0)
		seconds = 1.5;

	struct w2n_diag dg = {0};
	size_t size;
	uint8_t *bytes = w2n_read_file(path, &size, &dg);
	if (!bytes)
		return 1;

	printf("bench_decode: %s, %zu bytes (%.2f MB)\n", path, size, (double)size / 1e6);
	bool ok = phase("decode", bytes, size, path, false, seconds) &&
	          phase("decode+validate", bytes, size, path, true, seconds);
	if (!ok)
		fprintf(stderr, "bench_decode: %s does not decode and validate (see above)\n", path);
	free(bytes);
	return ok ? 0 : 1;
}
