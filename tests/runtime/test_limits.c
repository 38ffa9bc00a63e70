/* test_limits.c — the per-instance limits of limits.h through the host API, each hit and not
 * hit: memory and table caps (grow fails past them, a larger minimum fails instantiation), the
 * per-call stack budget, the deadline (the timer's signal, the trap it causes, the next call
 * running again), the host's interrupt, and the fuel controls. The "guest" functions are C
 * functions with the wasm calling convention that do what generated code does at the same
 * points: the prologue's stack check, the interruption check, the fuel check. Compiled code
 * under the same limits is tested by tests/limits. */
#include "check.h"

#define I32 0x7f

static const uint8_t sig_i_i[] = {I32, I32};

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix) {
		if (*s++ != *prefix++)
			return false;
	}
	return true;
}

/* ---- guest functions -------------------------------------------------------------------- */

static int32_t grow(struct w2n_vmctx *vm, int32_t delta)
{
	return w2n_rt_memory_grow(vm, (uint32_t)delta);
}

static int32_t table_grow(struct w2n_vmctx *vm, int32_t delta)
{
	return w2n_rt_table_grow(vm, 0, NULL, (uint32_t)delta);
}

/* Recursion n deep, each frame checking the stack limit as compiled prologues do. */
static __attribute__((noinline)) int32_t deep(struct w2n_vmctx *vm, int32_t n)
{
	volatile char frame[64];
	frame[0] = (char)n;
	if ((uintptr_t)__builtin_frame_address(0) < vm->stack_limit)
		w2n_rt_trap(vm, W2N_TRAP_STACK_EXHAUSTED, 2);
	return n == 0 ? frame[0] : deep(vm, n - 1) + 1;
}

/* Spins for n iterations (0: for ever), checking vmctx->interrupt as loop headers do. */
static int32_t spin(struct w2n_vmctx *vm, int32_t n)
{
	for (uint32_t i = 0; n == 0 || i < (uint32_t)n; i++) {
		if (vm->interrupt != 0)
			w2n_rt_interrupted(vm, 3);
	}
	return n;
}

/* Burns n fuel in blocks of 10, as metered code does per basic block. */
static int32_t burn(struct w2n_vmctx *vm, int32_t n)
{
	for (int32_t i = 0; i < n; i += 10) {
		if (vm->fuel < 10)
			w2n_rt_trap(vm, W2N_TRAP_OUT_OF_FUEL, 4);
		vm->fuel -= 10;
	}
	return n;
}

#define ARRAY_CALL(NAME)                                             \
	static void NAME##_array(struct w2n_vmctx *vm, union w2n_val *v) \
	{                                                                \
		v[0].i32 = NAME(vm, v[0].i32);                               \
	}
ARRAY_CALL(grow)
ARRAY_CALL(table_grow)
ARRAY_CALL(deep)
ARRAY_CALL(spin)
ARRAY_CALL(burn)

/* ---- module L: memory 2 (no maximum), table 1 (no maximum), the functions above --------- */

static const struct w2n_desc_type l_types[] = {{1, 1, sig_i_i}};
static const struct w2n_desc_func l_funcs[] = {
	{(void *)grow, grow_array, 0, "grow"}, {(void *)table_grow, table_grow_array, 0, "table_grow"},
	{(void *)deep, deep_array, 0, "deep"}, {(void *)spin, spin_array, 0, "spin"},
	{(void *)burn, burn_array, 0, "burn"},
};
static const struct w2n_desc_limits l_mems[] = {{2, 0, 0}};
static const struct w2n_desc_table l_tables[] = {{0x70, 0, {1, 0, 0}, {0}}};
static const struct w2n_desc_export l_exports[] = {
	{"grow", 4, 0, 0}, {"table_grow", 10, 0, 1}, {"deep", 4, 0, 2},
	{"spin", 4, 0, 3}, {"burn", 4, 0, 4},
};
static struct w2n_module_desc module_l = {
	.abi_version = W2N_ABI_VERSION,
	.name = "L",
	.ntypes = 1,
	.nexports = 5,
	.nfuncs = 5,
	.ntables = 1,
	.nmems = 1,
	.types = l_types,
	.exports = l_exports,
	.funcs = l_funcs,
	.tables = l_tables,
	.mems = l_mems,
	.start = -1,
	.code_limits = W2N_CODE_INTERRUPTIBLE | W2N_CODE_FUEL,
};

static struct w2n_instance *make(const struct w2n_instance_limits *limits)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instantiate_limited(&module_l, NULL, NULL, limits, &err);
	if (inst == NULL)
		w2n_dprintf(2, "  instantiation failed: %s\n", err.message);
	return inst;
}

/* Calls export `name` with one i32; false with *err on a trap. */
static bool call(struct w2n_instance *inst, const char *name, int32_t arg, int32_t *result,
                 struct w2n_error *err)
{
	struct w2n_extern f;
	if (!w2n_instance_export(inst, name, &f))
		return false;
	union w2n_val v[1] = {{.i32 = arg}};
	bool ok = w2n_call(f.u.func, v, err);
	*result = v[0].i32;
	return ok;
}

/* The result of a call that must not trap (INT32_MIN if it trapped). */
static int32_t ok_call(struct w2n_instance *inst, const char *name, int32_t arg)
{
	struct w2n_error err;
	int32_t r;
	if (!call(inst, name, arg, &r, &err)) {
		w2n_dprintf(2, "  %s(%d) trapped: %s\n", name, arg, err.message);
		return INT32_MIN;
	}
	return r;
}

/* The trap id of a call that must trap (UINT32_MAX if it returned). */
static uint32_t trap_call(struct w2n_instance *inst, const char *name, int32_t arg,
                          struct w2n_error *err)
{
	int32_t r;
	return call(inst, name, arg, &r, err) ? UINT32_MAX : err->trap;
}

/* ---- tests ---------------------------------------------------------------------------------- */

static void test_memory_cap(void)
{
	struct w2n_instance_limits limits = {.max_memory = 4 * W2N_PAGE_SIZE};
	struct w2n_instance *inst = make(&limits);
	if (!CHECK(inst != NULL))
		return;
	CHECK(ok_call(inst, "grow", 1) == 2 && ok_call(inst, "grow", 1) == 3);
	CHECK(ok_call(inst, "grow", 1) == -1); /* 5 pages > 256 KiB */
	CHECK(ok_call(inst, "grow", 0) == 4 && inst->mems[0]->size == 4 * W2N_PAGE_SIZE);
	inst = make(NULL); /* not hit: no cap */
	CHECK(inst != NULL && ok_call(inst, "grow", 100) == 2 && ok_call(inst, "grow", 0) == 102);
	/* A cap that is not a whole number of pages rounds down. */
	limits.max_memory = 3 * W2N_PAGE_SIZE + 100;
	inst = make(&limits);
	CHECK(inst != NULL && ok_call(inst, "grow", 1) == 2 && ok_call(inst, "grow", 1) == -1);
	/* The minimum (2 pages) above the cap fails instantiation cleanly. */
	struct w2n_error err;
	limits.max_memory = W2N_PAGE_SIZE;
	CHECK(w2n_instantiate_limited(&module_l, NULL, NULL, &limits, &err) == NULL);
	CHECK(err.kind == W2N_ERR_RESOURCE &&
	      starts_with(err.message, "memory minimum of 131072 bytes exceeds the instance's "
	                               "limit of 65536 bytes"));
}

static void test_table_cap(void)
{
	struct w2n_instance_limits limits = {.max_table = 3};
	struct w2n_instance *inst = make(&limits);
	if (!CHECK(inst != NULL))
		return;
	CHECK(ok_call(inst, "table_grow", 2) == 1 && ok_call(inst, "table_grow", 1) == -1);
	CHECK(inst->vmctx.tables[0]->size == 3);
	inst = make(NULL);
	CHECK(inst != NULL && ok_call(inst, "table_grow", 1000) == 1);
	struct w2n_error err;
	struct w2n_desc_table big[] = {{0x70, 0, {5, 0, 0}, {0}}};
	module_l.tables = big;
	CHECK(w2n_instantiate_limited(&module_l, NULL, NULL, &limits, &err) == NULL);
	module_l.tables = l_tables;
	CHECK(err.kind == W2N_ERR_RESOURCE &&
	      starts_with(err.message, "table minimum of 5 elements exceeds the instance's limit "
	                               "of 3 elements"));
}

static void test_stack_budget(void)
{
	struct w2n_instance_limits limits = {.max_stack = 64 << 10};
	struct w2n_instance *inst = make(&limits);
	if (!CHECK(inst != NULL))
		return;
	uintptr_t before = inst->vmctx.stack_limit;
	CHECK(ok_call(inst, "deep", 100) == 100); /* not hit: a few KiB */
	struct w2n_error err;
	CHECK(trap_call(inst, "deep", 10000, &err) == W2N_TRAP_STACK_EXHAUSTED); /* ~1 MiB */
	CHECK(starts_with(err.message, "call stack exhausted (in function deep)"));
	CHECK(inst->vmctx.stack_limit == before && inst->calls == 0);
	inst = make(NULL);
	CHECK(inst != NULL && ok_call(inst, "deep", 10000) == 10000);
}

static void test_deadline(void)
{
	struct w2n_instance_limits limits = {.timeout_ns = 50000000}; /* 50 ms */
	struct w2n_instance *inst = make(&limits);
	if (!CHECK(inst != NULL))
		return;
	struct w2n_error err;
	uint64_t t0 = w2n_sys_clock_ns(W2N_CLOCK_MONOTONIC);
	CHECK(trap_call(inst, "spin", 0, &err) == W2N_TRAP_INTERRUPTED);
	uint64_t ms = (w2n_sys_clock_ns(W2N_CLOCK_MONOTONIC) - t0) / 1000000;
	if (!CHECK(ms >= 50 && ms < 2000))
		w2n_dprintf(2, "  stopped after %llu ms\n", (unsigned long long)ms);
	CHECK(err.kind == W2N_ERR_TRAP &&
	      starts_with(err.message, "interrupted: deadline exceeded (in function spin)"));
	/* Not hit: the next call gets a fresh deadline and ends in time. */
	CHECK(ok_call(inst, "spin", 1000) == 1000 && inst->deadline == 0);
	CHECK(ok_call(inst, "spin", 1000) == 1000);
	/* The host interrupts: the next call stops at its first check. */
	CHECK(w2n_instance_interrupt(inst));
	CHECK(trap_call(inst, "spin", 1000, &err) == W2N_TRAP_INTERRUPTED_HOST);
	CHECK(starts_with(err.message, "interrupted by the host (in function spin)"));
	CHECK(ok_call(inst, "spin", 1000) == 1000);
	/* Timeouts can be changed between calls. */
	CHECK(w2n_instance_set_timeout(inst, 10000000));
	CHECK(trap_call(inst, "spin", 0, &err) == W2N_TRAP_INTERRUPTED);
	CHECK(w2n_instance_set_timeout(inst, 0) && ok_call(inst, "spin", 1000) == 1000);
	/* Code without interruption checks cannot take a deadline. */
	module_l.code_limits = W2N_CODE_FUEL;
	CHECK(w2n_instantiate_limited(&module_l, NULL, NULL, &limits, &err) == NULL);
	CHECK(err.kind == W2N_ERR_RESOURCE && starts_with(err.message, "a timeout needs code"));
	inst = make(NULL);
	CHECK(inst != NULL && !w2n_instance_interrupt(inst) && !w2n_instance_set_timeout(inst, 1));
	module_l.code_limits = W2N_CODE_INTERRUPTIBLE | W2N_CODE_FUEL;
}

static void test_fuel(void)
{
	struct w2n_instance_limits limits = {.fuel = 1000};
	struct w2n_instance *inst = make(&limits);
	if (!CHECK(inst != NULL))
		return;
	CHECK(w2n_instance_fuel(inst) == 1000);
	CHECK(ok_call(inst, "burn", 600) == 600 && w2n_instance_fuel(inst) == 400);
	struct w2n_error err;
	CHECK(trap_call(inst, "burn", 600, &err) == W2N_TRAP_OUT_OF_FUEL);
	CHECK(starts_with(err.message, "all fuel consumed (in function burn)"));
	CHECK(w2n_instance_fuel(inst) == 0);
	CHECK(w2n_instance_add_fuel(inst, 600) && ok_call(inst, "burn", 600) == 600);
	CHECK(w2n_instance_set_fuel(inst, 5) && w2n_instance_fuel(inst) == 5);
	inst = make(NULL); /* no fuel limit */
	CHECK(inst != NULL && w2n_instance_fuel(inst) == UINT64_MAX);
	CHECK(ok_call(inst, "burn", 100000) == 100000 && w2n_instance_fuel(inst) == UINT64_MAX);
	module_l.code_limits = W2N_CODE_INTERRUPTIBLE;
	CHECK(w2n_instantiate_limited(&module_l, NULL, NULL, &limits, &err) == NULL);
	CHECK(err.kind == W2N_ERR_RESOURCE && starts_with(err.message, "fuel needs code"));
	inst = make(NULL);
	CHECK(inst != NULL && w2n_instance_fuel(inst) == UINT64_MAX);
	CHECK(!w2n_instance_add_fuel(inst, 1) && !w2n_instance_set_fuel(inst, 1));
	module_l.code_limits = W2N_CODE_INTERRUPTIBLE | W2N_CODE_FUEL;
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_memory_cap();
	test_table_cap();
	test_stack_budget();
	test_deadline();
	test_fuel();
	return summary();
}
