/* test_threads.c — instances on several threads at once: threads that trap in every way
 * (explicit traps, faults in the guard pages, stack exhaustion, host traps) while others run
 * long computations and create and free instances, many iterations; an instance moving from
 * one thread to another; a thread with a small stack it declares (w2n_thread_stack). */
#define _GNU_SOURCE
#include <pthread.h>

#include "check.h"

extern const struct w2n_module_desc plugin_module;

#define TRAPPERS   3
#define RUNNERS    2
#define ITERATIONS 2000

static const uint8_t i32x3[] = {W2N_I32, W2N_I32, W2N_I32}, i32x1[] = {W2N_I32};
static const uint8_t i32x2[] = {W2N_I32, W2N_I32};
static const uint8_t i64_f64[] = {W2N_I64, W2N_F64}, f64_i64[] = {W2N_F64, W2N_I64};

/* Per thread: what its host functions count. */
struct worker {
	pthread_t thread;
	int id;
	int host_calls;
	int traps[W2N_TRAP_COUNT];
	int wrong; /* results that differ from what they must be */
};

static const char *h_add3(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	((struct worker *)ctx)->host_calls++;
	r[0].i32 = a[0].i32 + a[1].i32 + a[2].i32;
	return NULL;
}

static const char *h_fail(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	return a[0].i32 != 0 ? "refused" : NULL;
}

static const char *h_nop(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                         union w2n_val *r)
{
	return NULL;
}

static struct w2n_instance *make(struct worker *w, struct w2n_error *err)
{
	const struct w2n_host_func funcs[] = {
		{"env", "add3", i32x3, 3, i32x1, 1, h_add3, w},
		{"env", "fail", i32x1, 1, NULL, 0, h_fail, w},
		{"env", "pair", i64_f64, 2, f64_i64, 2, h_nop, w},
		{"env", "square", i32x1, 1, i32x1, 1, h_nop, w},
		{"env", "log", i32x2, 2, NULL, 0, h_nop, w},
		{"env", "started", NULL, 0, NULL, 0, h_nop, w},
	};
	struct w2n_options opt = {.funcs = funcs, .nfuncs = 6};
	return w2n_instance_new(&plugin_module, &opt, err);
}

/* Calls name(a, b) with the first nargs of them; the trap id, or -1 with *out set. Exports
 * named here return one i32, except those that return nothing. */
static int call(struct w2n_instance *inst, const char *name, int nargs, int32_t a, int32_t b,
                int32_t *out)
{
	struct w2n_error err;
	struct w2n_value args[2] = {w2n_value_i32(a), w2n_value_i32(b)}, res = {0};
	size_t nres = strcmp(name, "call_fail") == 0 || strcmp(name, "boom") == 0 ? 0 : 1;
	if (w2n_call_export(inst, name, args, (size_t)nargs, &res, nres, &err)) {
		*out = res.of.i32;
		return -1;
	}
	return err.kind == W2N_ERR_TRAP ? (int)err.trap : 1000;
}

/* One round of every kind of trap, each followed by a call that must work. */
static void trap_round(struct worker *w, struct w2n_instance *inst)
{
	static const struct {
		const char *name;
		int nargs;
		int32_t a, b;
		int trap;
	} cases[] = {
		{"div", 2, 1, 0, W2N_TRAP_DIV_BY_ZERO},
		{"load", 1, 65536 * 3, 0, W2N_TRAP_MEMORY_OOB},
		{"recurse", 1, 0, 0, W2N_TRAP_STACK_EXHAUSTED},
		{"call_fail", 1, 1, 0, W2N_TRAP_HOST},
		{"boom", 0, 0, 0, W2N_TRAP_UNREACHABLE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t out = 0;
		int t = call(inst, cases[i].name, cases[i].nargs, cases[i].a, cases[i].b, &out);
		if (t == cases[i].trap)
			w->traps[t]++;
		else
			w->wrong++;
		if (call(inst, "call_add3", 1, w->id, 0, &out) != -1 || out != w->id + 110)
			w->wrong++;
	}
}

static void *trapper(void *arg)
{
	struct worker *w = arg;
	struct w2n_error err;
	struct w2n_instance *inst = make(w, &err);
	for (int i = 0; inst != NULL && i < ITERATIONS; i++) {
		trap_round(w, inst);
		if (i % 10 == 9) { /* instances come and go while the others run */
			w2n_instance_free(inst);
			inst = make(w, &err);
		}
	}
	if (inst == NULL)
		w->wrong++;
	w2n_instance_free(inst);
	w2n_thread_end();
	return NULL;
}

/* Long calls whose results must not change while other threads trap. */
static void *runner(void *arg)
{
	struct worker *w = arg;
	struct w2n_error err;
	struct w2n_instance *inst = make(w, &err);
	for (int i = 0; inst != NULL && i < ITERATIONS * 4; i++) {
		int32_t n = 20000 + i, out = 0;
		if (call(inst, "sum", 1, n, 0, &out) != -1 || out != (int32_t)((int64_t)n * (n - 1) / 2))
			w->wrong++;
	}
	if (inst == NULL)
		w->wrong++;
	w2n_instance_free(inst);
	w2n_thread_end();
	return NULL;
}

static void test_concurrent(void)
{
	struct worker workers[TRAPPERS + RUNNERS] = {0};
	for (int i = 0; i < TRAPPERS + RUNNERS; i++) {
		workers[i].id = i;
		CHECK(pthread_create(&workers[i].thread, NULL, i < TRAPPERS ? trapper : runner,
		                     &workers[i]) == 0);
	}
	for (int i = 0; i < TRAPPERS + RUNNERS; i++)
		pthread_join(workers[i].thread, NULL);
	for (int i = 0; i < TRAPPERS; i++) {
		CHECK(workers[i].wrong == 0);
		CHECK(workers[i].traps[W2N_TRAP_DIV_BY_ZERO] == ITERATIONS);
		CHECK(workers[i].traps[W2N_TRAP_MEMORY_OOB] == ITERATIONS);
		CHECK(workers[i].traps[W2N_TRAP_STACK_EXHAUSTED] == ITERATIONS);
		CHECK(workers[i].traps[W2N_TRAP_HOST] == ITERATIONS);
		CHECK(workers[i].traps[W2N_TRAP_UNREACHABLE] == ITERATIONS);
		CHECK(workers[i].host_calls == ITERATIONS * 5);
	}
	for (int i = TRAPPERS; i < TRAPPERS + RUNNERS; i++)
		CHECK(workers[i].wrong == 0);
}

/* One instance used by three threads in turn: the stack limit follows the thread. */
static struct w2n_instance *shared;
static struct worker shared_worker;

static void *use_shared(void *arg)
{
	int32_t out;
	CHECK(call(shared, "recurse", 1, 0, 0, &out) == W2N_TRAP_STACK_EXHAUSTED);
	CHECK(call(shared, "call_add3", 1, 1, 0, &out) == -1 && out == 111);
	w2n_thread_end();
	return NULL;
}

static void test_migration(void)
{
	struct w2n_error err;
	shared = make(&shared_worker, &err);
	if (!CHECK_ERR(shared != NULL, err))
		return;
	for (int i = 0; i < 3; i++) {
		pthread_t t;
		CHECK(pthread_create(&t, NULL, use_shared, NULL) == 0);
		pthread_join(t, NULL);
	}
	use_shared(NULL); /* and the main thread */
	w2n_instance_free(shared);
}

/* A thread with a 384 KiB stack, smaller than the default budget, that says so. */
static void *small_stack(void *arg)
{
	pthread_attr_t attr;
	void *low;
	size_t size;
	pthread_getattr_np(pthread_self(), &attr);
	pthread_attr_getstack(&attr, &low, &size);
	pthread_attr_destroy(&attr);
	w2n_thread_stack(low, size);
	struct worker w = {0};
	struct w2n_error err;
	struct w2n_instance *inst = make(&w, &err);
	int32_t out;
	for (int i = 0; inst != NULL && i < 3; i++)
		CHECK(call(inst, "recurse", 1, 0, 0, &out) == W2N_TRAP_STACK_EXHAUSTED);
	w2n_instance_free(inst);
	w2n_thread_end();
	return NULL;
}

static void test_small_stack(void)
{
	pthread_attr_t attr;
	pthread_t t;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 384 << 10);
	CHECK(pthread_create(&t, &attr, small_stack, NULL) == 0);
	pthread_join(t, NULL);
	pthread_attr_destroy(&attr);
}

int main(void)
{
	test_concurrent();
	test_migration();
	test_small_stack();
	return summary();
}
