/* validate_instr.c — immediates of every operator, checked by immediate kind, and the typing
 * of the irregular operators other than control flow: calls, parametric, variable, table,
 * reference and memory-size operators (their SIG in ops.def is (*), sig.poly).
 */
#include <assert.h>

#include "validate.h"

/* ---- immediates ----------------------------------------------------------------------- */

static bool need_index(struct fctx *fx, uint32_t idx, uint32_t count, const char *space)
{
	if (idx < count)
		return true;
	return w2n_vfail_at(fx, "unknown %s %u (%s)", space, idx, w2n_ops[fx->in->op].name);
}

static uint32_t log2u(uint32_t n)
{
	uint32_t k = 0;
	while (n > 1) {
		n >>= 1;
		k++;
	}
	return k;
}

/* The memory index (multi-memory), the alignment hint, which may not promise more than the
 * access width, and the offset, which a 32-bit memory bounds to u32 (3.0 reads it as u64). */
static bool check_memarg(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_module *m = fx->vm->m;
	unsigned bytes = w2n_op_access_bytes(in->op);
	assert(bytes);
	if (!need_index(fx, in->imm.mem.memory, m->nmems, "memory"))
		return false;
	/* Threads: an atomic access is always naturally aligned (unaligned addresses trap), and
	 * its alignment field must say exactly that. */
	if (w2n_op_is_atomic(in->op) && in->imm.mem.align != log2u(bytes))
		return w2n_vfail_at(fx,
		                    "alignment must be equal to natural (%s: 2^%u bytes, natural is %u)",
		                    w2n_ops[in->op].name, in->imm.mem.align, bytes);
	if (in->imm.mem.align > log2u(bytes))
		return w2n_vfail_at(fx,
		                    "alignment must not be larger than natural (%s: 2^%u bytes, "
		                    "natural is %u)",
		                    w2n_ops[in->op].name, in->imm.mem.align, bytes);
	if (!m->mems[in->imm.mem.memory].limits.is64 && in->imm.mem.offset > UINT32_MAX)
		return w2n_vfail_at(fx, "offset out of range (%s: offset %llu)", w2n_ops[in->op].name,
		                    (unsigned long long)in->imm.mem.offset);
	return true;
}

/* Lanes of the operator's shape (the lane accesses' too: load8_lane is one of 16). */
static unsigned shape_lanes(enum w2n_op op)
{
	unsigned n = w2n_shape_lanes[w2n_ops[op].shape].count;
	assert(n);
	return n;
}

static bool check_lane(struct fctx *fx, unsigned lane, unsigned lanes)
{
	if (lane < lanes)
		return true;
	return w2n_vfail_at(fx, "invalid lane index (%s: lane %u of %u)", w2n_ops[fx->in->op].name,
	                    lane, lanes);
}

static bool check_shuffle(struct fctx *fx, const struct w2n_instr *in)
{
	/* Lanes 0-15 pick from the first operand, 16-31 from the second. */
	for (unsigned i = 0; i < 16; i++) {
		if (!check_lane(fx, in->imm.v128[i], 32))
			return false;
	}
	return true;
}

static bool check_labels(struct fctx *fx, const struct w2n_instr *in)
{
	const uint32_t *targets = fx->body->labels + in->imm.idx.a;
	for (uint32_t i = 0; i <= in->imm.idx.b; i++) {
		if (!need_index(fx, targets[i], fx->nctrls, "label"))
			return false;
	}
	return true;
}

/* A try_table's block type, and its clauses' tags and labels (the labels are counted in
 * the context outside the try_table, which is not yet pushed). */
static bool check_catches(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_module *m = fx->vm->m;
	const struct w2n_catch *c = fx->body->catches + in->imm.try_.first;
	if (in->imm.try_.block >= 0 && !need_index(fx, (uint32_t)in->imm.try_.block, m->ntypes, "type"))
		return false;
	for (uint32_t i = 0; i < in->imm.try_.ncatch; i++) {
		if (c[i].kind <= W2N_CATCH_REF && !need_index(fx, c[i].tag, m->ntags, "tag"))
			return false;
		if (!need_index(fx, c[i].label, fx->nctrls, "label"))
			return false;
	}
	return true;
}

/* Checks an operator's immediates by their kind, so every operator with a memarg, a lane or
 * an index gets the same check without a list of opcodes. Index spaces that an immediate
 * names must exist before the operator can be typed. */
bool w2n_vcheck_imm(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_module *m = fx->vm->m;
	uint32_t a = in->imm.idx.a, b = in->imm.idx.b;
	switch (w2n_ops[in->op].imm) {
	case W2N_IMM_BLOCK:
		return in->imm.block < 0 || need_index(fx, (uint32_t)in->imm.block, m->ntypes, "type");
	case W2N_IMM_LABEL:
		return need_index(fx, a, fx->nctrls, "label");
	case W2N_IMM_BR_TABLE:
		return check_labels(fx, in);
	case W2N_IMM_FUNC:
		return need_index(fx, a, m->nfuncs, "function");
	case W2N_IMM_CALL_INDIRECT:
		return need_index(fx, b, m->ntables, "table") && need_index(fx, a, m->ntypes, "type");
	case W2N_IMM_LOCAL:
		return need_index(fx, a, fx->nlocals, "local");
	case W2N_IMM_GLOBAL:
		return need_index(fx, a, m->nglobals, "global");
	case W2N_IMM_TABLE:
		return need_index(fx, a, m->ntables, "table");
	case W2N_IMM_TABLE_COPY:
		return need_index(fx, a, m->ntables, "table") && need_index(fx, b, m->ntables, "table");
	case W2N_IMM_TABLE_INIT:
		return need_index(fx, b, m->ntables, "table") &&
		       need_index(fx, a, m->nelems, "elem segment");
	case W2N_IMM_ELEM:
		return need_index(fx, a, m->nelems, "elem segment");
	case W2N_IMM_MEMARG:
		return check_memarg(fx, in);
	case W2N_IMM_MEMARG_LANE:
		return check_memarg(fx, in) && check_lane(fx, in->imm.mem.lane, shape_lanes(in->op));
	case W2N_IMM_MEM:
		return need_index(fx, a, m->nmems, "memory");
	case W2N_IMM_MEM_COPY:
		return need_index(fx, a, m->nmems, "memory") && need_index(fx, b, m->nmems, "memory");
	case W2N_IMM_MEM_INIT:
		return need_index(fx, b, m->nmems, "memory") &&
		       need_index(fx, a, m->ndatas, "data segment");
	case W2N_IMM_DATA:
		return need_index(fx, a, m->ndatas, "data segment");
	case W2N_IMM_FENCE:
		return true;
	case W2N_IMM_LANE:
		return check_lane(fx, in->imm.mem.lane, shape_lanes(in->op));
	case W2N_IMM_SHUFFLE:
		return check_shuffle(fx, in);
	case W2N_IMM_SELECT_T:
		if (a != 1)
			return w2n_vfail_at(fx, "invalid result arity (select takes 1 type, got %u)", a);
		if (!w2n_vtype_ok(m, (w2n_type)b, m->ntypes))
			return w2n_vfail_at(fx, "invalid value type (select)");
		return true;
	case W2N_IMM_REFTYPE:
		if (!w2n_vtype_ok(m, (w2n_type)in->imm.u64, m->ntypes))
			return w2n_vfail_at(fx, "unknown type (ref.null)");
		return true;
	case W2N_IMM_TYPE:
		return need_index(fx, a, m->ntypes, "type");
	case W2N_IMM_TAG:
		return need_index(fx, a, m->ntags, "tag");
	case W2N_IMM_TRY_TABLE:
		return check_catches(fx, in);
	case W2N_IMM_NONE:
	case W2N_IMM_I32:
	case W2N_IMM_I64:
	case W2N_IMM_F32:
	case W2N_IMM_F64:
	case W2N_IMM_V128:
		return true;
	}
	return true;
}

/* ---- addresses ------------------------------------------------------------------------ */

static w2n_type addrtype(const struct fctx *fx, uint32_t mem)
{
	return w2n_addrtype(&fx->vm->m->mems[mem].limits);
}

bool w2n_has_address(const struct w2n_instr *in)
{
	enum w2n_imm imm = w2n_ops[in->op].imm;
	return imm == W2N_IMM_MEMARG || imm == W2N_IMM_MEMARG_LANE || in->op == W2N_OP_MEMORY_FILL ||
	       in->op == W2N_OP_MEMORY_COPY || in->op == W2N_OP_MEMORY_INIT;
}

/* ops.def writes addresses as i32; a memory64 memory takes i64 ones. An access with a memarg
 * takes its address first; memory.copy's length has the narrower of its memories' types. */
bool w2n_vcheck_address(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_sig *sig = &w2n_ops[in->op].sig;
	w2n_type p[3] = {sig->params[0], sig->params[1], sig->params[2]};
	uint32_t a = in->imm.idx.a, b = in->imm.idx.b;
	switch ((enum w2n_op)in->op) {
	case W2N_OP_MEMORY_FILL: /* dst, value, n */
		p[0] = p[2] = addrtype(fx, a);
		break;
	case W2N_OP_MEMORY_COPY: /* dst, src, n */
		p[0] = addrtype(fx, a);
		p[1] = addrtype(fx, b);
		p[2] = p[0] == W2N_I64 && p[1] == W2N_I64 ? W2N_I64 : W2N_I32;
		break;
	case W2N_OP_MEMORY_INIT: /* dst, offset in the segment, n */
		p[0] = addrtype(fx, b);
		break;
	default:
		p[0] = addrtype(fx, in->imm.mem.memory);
		break;
	}
	return w2n_vapply(fx, p, sig->nparams, &sig->result, sig->nresults);
}

/* ---- calls, parametric and variable operators ---------------------------------------- */

static bool apply_functype(struct fctx *fx, uint32_t typeidx)
{
	const struct w2n_functype *ft = &fx->vm->m->types[typeidx];
	return w2n_vapply(fx, ft->types, ft->nparams, ft->types + ft->nparams, ft->nresults);
}

/* call_indirect pops the table index last, after the callee's arguments. */
static bool call_indirect(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_tabletype *t = &fx->vm->m->tables[in->imm.idx.b];
	w2n_type index = w2n_addrtype(&t->limits);
	if (w2n_type_repr(t->elem) != W2N_FUNCREF)
		return w2n_vfail_at(fx, "type mismatch (call_indirect through table %u of %s)",
		                    in->imm.idx.b, w2n_valtype_name(t->elem));
	return w2n_vpop_vals(fx, &index, 1, "call_indirect table index") &&
	       apply_functype(fx, in->imm.idx.a);
}

/* return_call and return_call_indirect (tail calls): the callee's results become the
 * caller's, so they must be the caller's result types; the call pops its arguments (and the
 * table index) and the rest of the block is unreachable, as after `return`. */
static bool return_call(struct fctx *fx, uint32_t typeidx, bool indirect)
{
	const struct w2n_functype *ft = &fx->vm->m->types[typeidx];
	w2n_type index =
		indirect ? w2n_addrtype(&fx->vm->m->tables[fx->in->imm.idx.b].limits) : W2N_I32;
	if (!w2n_vcheck_return_results(fx, typeidx))
		return false;
	if (indirect && w2n_type_repr(fx->vm->m->tables[fx->in->imm.idx.b].elem) != W2N_FUNCREF)
		return w2n_vfail_at(fx, "type mismatch (return_call_indirect through table %u of %s)",
		                    fx->in->imm.idx.b,
		                    w2n_valtype_name(fx->vm->m->tables[fx->in->imm.idx.b].elem));
	if (indirect && !w2n_vpop_vals(fx, &index, 1, "return_call_indirect table index"))
		return false;
	if (!w2n_vpop_vals(fx, ft->types, ft->nparams, w2n_ops[fx->in->op].name))
		return false;
	w2n_vset_unreachable(fx);
	return true;
}

static bool is_num(w2n_type t)
{
	return t == VT_ANY || (t >= W2N_F64 && t <= W2N_I32);
}

static bool is_vec(w2n_type t)
{
	return t == VT_ANY || t == W2N_V128;
}

/* Untyped select picks between two numeric or vector operands of one type; references need
 * the typed form (select_t), so that the result type is always known. */
static bool select_untyped(struct fctx *fx)
{
	static const w2n_type cond = W2N_I32;
	w2n_type t1, t2;
	if (!w2n_vpop_vals(fx, &cond, 1, "select condition") || !w2n_vpop_any(fx, &t1, "select") ||
	    !w2n_vpop_any(fx, &t2, "select"))
		return false;
	if (!((is_num(t1) && is_num(t2)) || (is_vec(t1) && is_vec(t2))))
		return w2n_vfail_at(fx,
		                    "type mismatch (select without a type needs numeric or vector "
		                    "operands, got [%s %s])",
		                    w2n_valtype_name(t2), w2n_valtype_name(t1));
	if (t1 != t2 && t1 != VT_ANY && t2 != VT_ANY)
		return w2n_vfail_at(fx, "type mismatch (select operands [%s %s] differ)",
		                    w2n_valtype_name(t2), w2n_valtype_name(t1));
	return w2n_vpush(fx, t1 == VT_ANY ? t2 : t1);
}

static bool select_typed(struct fctx *fx, const struct w2n_instr *in)
{
	w2n_type t = (w2n_type)in->imm.idx.b;
	const w2n_type params[3] = {t, t, W2N_I32};
	return w2n_vapply(fx, params, 3, &t, 1);
}

static bool variable(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_module *m = fx->vm->m;
	uint32_t x = in->imm.idx.a;
	w2n_type local;
	switch ((enum w2n_op)in->op) {
	case W2N_OP_LOCAL_GET:
		local = w2n_local_type(fx->type, fx->body, x);
		return w2n_vlocal_get(fx, x) && w2n_vapply(fx, NULL, 0, &local, 1);
	case W2N_OP_LOCAL_SET:
		local = w2n_local_type(fx->type, fx->body, x);
		return w2n_vapply(fx, &local, 1, NULL, 0) && w2n_vlocal_set(fx, x);
	case W2N_OP_LOCAL_TEE:
		local = w2n_local_type(fx->type, fx->body, x);
		return w2n_vapply(fx, &local, 1, &local, 1) && w2n_vlocal_set(fx, x);
	case W2N_OP_GLOBAL_GET:
		return w2n_vapply(fx, NULL, 0, &m->globals[x].type, 1);
	case W2N_OP_GLOBAL_SET:
		if (!m->globals[x].mutable_)
			return w2n_vfail_at(fx, "global is immutable (global.set %u)", x);
		return w2n_vapply(fx, &m->globals[x].type, 1, NULL, 0);
	default:
		assert(!"variable operator without a typing rule");
		return false;
	}
}

/* ---- tables and references ------------------------------------------------------------ */

/* table.copy and table.init move references into a table whose type must take them. */
static bool same_reftype(struct fctx *fx, w2n_type dst, w2n_type src, const char *from)
{
	if (w2n_vsubtype(fx->vm->m, src, dst))
		return true;
	return w2n_vfail_at(fx, "type mismatch (%s copies %s from %s into a table of %s)",
	                    w2n_ops[fx->in->op].name, w2n_valtype_name(src), from,
	                    w2n_valtype_name(dst));
}

/* Indices, sizes and counts of a table have its address type (i64 for table64); table.copy's
 * count the narrower of its two tables' types; table.init's segment offset and count are i32. */
static bool table_op(struct fctx *fx, const struct w2n_instr *in)
{
	const struct w2n_module *m = fx->vm->m;
	uint32_t x = in->op == W2N_OP_TABLE_INIT ? in->imm.idx.b : in->imm.idx.a;
	w2n_type t = m->tables[x].elem, i = w2n_addrtype(&m->tables[x].limits);
	const w2n_type i32 = W2N_I32;
	switch ((enum w2n_op)in->op) {
	case W2N_OP_TABLE_GET:
		return w2n_vapply(fx, &i, 1, &t, 1);
	case W2N_OP_TABLE_SET:
		return w2n_vapply(fx, (const w2n_type[]){i, t}, 2, NULL, 0);
	case W2N_OP_TABLE_SIZE:
		return w2n_vapply(fx, NULL, 0, &i, 1);
	case W2N_OP_TABLE_GROW:
		return w2n_vapply(fx, (const w2n_type[]){t, i}, 2, &i, 1);
	case W2N_OP_TABLE_FILL:
		return w2n_vapply(fx, (const w2n_type[]){i, t, i}, 3, NULL, 0);
	case W2N_OP_TABLE_COPY: {
		w2n_type src = w2n_addrtype(&m->tables[in->imm.idx.b].limits);
		w2n_type n = i == W2N_I64 && src == W2N_I64 ? W2N_I64 : W2N_I32;
		return same_reftype(fx, t, m->tables[in->imm.idx.b].elem, "a table") &&
		       w2n_vapply(fx, (const w2n_type[]){i, src, n}, 3, NULL, 0);
	}
	case W2N_OP_TABLE_INIT:
		return same_reftype(fx, t, m->elems[in->imm.idx.a].type, "an element segment") &&
		       w2n_vapply(fx, (const w2n_type[]){i, i32, i32}, 3, NULL, 0);
	default:
		assert(!"table operator without a typing rule");
		return false;
	}
}

static bool ref_is_null(struct fctx *fx)
{
	static const w2n_type result = W2N_I32;
	w2n_type t;
	if (!w2n_vpop_any(fx, &t, "ref.is_null"))
		return false;
	if (t != VT_ANY && !w2n_is_reftype(w2n_type_repr(t)))
		return w2n_vfail_at(fx, "type mismatch (ref.is_null expects a reference but got %s)",
		                    w2n_valtype_name(t));
	return w2n_vpush(fx, result);
}

/* A body may only take references to functions the module declares outside the bodies, so
 * that all of them are known before any code is compiled. */
static bool ref_func(struct fctx *fx, uint32_t f)
{
	/* 3.0: a reference to the function's own type, never null (a subtype of funcref). */
	w2n_type result =
		w2n_ref_type(W2N_FUNCREF, fx->vm->m->funcs[f].type + W2N_HEAP_FIRST_CONCRETE, 0);
	if (!fx->vm->declared[f])
		return w2n_vfail_at(fx, "undeclared function reference (ref.func %u)", f);
	return w2n_vapply(fx, NULL, 0, &result, 1);
}

bool w2n_vcheck_special(struct fctx *fx, const struct w2n_instr *in)
{
	static const w2n_type i64x4[] = {W2N_I64, W2N_I64, W2N_I64, W2N_I64};
	switch (w2n_ops[in->op].family) {
	case W2N_FAM_VAR:
		return variable(fx, in);
	case W2N_FAM_TABLE:
		return table_op(fx, in);
	default:
		break;
	}
	switch ((enum w2n_op)in->op) {
	case W2N_OP_CALL:
		return apply_functype(fx, fx->vm->m->funcs[in->imm.idx.a].type);
	case W2N_OP_CALL_INDIRECT:
		return call_indirect(fx, in);
	case W2N_OP_RETURN_CALL:
		return return_call(fx, fx->vm->m->funcs[in->imm.idx.a].type, false);
	case W2N_OP_RETURN_CALL_INDIRECT:
		return return_call(fx, in->imm.idx.a, true);
	case W2N_OP_I64_ADD128:
	case W2N_OP_I64_SUB128:
		return w2n_vapply(fx, i64x4, 4, i64x4, 2);
	case W2N_OP_I64_MUL_WIDE_S:
	case W2N_OP_I64_MUL_WIDE_U:
		return w2n_vapply(fx, i64x4, 2, i64x4, 2);
	case W2N_OP_DROP: {
		w2n_type t;
		return w2n_vpop_any(fx, &t, "drop");
	}
	case W2N_OP_SELECT:
		return select_untyped(fx);
	case W2N_OP_SELECT_T:
		return select_typed(fx, in);
	case W2N_OP_REF_NULL: {
		w2n_type t = (w2n_type)in->imm.u64;
		return w2n_vapply(fx, NULL, 0, &t, 1);
	}
	case W2N_OP_REF_IS_NULL:
		return ref_is_null(fx);
	case W2N_OP_REF_FUNC:
		return ref_func(fx, in->imm.idx.a);
	case W2N_OP_REF_AS_NON_NULL:
	case W2N_OP_CALL_REF:
	case W2N_OP_RETURN_CALL_REF:
		return w2n_vcheck_refs(fx, in);
	case W2N_OP_MEMORY_SIZE: {
		w2n_type at = addrtype(fx, in->imm.idx.a);
		return w2n_vapply(fx, NULL, 0, &at, 1);
	}
	case W2N_OP_MEMORY_GROW: {
		w2n_type at = addrtype(fx, in->imm.idx.a);
		return w2n_vapply(fx, &at, 1, &at, 1);
	}
	default:
		assert(!"operator without a typing rule");
		return false;
	}
}
