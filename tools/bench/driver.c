/* driver.c — the wasm2native side of the kernel benchmark: a freestanding host program linked
 * with the runtime archive and one kernel compiled by `wasm2native -c` (descriptor
 * `w2n_module`). It replaces the archive's default w2n_main: instantiate the module, look up
 * the `bench_run` export and time calls through w2n_call, exactly as native_main.c times the
 * native build of the same kernel:
 *     KERNEL [N [REPS]]   ->   one line per timed call: "<wall ns> <cpu ns> <checksum in hex>"
 * The timed region is the call alone: instantiation (reserving and committing the memory) is
 * outside it, as process start-up is for the native side. The array-call trampoline and trap
 * frame that w2n_call adds cost nanoseconds against calls of hundreds of milliseconds. */
#include "rt.h"

extern const struct w2n_module_desc w2n_module;

/* The runtime's syscall layer has no clock; the driver asks the kernel directly. */
#if defined(__x86_64__)
#define SYS_CLOCK_GETTIME 228
#elif defined(__aarch64__)
#define SYS_CLOCK_GETTIME 113
#else
#error "unsupported architecture"
#endif
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2

struct timespec64 {
	int64_t sec, nsec;
};

static uint64_t now_ns(long clock)
{
	struct timespec64 ts;
	w2n_syscall(SYS_CLOCK_GETTIME, clock, (long)&ts, 0, 0, 0, 0);
	return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

/* A decimal argument; anything else is an error (returns false). */
static bool parse_u32(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > 0xffffffffu / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > 0xffffffffu)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Kernels import nothing. */
static bool resolve_nothing(void *ctx, const char *module, const char *field,
                            struct w2n_extern *out)
{
	return false;
}

/* The kernel's bench_run, checked to be (i32) -> i32; NULL after printing why not. */
static struct w2n_funcref *find_bench_run(struct w2n_instance *inst)
{
	struct w2n_extern e;
	if (!w2n_instance_export(inst, "bench_run", &e) || e.kind != W2N_EXT_FUNC) {
		w2n_dprintf(2, "bench: the module exports no function bench_run\n");
		return NULL;
	}
	const struct w2n_desc_type *t = w2n_funcref_type(e.u.func);
	if (t == NULL || t->nparams != 1 || t->nresults != 1 || t->types[0] != W2N_I32 ||
	    t->types[1] != W2N_I32) {
		w2n_dprintf(2, "bench: bench_run must have type (i32) -> i32\n");
		return NULL;
	}
	return e.u.func;
}

static bool call(struct w2n_funcref *f, uint32_t n, uint32_t *sum)
{
	struct w2n_error err;
	union w2n_val vals[1];
	vals[0].i32 = (int32_t)n;
	if (!w2n_call(f, vals, &err)) {
		w2n_dprintf(2, "bench: bench_run trapped: %s\n", err.message);
		return false;
	}
	*sum = (uint32_t)vals[0].i32;
	return true;
}

int w2n_main(int argc, char **argv, char **envp)
{
	uint32_t n = 0, reps = 1;
	if ((argc > 1 && !parse_u32(argv[1], &n)) || (argc > 2 && !parse_u32(argv[2], &reps))) {
		w2n_dprintf(2, "usage: %s [N [REPS]]\n", argv[0]);
		return 2;
	}
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instantiate(&w2n_module, resolve_nothing, NULL, &err);
	if (inst == NULL) {
		w2n_dprintf(2, "bench: cannot instantiate the kernel: %s\n", err.message);
		return 1;
	}
	struct w2n_funcref *f = find_bench_run(inst);
	uint32_t first, sum;
	if (f == NULL || !call(f, n, &first)) /* untimed warm-up, as natively */
		return 1;
	for (uint32_t i = 0; i < reps; i++) {
		uint64_t c0 = now_ns(CLOCK_PROCESS_CPUTIME_ID), t0 = now_ns(CLOCK_MONOTONIC);
		if (!call(f, n, &sum))
			return 1;
		uint64_t t1 = now_ns(CLOCK_MONOTONIC), c1 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
		if (sum != first) {
			w2n_dprintf(2, "checksum changed between calls: %08x then %08x\n", first, sum);
			return 1;
		}
		w2n_dprintf(1, "%llu %llu %08x\n", (unsigned long long)(t1 - t0),
		            (unsigned long long)(c1 - c0), sum);
	}
	return 0;
}
