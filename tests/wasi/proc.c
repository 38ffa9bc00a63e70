/* proc.c — proc_exit (the run ends with the code, nothing after it runs), proc_raise,
 * sched_yield. The first argument picks the test: exit CODE, raise, yield. */
#include <stdlib.h>

#include "t.h"

/* wasi-libc no longer declares proc_raise; the import still exists in preview 1. */
RAW(proc_raise) int32_t raw_proc_raise(int32_t sig);
#define SIGNAL_TERM  15
#define SIGNAL_CHLD  16
#define SIGNAL_WINCH 27

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "exit") == 0) {
		printf("exiting with %s\n", argv[2]);
		fflush(stdout);
		__wasi_proc_exit((__wasi_exitcode_t)atoi(argv[2]));
		printf("not reached\n");
	}
	if (argc > 1 && strcmp(argv[1], "yield") == 0) {
		for (int i = 0; i < 3; i++)
			show("sched_yield", __wasi_sched_yield());
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "raise") == 0) {
		show("raise 0", raw_proc_raise(0));
		show("raise 99", raw_proc_raise(99));
		show("raise SIGCHLD (ignored by default)", raw_proc_raise(SIGNAL_CHLD));
		show("raise SIGWINCH (ignored by default)", raw_proc_raise(SIGNAL_WINCH));
		printf("raising SIGTERM\n");
		fflush(stdout);
		raw_proc_raise(SIGNAL_TERM);
		printf("not reached\n");
	}
	return 2;
}
