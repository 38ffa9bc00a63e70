/* monitor.c — phase times and progress counters of a compile (monitor.h). */
#include <sys/resource.h>
#include <time.h>

#include "wasm2native/monitor.h"

static const char *const phase_names[] = {
	[W2N_PHASE_READ] = "read",         [W2N_PHASE_DECODE] = "decode",
	[W2N_PHASE_VALIDATE] = "validate", [W2N_PHASE_LOWER] = "lower",
	[W2N_PHASE_OPTIMIZE] = "optimize", [W2N_PHASE_CODEGEN] = "codegen",
	[W2N_PHASE_CACHE] = "cache",       [W2N_PHASE_LINK] = "link",
};
_Static_assert(sizeof phase_names / sizeof *phase_names == W2N_NPHASES, "a phase has no name");

const char *w2n_phase_name(enum w2n_phase phase)
{
	return phase < W2N_NPHASES ? phase_names[phase] : "?";
}

static double seconds(struct timespec t)
{
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

double w2n_wall_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return seconds(t);
}

/* Child processes count too: the link phase is mostly ld.lld. RUSAGE_CHILDREN is per process,
 * which is right as long as no other thread waits for a child during a measured phase (the
 * parts never spawn one). */
double w2n_thread_cpu_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	double children = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	                  (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	return seconds(t) + children;
}

void w2n_monitor_init(struct w2n_monitor *mon)
{
	*mon = (struct w2n_monitor){0};
	pthread_mutex_init(&mon->lock, NULL);
}

void w2n_monitor_destroy(struct w2n_monitor *mon)
{
	pthread_mutex_destroy(&mon->lock);
}

void w2n_phase_begin(struct w2n_monitor *mon, struct w2n_stopwatch *sw, enum w2n_phase phase)
{
	if (!mon)
		return;
	*sw = (struct w2n_stopwatch){
		.phase = phase, .wall = w2n_wall_clock(), .cpu = w2n_thread_cpu_clock()};
	pthread_mutex_lock(&mon->lock);
	mon->phase[phase].running++;
	pthread_mutex_unlock(&mon->lock);
}

void w2n_phase_end(struct w2n_monitor *mon, struct w2n_stopwatch *sw, uint32_t funcs)
{
	if (!mon)
		return;
	double wall = w2n_wall_clock() - sw->wall, cpu = w2n_thread_cpu_clock() - sw->cpu;
	pthread_mutex_lock(&mon->lock);
	struct w2n_phase_stats *s = &mon->phase[sw->phase];
	s->wall += wall;
	s->cpu += cpu;
	s->running--;
	s->done++;
	s->funcs += funcs;
	pthread_mutex_unlock(&mon->lock);
}

void w2n_monitor_plan(struct w2n_monitor *mon, uint32_t funcs, unsigned parts, unsigned threads)
{
	if (!mon)
		return;
	pthread_mutex_lock(&mon->lock);
	mon->funcs = funcs;
	mon->parts = parts;
	mon->threads = threads;
	pthread_mutex_unlock(&mon->lock);
}

void w2n_monitor_cached(struct w2n_monitor *mon, uint32_t funcs)
{
	if (!mon)
		return;
	pthread_mutex_lock(&mon->lock);
	mon->cached++;
	mon->cached_funcs += funcs;
	pthread_mutex_unlock(&mon->lock);
}
