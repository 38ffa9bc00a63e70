/* main.c — the default program of an executable: instantiate the linked module and run its
 * `_start` export. Its own archive member, so that a host linking the runtime with its own
 * w2n_main (the spec harness) leaves it out.
 *
 * Exit status (docs/runtime.md): 0 when _start returns (or there is none), 134 when the
 * module traps (during instantiation or in _start; as for abort(), 128 + SIGABRT), 1 when the
 * module cannot be instantiated (link or resource error). */
#include "rt.h"

/* The compiled module's descriptor (`wasm2native -o`, default prefix "w2n"). Weak, so that the
 * runtime links without one and says so. */
extern const struct w2n_module_desc w2n_module __attribute__((weak));

/* No host module is provided yet: every import is unknown. (WASI comes in issue 4.) */
static bool resolve_nothing(void *ctx, const char *module, const char *field,
                            struct w2n_extern *out)
{
	return false;
}

static int report(const struct w2n_error *err)
{
	if (err->kind == W2N_ERR_TRAP) {
		w2n_dprintf(2, "wasm trap: %s\n", err->message);
		return W2N_EXIT_TRAP;
	}
	w2n_dprintf(2, "wasm2native: cannot instantiate the module: %s\n", err->message);
	return 1;
}

int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_error err;
	if (&w2n_module == NULL) {
		w2n_dprintf(2, "wasm2native: no module is linked into this executable\n");
		return 1;
	}
	struct w2n_instance *inst = w2n_instantiate(&w2n_module, resolve_nothing, NULL, &err);
	if (inst == NULL)
		return report(&err);
	struct w2n_extern start;
	if (!w2n_instance_export(inst, "_start", &start) || start.kind != 0)
		return 0;
	const struct w2n_desc_type *t = w2n_funcref_type(start.u.func);
	if (t == NULL || t->nparams != 0 || t->nresults != 0) {
		w2n_dprintf(2, "wasm2native: the _start export must take and return nothing\n");
		return 1;
	}
	union w2n_val vals[1];
	if (!w2n_call(start.u.func, vals, &err))
		return report(&err);
	return 0;
}
