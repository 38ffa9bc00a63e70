/* progress.h — what the command line shows while and after it compiles (progress.c): the
 * progress line on a terminal, the diagnostics around it, and --time-report. */
#ifndef W2N_PROGRESS_H
#define W2N_PROGRESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wasm2native/monitor.h"
#include "wasm2native/wasm2native.h"

struct progress {
	struct w2n_monitor *mon; /* what is drawn; its lock also guards `shown` and `stop` */
	const char *input;       /* the file being compiled */
	double start;            /* wall clock when the compile started */
	bool quiet;              /* -q: no progress line and no warnings */
	bool shown;              /* a progress line is on the terminal now: `line` */
	char line[256];
	bool stop;           /* the drawing thread must end */
	bool running;        /* the drawing thread was started */
	pthread_cond_t wake; /* wakes the drawing thread early, to stop */
	pthread_t thread;
};

/* Starts drawing the progress line of mon if stderr is a terminal and not quiet; the first
 * line appears after a second, so that short compiles print nothing. */
void progress_start(struct progress *pg, struct w2n_monitor *mon, const char *input, bool quiet);
/* Stops drawing and erases the line. */
void progress_stop(struct progress *pg);
/* The command line's diagnostic sink (ctx: the struct progress): erases the progress line
 * before printing; drops warnings when quiet. */
void progress_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                   const char *message);
/* Prints every phase's wall and CPU seconds and the totals (--time-report). */
void time_report(FILE *out, const struct progress *pg);

#endif
