/* lower_table.c — table.* and elem.drop (family TABLE), ref.null/is_null/func (family REF).
 *
 * References are plain pointers: a funcref points to a funcref record (abi.h), an externref is
 * the host's opaque pointer, null is the null pointer. table.get/set/size are inline (they are
 * the hot ones: a bounds check and one load or store); the operators that allocate, or move
 * ranges with the spec's bounds rules, call the runtime.
 *
 * table64 (Wasm 3.0): indices, sizes and counts of a 64-bit table are i64. Inline accesses
 * compare in i64; the runtime's tables hold at most W2N_TABLE_LIMIT (< 2^32) entries, so the
 * builtins keep u32 operands and a larger i64 operand is clamped to UINT32_MAX on the way in,
 * which fails their bounds checks (or makes table.grow return -1) just as the full value would.
 */
#include "lower.h"

#include <assert.h>

/* The runtime table object of table `index`. vmctx->tables and its entries are fixed at
 * instantiation, so both loads are invariant; the object's fields are not (table.grow). */
static LLVMValueRef table_object(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	LLVMValueRef tables = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_TABLES, mx->t_ptr, true);
	return w2n_load_field(fx, tables, (size_t)index * sizeof(void *), mx->t_ptr, true);
}

static LLVMValueRef table_size(struct fx *fx, LLVMValueRef table)
{
	return w2n_load_field(fx, table, W2N_OFF_TABLE_SIZE, fx->mx->t_i32, false);
}

static bool is64(struct fx *fx, uint32_t table)
{
	return fx->mx->m->tables[table].limits.is64;
}

LLVMValueRef w2n_table_index64(struct fx *fx, LLVMValueRef v)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	if (LLVMTypeOf(v) != mx->t_i64)
		return v;
	LLVMValueRef big = LLVMBuildICmp(b, LLVMIntUGT, v, w2n_i64(mx, UINT32_MAX), "");
	return LLVMBuildSelect(b, big, w2n_i32(mx, UINT32_MAX), LLVMBuildTrunc(b, v, mx->t_i32, ""),
	                       "");
}

/* Pops `n` operands and pushes them back as u32 (clamped, table64). */
static void narrow_operands(struct fx *fx, unsigned n)
{
	LLVMValueRef v[3];
	assert(n <= 3);
	for (unsigned i = n; i > 0; i--)
		v[i - 1] = w2n_pop(fx);
	for (unsigned i = 0; i < n; i++)
		w2n_push(fx, w2n_table_index64(fx, v[i]));
}

/* Address of elems[index] in table `t`, after trapping unless index < size. The elements array
 * is reloaded each time: table.grow (here, in a callee or another instance) may move it. */
static LLVMValueRef elem_ptr(struct fx *fx, uint32_t t, LLVMValueRef index)
{
	struct mx *mx = fx->mx;
	LLVMValueRef table = table_object(fx, t);
	LLVMValueRef i = LLVMBuildZExt(mx->b, index, mx->t_i64, ""); /* no-op for table64 */
	LLVMValueRef size = table_size(fx, table);
	if (is64(fx, t))
		size = LLVMBuildZExt(mx->b, size, mx->t_i64, "");
	LLVMValueRef oob = LLVMBuildICmp(mx->b, LLVMIntUGE, is64(fx, t) ? i : index, size, "oob");
	w2n_trap_if(fx, oob, W2N_TRAP_TABLE_OOB);
	LLVMValueRef elems = w2n_load_field(fx, table, W2N_OFF_TABLE_ELEMS, mx->t_ptr, false);
	return LLVMBuildInBoundsGEP2(mx->b, mx->t_ptr, elems, &i, 1, "elem");
}

static void lower_table_get(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	LLVMValueRef p = elem_ptr(fx, in->imm.idx.a, w2n_pop(fx));
	w2n_push(fx, LLVMBuildLoad2(mx->b, mx->t_ptr, p, ""));
}

static void lower_table_set(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	LLVMValueRef ref = w2n_pop(fx);
	LLVMValueRef p = elem_ptr(fx, in->imm.idx.a, w2n_pop(fx));
	LLVMBuildStore(mx->b, ref, p);
}

/* table.grow: old size or -1, sign-extended for table64 (sizes stay below 2^31). */
static void lower_table_grow(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	narrow_operands(fx, 2); /* init, delta */
	w2n_call_builtin(fx, "w2n_rt_table_grow", mx->t_i32, &in->imm.idx.a, 1, 2);
	if (is64(fx, in->imm.idx.a))
		w2n_push(fx, LLVMBuildSExt(mx->b, w2n_pop(fx), mx->t_i64, ""));
}

/* The operators that allocate or move ranges: runtime calls, operands in stack order. */
static void lower_table_bulk(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	const uint32_t *a = &in->imm.idx.a;
	switch (in->op) {
	case W2N_OP_TABLE_GROW: /* table; init, delta -> old size or -1 */
		lower_table_grow(fx, in);
		break;
	case W2N_OP_TABLE_FILL: /* table; dst, ref, n */
		narrow_operands(fx, 3);
		w2n_call_builtin(fx, "w2n_rt_table_fill", mx->t_void, a, 1, 3);
		break;
	case W2N_OP_TABLE_COPY: { /* dst table, src table; dst, src, n */
		uint32_t imms[2] = {in->imm.idx.a, in->imm.idx.b};
		narrow_operands(fx, 3);
		w2n_call_builtin(fx, "w2n_rt_table_copy", mx->t_void, imms, 2, 3);
		break;
	}
	case W2N_OP_TABLE_INIT: { /* immediates are (elem, table); the runtime takes (table, seg) */
		uint32_t imms[2] = {in->imm.idx.b, in->imm.idx.a};
		narrow_operands(fx, 3);
		w2n_call_builtin(fx, "w2n_rt_table_init", mx->t_void, imms, 2, 3);
		break;
	}
	case W2N_OP_ELEM_DROP:
		w2n_call_builtin(fx, "w2n_rt_elem_drop", mx->t_void, a, 1, 0);
		break;
	default:
		assert(!"not a TABLE operator");
	}
}

static void lower_table_op(struct fx *fx, const struct w2n_instr *in)
{
	switch (in->op) {
	case W2N_OP_TABLE_GET:
		lower_table_get(fx, in);
		break;
	case W2N_OP_TABLE_SET:
		lower_table_set(fx, in);
		break;
	case W2N_OP_TABLE_SIZE: {
		LLVMValueRef size = table_size(fx, table_object(fx, in->imm.idx.a));
		if (is64(fx, in->imm.idx.a))
			size = LLVMBuildZExt(fx->mx->b, size, fx->mx->t_i64, "");
		w2n_push(fx, size);
		break;
	}
	default:
		lower_table_bulk(fx, in);
		break;
	}
}

/* ref.func i: the address of vmctx->funcs[i], the instance's funcref record for function i
 * (for an import, the record the runtime filled from the exporter). */
static LLVMValueRef ref_func(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	LLVMValueRef funcs = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_FUNCS, mx->t_ptr, true);
	LLVMValueRef off = w2n_i64(mx, (uint64_t)index * W2N_SIZEOF_FUNCREF);
	return LLVMBuildInBoundsGEP2(mx->b, mx->t_i8, funcs, &off, 1, "funcref");
}

static void lower_ref(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	switch (in->op) {
	case W2N_OP_REF_NULL:
		w2n_push(fx, LLVMConstPointerNull(mx->t_ptr));
		break;
	case W2N_OP_REF_IS_NULL: {
		LLVMValueRef isnull = LLVMBuildIsNull(mx->b, w2n_pop(fx), "");
		w2n_push(fx, LLVMBuildZExt(mx->b, isnull, mx->t_i32, ""));
		break;
	}
	case W2N_OP_REF_FUNC:
		w2n_push(fx, ref_func(fx, in->imm.idx.a));
		break;
	case W2N_OP_REF_AS_NON_NULL: {
		LLVMValueRef ref = w2n_pop(fx);
		w2n_trap_if(fx, LLVMBuildIsNull(mx->b, ref, "null"), W2N_TRAP_NULL_REF);
		w2n_push(fx, ref);
		break;
	}
	default:
		assert(!"not a REF operator");
	}
}

void w2n_lower_table(struct fx *fx, const struct w2n_instr *in)
{
	if (w2n_ops[in->op].family == W2N_FAM_REF)
		lower_ref(fx, in);
	else
		lower_table_op(fx, in);
}
