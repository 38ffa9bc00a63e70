/* serve.c — the serverless throughput benchmark (docs/benchmarks.md "Serverless throughput"):
 * a host, linked with the host archive like any embedder, serves N requests on one thread,
 * each on a fresh instance of a module with a 1 MiB heap (tests/host/heap.wat, `handle(pages)`
 * writes and reads `pages` pages of it) or on one instance reset after each request. With
 * --baked the module is the same one compiled with --prebake: its initialization filled the
 * heap, and every instance starts from that 1 MiB image, mapped copy-on-write (a serverless
 * function pre-baked, as the issue-11 benchmark asks).
 *
 *     serve [--requests N] [--pages P] [--threads T] [--baked]
 *
 * For each way prints requests per second of wall time and of the thread's CPU time, and the
 * p50, p99 and max latency of one request (all of it: instantiate + call + free, or call +
 * reset), measured with CLOCK_MONOTONIC around each request. With --threads T (> 1), T threads
 * serve N requests each on fresh instances at once, and the line gives their total rate: the
 * runtime's shared registries and locks must not serialize them. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wasm2native/host.h"

extern const struct w2n_module_desc heap_module, heap_baked_module;

/* The module served: heap_module, or heap_baked_module with --baked. */
static const struct w2n_module_desc *module = &heap_module;

static uint64_t ns(clockid_t clock)
{
	struct timespec ts;
	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static bool handle(struct w2n_instance *inst, int32_t pages)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(pages), res;
	if (w2n_call_export(inst, "handle", &arg, 1, &res, 1, &err))
		return true;
	fprintf(stderr, "serve: handle trapped: %s\n", err.message);
	return false;
}

/* One request on a fresh instance. */
static bool fresh(struct w2n_instance **pool, int32_t pages)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(module, NULL, &err);
	if (inst == NULL) {
		fprintf(stderr, "serve: %s\n", err.message);
		return false;
	}
	bool ok = handle(inst, pages);
	w2n_instance_free(inst);
	return ok;
}

/* One request on the pooled instance, reset afterwards. */
static bool pooled(struct w2n_instance **pool, int32_t pages)
{
	struct w2n_error err;
	if (!handle(*pool, pages))
		return false;
	if (w2n_instance_reset(*pool, &err))
		return true;
	fprintf(stderr, "serve: reset: %s\n", err.message);
	return false;
}

static bool run(const char *name, bool (*serve)(struct w2n_instance **, int32_t),
                struct w2n_instance **pool, long n, int32_t pages, uint64_t *lat)
{
	for (long i = 0; i < n / 10; i++) /* warm-up: allocator chunks, cached reservations */
		if (!serve(pool, pages))
			return false;
	uint64_t wall = ns(CLOCK_MONOTONIC), cpu = ns(CLOCK_THREAD_CPUTIME_ID);
	for (long i = 0; i < n; i++) {
		uint64_t t = ns(CLOCK_MONOTONIC);
		if (!serve(pool, pages))
			return false;
		lat[i] = ns(CLOCK_MONOTONIC) - t;
	}
	wall = ns(CLOCK_MONOTONIC) - wall;
	cpu = ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
	qsort(lat, (size_t)n, sizeof *lat, cmp_u64);
	printf("%-22s %9.0f req/s wall  %9.0f req/s CPU   p50 %6.2f us  p99 %6.2f us  max %8.2f us\n",
	       name, n * 1e9 / (double)wall, n * 1e9 / (double)cpu, lat[n / 2] / 1e3,
	       lat[n - n / 100 - 1] / 1e3, lat[n - 1] / 1e3);
	return true;
}

/* One of several threads serving fresh instances at once. */
struct worker {
	pthread_t thread;
	long n;
	int32_t pages;
	uint64_t *lat;
	bool ok;
};

static void *serve_fresh(void *arg)
{
	struct worker *w = arg;
	w->ok = true;
	for (long i = 0; i < w->n / 10 && w->ok; i++)
		w->ok = fresh(NULL, w->pages);
	for (long i = 0; i < w->n && w->ok; i++) {
		uint64_t t = ns(CLOCK_MONOTONIC);
		w->ok = fresh(NULL, w->pages);
		w->lat[i] = ns(CLOCK_MONOTONIC) - t;
	}
	w2n_thread_end();
	return NULL;
}

static bool run_threads(int nthreads, long n, int32_t pages)
{
	struct worker w[16];
	uint64_t *lat = malloc((size_t)(n * nthreads) * sizeof *lat);
	if (lat == NULL)
		return false;
	uint64_t wall = ns(CLOCK_MONOTONIC);
	for (int t = 0; t < nthreads; t++) {
		w[t] = (struct worker){.n = n, .pages = pages, .lat = lat + t * n};
		pthread_create(&w[t].thread, NULL, serve_fresh, &w[t]);
	}
	bool ok = true;
	for (int t = 0; t < nthreads; t++) {
		pthread_join(w[t].thread, NULL);
		ok = ok && w[t].ok;
	}
	wall = ns(CLOCK_MONOTONIC) - wall; /* includes the warm-up: a slight underestimate */
	long total = n * nthreads;
	qsort(lat, (size_t)total, sizeof *lat, cmp_u64);
	printf("fresh, %d threads        %9.0f req/s wall in total                p50 %6.2f us  "
	       "p99 %6.2f us  max %8.2f us\n",
	       nthreads, total * 1e9 / (double)wall, lat[total / 2] / 1e3,
	       lat[total - total / 100 - 1] / 1e3, lat[total - 1] / 1e3);
	free(lat);
	return ok;
}

/* Whether the pre-baked module starts with its initialization done: the heap's last byte is
 * the initialization's fill, not zero, so the benchmark measures what it says. */
static bool serves_baked_state(void)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&heap_baked_module, NULL, &err);
	uint8_t last = 0;
	bool ok = inst != NULL &&
	          w2n_memory_read(w2n_instance_memory(inst, "memory"), (1 << 20) - 1, &last, 1) &&
	          last == 0x5a;
	if (!ok)
		fprintf(stderr, "serve: the pre-baked module does not start from its snapshot\n");
	w2n_instance_free(inst);
	return ok;
}

int main(int argc, char **argv)
{
	long n = 100000;
	int32_t pages = 16;
	int nthreads = 1;
	bool usage = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--baked") == 0)
			module = &heap_baked_module;
		else if (i + 1 == argc)
			usage = true;
		else if (strcmp(argv[i], "--requests") == 0)
			n = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--pages") == 0)
			pages = (int32_t)strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--threads") == 0)
			nthreads = (int)strtol(argv[++i], NULL, 10);
		else
			usage = true;
	}
	if (usage || n < 100 || pages < 0 || pages > 255 || nthreads < 1 || nthreads > 16) {
		fprintf(stderr, "usage: serve [--requests N (>= 100)] [--pages P (0-255)] "
		                "[--threads T (1-16)] [--baked]\n");
		return 2;
	}
	bool baked = module == &heap_baked_module;
	const char *heap = baked ? "pre-baked 1 MiB heap" : "1 MiB heap";
	if (baked && !serves_baked_state())
		return 1;
	if (nthreads > 1) {
		printf("%ld requests per thread, each writing %d pages of a %s\n", n, pages, heap);
		return run_threads(nthreads, n, pages) ? 0 : 1;
	}
	uint64_t *lat = malloc((size_t)n * sizeof *lat);
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(module, NULL, &err);
	if (lat == NULL || inst == NULL)
		return 1;
	printf("%ld requests, each writing %d pages of a %s, one thread\n", n, pages, heap);
	bool ok = run("instantiate+call+free", fresh, NULL, n, pages, lat) &&
	          run("call+reset (pool)", pooled, &inst, n, pages, lat);
	w2n_instance_free(inst);
	free(lat);
	return ok ? 0 : 1;
}
