/* main.c — the default program of an executable: run the linked module as a WASI program.
 * Its own archive member, so that a host linking the runtime with its own w2n_main (the spec
 * harness, the benchmark driver) leaves it and WASI out.
 *
 * The guest gets its command-line arguments and what the grants say (grants.c), nothing
 * else. A command (exports `_start`) runs `_start`; a reactor (exports `_initialize` and no
 * `_start`) is a library by the WASI application ABI: an executable has nothing to call after
 * initializing it, so it runs `_initialize` and exits 0.
 *
 * A threaded program (wasi-threads: it imports a shared memory) gets that memory and the
 * `wasi` `thread-spawn` import from wasi_threads.c; a trap or proc_exit in any of its threads
 * ends the process as it would on the main thread.
 *
 * Exit status (docs/runtime.md, README): the guest's proc_exit code (as the kernel keeps it:
 * its low 8 bits), 0 when the entry point returns (or there is none), 134 when the module traps
 * (as for abort(), 128 + SIGABRT), 124 when it is stopped by its deadline or runs out of fuel
 * (as timeout(1) reports a command it stopped), 1 when the grants or the instantiation fail. */
#include "rt.h"
#include "wasm2native/wasi.h"

/* The compiled module's descriptor (`wasm2native -o`, default prefix "w2n"). Weak, so that the
 * runtime links without one and says so. */
extern const struct w2n_module_desc w2n_module __attribute__((weak));

/* The exit status for a failed instantiation or call. */
int w2n_main_status(const struct w2n_error *err)
{
	switch (err->kind) {
	case W2N_ERR_EXIT:
		return (int)err->exit_code;
	case W2N_ERR_TRAP:
		w2n_dprintf(2, "wasm trap: %s\n", err->message);
		if (err->trap == W2N_TRAP_INTERRUPTED || err->trap == W2N_TRAP_OUT_OF_FUEL)
			return W2N_EXIT_LIMIT;
		return W2N_EXIT_TRAP;
	default:
		w2n_dprintf(2, "wasm2native: cannot instantiate the module: %s\n", err->message);
		return 1;
	}
}

/* The entry point: `_start`, else `_initialize`, else NULL (nothing to run). A pre-baked
 * module's init export ran at build time: it is not run again (a reactor baked with
 * `--init-func _initialize` has nothing left to run). */
static struct w2n_funcref *entry_point(struct w2n_instance *inst, const char **name)
{
	static const char *const names[] = {"_start", "_initialize"};
	const struct w2n_desc_snapshot *snap = w2n_module.snapshot;
	for (int i = 0; i < 2; i++) {
		struct w2n_extern e;
		if (w2n_instance_export(inst, names[i], &e) && e.kind == W2N_EXT_FUNC) {
			*name = names[i];
			if (snap != NULL && snap->init_func >= 0 &&
			    e.u.func == &inst->vmctx.funcs[snap->init_func])
				return NULL;
			return e.u.func;
		}
	}
	return NULL;
}

int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_error err;
	if (&w2n_module == NULL) {
		w2n_dprintf(2, "wasm2native: no module is linked into this executable\n");
		return 1;
	}
	struct w2n_wasi_config cfg;
	struct w2n_instance_limits limits;
	if (!w2n_grants_config(argc, argv, envp, &cfg, &limits))
		return 1;
	struct w2n_wasi *wasi = w2n_wasi_new(&cfg, &err);
	if (wasi == NULL) {
		w2n_dprintf(2, "wasm2native: %s\n", err.message);
		return 1;
	}
	/* A threaded program (wasi-threads) imports a shared memory and may spawn threads. */
	w2n_resolve_fn resolve = w2n_threads_setup(&w2n_module, wasi, &limits, &err);
	if (resolve == NULL)
		return w2n_main_status(&err);
	struct w2n_instance *inst = w2n_instantiate_limited(&w2n_module, resolve, wasi, &limits, &err);
	if (inst == NULL)
		return w2n_main_status(&err);
	/* A module without an exported memory may still run: its WASI calls that touch memory
	 * fail with errno `fault`, which is the guest's to handle. */
	w2n_wasi_bind(wasi, inst, &err);
	const char *name = NULL;
	struct w2n_funcref *entry = entry_point(inst, &name);
	if (entry == NULL)
		return 0;
	const struct w2n_desc_type *t = w2n_funcref_type(entry);
	if (t == NULL || t->nparams != 0 || t->nresults != 0) {
		w2n_dprintf(2, "wasm2native: the %s export must take and return nothing\n", name);
		return 1;
	}
	union w2n_val vals[1];
	if (!w2n_call(entry, vals, &err))
		return w2n_main_status(&err);
	return 0;
}
