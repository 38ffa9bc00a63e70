/* registry.c — the modules whose code is in this process, for the signal handler.
 *
 * A fault in wasm code names its function in the trap message; the handler finds the function
 * from the faulting pc among the registered modules' code (w2n_module_at). Modules are
 * registered at instantiation, once per descriptor, and stay: a descriptor and its code live
 * as long as the process, and the list only grows with the number of distinct modules, not
 * with instances. Instances being created and freed on other threads never touch it after
 * the first instantiation of each module. */
#include "rt.h"

struct w2n_lock w2n_registry_lock;

static const struct w2n_module_desc **modules;
static uint32_t nmodules, cap;

bool w2n_module_register(const struct w2n_module_desc *desc)
{
	bool ok = true;
	w2n_lock(&w2n_registry_lock);
	uint32_t i = 0;
	while (i < nmodules && modules[i] != desc)
		i++;
	if (i == nmodules && nmodules == cap) {
		uint32_t n = cap ? 2 * cap : 16;
		const struct w2n_module_desc **m = w2n_realloc(modules, n * sizeof *m);
		ok = m != NULL;
		if (ok) {
			modules = m;
			cap = n;
		}
	}
	if (ok && i == nmodules)
		modules[nmodules++] = desc;
	w2n_unlock(&w2n_registry_lock);
	return ok;
}

const struct w2n_module_desc *w2n_module_at(uintptr_t pc, uint32_t *func)
{
	const struct w2n_module_desc *best = NULL;
	uintptr_t best_start = 0, start;
	*func = UINT32_MAX;
	for (uint32_t i = 0; i < nmodules; i++) {
		uint32_t f = w2n_func_at(modules[i], pc, &start);
		if (f != UINT32_MAX && start > best_start) {
			best_start = start;
			best = modules[i];
			*func = f;
		}
	}
	return best;
}
