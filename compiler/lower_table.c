/* lower_table.c — table.* and elem.drop (family TABLE), ref.null/is_null/func (family REF).
 *
 * References are plain pointers: a funcref points to a funcref record (abi.h), an externref is
 * the host's opaque pointer, null is the null pointer. table.get/set/size are inline (they are
 * the hot ones: a bounds check and one load or store); the operators that allocate, or move
 * ranges with the spec's bounds rules, call the runtime.
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

/* Address of elems[index] in table `t`, after trapping unless index < size. The elements array
 * is reloaded each time: table.grow (here, in a callee or another instance) may move it. */
static LLVMValueRef elem_ptr(struct fx *fx, uint32_t t, LLVMValueRef index)
{
	struct mx *mx = fx->mx;
	LLVMValueRef table = table_object(fx, t);
	LLVMValueRef oob = LLVMBuildICmp(mx->b, LLVMIntUGE, index, table_size(fx, table), "oob");
	w2n_trap_if(fx, oob, W2N_TRAP_TABLE_OOB);
	LLVMValueRef elems = w2n_load_field(fx, table, W2N_OFF_TABLE_ELEMS, mx->t_ptr, false);
	LLVMValueRef i = LLVMBuildZExt(mx->b, index, mx->t_i64, "");
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

/* The operators that allocate or move ranges: runtime calls, operands in stack order. */
static void lower_table_bulk(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	const uint32_t *a = &in->imm.idx.a;
	switch (in->op) {
	case W2N_OP_TABLE_GROW: /* table; init, delta -> old size or -1 */
		w2n_call_builtin(fx, "w2n_rt_table_grow", mx->t_i32, a, 1, 2);
		break;
	case W2N_OP_TABLE_FILL: /* table; dst, ref, n */
		w2n_call_builtin(fx, "w2n_rt_table_fill", mx->t_void, a, 1, 3);
		break;
	case W2N_OP_TABLE_COPY: { /* dst table, src table; dst, src, n */
		uint32_t imms[2] = {in->imm.idx.a, in->imm.idx.b};
		w2n_call_builtin(fx, "w2n_rt_table_copy", mx->t_void, imms, 2, 3);
		break;
	}
	case W2N_OP_TABLE_INIT: { /* immediates are (elem, table); the runtime takes (table, seg) */
		uint32_t imms[2] = {in->imm.idx.b, in->imm.idx.a};
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
	case W2N_OP_TABLE_SIZE:
		w2n_push(fx, table_size(fx, table_object(fx, in->imm.idx.a)));
		break;
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
