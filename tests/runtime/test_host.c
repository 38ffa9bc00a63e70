/* test_host.c — the embedding API in a freestanding program, on both targets: host functions
 * reached through the compiler's host-call adapters (several parameter and result types, one
 * through call_indirect), a host trap, typed calls, reset and free cycles, with the
 * executable's own thread-local storage (crt.c/tls.c). tests/host covers the same API in
 * depth, but only on the build machine (glibc programs); this runs on AArch64 too (qemu). */
#include "check.h"

extern const struct w2n_module_desc plugin_module;

#include "../host/plugin_funcs.h"

static int starts;

static const char *h_add3(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	r[0].i32 = a[0].i32 + a[1].i32 + a[2].i32;
	return NULL;
}

static const char *h_fail(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	return a[0].i32 != 0 ? "no" : NULL;
}

static const char *h_nop(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                         union w2n_val *r)
{
	return NULL;
}

static const char *h_started(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                             union w2n_val *r)
{
	starts++;
	return NULL;
}

static const struct w2n_host_func funcs[] = {
	{"env", "add3", i32x3, 3, i32x1, 1, h_add3, NULL},
	{"env", "fail", i32x1, 1, NULL, 0, h_fail, NULL},
	{"env", "pair", i64_f64, 2, f64_i64, 2, h_pair, NULL},
	{"env", "square", i32x1, 1, i32x1, 1, h_square, NULL},
	{"env", "log", i32x2, 2, NULL, 0, h_nop, NULL},
	{"env", "started", NULL, 0, NULL, 0, h_started, NULL},
};

static struct w2n_instance *make(struct w2n_error *err)
{
	struct w2n_options opt = {.funcs = funcs, .nfuncs = 6};
	return w2n_instance_new(&plugin_module, &opt, err);
}

static bool call1(struct w2n_instance *inst, const char *name, int32_t x, int32_t *out)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(x), res;
	bool ok = w2n_call_export(inst, name, &arg, 1, &res, 1, &err);
	*out = res.of.i32;
	return ok;
}

static void test_calls(struct w2n_instance *inst)
{
	struct w2n_error err;
	int32_t out = 0;
	CHECK(starts == 1);
	CHECK(call1(inst, "call_add3", 1, &out) && out == 111);
	struct w2n_value args[2] = {w2n_value_i64(41), w2n_value_f64(1.25)}, res[2];
	CHECK(w2n_call_export(inst, "call_pair", args, 2, res, 2, &err));
	CHECK(res[0].of.f64 == 2.5 && res[1].of.i64 == 42);
	CHECK(w2n_call_export(inst, "set_square", NULL, 0, NULL, 0, &err));
	struct w2n_value ind[2] = {w2n_value_i32(1), w2n_value_i32(9)};
	CHECK(w2n_call_export(inst, "indirect", ind, 2, res, 1, &err) && res[0].of.i32 == 81);
	struct w2n_value one = w2n_value_i32(1);
	CHECK(!w2n_call_export(inst, "call_fail", &one, 1, NULL, 0, &err));
	CHECK(err.trap == W2N_TRAP_HOST &&
	      strcmp(err.message, "host function trapped: no (in function env.fail)") == 0);
	CHECK(!call1(inst, "recurse", 0, &out));
	CHECK(!w2n_call_export(inst, "call_add3", args, 1, res, 1, &err) && err.kind == W2N_ERR_CALL);
}

/* Reset and free cycles: everything comes back (the start function runs again) and nothing
 * is lost on the way. */
static void test_cycles(struct w2n_instance *inst)
{
	struct w2n_error err;
	int32_t out = 0;
	bool ok = true;
	for (int i = 0; i < 1000 && ok; i++) {
		ok = call1(inst, "grow", 1, &out) && out == 1 && w2n_instance_reset(inst, &err);
		struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
		ok = ok && w2n_memory_size(mem) == W2N_PAGE_SIZE;
	}
	CHECK(ok && starts == 1001);
	for (int i = 0; i < 1000 && ok; i++) {
		struct w2n_instance *fresh = make(&err);
		ok = fresh != NULL && call1(fresh, "call_add3", i, &out) && out == i + 110;
		w2n_instance_free(fresh);
	}
	CHECK(ok && starts == 2001);
}

int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_error err;
	struct w2n_instance *inst = make(&err);
	if (!CHECK(inst != NULL)) {
		w2n_dprintf(2, "  %s\n", err.message);
		return summary();
	}
	test_calls(inst);
	test_cycles(inst);
	w2n_instance_free(inst);
	return summary();
}
