/* test_cycles.c — freeing and resetting return everything: 100,000 instantiate/call/free
 * cycles and 100,000 call/reset cycles of a module with a 1 MiB heap, each call touching 16
 * pages, keep the resident set and the address space flat (read from /proc/self/statm before
 * and after; the slack allowed is SLACK_KB = 1 MiB, while leaking one page per cycle would
 * grow them by 400 MiB and one memory reservation per cycle by 800 TiB). Prints the CPU time
 * per cycle of both ways (docs/embedding.md "Pooling"). */
#include <time.h>

#include "check.h"

extern const struct w2n_module_desc heap_module, big_module;

#define CYCLES   100000
#define WARMUP   1000
#define TOUCHED  16
#define SLACK_KB 1024

/* Resident set and address space size in KiB. */
static void statm(long *rss_kb, long *vm_kb)
{
	long pages_vm = 0, pages_rss = 0;
	FILE *f = fopen("/proc/self/statm", "r");
	if (f != NULL) {
		if (fscanf(f, "%ld %ld", &pages_vm, &pages_rss) != 2)
			pages_vm = pages_rss = 0;
		fclose(f);
	}
	*vm_kb = pages_vm * 4;
	*rss_kb = pages_rss * 4;
}

/* CPU time of this thread (user + system) in seconds: on a busy machine wall time would
 * measure the other processes. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One request: handle(TOUCHED) must return the sum 1 + 2 + ... + 16 plus the data byte 'r'. */
static bool serve(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(TOUCHED), res;
	return w2n_call_export(inst, "handle", &arg, 1, &res, 1, &err) &&
	       res.of.i32 == TOUCHED * (TOUCHED + 1) / 2 + 'r';
}

/* Instantiate, call, free: the number of failed cycles. */
static int fresh_cycles(int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct w2n_error err;
		struct w2n_instance *inst = w2n_instance_new(&heap_module, NULL, &err);
		bad += inst == NULL || !serve(inst);
		w2n_instance_free(inst);
	}
	return bad;
}

/* Call, reset: the number of failed cycles. */
static int reset_cycles(struct w2n_instance *inst, int n)
{
	int bad = 0;
	for (int i = 0; i < n; i++) {
		struct w2n_error err;
		bad += !serve(inst) || !w2n_instance_reset(inst, &err);
	}
	return bad;
}

static void test_free(void)
{
	long rss0, vm0, rss1, vm1;
	CHECK(fresh_cycles(WARMUP) == 0);
	statm(&rss0, &vm0);
	double t = now();
	CHECK(fresh_cycles(CYCLES) == 0);
	t = now() - t;
	statm(&rss1, &vm1);
	printf(
		"instantiate+call+free: %.2f us of CPU per cycle; RSS %ld -> %ld KiB, VM %ld -> %ld KiB\n",
		t / CYCLES * 1e6, rss0, rss1, vm0, vm1);
	CHECK(rss1 - rss0 <= SLACK_KB);
	CHECK(vm1 - vm0 <= SLACK_KB);
}

static void test_reset(void)
{
	long rss0, vm0, rss1, vm1;
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&heap_module, NULL, &err);
	if (!CHECK_ERR(inst != NULL, err))
		return;
	CHECK(reset_cycles(inst, WARMUP) == 0);
	statm(&rss0, &vm0);
	double t = now();
	CHECK(reset_cycles(inst, CYCLES) == 0);
	t = now() - t;
	statm(&rss1, &vm1);
	printf("call+reset: %.2f us of CPU per cycle; RSS %ld -> %ld KiB, VM %ld -> %ld KiB\n",
	       t / CYCLES * 1e6, rss0, rss1, vm0, vm1);
	CHECK(rss1 - rss0 <= SLACK_KB);
	CHECK(vm1 - vm0 <= SLACK_KB);
	/* The reset instance starts from scratch: the call counter is back to one call. */
	struct w2n_value calls;
	CHECK(serve(inst));
	CHECK(w2n_call_export(inst, "calls", NULL, 0, &calls, 1, &err) && calls.of.i32 == 1);
	w2n_instance_free(inst);
}

/* Fills all of big's memory (grown by 8 pages) with 0xAA. */
static void dirty(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(8), res;
	CHECK(w2n_call_export(inst, "grow", &arg, 1, &res, 1, &err) && res.of.i32 == 32);
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	uint8_t *p = w2n_memory_span(mem, 0, w2n_memory_size(mem));
	if (CHECK(p != NULL))
		memset(p, 0xAA, w2n_memory_size(mem));
}

/* A memory reset or freshly instantiated reads as the module's data and zeros only, whatever
 * the previous guest left: in the kept first MiB, beyond it, and in pages it grew. */
static bool pristine(struct w2n_instance *inst)
{
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	const uint8_t *p = w2n_memory_span(mem, 0, w2n_memory_size(mem));
	if (p == NULL || w2n_memory_size(mem) != 32 * 65536)
		return false;
	for (uint64_t i = 0; i < w2n_memory_size(mem); i++) {
		if (i == 8 || i == 2097000) {
			if (memcmp(p + i, i == 8 ? "first" : "last", i == 8 ? 5 : 4) != 0)
				return false;
			i += i == 8 ? 4 : 3;
		} else if (p[i] != 0)
			return false;
	}
	return true;
}

static void test_scrub(void)
{
	struct w2n_error err;
	for (int round = 0; round < 3; round++) {
		struct w2n_instance *inst = w2n_instance_new(&big_module, NULL, &err);
		if (!CHECK_ERR(inst != NULL, err))
			return;
		CHECK(pristine(inst));
		dirty(inst);
		CHECK_ERR(w2n_instance_reset(inst, &err), err);
		CHECK(pristine(inst));
		/* Pages grown before the reset come back as zeros when grown again. */
		struct w2n_value arg = w2n_value_i32(8), res;
		CHECK(w2n_call_export(inst, "grow", &arg, 1, &res, 1, &err) && res.of.i32 == 32);
		struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
		const uint8_t *tail = w2n_memory_span(mem, 32 * 65536, 8 * 65536);
		CHECK(tail != NULL && tail[0] == 0 && tail[8 * 65536 - 1] == 0);
		CHECK_ERR(w2n_instance_reset(inst, &err), err);
		dirty(inst);
		w2n_instance_free(inst); /* its reservation goes to the cache, dirty */
	}
}

int main(void)
{
	test_free();
	test_reset();
	test_scrub();
	return summary();
}
