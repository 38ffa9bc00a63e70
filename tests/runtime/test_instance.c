/* test_instance.c — instantiation end to end with hand-written descriptors: exports, segment
 * initialization, imports of every kind and their type checks, the Wasm 2.0 order of segment
 * initialization when one traps, the start function, and the table and memory builtins. */
#include "check.h"
#include "modules.h"

static struct w2n_instance *e; /* module E, instantiated once */
static int started;

static bool starts_with(const char *s, const char *prefix)
{
	while (*prefix) {
		if (*s++ != *prefix++)
			return false;
	}
	return true;
}

/* ---- I: imports E's function, global, table and memory; has a start function ------------ */

static void i_start(struct w2n_vmctx *vm, union w2n_val *v)
{
	vm->memory->base[0] = 7;
	started++;
}

static const struct w2n_desc_type i_types[] = {{2, 1, sig_ii_i}, {0, 0, NULL}};
static struct w2n_desc_import i_imports[] = {
	{"E", "sum", W2N_EXT_FUNC, 0, 0, {0, 0, 0}},
	{"E", "g", W2N_EXT_GLOBAL, W2N_I32, 0, {0, 0, 0}},
	{"E", "tab", W2N_EXT_TABLE, W2N_FUNCREF, 0, {4, 0, 0}},
	{"E", "mem", W2N_EXT_MEMORY, 0, 0, {1, 2, 1}},
};
static const struct w2n_desc_func i_funcs[] = {{NULL, NULL, 0, NULL},
                                               {(void *)i_start, i_start, 1, "start"}};
static const struct w2n_desc_global i_globals[] = {{W2N_I32, 0, {W2N_CONST_GLOBAL_GET, 0, {0}}}};
static const struct w2n_desc_const i_elem[] = {{W2N_CONST_REF_FUNC, 0, {0}},
                                               {W2N_CONST_REF_FUNC, 1, {0}}};
static const struct w2n_desc_elem i_elems[] = {
	{W2N_SEG_ACTIVE, 0, W2N_FUNCREF, {W2N_CONST_VALUE, 0, {.i32 = 2}}, 2, i_elem}};
static const struct w2n_desc_data i_datas[] = {
	{W2N_SEG_ACTIVE, 0, {W2N_CONST_VALUE, 0, {.i32 = 100}}, 1, (const uint8_t *)"I"}};
static const struct w2n_desc_export i_exports[] = {{"copy", 4, W2N_EXT_GLOBAL, 1},
                                                   {"sum", 3, W2N_EXT_FUNC, 0}};
static const struct w2n_module_desc module_i = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 2,
	.nimports = 4,
	.nexports = 2,
	.nfuncs = 2, /* counts are index spaces: imports included */
	.ntables = 1,
	.nmems = 1,
	.nglobals = 2,
	.nelems = 1,
	.ndatas = 1,
	.types = i_types,
	.imports = i_imports,
	.exports = i_exports,
	.funcs = i_funcs,
	.globals = i_globals,
	.elems = i_elems,
	.datas = i_datas,
	.start = 1,
};

static void test_exporter(void)
{
	struct w2n_error err;
	e = w2n_instantiate(&module_e, NULL, NULL, &err);
	if (!CHECK(e != NULL)) {
		w2n_dprintf(2, "  %s\n", err.message);
		return;
	}
	struct w2n_extern x;
	CHECK(w2n_instance_export(e, "mem", &x) && x.kind == W2N_EXT_MEMORY);
	CHECK(x.u.memory->size == W2N_PAGE_SIZE && memcmp(x.u.memory->base + 8, "hello", 5) == 0);
	CHECK(w2n_instance_export(e, "tab", &x) && x.kind == W2N_EXT_TABLE && x.u.table->size == 4);
	CHECK(x.u.table->elems[1] == &e->vmctx.funcs[0] && x.u.table->elems[0] == NULL);
	CHECK(w2n_instance_export(e, "g", &x) && x.kind == W2N_EXT_GLOBAL &&
	      x.u.global.type == W2N_I32);
	CHECK(((union w2n_val *)x.u.global.cell)->i32 == 42 && x.u.global.mutable_ == 0);
	CHECK(w2n_instance_export(e, "gm", &x) && x.u.global.mutable_ == 1);
	CHECK(((union w2n_val *)x.u.global.cell)->i64 == -5);
	CHECK(w2n_instance_export(e, "gf", &x) &&
	      ((union w2n_val *)x.u.global.cell)->ref == &e->vmctx.funcs[0]);
	CHECK(!w2n_instance_export(e, "nothing", &x));
	CHECK(w2n_instance_export(e, "sum", &x) && x.kind == W2N_EXT_FUNC);
	union w2n_val v[2] = {{.i32 = 2}, {.i32 = 40}};
	CHECK(w2n_call(x.u.func, v, &err) && v[0].i32 == 42);
	const struct w2n_desc_type *t = w2n_funcref_type(x.u.func);
	CHECK(t != NULL && t->nparams == 2 && t->nresults == 1);
	/* Active and declarative segments are dropped; the passive ones stay. */
	CHECK(e->elems[0].count == 0 && e->elems[1].count == 2 && e->elems[2].count == 0);
	CHECK(e->data_sizes[0] == 0 && e->data_sizes[1] == 3);
	CHECK(e->vmctx.stack_limit != 0 && e->vmctx.stack_limit < (uintptr_t)&x);
}

static void test_importer(void)
{
	struct w2n_error err;
	struct w2n_instance *i = w2n_instantiate(&module_i, resolve_e, e, &err);
	if (!CHECK(i != NULL)) {
		w2n_dprintf(2, "  %s\n", err.message);
		return;
	}
	struct w2n_table *tab = e->vmctx.tables[0];
	CHECK(started == 1 && e->mems[0]->base[0] == 7 && e->mems[0]->base[100] == 'I');
	CHECK(i->vmctx.memory == e->mems[0] && i->vmctx.tables[0] == tab);
	/* ref.func of an import is the importer's copy, which calls into E. */
	struct w2n_funcref *f2 = tab->elems[2], *f3 = tab->elems[3];
	CHECK(f2 == &i->vmctx.funcs[0] && f2->code == (void *)e_sum && f2->vmctx == &e->vmctx);
	CHECK(f3 == &i->vmctx.funcs[1] && f3->vmctx == &i->vmctx);
	CHECK(f2->type_id == e->vmctx.funcs[0].type_id);
	struct w2n_extern x;
	CHECK(w2n_instance_export(i, "copy", &x) && ((union w2n_val *)x.u.global.cell)->i32 == 42);
	CHECK(w2n_instance_export(i, "sum", &x) && x.u.func->vmctx == &e->vmctx);
}

/* Instantiates I with one import changed and expects a link error starting with `want`. */
static void expect_link_error(int import, struct w2n_desc_import changed, const char *want)
{
	struct w2n_desc_import saved = i_imports[import];
	struct w2n_error err;
	i_imports[import] = changed;
	struct w2n_instance *i = w2n_instantiate(&module_i, resolve_e, e, &err);
	i_imports[import] = saved;
	if (!CHECK(i == NULL && err.kind == W2N_ERR_LINK && starts_with(err.message, want)))
		w2n_dprintf(2, "  import %d: got \"%s\"\n", import, err.message);
}

/* The same, expecting success: an import that matches although it differs from E's. */
static void expect_link_ok(int import, struct w2n_desc_import changed)
{
	struct w2n_desc_import saved = i_imports[import];
	struct w2n_error err;
	i_imports[import] = changed;
	struct w2n_instance *i = w2n_instantiate(&module_i, resolve_e, e, &err);
	i_imports[import] = saved;
	if (!CHECK(i != NULL))
		w2n_dprintf(2, "  import %d: got \"%s\"\n", import, err.message);
}

static void test_link_errors(void)
{
	const char *bad = "incompatible import type";
	struct w2n_error err;
	CHECK(w2n_instantiate(&module_i, NULL, NULL, &err) == NULL && err.kind == W2N_ERR_LINK &&
	      starts_with(err.message, "unknown import (function E.sum)"));
	expect_link_error(0, (struct w2n_desc_import){"E", "nope", W2N_EXT_FUNC, 0, 0, {0}},
	                  "unknown import");
	expect_link_error(0, (struct w2n_desc_import){"E", "sum", W2N_EXT_FUNC, 1, 0, {0}}, bad);
	expect_link_error(0, (struct w2n_desc_import){"E", "g", W2N_EXT_FUNC, 0, 0, {0}}, bad);
	expect_link_error(1, (struct w2n_desc_import){"E", "g", W2N_EXT_GLOBAL, W2N_I64, 0, {0}}, bad);
	expect_link_error(1, (struct w2n_desc_import){"E", "g", W2N_EXT_GLOBAL, W2N_I32, 1, {0}}, bad);
	expect_link_error(1, (struct w2n_desc_import){"E", "gm", W2N_EXT_GLOBAL, W2N_I64, 0, {0}}, bad);
	expect_link_error(
		2, (struct w2n_desc_import){"E", "tab", W2N_EXT_TABLE, W2N_FUNCREF, 0, {5, 0, 0}}, bad);
	expect_link_error(
		2, (struct w2n_desc_import){"E", "tab", W2N_EXT_TABLE, W2N_FUNCREF, 0, {4, 9, 1}}, bad);
	expect_link_error(
		2, (struct w2n_desc_import){"E", "tab", W2N_EXT_TABLE, W2N_EXTERNREF, 0, {4, 0, 0}}, bad);
	expect_link_error(3, (struct w2n_desc_import){"E", "mem", W2N_EXT_MEMORY, 0, 0, {2, 2, 1}},
	                  bad);
	expect_link_error(3, (struct w2n_desc_import){"E", "mem", W2N_EXT_MEMORY, 0, 0, {1, 1, 1}},
	                  bad);
	CHECK(started == 1); /* a module that fails to link runs nothing */
	/* Smaller minimums and larger maximums than the provided object's fit. */
	expect_link_ok(2,
	               (struct w2n_desc_import){"E", "tab", W2N_EXT_TABLE, W2N_FUNCREF, 0, {1, 20, 1}});
	expect_link_ok(3, (struct w2n_desc_import){"E", "mem", W2N_EXT_MEMORY, 0, 0, {0, 0, 0}});
	CHECK(started == 3);
}

/* ---- F: writes E's table, then a data segment out of bounds ----------------------------- */

static void f_fn(struct w2n_vmctx *vm, union w2n_val *v)
{
}

static const struct w2n_desc_import f_imports[] = {
	{"E", "tab", W2N_EXT_TABLE, W2N_FUNCREF, 0, {0, 0, 0}},
	{"E", "mem", W2N_EXT_MEMORY, 0, 0, {0, 0, 0}},
};
static const struct w2n_desc_func f_funcs[] = {{(void *)f_fn, f_fn, 0, "f"}};
static const struct w2n_desc_const f_elem[] = {{W2N_CONST_REF_FUNC, 0, {0}}};
static struct w2n_desc_elem f_elems[] = {
	{W2N_SEG_ACTIVE, 0, W2N_FUNCREF, {W2N_CONST_VALUE, 0, {.i32 = 0}}, 1, f_elem}};
static const struct w2n_desc_data f_datas[] = {
	{W2N_SEG_ACTIVE, 0, {W2N_CONST_VALUE, 0, {.i32 = 0x20000}}, 1, (const uint8_t *)"x"}};
static const struct w2n_module_desc module_f = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 1,
	.nimports = 2,
	.nfuncs = 1,
	.ntables = 1,
	.nmems = 1,
	.nelems = 1,
	.ndatas = 1,
	.types = e_types + 1,
	.imports = f_imports,
	.funcs = f_funcs,
	.elems = f_elems,
	.datas = f_datas,
	.start = -1,
};

static void test_segment_traps(void)
{
	struct w2n_error err;
	struct w2n_table *tab = e->vmctx.tables[0];
	tab->elems[0] = NULL;
	CHECK(w2n_instantiate(&module_f, resolve_e, e, &err) == NULL);
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_MEMORY_OOB &&
	      starts_with(err.message, "out of bounds memory access"));
	/* The element segment before the failing data segment stays written, and callable. */
	struct w2n_funcref *f = tab->elems[0];
	CHECK(f != NULL && f->code == (void *)f_fn);
	union w2n_val v[1];
	CHECK(f != NULL && w2n_call(f, v, &err));
	f_elems[0].offset.value.i32 = 4; /* 4 + 1 > table size 4 */
	CHECK(w2n_instantiate(&module_f, resolve_e, e, &err) == NULL);
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_TABLE_OOB &&
	      starts_with(err.message, "out of bounds table access"));
	f_elems[0].offset.value.i32 = 0;
}

/* ---- S: a start function that traps ------------------------------------------------------ */

static void s_boom(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_trap(vm, W2N_TRAP_UNREACHABLE, 0);
}

static const struct w2n_desc_func s_funcs[] = {{(void *)s_boom, s_boom, 0, "boom"}};
static const struct w2n_module_desc module_s = {
	.abi_version = W2N_ABI_VERSION,
	.ntypes = 1,
	.nfuncs = 1,
	.types = e_types + 1,
	.funcs = s_funcs,
	.start = 0,
};

static void test_start_trap(void)
{
	struct w2n_error err;
	CHECK(w2n_instantiate(&module_s, NULL, NULL, &err) == NULL);
	CHECK(err.kind == W2N_ERR_TRAP && err.trap == W2N_TRAP_UNREACHABLE);
	CHECK(strcmp(err.message, "unreachable (in function boom)") == 0);
	struct w2n_module_desc old = module_s;
	old.abi_version = W2N_ABI_VERSION + 1;
	CHECK(w2n_instantiate(&old, NULL, NULL, &err) == NULL && err.kind == W2N_ERR_LINK);
}

/* ---- builtins, run through w2n_call so that their traps are caught ----------------------- */

static void op_memory_init(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_memory_init(vm, v[0].i32, v[1].i32, v[2].i32, v[3].i32);
}

static void op_table_init(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_table_init(vm, 0, v[0].i32, v[1].i32, v[2].i32, v[3].i32);
}

static void op_memory_fill(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_memory_fill(vm, v[0].i32, v[1].i32, v[2].i32);
}

static void op_memory_copy(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_memory_copy(vm, v[0].i32, v[1].i32, v[2].i32);
}

static void op_table_copy(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_table_copy(vm, 0, 0, v[0].i32, v[1].i32, v[2].i32);
}

/* Fills with sum (E's function 0) if the third argument is set, else with null. */
static void op_table_fill(struct w2n_vmctx *vm, union w2n_val *v)
{
	w2n_rt_table_fill(vm, 0, v[0].i32, v[2].i32 ? &vm->funcs[0] : NULL, v[1].i32);
}

static void op_table_get(struct w2n_vmctx *vm, union w2n_val *v)
{
	v[0].ref = w2n_rt_table_get(vm, 0, v[0].i32);
}

/* Runs `op` on E with up to four i32 arguments; returns the trap (or -1 if none). */
static int run(w2n_array_call_fn op, uint32_t a, uint32_t b, uint32_t c, uint32_t d)
{
	struct w2n_funcref f = {.vmctx = &e->vmctx, .array_call = op, .func_index = UINT32_MAX};
	union w2n_val v[4] = {
		{.i32 = (int32_t)a}, {.i32 = (int32_t)b}, {.i32 = (int32_t)c}, {.i32 = (int32_t)d}};
	struct w2n_error err;
	if (w2n_call(&f, v, &err))
		return -1;
	return (int)err.trap;
}

static void test_memory_builtins(void)
{
	struct w2n_memory *m = e->mems[0];
	CHECK(run(op_memory_init, 1, 200, 0, 3) == -1 && memcmp(m->base + 200, "xyz", 3) == 0);
	CHECK(run(op_memory_init, 1, 200, 1, 3) == W2N_TRAP_MEMORY_OOB); /* past the segment */
	CHECK(run(op_memory_init, 1, 65534, 0, 3) == W2N_TRAP_MEMORY_OOB);
	CHECK(run(op_memory_init, 1, 65536, 3, 0) == -1); /* empty at the very end is fine */
	w2n_rt_data_drop(&e->vmctx, 1);
	CHECK(run(op_memory_init, 1, 0, 0, 0) == -1);
	CHECK(run(op_memory_init, 1, 0, 0, 1) == W2N_TRAP_MEMORY_OOB);
	CHECK(run(op_memory_fill, 300, 0x1ab, 4, 0) == -1 && m->base[303] == 0xab && m->base[304] == 0);
	CHECK(run(op_memory_fill, 65535, 1, 2, 0) == W2N_TRAP_MEMORY_OOB && m->base[65535] == 0);
	CHECK(run(op_memory_fill, 65536, 1, 0, 0) == -1);
	CHECK(run(op_memory_fill, 65537, 1, 0, 0) == W2N_TRAP_MEMORY_OOB);
	CHECK(run(op_memory_copy, 9, 8, 5, 0) == -1 && memcmp(m->base + 9, "hello", 5) == 0);
	CHECK(run(op_memory_copy, 8, 9, 5, 0) == -1 && memcmp(m->base + 8, "hello", 5) == 0);
	CHECK(run(op_memory_copy, 0, 0xffffffffu, 2, 0) == W2N_TRAP_MEMORY_OOB);
	CHECK(w2n_rt_memory_grow(&e->vmctx, 1) == 1 && w2n_rt_memory_grow(&e->vmctx, 1) == -1);
	CHECK(run(op_memory_fill, 65535, 1, 2, 0) == -1);
}

static void test_table_builtins(void)
{
	struct w2n_table *t = e->vmctx.tables[0];
	void *sum = &e->vmctx.funcs[0];
	CHECK(run(op_table_init, 1, 0, 0, 2) == -1 && t->elems[0] == sum && t->elems[1] == NULL);
	CHECK(run(op_table_init, 1, 3, 0, 2) == W2N_TRAP_TABLE_OOB);
	w2n_rt_elem_drop(&e->vmctx, 1);
	CHECK(run(op_table_init, 1, 0, 0, 1) == W2N_TRAP_TABLE_OOB);
	CHECK(run(op_table_init, 1, 4, 0, 0) == -1);
	CHECK(w2n_rt_table_grow(&e->vmctx, 0, sum, 3) == 4 && t->size == 7 && t->elems[6] == sum);
	CHECK(w2n_rt_table_grow(&e->vmctx, 0, NULL, 4) == -1 && t->size == 7); /* max 10 */
	CHECK(w2n_rt_table_grow(&e->vmctx, 0, NULL, 0) == 7);
	w2n_rt_table_set(&e->vmctx, 0, 5, NULL);
	CHECK(w2n_rt_table_get(&e->vmctx, 0, 5) == NULL);
	CHECK(run(op_table_get, 7, 0, 0, 0) == W2N_TRAP_TABLE_OOB);
	CHECK(run(op_table_copy, 1, 0, 3, 0) == -1 && t->elems[1] == sum && t->elems[2] == NULL);
	CHECK(run(op_table_copy, 5, 6, 2, 0) == W2N_TRAP_TABLE_OOB);
	CHECK(run(op_table_fill, 2, 5, 1, 0) == -1 && t->elems[2] == sum && t->elems[6] == sum);
	CHECK(run(op_table_fill, 2, 5, 0, 0) == -1 && t->elems[2] == NULL && t->elems[6] == NULL);
	CHECK(run(op_table_fill, 6, 2, 1, 0) == W2N_TRAP_TABLE_OOB && t->elems[6] == NULL);
	CHECK(w2n_table_grow(t, 3, NULL) == 7 && t->size == 10 && w2n_table_grow(t, 1, NULL) == -1);
}

int w2n_main(int argc, char **argv, char **envp)
{
	test_exporter();
	if (e == NULL)
		return summary();
	test_importer();
	test_link_errors();
	test_segment_traps();
	test_start_trap();
	test_memory_builtins();
	test_table_builtins();
	return summary();
}
