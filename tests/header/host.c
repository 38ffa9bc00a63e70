/* host.c — a host of two modules through their generated headers (wasm2native -c --header):
 * awkward.wasm (default prefix w2n) and helper.wasm (--prefix helper). It calls every export
 * as a C function, provides every kind of import, and prints what it sees; run.sh compares
 * the output with expected.txt. Built like the runtime tests (freestanding, the runtime
 * archive's _start, our own w2n_main) with -std=c11 -pedantic -Wall -Wextra -Werror, so the
 * headers must compile cleanly there too. */
#include "awkward.h"
#include "helper.h"

/* From the runtime archive (runtime/fmt.c): printf to a file descriptor. */
void w2n_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The host's state, reached by every host function through its context pointer. */
struct state {
	int32_t logged[4];
	int nlogged;
	int firsts;
};

static void log_i32(struct w2n_host_call *call, int32_t x)
{
	struct state *s = call->ctx;
	if (s->nlogged < 4)
		s->logged[s->nlogged++] = x;
}

/* Adds `k` (a double) to each byte. */
static struct w2n_v128 scale(struct w2n_host_call *call, double k, struct w2n_v128 v)
{
	(void)call;
	for (int i = 0; i < 16; i++)
		v.bytes[i] = (uint8_t)(v.bytes[i] + (int)k);
	return v;
}

static void first(struct w2n_host_call *call)
{
	((struct state *)call->ctx)->firsts++;
}

/* Two results, through out-pointers. */
static void pair(struct w2n_host_call *call, int32_t x, int32_t *r0, int32_t *r1)
{
	(void)call;
	*r0 = x * 10;
	*r1 = x;
}

/* The guest's string at (ptr, len) in its memory; a trap with a message when out of bounds. */
static void print(struct w2n_host_call *call, int32_t ptr, int32_t len)
{
	char text[64];
	struct w2n_memory *mem = w2n_instance_memory(call->caller, NULL);
	if ((uint32_t)len >= sizeof text || !w2n_memory_read(mem, (uint32_t)ptr, text, (size_t)len)) {
		call->trap = "print: string out of bounds";
		return;
	}
	text[len] = '\0';
	w2n_dprintf(1, "guest says: %s", text);
}

static void show_error(const char *what, const struct w2n_error *err)
{
	w2n_dprintf(1, "%s: kind %d: %s\n", what, (int)err->kind, err->message);
}

static void show_v128(const char *what, struct w2n_v128 v)
{
	w2n_dprintf(1, "%s:", what);
	for (int i = 0; i < 16; i++)
		w2n_dprintf(1, " %d", v.bytes[i]);
	w2n_dprintf(1, "\n");
}

/* Plain numbers first: renamed exports, several results, every value type. */
static void call_exports(struct w2n_instance *inst, struct w2n_error *err)
{
	w2n_dprintf(1, "add %d, add-one %d, add.one %d, add_one %d\n", w2n_add(inst, 2, 3, err),
	            w2n_add_one(inst, 41, err), w2n_add_one_2(inst, 41, err),
	            w2n_add_one_3(inst, 41, err));
	w2n_dprintf(1, "a\\0b %d, pi*2 %d, 1st %d, int %d, return %d\n", w2n_a_00b(inst, err),
	            (int)(w2n__cf_80(inst, err) * 2), w2n_1st(inst, err), w2n_int(inst, err),
	            w2n_return(inst, err));
	w2n_dprintf(1, "call %d, module %d, instantiate %d, new %d, swap_result %d\n",
	            w2n_call_2(inst, err), w2n_module_2(inst, err), w2n_instantiate_2(inst, err),
	            w2n_new_2(inst, err), w2n_swap_result_2(inst, err));
	struct w2n_swap_result s = w2n_swap(inst, 7, -8000000000ll, err);
	struct w2n_three_result t = w2n_three(inst, err);
	w2n_dprintf(1, "swap %lld %d, three %d %d %lld\n", (long long)s.r0, s.r1, (int)(t.r0 * 2),
	            (int)(t.r1 * 2), (long long)t.r2);
	w2n_dprintf(1, "mix %d\n", (int)w2n_mix(inst, 1, 2, 0.25f, 0.75, err));
	struct w2n_v128 v;
	for (int i = 0; i < 16; i++)
		v.bytes[i] = (uint8_t)i;
	show_v128("v", w2n_v(inst, v, err));
	int marker;
	struct w2n_funcref *add = w2n_r(inst, err);
	void *back = w2n_all(inst, 1, 2, 3.0f, 4.0, v, add, &marker, err);
	union w2n_val vals[2] = {{.i32 = 20}, {.i32 = 22}};
	bool called = w2n_call(add, vals, err);
	w2n_dprintf(1, "externref back %s, funcref add(20, 22) %d %d, error kind %d\n",
	            back == &marker ? "same" : "different", called, vals[0].i32, (int)err->kind);
}

/* Memories, tables and globals through the accessors. */
static void use_accessors(struct w2n_instance *inst, struct w2n_error *err)
{
	int64_t *counter = w2n_counter(inst);
	w2n_dprintf(1, "counter %lld", (long long)*counter);
	*counter = 99;
	w2n_dprintf(1, ", after host write %lld\n", (long long)w2n_get_counter(inst, err));
	const uint8_t *vec = w2n_vec(inst);
	w2n_dprintf(1, "pi*4 %d, vec %d %d, fref %s, tab size %u\n", (int)(*w2n_pi(inst) * 4), vec[0],
	            vec[4], *w2n_fref(inst) != NULL ? "set" : "null", w2n_tab(inst)->size);
}

/* Imports: host functions with their context, the helper's memory and function, a cell. */
static void use_imports(struct w2n_instance *inst, struct w2n_instance *helper, struct state *st,
                        union w2n_val *g, struct w2n_error *err)
{
	struct w2n_v128 v;
	for (int i = 0; i < 16; i++)
		v.bytes[i] = (uint8_t)i;
	w2n_call_log(inst, 5, err);
	w2n_log_again(inst, 6, err); /* through the array-call trampoline */
	w2n_call_1st(inst, err);
	w2n_call_1st(inst, err);
	w2n_dprintf(1, "logged %d: %d %d %d, firsts %d\n", st->nlogged, st->logged[0], st->logged[1],
	            st->logged[2], st->firsts);
	show_v128("scale", w2n_call_scale(inst, 2.0, v, err));
	w2n_dprintf(1, "pair 9*7 %d\n", w2n_call_pair(inst, 7, err));
	w2n_say(inst, 100, 16, err);
	int32_t seen = w2n_read_g(inst, err);
	w2n_dprintf(1, "g %d, host cell %d\n", seen, g->i32);
	struct w2n_memory *mem = helper_memory(helper);
	mem->base[8] = 0x2a;
	w2n_dprintf(1, "load 8 %d\n", w2n_load(inst, 8, err));
	w2n_dprintf(1, "WASI fd_write: ");
	int32_t errno_ = w2n_hello(inst, err);
	w2n_dprintf(1, "errno %d, memory exported as w2n_memory_2: %s\n", errno_,
	            w2n_memory_2(inst) == mem ? "the helper's" : "another");
}

/* Failures come back in *err, with zero results. */
static void failures(struct w2n_instance *inst, struct w2n_instance *helper, struct w2n_error *err)
{
	int32_t r = w2n_boom(inst, err);
	show_error("boom", err);
	w2n_dprintf(1, "boom result %d\n", r);
	w2n_say(inst, 65530, 16, err);
	show_error("say out of bounds", err);
	w2n_dprintf(1, "trap id is W2N_TRAP_HOST: %s\n", err->trap == W2N_TRAP_HOST ? "yes" : "no");
	r = w2n_add(helper, 1, 2, err); /* the wrong module's instance */
	show_error("add on helper", err);
	w2n_dprintf(1, "null accessors %s\n",
	            w2n_counter(helper) == NULL && w2n_tab(helper) == NULL ? "yes" : "no");
	w2n_add(inst, 1, 1, NULL); /* err may be NULL */
}

int w2n_main(int argc, char **argv, char **envp)
{
	(void)argc, (void)argv, (void)envp;
	struct w2n_error err;
	struct w2n_instance *helper = helper_new(NULL, &err);
	if (helper == NULL) {
		show_error("helper", &err);
		return 1;
	}
	/* Per-instance limits (limits.h): a memory cap below the module's minimum. */
	struct w2n_instance_limits small = {.max_memory = 4096};
	if (helper_new_limited(NULL, &small, &err) == NULL)
		show_error("helper under a 4 KiB memory cap", &err);
	static struct state st;
	static union w2n_val g = {.i32 = 40};
	static struct w2n_imports imports;
	imports.ctx = &st;
	imports.env_log = log_i32;
	imports.env_scale = scale;
	imports.import_1st_int = first;
	imports.env_print = print;
	imports.env_memory = helper_memory(helper);
	imports.env_g = &g;
	/* WASI (fd_write) through the fallback resolver. */
	struct w2n_wasi_config cfg = {0};
	struct w2n_wasi *wasi = w2n_wasi_new(&cfg, &err);
	if (wasi == NULL)
		return 1;
	imports.fallback = w2n_wasi_resolve;
	imports.fallback_ctx = wasi;
	/* env.pair is not given yet: instantiation must say so. */
	if (w2n_new(&imports, &err) != NULL)
		return 1;
	show_error("without env.pair", &err);
	imports.env_pair = pair;
	struct w2n_instance *inst = w2n_new(&imports, &err);
	if (inst == NULL || !w2n_wasi_bind(wasi, inst, &err)) {
		show_error("awkward", &err);
		return 1;
	}
	call_exports(inst, &err);
	use_accessors(inst, &err);
	use_imports(inst, helper, &st, &g, &err);
	failures(inst, helper, &err);
	return 0;
}
