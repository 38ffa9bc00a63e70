/* spawn_time.c — start-to-exit time of small programs: runs each given executable ROUNDS
 * times, interleaved (a, b, a, b, ...) so that drifts in machine load hit all alike, with
 * stdout and stderr on /dev/null, and prints per program the median and the mean wall time
 * from posix_spawn to the end of waitpid, in microseconds:
 *
 *     spawn_time ROUNDS EXE...   ->   one line per EXE: "<median us> <mean us> <EXE>"
 *
 * The time includes what the kernel spends on exec (mapping the file, page faults), which is
 * most of what a small static program costs; the same overhead applies to every program. A
 * program that exits non-zero is an error (status 1). */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* One run; returns its time, or a negative value if it failed. */
static double run_once(const char *exe, const posix_spawn_file_actions_t *fa)
{
	char *argv[] = {(char *)exe, NULL};
	pid_t pid;
	int status;
	double t0 = now_us();
	if (posix_spawn(&pid, exe, fa, NULL, argv, environ) != 0)
		return -1;
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return now_us() - t0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[1]) : 0;
	if (rounds <= 0) {
		fprintf(stderr, "usage: %s ROUNDS EXE...\n", argv[0]);
		return 2;
	}
	int n = argc - 2;
	double *times = calloc((size_t)n * rounds, sizeof *times);
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (int r = 0; times && r < rounds; r++) {
		for (int k = 0; k < n; k++) {
			double t = run_once(argv[2 + k], &fa);
			if (t < 0) {
				fprintf(stderr, "spawn_time: %s failed to run or exited non-zero\n", argv[2 + k]);
				return 1;
			}
			times[(size_t)k * rounds + r] = t;
		}
	}
	for (int k = 0; times && k < n; k++) {
		double *t = times + (size_t)k * rounds, sum = 0;
		for (int r = 0; r < rounds; r++)
			sum += t[r];
		qsort(t, (size_t)rounds, sizeof *t, by_value);
		printf("%.1f %.1f %s\n", t[rounds / 2], sum / rounds, argv[2 + k]);
	}
	return times ? 0 : 1;
}
