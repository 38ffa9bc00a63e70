/* test_api.c — the host API (host.h) on a real compiled module (plugin.wat): typed host
 * functions with a context, a host function trapping the guest with a message, restricted
 * imports, typed calls checked against the signature, memory and global accessors, reset and
 * free. */
#include "check.h"

extern const struct w2n_module_desc plugin_module;

#include "plugin_funcs.h"

/* What the host functions see and record. */
struct state {
	int calls, starts;
	bool refuse_start;
	char logged[64];
	struct w2n_instance *caller;
};

static const char *h_add3(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	struct state *s = ctx;
	s->calls++;
	s->caller = caller;
	r[0].i32 = a[0].i32 + a[1].i32 + a[2].i32;
	return NULL;
}

static const char *h_fail(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                          union w2n_val *r)
{
	static char msg[64];
	if (a[0].i32 == 0)
		return NULL;
	snprintf(msg, sizeof msg, "bad request %d", a[0].i32);
	return msg;
}

/* Reads the guest's string through the caller's exported memory. */
static const char *h_log(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                         union w2n_val *r)
{
	struct state *s = ctx;
	struct w2n_memory *mem = w2n_instance_memory(caller, "memory");
	uint32_t ptr = (uint32_t)a[0].i32, len = (uint32_t)a[1].i32;
	if (len >= sizeof s->logged || !w2n_memory_read(mem, ptr, s->logged, len))
		return "log: string out of bounds";
	s->logged[len] = '\0';
	return NULL;
}

static const char *h_started(void *ctx, struct w2n_instance *caller, const union w2n_val *a,
                             union w2n_val *r)
{
	struct state *s = ctx;
	if (s->refuse_start)
		return "not now";
	s->starts++;
	return NULL;
}

static struct state st;

static const struct w2n_host_func funcs[] = {
	{"env", "add3", i32x3, 3, i32x1, 1, h_add3, &st},
	{"env", "fail", i32x1, 1, NULL, 0, h_fail, &st},
	{"env", "pair", i64_f64, 2, f64_i64, 2, h_pair, &st},
	{"env", "square", i32x1, 1, i32x1, 1, h_square, &st},
	{"env", "log", i32x2, 2, NULL, 0, h_log, &st},
	{"env", "started", NULL, 0, NULL, 0, h_started, &st},
};

static struct w2n_instance *make(struct w2n_error *err)
{
	struct w2n_options opt = {.funcs = funcs, .nfuncs = sizeof funcs / sizeof funcs[0]};
	return w2n_instance_new(&plugin_module, &opt, err);
}

static int32_t call_i32(struct w2n_instance *inst, const char *name, int32_t x)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(x), res = {0};
	if (!CHECK_ERR(w2n_call_export(inst, name, &arg, 1, &res, 1, &err), err))
		return -1;
	CHECK(res.type == W2N_I32);
	return res.of.i32;
}

static void test_host_funcs(struct w2n_instance *inst)
{
	struct w2n_error err;
	CHECK(st.starts == 1); /* the start function called a host function */
	CHECK(call_i32(inst, "call_add3", 1) == 111);
	CHECK(st.calls == 1 && st.caller == inst);

	struct w2n_value args[2] = {w2n_value_i64(41), w2n_value_f64(1.25)}, res[2];
	CHECK_ERR(w2n_call_export(inst, "call_pair", args, 2, res, 2, &err), err);
	CHECK(res[0].type == W2N_F64 && res[0].of.f64 == 2.5);
	CHECK(res[1].type == W2N_I64 && res[1].of.i64 == 42);

	CHECK_ERR(w2n_call_export(inst, "say_hello", NULL, 0, NULL, 0, &err), err);
	CHECK(strcmp(st.logged, "hello") == 0);

	/* A host function in a table, called through call_indirect. */
	CHECK_ERR(w2n_call_export(inst, "set_square", NULL, 0, NULL, 0, &err), err);
	struct w2n_value ind[2] = {w2n_value_i32(1), w2n_value_i32(9)}, out;
	CHECK_ERR(w2n_call_export(inst, "indirect", ind, 2, &out, 1, &err), err);
	CHECK(out.of.i32 == 81);
	ind[0].of.i32 = 0; /* slot 0: the module's own $double */
	CHECK(w2n_call_export(inst, "indirect", ind, 2, &out, 1, &err) && out.of.i32 == 18);
}

static void test_host_trap(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_value arg = w2n_value_i32(7);
	CHECK(!w2n_call_export(inst, "call_fail", &arg, 1, NULL, 0, &err));
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_HOST);
	CHECK_ERR(strcmp(err.message, "host function trapped: bad request 7 (in function env.fail)") ==
	              0,
	          err);
	/* The instance is still usable, and a guest trap is told apart from a host one. */
	arg.of.i32 = 0;
	CHECK_ERR(w2n_call_export(inst, "call_fail", &arg, 1, NULL, 0, &err), err);
	struct w2n_value div[2] = {w2n_value_i32(1), w2n_value_i32(0)}, res;
	CHECK(!w2n_call_export(inst, "div", div, 2, &res, 1, &err));
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_DIV_BY_ZERO);
	CHECK(!w2n_call_export(inst, "boom", NULL, 0, NULL, 0, &err));
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_UNREACHABLE);
	CHECK(!w2n_call_export(inst, "recurse", &arg, 1, &res, 1, &err));
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_STACK_EXHAUSTED);
	struct w2n_value far = w2n_value_i32(65536 * 3);
	CHECK(!w2n_call_export(inst, "load", &far, 1, &res, 1, &err));
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_MEMORY_OOB);
}

/* Wrong arity, wrong types, missing exports: errors, nothing called. */
static void test_call_checks(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_value args[2] = {w2n_value_i64(1), w2n_value_i32(2)}, res[2];
	int calls = st.calls;
	CHECK(!w2n_call_export(inst, "call_add3", args, 1, res, 1, &err) && err.kind == W2N_ERR_CALL);
	CHECK_ERR(strcmp(err.message, "the function takes (i32) and returns (i32); the call passes "
	                              "(i64) and expects 1 result") == 0,
	          err);
	CHECK(!w2n_call_export(inst, "call_add3", args + 1, 2, res, 1, &err) &&
	      err.kind == W2N_ERR_CALL);
	CHECK(!w2n_call_export(inst, "call_add3", args + 1, 1, res, 2, &err) &&
	      err.kind == W2N_ERR_CALL);
	CHECK(st.calls == calls);
	CHECK(!w2n_call_export(inst, "nope", NULL, 0, NULL, 0, &err) && err.kind == W2N_ERR_CALL);
	CHECK(strcmp(err.message, "no export named \"nope\"") == 0);
	CHECK(!w2n_call_export(inst, "memory", NULL, 0, NULL, 0, &err) && err.kind == W2N_ERR_CALL);
	CHECK(strcmp(err.message, "export \"memory\" is not a function") == 0);
	struct w2n_funcref *f = w2n_export_func(inst, "double", &err);
	struct w2n_value x = w2n_value_i32(21);
	CHECK(f != NULL && w2n_invoke(f, &x, 1, res, 1, &err) && res[0].of.i32 == 42);
}

static void test_memory(struct w2n_instance *inst)
{
	struct w2n_error err;
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	CHECK(mem != NULL && mem == w2n_instance_memory(inst, NULL));
	CHECK(w2n_instance_memory(inst, "table") == NULL);
	CHECK(w2n_memory_size(mem) == 65536);
	char buf[8] = {0};
	CHECK(w2n_memory_read(mem, 16, buf, 5) && strcmp(buf, "hello") == 0);
	CHECK(w2n_memory_write(mem, 65532, "abcd", 4));
	CHECK(!w2n_memory_write(mem, 65533, "abcd", 4)); /* one byte past the end */
	CHECK(!w2n_memory_read(mem, UINT64_MAX - 1, buf, 4));
	CHECK(!w2n_memory_read(mem, 65537, buf, 0));
	CHECK(w2n_memory_read(mem, 65536, buf, 0));
	CHECK(w2n_memory_span(mem, 65532, 4) != NULL && w2n_memory_span(mem, 65532, 5) == NULL);
	struct w2n_value args[2] = {w2n_value_i32(100), w2n_value_i32(0x01020304)};
	CHECK_ERR(w2n_call_export(inst, "store", args, 2, NULL, 0, &err), err);
	uint32_t word = 0;
	CHECK(w2n_memory_read(mem, 100, &word, 4) && word == 0x01020304);
	CHECK(call_i32(inst, "grow", 1) == 1 && w2n_memory_size(mem) == 2 * 65536);
	CHECK(w2n_memory_write(mem, 65536 + 100, "x", 1));
}

static void test_globals(struct w2n_instance *inst)
{
	struct w2n_value v;
	CHECK(w2n_global_get(inst, "answer", &v) && v.type == W2N_I64 && v.of.i64 == 42);
	CHECK(w2n_global_get(inst, "counter", &v) && v.type == W2N_I32 && v.of.i32 == 7);
	struct w2n_value set = w2n_value_i32(100);
	CHECK(w2n_global_set(inst, "counter", &set));
	CHECK(!w2n_global_set(inst, "answer", &set)); /* immutable */
	struct w2n_value wrong = w2n_value_i64(1);
	CHECK(!w2n_global_set(inst, "counter", &wrong));
	CHECK(!w2n_global_get(inst, "memory", &v));
	struct w2n_value none;
	struct w2n_error err;
	CHECK(w2n_call_export(inst, "bump", NULL, 0, &none, 1, &err) && none.of.i32 == 101);
}

/* After reset: initial memory size and contents, globals, table; the start function ran again. */
static void test_reset(struct w2n_instance *inst)
{
	struct w2n_error err;
	int starts = st.starts;
	CHECK_ERR(w2n_instance_reset(inst, &err), err);
	CHECK(st.starts == starts + 1);
	struct w2n_memory *mem = w2n_instance_memory(inst, "memory");
	CHECK(w2n_memory_size(mem) == 65536);
	uint32_t word = 1;
	CHECK(w2n_memory_read(mem, 100, &word, 4) && word == 0);
	char buf[8] = {0};
	CHECK(w2n_memory_read(mem, 16, buf, 5) && strcmp(buf, "hello") == 0);
	struct w2n_value v;
	CHECK(w2n_global_get(inst, "counter", &v) && v.of.i32 == 7);
	struct w2n_value ind[2] = {w2n_value_i32(1), w2n_value_i32(9)}, out;
	CHECK(!w2n_call_export(inst, "indirect", ind, 2, &out, 1, &err) &&
	      err.trap == W2N_TRAP_NULL_ELEMENT);
	CHECK(call_i32(inst, "grow", 1) == 1);
	CHECK(call_i32(inst, "call_add3", 2) == 112);
}

/* Only the imports the host offers: anything else fails with the spec's "unknown import". */
static void test_restricted(void)
{
	struct w2n_error err;
	struct w2n_options opt = {.funcs = funcs, .nfuncs = 5}; /* all but env.started */
	CHECK(w2n_instance_new(&plugin_module, &opt, &err) == NULL);
	CHECK(err.kind == W2N_ERR_LINK);
	CHECK_ERR(strcmp(err.message, "unknown import (function env.started)") == 0, err);
	CHECK(w2n_instance_new(&plugin_module, NULL, &err) == NULL && err.kind == W2N_ERR_LINK);
	CHECK(strcmp(err.message, "unknown import (function env.add3)") == 0);
	/* The right name with the wrong signature. */
	struct w2n_host_func bad[6];
	memcpy(bad, funcs, sizeof bad);
	bad[0].nparams = 2;
	opt = (struct w2n_options){.funcs = bad, .nfuncs = 6};
	CHECK(w2n_instance_new(&plugin_module, &opt, &err) == NULL && err.kind == W2N_ERR_LINK);
	CHECK_ERR(strcmp(err.message, "incompatible import type (function env.add3: signature "
	                              "differs)") == 0,
	          err);
	/* A trap in the start function (here a host function's) comes back from instantiation. */
	st.refuse_start = true;
	CHECK(make(&err) == NULL && err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_HOST);
	CHECK_ERR(strcmp(err.message, "host function trapped: not now (in function env.started)") == 0,
	          err);
	st.refuse_start = false;
}

int main(void)
{
	struct w2n_error err;
	struct w2n_instance *inst = make(&err);
	if (!CHECK_ERR(inst != NULL, err))
		return summary();
	test_host_funcs(inst);
	test_host_trap(inst);
	test_call_checks(inst);
	test_memory(inst);
	test_globals(inst);
	test_reset(inst);
	test_restricted();
	w2n_instance_free(inst);
	return summary();
}
