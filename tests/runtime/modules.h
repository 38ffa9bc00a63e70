/* modules.h — hand-written module descriptors for the runtime tests, shaped like the ones
 * the compiler emits (descriptor.h). Module E exports one of everything; module I imports
 * them. "Functions" are C functions with the wasm calling convention. */
#ifndef W2N_TEST_MODULES_H
#define W2N_TEST_MODULES_H

#include "rt.h"

static const uint8_t sig_ii_i[] = {W2N_I32, W2N_I32, W2N_I32};
static const uint8_t sig_i[] = {W2N_I32};

/* ---- E: (func "sum" (i32 i32) -> i32), memory 1 2, table 4 10 funcref, three globals ---- */

static int32_t e_sum(struct w2n_vmctx *vm, int32_t a, int32_t b)
{
	return a + b;
}

static void e_sum_array(struct w2n_vmctx *vm, union w2n_val *v)
{
	v[0].i32 = e_sum(vm, v[0].i32, v[1].i32);
}

static const struct w2n_desc_type e_types[] = {{2, 1, sig_ii_i}, {0, 0, NULL}};
static const struct w2n_desc_func e_funcs[] = {{(void *)e_sum, e_sum_array, 0, "sum"}};
static const struct w2n_desc_limits e_mems[] = {{1, 2, 1}};
static const struct w2n_desc_table e_tables[] = {{W2N_FUNCREF, 0, {4, 10, 1}, {0}}};
static const struct w2n_desc_global e_globals[] = {
	{W2N_I32, 0, {W2N_CONST_VALUE, 0, {.i32 = 42}}},
	{W2N_I64, 1, {W2N_CONST_VALUE, 0, {.i64 = -5}}},
	{W2N_FUNCREF, 0, {W2N_CONST_REF_FUNC, 0, {.i64 = 0}}},
};
static const struct w2n_desc_const e_elem_sum[] = {{W2N_CONST_REF_FUNC, 0, {.i64 = 0}}};
static const struct w2n_desc_const e_elem_pair[] = {{W2N_CONST_REF_FUNC, 0, {.i64 = 0}},
                                                    {W2N_CONST_REF_NULL, 0, {.i64 = 0}}};
static const struct w2n_desc_elem e_elems[] = {
	{W2N_SEG_ACTIVE,
     0,
     W2N_FUNCREF,
     {W2N_CONST_VALUE, 0, {.i32 = 1}},
     1,
     e_elem_sum}, /* active at 1 */
	{W2N_SEG_PASSIVE, 0, W2N_FUNCREF, {W2N_CONST_REF_NULL, 0, {.i64 = 0}}, 2, e_elem_pair},
	{W2N_SEG_DECLARATIVE, 0, W2N_FUNCREF, {W2N_CONST_REF_NULL, 0, {.i64 = 0}}, 1, e_elem_sum},
};
static const struct w2n_desc_data e_datas[] = {
	{W2N_SEG_ACTIVE,
     0,
     {W2N_CONST_VALUE, 0, {.i32 = 8}},
     5,
     (const uint8_t *)"hello"}, /* active at 8 */
	{W2N_SEG_PASSIVE, 0, {W2N_CONST_REF_NULL, 0, {.i64 = 0}}, 3, (const uint8_t *)"xyz"},
};
static const struct w2n_desc_export e_exports[] = {
	{"sum", 3, W2N_EXT_FUNC, 0}, {"tab", 3, W2N_EXT_TABLE, 0}, {"mem", 3, W2N_EXT_MEMORY, 0},
	{"g", 1, W2N_EXT_GLOBAL, 0}, {"gm", 2, W2N_EXT_GLOBAL, 1}, {"gf", 2, W2N_EXT_GLOBAL, 2},
};
static const struct w2n_module_desc module_e = {
	.abi_version = W2N_ABI_VERSION,
	.name = "E",
	.ntypes = 2,
	.nexports = 6,
	.nfuncs = 1,
	.ntables = 1,
	.nmems = 1,
	.nglobals = 3,
	.nelems = 3,
	.ndatas = 2,
	.types = e_types,
	.exports = e_exports,
	.funcs = e_funcs,
	.tables = e_tables,
	.mems = e_mems,
	.globals = e_globals,
	.elems = e_elems,
	.datas = e_datas,
	.start = -1,
};

/* Resolves "E" imports from the instance given as ctx. */
static bool resolve_e(void *ctx, const char *module, const char *field, struct w2n_extern *out)
{
	return strcmp(module, "E") == 0 && w2n_instance_export(ctx, field, out);
}

#endif
