/* test_trapstate.c — what a host observes when it keeps using an instance after an
 * out-of-bounds trap (docs/reliability.md "After a trap").
 *
 * trapstate.wat is compiled with --bounds-checks (trapb) and in guard-page mode (trapg). With
 * bounds checks the state after each trap must be the spec's: stores and global writes before
 * the faulting access are done, those after it are not, and a load whose value is dead still
 * traps. In guard-page mode the test holds the documented weaker guarantee: the trap is
 * reported (a load whose value is dead in the function traps too), the instance stays usable,
 * and everything outside the trapping call's own writes is intact; it prints what this build
 * of LLVM did with the trapping call's writes. */
#include "check.h"

extern const struct w2n_module_desc trapb_module, trapg_module;

#define OOB 65536 /* the first byte past the one-page memory */

static bool call1(struct w2n_instance *inst, const char *name, int32_t arg, int32_t *result,
                  struct w2n_error *err)
{
	struct w2n_value a = w2n_value_i32(arg), r;
	bool ok = w2n_call_export(inst, name, &a, 1, &r, result ? 1 : 0, err);
	if (ok && result)
		*result = r.of.i32;
	return ok;
}

static int32_t peek(struct w2n_instance *inst, int32_t addr)
{
	struct w2n_error err;
	int32_t v = -1;
	CHECK_ERR(call1(inst, "peek", addr, &v, &err), err);
	return v;
}

static int32_t global(struct w2n_instance *inst)
{
	struct w2n_value v = {0};
	CHECK(w2n_global_get(inst, "g", &v));
	return v.of.i32;
}

static bool traps_oob(struct w2n_instance *inst, const char *name, int32_t arg, bool result)
{
	struct w2n_error err;
	int32_t r;
	bool ok = call1(inst, name, arg, result ? &r : NULL, &err);
	return !ok && err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_MEMORY_OOB;
}

/* --bounds-checks: the spec's state after every trap. */
static void exact(void)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&trapb_module, NULL, &err);
	if (!CHECK_ERR(inst != NULL, err))
		return;
	CHECK(traps_oob(inst, "store_then_load", OOB, true));
	CHECK(peek(inst, 16) == 0x11111111);
	CHECK(global(inst) == 1);
	CHECK(traps_oob(inst, "load_then_store", OOB, true));
	CHECK(peek(inst, 32) == 0);
	CHECK(global(inst) == 1);
	CHECK(traps_oob(inst, "neighbours", OOB - 4, true));
	CHECK(peek(inst, OOB - 4) == 0x44444444);
	CHECK(traps_oob(inst, "dead_load", OOB, false));
	CHECK(peek(inst, 48) == 0);
	/* In bounds, the same functions run normally afterwards. */
	int32_t r = -1;
	CHECK_ERR(call1(inst, "load_then_store", 16, &r, &err), err);
	CHECK(r == 0x11111111 && peek(inst, 32) == 0x22222222 && global(inst) == 2);
	w2n_instance_free(inst);
}

/* Guard pages: the trap, a usable instance, and the state outside the trapping call. */
static void guarded(void)
{
	struct w2n_error err;
	struct w2n_instance *inst = w2n_instance_new(&trapg_module, NULL, &err);
	if (!CHECK_ERR(inst != NULL, err))
		return;
	int32_t r = -1;
	CHECK_ERR(call1(inst, "load_then_store", 16, &r, &err), err); /* state before the traps */
	CHECK(r == 0 && peek(inst, 32) == 0x22222222 && global(inst) == 2);
	CHECK(traps_oob(inst, "store_then_load", OOB, true));
	CHECK(traps_oob(inst, "load_then_store", OOB, true));
	CHECK(traps_oob(inst, "neighbours", OOB - 4, true));
	/* A load whose value is dead in the function as written traps (lower_deadload.c). */
	CHECK(traps_oob(inst, "dead_load", OOB, false));
	/* Untouched by the trapping calls: written by the completed call above, or never. */
	CHECK(peek(inst, 32) == 0x22222222);
	CHECK(peek(inst, 64) == 0);
	printf("guard pages: after the traps, store_then_load's store %s, neighbours' store %s, "
	       "dead_load's store %s\n",
	       peek(inst, 16) == 0x11111111 ? "done" : "missing",
	       peek(inst, OOB - 4) == 0x44444444 ? "done" : "missing",
	       peek(inst, 48) == 0x33333333 ? "done" : "missing");
	/* The instance goes on working. */
	CHECK_ERR(call1(inst, "store_then_load", 64, &r, &err), err);
	CHECK(r == 0 && global(inst) == 1);
	w2n_instance_free(inst);
}

int main(void)
{
	exact();
	guarded();
	return summary();
}
