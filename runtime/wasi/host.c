/* host.c — the `wasi_snapshot_preview1` host module: creating the WASI state (w2n_wasi_new),
 * resolving imports to its functions (w2n_wasi_resolve) and binding guest memory
 * (w2n_wasi_bind). The function list is funcs.def. */
#include "internal.h"

#define WASI_MODULE "wasi_snapshot_preview1"

/* Counts a parenthesized parameter list: NARGS (a, b, c) → 3 (up to 12). */
#define NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, N, ...) N
#define NARGS(...)                                                        NARGS_(__VA_ARGS__, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)

/* A row's C parameters (vmctx + witx parameters) and its signature letters must agree:
 * "iiii:i" is 6 bytes with its NUL, for 4 parameters and one result. */
#define WASI_FN(NAME, PARAMS, SIG) \
	_Static_assert(NARGS PARAMS - 1 == sizeof(SIG) - 3, #NAME ": PARAMS and SIG disagree");
#define WASI_FN_VOID(NAME, PARAMS, SIG) \
	_Static_assert(NARGS PARAMS - 1 == sizeof(SIG) - 2, #NAME ": PARAMS and SIG disagree");
#include "funcs.def"

static const struct {
	const char *name;
	void *code;
	const char *sig; /* 'i' i32, 'I' i64; params ':' results */
} funcs[] = {
#define WASI_FN(NAME, PARAMS, SIG)      {#NAME, (void *)wasi_##NAME, SIG},
#define WASI_FN_VOID(NAME, PARAMS, SIG) {#NAME, (void *)wasi_##NAME, SIG},
#include "funcs.def"
};
_Static_assert(sizeof funcs / sizeof funcs[0] == WASI_NFUNCS, "WASI_NFUNCS is funcs.def's rows");

/* The canonical type id of a row's signature. */
static uint32_t type_id(const char *sig)
{
	uint8_t types[16];
	uint32_t n = 0, nparams = 0;
	for (const char *s = sig; *s; s++) {
		if (*s == ':') {
			nparams = n;
			continue;
		}
		types[n++] = *s == 'I' ? W2N_I64 : W2N_I32;
	}
	struct w2n_desc_type t = {nparams, n - nparams, types};
	return w2n_type_id(&t);
}

static struct w2n_wasi *fail(struct w2n_wasi *w, struct w2n_error *err, const char *what)
{
	if (what != NULL) {
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "out of memory (%s)", what);
	}
	if (w != NULL) {
		wasi_fd_free_all(w);
		w2n_free(w->args);
		w2n_free(w->env);
		w2n_free(w);
	}
	return NULL;
}

WASI_SMALL struct w2n_wasi *w2n_wasi_new(const struct w2n_wasi_config *cfg, struct w2n_error *err)
{
	*err = (struct w2n_error){.kind = W2N_ERR_NONE};
	struct w2n_wasi *w = w2n_calloc(1, sizeof *w);
	if (w == NULL)
		return fail(NULL, err, "WASI state");
	w->vmctx.stack_limit = w2n_stack_limit();
	if (!wasi_args_init(w, cfg))
		return fail(w, err, "WASI arguments and environment");
	for (uint32_t i = 0; i < WASI_NFUNCS; i++) {
		uint32_t id = type_id(funcs[i].sig);
		if (id == 0)
			return fail(w, err, "WASI signatures");
		w->funcs[i] = (struct w2n_funcref){
			.code = funcs[i].code,
			.vmctx = &w->vmctx,
			.type_id = id,
			.func_index = i,
		};
	}
	if (!wasi_fd_init(w, cfg, err))
		return fail(w, err, NULL);
	return w;
}

WASI_SMALL bool w2n_wasi_resolve(void *wasi, const char *module, const char *field,
                                 struct w2n_extern *out)
{
	struct w2n_wasi *w = wasi;
	if (strcmp(module, WASI_MODULE) != 0)
		return false;
	for (uint32_t i = 0; i < WASI_NFUNCS; i++) {
		if (strcmp(field, funcs[i].name) == 0) {
			*out = (struct w2n_extern){.kind = W2N_EXT_FUNC, .u.func = &w->funcs[i]};
			return true;
		}
	}
	return false;
}

WASI_SMALL void w2n_wasi_bind_memory(struct w2n_wasi *w, struct w2n_memory *mem)
{
	w->vmctx.memory = mem;
}

WASI_SMALL bool w2n_wasi_bind(struct w2n_wasi *w, struct w2n_instance *inst, struct w2n_error *err)
{
	struct w2n_extern mem;
	if (w2n_instance_export(inst, "memory", &mem) && mem.kind == W2N_EXT_MEMORY) {
		w->vmctx.memory = mem.u.memory;
		return true;
	}
	err->kind = W2N_ERR_LINK;
	w2n_fmt(err->message, sizeof err->message,
	        "the module exports no memory named \"memory\": WASI calls cannot reach its data");
	return false;
}
