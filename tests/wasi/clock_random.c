/* clock_random.c — clock_res_get, clock_time_get (every clock, bad ids), random_get. */
#include <stdlib.h>
#include <time.h>

#include "t.h"

int main(void)
{
	static const char *const names[] = {"realtime", "monotonic", "process_cputime",
	                                    "thread_cputime"};
	for (int id = 0; id < 4; id++) {
		__wasi_timestamp_t res = 0, t1 = 0, t2 = 0;
		int e = __wasi_clock_res_get(id, &res);
		printf("clock_res_get %s: %s, positive: %s\n", names[id], ename(e), res > 0 ? "yes" : "no");
		e = __wasi_clock_time_get(id, 1, &t1);
		__wasi_clock_time_get(id, 1, &t2);
		printf("clock_time_get %s: %s, nondecreasing: %s\n", names[id], ename(e),
		       t2 >= t1 && t1 > 0 ? "yes" : "no");
	}
	__wasi_timestamp_t now;
	__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1000, &now);
	printf("realtime after 2020: %s\n", now > 1577836800ull * 1000000000ull ? "yes" : "no");
	__wasi_timestamp_t t;
	show("clock_time_get clock 4", __wasi_clock_time_get(4, 1, &t));
	show("clock_res_get clock 99", __wasi_clock_res_get(99, &t));

	/* Monotonic time advances across a sleep of 20 ms. */
	__wasi_timestamp_t a, b;
	__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &a);
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &b);
	printf("slept at least 20 ms: %s\n", b - a >= 20000000u ? "yes" : "no");

	uint8_t r1[64] = {0}, r2[64] = {0};
	show("random_get", __wasi_random_get(r1, sizeof r1));
	__wasi_random_get(r2, sizeof r2);
	int zero = 1;
	for (int i = 0; i < 64; i++)
		zero &= r1[i] == 0;
	printf("random bytes nonzero: %s, differ: %s\n", zero ? "no" : "yes",
	       memcmp(r1, r2, 64) ? "yes" : "no");
	show("random_get 0 bytes", __wasi_random_get(r1, 0));
	uint8_t *big = malloc(1 << 20);
	show("random_get 1 MiB", __wasi_random_get(big, 1 << 20));
	unsigned seen = 0;
	for (int i = 0; i < (1 << 20); i++)
		seen |= 1u << (big[i] & 31);
	printf("1 MiB covers all low 5-bit values: %s\n", seen == 0xffffffffu ? "yes" : "no");
	return 0;
}
