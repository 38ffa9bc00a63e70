/* native_main.c — the native side of the kernel benchmark: links with one kernel compiled by
 * clang-19 directly and times its bench_run. Same arguments and output as driver.c, the
 * wasm2native side, so run_bench.py reads both alike:
 *     KERNEL [N [REPS]]   ->   one line per timed call: "<wall ns> <cpu ns> <checksum in hex>"
 * (CPU time: the process's, which on a shared machine leaves out other processes' time
 * slices). N = 0 selects the kernel's default size. One untimed call first warms caches and faults in
 * the kernel's static arrays. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

uint32_t bench_run(uint32_t n);

static uint64_t now_ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv)
{
	uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 0) : 0;
	uint32_t reps = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) : 1;
	uint32_t first = bench_run(n);
	for (uint32_t i = 0; i < reps; i++) {
		uint64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ns(CLOCK_MONOTONIC);
		uint32_t sum = bench_run(n);
		uint64_t t1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		if (sum != first) {
			fprintf(stderr, "checksum changed between calls: %08x then %08x\n", first, sum);
			return 1;
		}
		printf("%llu %llu %08x\n", (unsigned long long)(t1 - t0), (unsigned long long)(c1 - c0),
		       sum);
	}
	return 0;
}
