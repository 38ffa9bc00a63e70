/* test_faults.c — the runtime short of resources, and hosts re-entering the guest: each works
 * or fails with a clear error, never a crash or a hang (docs/runtime.md "Resource faults";
 * tests/e2e/faults.py runs whole programs under the same conditions and signals).
 * - re-entrance: a host function calls back into the guest through w2n_call, a trap inside
 *   ends only that inner call, and the outer call goes on (also 200 levels deep);
 * - many instances: guard-page instances under a 64 GiB address-space limit until the 8 GiB
 *   reservations run out (then a W2N_ERR_RESOURCE with the message, no crash); freed, as many
 *   fit again under the same limit (w2n_instance_free gives the space back, docs/runtime.md);
 *   and a thousand bounds-checked instances. */
#include "check.h"

#define HOST_RLIMIT_AS 9 /* asm-generic: the same on x86-64 and AArch64 */

static int levels, inner_trapped, middle_saw_inner;

static bool contains(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (memcmp(s, part, n) == 0)
			return true;
	return false;
}

static void f_inner(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_trap(vm, W2N_TRAP_DIV_BY_ZERO, 0);
}

/* Calls inner, which traps; checks what came back, then traps itself. */
static void f_middle(struct w2n_vmctx *vm, union w2n_val *v)
{
	struct w2n_error err;
	union w2n_val inner[1] = {{.i64 = 0}};
	middle_saw_inner = !w2n_call(&vm->funcs[0], inner, &err) && err.kind == W2N_ERR_TRAP &&
	                   strcmp(err.message, "integer divide by zero (in function inner)") == 0;
	w2n_rt_trap(vm, W2N_TRAP_UNREACHABLE, 1);
}

/* Calls middle, whose trap ends only that call, and returns normally. */
static void f_outer(struct w2n_vmctx *vm, union w2n_val *v)
{
	struct w2n_error err;
	union w2n_val inner[1] = {{.i64 = 0}};
	inner_trapped = !w2n_call(&vm->funcs[1], inner, &err) && err.trap == W2N_TRAP_UNREACHABLE &&
	                strcmp(err.message, "unreachable (in function middle)") == 0;
	v[0].i32 = 7;
}

/* v[0] levels down through w2n_call, a trap at the bottom; each level sees its callee's trap
 * and traps in turn, so the trap climbs one frame at a time. */
static void f_deep(struct w2n_vmctx *vm, union w2n_val *v)
{
	if (v[0].i32 == 0)
		w2n_rt_trap(vm, W2N_TRAP_INT_OVERFLOW, 3);
	struct w2n_error err;
	union w2n_val inner[1] = {{.i32 = v[0].i32 - 1}};
	if (!w2n_call(&vm->funcs[3], inner, &err) && err.trap == W2N_TRAP_INT_OVERFLOW)
		levels++;
	w2n_rt_trap(vm, W2N_TRAP_INT_OVERFLOW, 3);
}

static const struct w2n_desc_type f_types[] = {{0, 0, NULL}};
#define FN(f, name) {(void *)(f), (f), 0, (name)}
static const struct w2n_desc_func f_funcs[] = {
	FN(f_inner, "inner"),
	FN(f_middle, "middle"),
	FN(f_outer, "outer"),
	FN(f_deep, "deep"),
};
static const struct w2n_desc_limits f_mems[] = {{1, 0, 0}};
static struct w2n_module_desc module_f = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 1,
	.nfuncs = 4,
	.nmems = 1,
	.types = f_types,
	.funcs = f_funcs,
	.mems = f_mems,
	.start = -1,
};

static void test_reentry(struct w2n_instance *inst)
{
	struct w2n_error err;
	union w2n_val v[1] = {{.i64 = 0}};
	CHECK(w2n_call(&inst->vmctx.funcs[2], v, &err) && v[0].i32 == 7);
	CHECK(inner_trapped && middle_saw_inner);
	v[0].i32 = 200;
	CHECK(!w2n_call(&inst->vmctx.funcs[3], v, &err) && err.trap == W2N_TRAP_INT_OVERFLOW);
	CHECK(levels == 200);
	CHECK(strcmp(err.message, "integer overflow (in function deep)") == 0);
	CHECK(w2n_trap_current() == NULL);
	/* The instance is still usable after all that. */
	v[0].i64 = 0;
	CHECK(w2n_call(&inst->vmctx.funcs[2], v, &err) && v[0].i32 == 7);
}

#define MAX_INSTANCES 1000
static struct w2n_instance *live[MAX_INSTANCES];

/* Instantiates into live[] until it fails (at most `limit` <= MAX_INSTANCES times): how many
 * succeeded, *err the failure. */
static int instantiate_until_failure(int limit, struct w2n_error *err)
{
	for (int n = 0; n < limit; n++)
		if ((live[n] = w2n_instantiate(&module_f, NULL, NULL, err)) == NULL)
			return n;
	return limit;
}

static void free_all(int n)
{
	for (int i = 0; i < n; i++)
		w2n_instance_free(live[i]);
}

static void test_many_instances(void)
{
	struct w2n_error err;
	struct w2n_rlimit old, lim = {64ull << 30, 64ull << 30};
	if (!CHECK(w2n_sys_getrlimit(HOST_RLIMIT_AS, &old) == 0 &&
	           w2n_sys_setrlimit(HOST_RLIMIT_AS, &lim) == 0))
		return;
	int n = instantiate_until_failure(100, &err);
	CHECK(n >= 2 && n < 8); /* 8 GiB each out of 64 GiB, less what the process holds */
	CHECK(err.kind == W2N_ERR_RESOURCE);
	CHECK(contains(err.message, "cannot reserve") && contains(err.message, "--bounds-checks"));
	/* Freed, their reservations are unmapped or kept for the next memories (recycle.c): either
	 * way as many instances fit again, and no more. */
	free_all(n);
	CHECK(instantiate_until_failure(100, &err) == n && err.kind == W2N_ERR_RESOURCE);
	free_all(n);
	w2n_sys_setrlimit(HOST_RLIMIT_AS, &old);

	module_f.bounds_checks = 1;
	n = instantiate_until_failure(MAX_INSTANCES, &err);
	CHECK(n == MAX_INSTANCES);
	free_all(n);
	module_f.bounds_checks = 0;
}

int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instantiate(&module_f, NULL, NULL, &err);
	if (!CHECK(inst != NULL)) {
		w2n_dprintf(2, "  %s\n", err.message);
		return summary();
	}
	test_reentry(inst);
	test_many_instances();
	return summary();
}
