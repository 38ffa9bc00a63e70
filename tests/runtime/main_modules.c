/* main_modules.c — modules for the archive's default w2n_main (main.c), one per MODULE value,
 * run by expect.sh for their exit status and stderr:
 *   0: no module linked at all (status 1);
 *   1: _start writes to stdout and returns (status 0);
 *   2: _start traps (status 134, "wasm trap: unreachable (in function boom)");
 *   3: an import nobody provides (status 1, "unknown import"). */
#include "rt.h"

#if MODULE != 0
static void hello(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_dprintf(1, "hello from _start\n");
}

static void boom(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_trap(vm, W2N_TRAP_UNREACHABLE, 1);
}

static const struct w2n_desc_type types[] = {{0, 0, NULL}};
/* Function 0 is the import of module 3 (the others just never export it). */
static const struct w2n_desc_func funcs[] = {
	{NULL, NULL, 0, NULL},
	{(void *)(MODULE == 2 ? boom : hello), MODULE == 2 ? boom : hello, 0, "boom"},
};
static const struct w2n_desc_import imports[] = {{"env", "missing", W2N_EXT_FUNC, 0, 0, {0, 0, 0}}};
static const struct w2n_desc_export exports[] = {{"_start", 6, W2N_EXT_FUNC, 1}};

const struct w2n_module_desc w2n_module = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 1,
	.nexports = 1,
	.nfuncs = 2,
	.nimports = MODULE == 3 ? 1 : 0,
	.types = types,
	.exports = exports,
	.funcs = funcs,
	.imports = imports,
	.start = -1,
};
#endif
