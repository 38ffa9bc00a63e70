/* test_trap.c — traps end to end: w2n_rt_trap unwinding to w2n_call with the spec message and
 * function name, nested calls, faults inside a memory reservation (SIGSEGV → "out of bounds
 * memory access", repeatedly: the handler must leave the signal mask clean), the stack limit
 * checked by prologues, and a stack overflow without checks faulting in the guard region.
 * With the argument "crash", a fault outside any reservation must kill the process
 * (expect.sh checks for SIGSEGV). */
#include "check.h"

static int depth, nested_ok;
static volatile int never; /* keeps unbounded recursion from looking infinite */

static void t_divide(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_trap(vm, W2N_TRAP_DIV_BY_ZERO, 0);
}

static void t_oob(struct w2n_vmctx *vm, union w2n_val *v)
{
	v[0].i32 = ((volatile uint8_t *)vm->memory->base)[70000]; /* page 2 of a 1-page memory */
}

static __attribute__((noinline)) int recurse(struct w2n_vmctx *vm, int n)
{
	/* What every generated prologue does. */
	if ((uintptr_t)__builtin_frame_address(0) < vm->stack_limit)
		w2n_rt_trap(vm, W2N_TRAP_STACK_EXHAUSTED, 2);
	depth = n;
	int r = recurse(vm, n + 1);
	__asm__ volatile("" ::: "memory"); /* no tail call, no accumulator loop */
	return r + 1;
}

static void t_recurse(struct w2n_vmctx *vm, union w2n_val *v)
{
	v[0].i32 = recurse(vm, 0);
}

static __attribute__((noinline)) void overflow(volatile char *prev)
{
	volatile char buf[4096];
	buf[0] = prev != NULL ? prev[0] : 1;
	if (never != 1)
		overflow(buf);
	__asm__ volatile("" ::: "memory");
}

static void t_overflow(struct w2n_vmctx *vm, union w2n_val *v)
{
	overflow(NULL);
}

static void t_nested(struct w2n_vmctx *vm, union w2n_val *v)
{
	struct w2n_error err;
	union w2n_val inner[1];
	nested_ok = !w2n_call(&vm->funcs[0], inner, &err) && err.trap == W2N_TRAP_DIV_BY_ZERO;
	v[0].i32 = 5;
}

static void t_unnamed(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_trap(vm, W2N_TRAP_INT_OVERFLOW, 5);
}

static void t_far(struct w2n_vmctx *vm, union w2n_val *v)
{
	/* The farthest byte an i32 address plus a u32 offset can reach with a v128 access. */
	((volatile uint8_t *)vm->memory->base)[(8ull << 30) + 14] = 1;
}

static void t_wild(struct w2n_vmctx *vm, union w2n_val *v)
{
	*(volatile int *)(uintptr_t)16 = 1;
}

static void t_store(struct w2n_vmctx *vm, union w2n_val *v)
{
	((volatile uint8_t *)vm->memory->base)[W2N_PAGE_SIZE] = 1;
}

static const struct w2n_desc_type t_types[] = {{0, 0, NULL}};
#define FN(f, name) {(void *)(f), (f), 0, (name)}
static const struct w2n_desc_func t_funcs[] = {
	FN(t_divide, "divide"),     FN(t_oob, "oob"),       FN(t_recurse, "recurse"),
	FN(t_overflow, "overflow"), FN(t_nested, "nested"), FN(t_unnamed, NULL),
	FN(t_far, "far"),           FN(t_wild, "wild"),     FN(t_store, "store"),
};
static const struct w2n_desc_limits t_mems[] = {{1, 0, 0}};
static const struct w2n_module_desc module_t = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 1,
	.nfuncs = 9,
	.nmems = 1,
	.types = t_types,
	.funcs = t_funcs,
	.mems = t_mems,
	.start = -1,
};

static struct w2n_instance *inst;

/* Calls function `index` of T; returns the trap (or -1) and leaves the message in *err. */
static int call(uint32_t index, struct w2n_error *err)
{
	union w2n_val v[1] = {{.i64 = 0}};
	return w2n_call(&inst->vmctx.funcs[index], v, err) ? -1 : (int)err->trap;
}

static void test_explicit(void)
{
	struct w2n_error err;
	CHECK(call(0, &err) == W2N_TRAP_DIV_BY_ZERO);
	CHECK(strcmp(err.message, "integer divide by zero (in function divide)") == 0);
	CHECK(call(5, &err) == W2N_TRAP_INT_OVERFLOW);
	CHECK(strcmp(err.message, "integer overflow (in function #5)") == 0);
	CHECK(call(4, &err) == -1 && nested_ok);
	CHECK(w2n_trap_current() == NULL);
}

static void test_signals(void)
{
	struct w2n_error err;
	for (int i = 0; i < 3; i++) {
		CHECK(call(1, &err) == W2N_TRAP_MEMORY_OOB);
		CHECK(strcmp(err.message, "out of bounds memory access (in function oob)") == 0);
	}
	CHECK(call(8, &err) == W2N_TRAP_MEMORY_OOB && inst->mems[0]->base[0] == 0);
	CHECK(call(6, &err) == W2N_TRAP_MEMORY_OOB);
	/* After growing, the same store succeeds. */
	CHECK(w2n_memory_grow(inst->mems[0], 1) == 1);
	CHECK(call(8, &err) == -1 && inst->mems[0]->base[W2N_PAGE_SIZE] == 1);
	CHECK(call(0, &err) == W2N_TRAP_DIV_BY_ZERO);
	CHECK(w2n_trap_current() == NULL);
}

static void test_stack(void)
{
	struct w2n_error err;
	for (int i = 0; i < 2; i++) {
		depth = 0;
		CHECK(call(2, &err) == W2N_TRAP_STACK_EXHAUSTED);
		CHECK(strcmp(err.message, "call stack exhausted (in function recurse)") == 0);
		CHECK(depth > 10000);
	}
	for (int i = 0; i < 2; i++) {
		CHECK(call(3, &err) == W2N_TRAP_STACK_EXHAUSTED);
		CHECK(memcmp(err.message, "call stack exhausted", 20) == 0);
	}
	CHECK(call(0, &err) == W2N_TRAP_DIV_BY_ZERO);
}

int w2n_main(int argc, char **argv, char **envp)
{
	/* Overflowing without checks must fault where the handler looks: keep the stack within
	 * the 8 MiB the limit assumes (an unlimited stack would just keep growing). */
	struct w2n_rlimit rl;
	if (w2n_sys_getrlimit(W2N_RLIMIT_STACK, &rl) == 0 && rl.cur > (8u << 20)) {
		rl.cur = rl.max < (8u << 20) ? rl.max : (8u << 20);
		w2n_sys_setrlimit(W2N_RLIMIT_STACK, &rl);
	}
	struct w2n_error err;
	inst = w2n_instantiate(&module_t, NULL, NULL, &err);
	if (!CHECK(inst != NULL)) {
		w2n_dprintf(2, "  %s\n", err.message);
		return summary();
	}
	if (argc > 1 && strcmp(argv[1], "crash") == 0) {
		call(7, &err);
		w2n_dprintf(2, "survived a wild store: %s\n", err.message);
		return 0;
	}
	test_explicit();
	test_signals();
	test_stack();
	return summary();
}
