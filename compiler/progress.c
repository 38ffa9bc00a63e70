/* progress.c — the progress line on a terminal and the time report (progress.h).
 *
 * The line is redrawn in place (carriage return, erase to end of line) four times a second by
 * a thread of its own, which holds the monitor's lock while it writes, so diagnostics from the
 * compiling threads (progress_diag, same lock) never land in the middle of it. */
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define PROG "wasm2native"

static const double first_draw = 1.0; /* seconds: compiles shorter than this show nothing */
static const long redraw_ns = 250000000;

/* The terminal's width, so that the line never wraps (a wrapped line cannot be erased). */
static size_t columns(void)
{
	struct winsize ws;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col - 1;
	return 79;
}

/* Called with mon->lock held. */
static void erase(struct progress *pg)
{
	if (pg->shown)
		fputs("\r\033[K", stderr);
	pg->shown = false;
}

/* "2 optimize, 1 codegen": the parts in each per-part phase. */
static int running_parts(char *buf, size_t size, const struct w2n_monitor *mon)
{
	int n = 0;
	buf[0] = '\0';
	for (int ph = W2N_PHASE_LOWER; ph <= W2N_PHASE_CODEGEN; ph++) {
		unsigned k = mon->phase[ph].running;
		if (k && (size_t)n < size)
			n += snprintf(buf + n, size - (size_t)n, "%s%u %s", n ? ", " : "", k,
			              w2n_phase_name((enum w2n_phase)ph));
	}
	return n;
}

/* The phase the command line itself is in (read, decode, validate, link), or NULL. */
static const char *serial_phase(const struct w2n_monitor *mon)
{
	static const enum w2n_phase serial[] = {W2N_PHASE_READ, W2N_PHASE_DECODE, W2N_PHASE_VALIDATE,
	                                        W2N_PHASE_LINK};
	for (size_t i = 0; i < sizeof serial / sizeof *serial; i++)
		if (mon->phase[serial[i]].running)
			return w2n_phase_name(serial[i]);
	return NULL;
}

/* Called with mon->lock held. Draws, for example,
 *   [0:42] app.wasm: 12000/34004 functions, 3/8 parts done (1 lower, 1 optimize, 1 codegen)
 * and nothing if the line has not changed since the last time. */
static void draw(struct progress *pg, double now)
{
	const struct w2n_monitor *mon = pg->mon;
	const char *base = strrchr(pg->input, '/') ? strrchr(pg->input, '/') + 1 : pg->input;
	unsigned secs = (unsigned)(now - pg->start);
	char line[sizeof pg->line], parts[128];
	int n = snprintf(line, sizeof line, "[%u:%02u] %s:", secs / 60, secs % 60, base);
	const char *phase = serial_phase(mon);
	if (phase)
		snprintf(line + n, sizeof line - (size_t)n, " %s", phase);
	else if (mon->funcs && running_parts(parts, sizeof parts, mon))
		snprintf(line + n, sizeof line - (size_t)n, " %u/%u functions, %u/%u parts done (%s)",
		         mon->phase[W2N_PHASE_CODEGEN].funcs + mon->cached_funcs, mon->funcs,
		         mon->phase[W2N_PHASE_CODEGEN].done + mon->cached, mon->parts, parts);
	size_t width = columns();
	if (strlen(line) > width)
		line[width] = '\0';
	if (pg->shown && !strcmp(line, pg->line))
		return;
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	memcpy(pg->line, line, sizeof line);
	pg->shown = true;
}

static void *draw_loop(void *arg)
{
	struct progress *pg = arg;
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	pthread_mutex_lock(&pg->mon->lock);
	while (!pg->stop) {
		double now = w2n_wall_clock();
		if (now - pg->start >= first_draw)
			draw(pg, now);
		until.tv_nsec += redraw_ns;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pg->wake, &pg->mon->lock, &until);
	}
	erase(pg);
	pthread_mutex_unlock(&pg->mon->lock);
	return NULL;
}

void progress_start(struct progress *pg, struct w2n_monitor *mon, const char *input, bool quiet)
{
	*pg = (struct progress){.mon = mon, .input = input, .start = w2n_wall_clock(), .quiet = quiet};
	if (quiet || !isatty(STDERR_FILENO))
		return;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* draw_loop's deadlines are monotonic */
	pthread_cond_init(&pg->wake, &attr);
	pthread_condattr_destroy(&attr);
	/* Without a thread there is no progress line, and nothing else changes. */
	pg->running = pthread_create(&pg->thread, NULL, draw_loop, pg) == 0;
	if (!pg->running)
		pthread_cond_destroy(&pg->wake);
}

void progress_stop(struct progress *pg)
{
	if (!pg->running)
		return;
	pthread_mutex_lock(&pg->mon->lock);
	pg->stop = true;
	pthread_cond_signal(&pg->wake);
	pthread_mutex_unlock(&pg->mon->lock);
	pthread_join(pg->thread, NULL);
	pthread_cond_destroy(&pg->wake);
	pg->running = false;
}

void progress_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                   const char *message)
{
	struct progress *pg = ctx;
	if (pg->quiet && sev == W2N_WARNING)
		return;
	char line[1024];
	w2n_format_diag(line, sizeof line, sev, file, offset, message);
	pthread_mutex_lock(&pg->mon->lock);
	erase(pg);
	fprintf(stderr, "%s\n", line);
	pthread_mutex_unlock(&pg->mon->lock);
}

static double cpu_seconds(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

void time_report(FILE *out, const struct progress *pg)
{
	struct w2n_monitor *mon = pg->mon;
	pthread_mutex_lock(&mon->lock);
	fprintf(out, PROG ": time report for %s", pg->input);
	if (mon->parts > 1)
		fprintf(out, " (%u parts on %u threads, %u from the cache)", mon->parts, mon->threads,
		        mon->cached);
	fprintf(out, "\n  %-10s %10s %10s\n", "phase", "wall (s)", "CPU (s)");
	for (int ph = 0; ph < W2N_NPHASES; ph++)
		fprintf(out, "  %-10s %10.3f %10.3f\n", w2n_phase_name((enum w2n_phase)ph),
		        mon->phase[ph].wall, mon->phase[ph].cpu);
	fprintf(out, "  %-10s %10.3f %10.3f\n", "total", w2n_wall_clock() - pg->start,
	        cpu_seconds(RUSAGE_SELF) + cpu_seconds(RUSAGE_CHILDREN));
	if (mon->parts > 1)
		fprintf(out,
		        "  (lower, optimize, codegen and cache ran on %u threads at once: their wall "
		        "times are summed over the parts)\n",
		        mon->threads);
	pthread_mutex_unlock(&mon->lock);
}
