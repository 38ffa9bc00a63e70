/* test_snapshot.c — what pre-baking refuses to snapshot (runtime/snapshot.c): references that
 * have no meaning outside this process. A WASI-only snapshot driver cannot produce them (its
 * stand-ins hold no references), so they are made here by hand: a non-null externref in a
 * global, and a table entry naming another instance's function. */
#include "check.h"
#include "modules.h"
#include "wasm2native/snapshot.h"

/* X: one mutable externref global, initially null. */
static const struct w2n_desc_global x_globals[] = {
	{W2N_EXTERNREF, 1, {W2N_CONST_REF_NULL, 0, {0}}}};
static const struct w2n_module_desc module_x = {
	.abi_version = W2N_ABI_VERSION,
	.nglobals = 1,
	.globals = x_globals,
	.start = -1,
};

static bool same(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static void test_bakeable(struct w2n_instance *e1)
{
	struct w2n_refusal why;
	CHECK(!w2n_snapshot_refused(e1, &why)); /* its own funcrefs, in its table and global */
}

static void test_foreign_funcref(struct w2n_instance *e1, struct w2n_instance *e2)
{
	struct w2n_refusal why;
	struct w2n_table *t = e1->vmctx.tables[0];
	t->elems[2] = &e2->vmctx.funcs[0];
	CHECK(w2n_snapshot_refused(e1, &why));
	CHECK(why.place == W2N_PLACE_TABLE && why.index == 0);
	CHECK(same(why.message, "table 0 holds a function of another instance, which the "
	                        "executable does not contain"));
	t->elems[2] = NULL;
	CHECK(!w2n_snapshot_refused(e1, &why));
}

static void test_externref(void)
{
	struct w2n_error err;
	struct w2n_refusal why;
	struct w2n_instance *x = w2n_instantiate(&module_x, NULL, NULL, &err);
	if (!CHECK(x != NULL))
		return;
	CHECK(!w2n_snapshot_refused(x, &why));
	((union w2n_val *)x->vmctx.globals[0])->ref = (void *)0x1234;
	CHECK(w2n_snapshot_refused(x, &why));
	CHECK(why.place == W2N_PLACE_GLOBAL && why.index == 0);
	CHECK(same(why.message, "global 0 holds a non-null externref: a host object exists only in "
	                        "the process that made it"));
}

int w2n_main(int argc, char **argv, char **envp)
{
	(void)resolve_e; /* modules.h's resolver: nothing here imports */
	struct w2n_error err;
	struct w2n_instance *e1 = w2n_instantiate(&module_e, NULL, NULL, &err);
	struct w2n_instance *e2 = w2n_instantiate(&module_e, NULL, NULL, &err);
	if (CHECK(e1 != NULL && e2 != NULL)) {
		test_bakeable(e1);
		test_foreign_funcref(e1, e2);
	}
	test_externref();
	return summary();
}
