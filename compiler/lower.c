/* lower.c — the lowering driver: declares the part's functions, gives each body its prologue
 * (locals, memory base, stack check), dispatches each instruction to its operator family's
 * file (ops.def's FAMILY column), and has the main part's descriptor emitted. What those files
 * emit with is in lower_emit.c. */
#include "lower.h"
#include "libc_match.h"
#include "wasm2native/wasm2native.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- functions ------------------------------------------------------------------------------ */

static void setup_memory_base(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!mx->m->nmems)
		return;
	LLVMValueRef base = w2n_load_field(fx, w2n_memory_object(fx, 0), W2N_OFF_MEMORY_BASE, mx->t_ptr,
	                                   !mx->opt->bounds_checks);
	if (!mx->opt->bounds_checks) {
		fx->mem_base = base;
		return;
	}
	fx->mem_base = LLVMBuildAlloca(mx->b, mx->t_ptr, "membase.slot");
	LLVMBuildStore(mx->b, base, fx->mem_base);
}

/* Deterministic stack exhaustion: trap when the frame address is below vmctx->stack_limit,
 * which the runtime sets with enough headroom for the trap path and host calls. */
static void stack_check(struct fx *fx)
{
	struct mx *mx = fx->mx;
	LLVMValueRef zero = w2n_i32(mx, 0);
	LLVMTypeRef pt = mx->t_ptr;
	LLVMValueRef frame = w2n_call_intrinsic(fx, "llvm.frameaddress", &pt, 1, &zero, 1);
	LLVMValueRef sp = LLVMBuildPtrToInt(mx->b, frame, mx->t_i64, "sp");
	LLVMValueRef limit = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_STACK_LIMIT, mx->t_i64, false);
	w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntULT, sp, limit, ""), W2N_TRAP_STACK_EXHAUSTED);
}

/* Locals get their stack slot on first use (lower_var.c): a function may declare tens of
 * thousands of locals it never touches, and each slot costs IR until mem2reg runs. */
static void setup_locals(struct fx *fx)
{
	fx->nlocals = fx->type->nparams + fx->body->nlocals;
	fx->locals = w2n_xrealloc(NULL, 0, fx->nlocals, sizeof *fx->locals);
}

static bool is_structure(uint16_t op)
{
	return op == W2N_OP_BLOCK || op == W2N_OP_LOOP || op == W2N_OP_IF || op == W2N_OP_ELSE ||
	       op == W2N_OP_END || op == W2N_OP_TRY_TABLE;
}

static void lower_instr(struct fx *fx, const struct w2n_instr *in)
{
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	if (w2n_control_dead(fx) && !is_structure(in->op))
		return;
	switch (info->family) {
	case W2N_FAM_CONTROL:
	case W2N_FAM_PARAM:
		w2n_lower_control(fx, in);
		return;
	case W2N_FAM_CALL:
		w2n_lower_call(fx, in);
		return;
	case W2N_FAM_VAR:
		w2n_lower_var(fx, in);
		return;
	case W2N_FAM_CONST:
	case W2N_FAM_EQZ:
	case W2N_FAM_ICMP:
	case W2N_FAM_FCMP:
	case W2N_FAM_IUNARY:
	case W2N_FAM_IBIN:
	case W2N_FAM_IDIV:
	case W2N_FAM_SHIFT:
	case W2N_FAM_ROTATE:
	case W2N_FAM_FUNARY:
	case W2N_FAM_FBIN:
	case W2N_FAM_FMINMAX:
		w2n_lower_numeric(fx, in);
		return;
	case W2N_FAM_CONV:
	case W2N_FAM_TRUNC:
	case W2N_FAM_TRUNC_SAT:
	case W2N_FAM_SEXT:
		w2n_lower_convert(fx, in);
		return;
	case W2N_FAM_ADD128:
	case W2N_FAM_MUL_WIDE:
		w2n_lower_wide(fx, in);
		return;
	case W2N_FAM_LOAD:
	case W2N_FAM_STORE:
	case W2N_FAM_MEMORY:
		w2n_lower_memory(fx, in);
		return;
	case W2N_FAM_TABLE:
	case W2N_FAM_REF:
		w2n_lower_table(fx, in);
		return;
	case W2N_FAM_ATOMIC_LOAD:
	case W2N_FAM_ATOMIC_STORE:
	case W2N_FAM_ATOMIC_RMW_ADD:
	case W2N_FAM_ATOMIC_RMW_SUB:
	case W2N_FAM_ATOMIC_RMW_AND:
	case W2N_FAM_ATOMIC_RMW_OR:
	case W2N_FAM_ATOMIC_RMW_XOR:
	case W2N_FAM_ATOMIC_RMW_XCHG:
	case W2N_FAM_ATOMIC_CMPXCHG:
	case W2N_FAM_ATOMIC_WAIT:
	case W2N_FAM_ATOMIC_NOTIFY:
	case W2N_FAM_ATOMIC_FENCE:
		w2n_lower_atomic(fx, in);
		return;
	default:
		/* Every other family is a SIMD_* one (ops.h lists them after SEXT). */
		assert(info->family >= W2N_FAM_SIMD_LOAD && info->family <= W2N_FAM_SIMD_CONVERT);
		w2n_lower_simd(fx, in);
		return;
	}
}

static void lower_function(struct mx *mx, uint32_t index)
{
	const struct w2n_func *f = &mx->m->funcs[index];
	struct fx fx = {
		.mx = mx,
		.func_index = index,
		.type = &mx->m->types[f->type],
		.body = &f->body,
		.fn = w2n_func(mx, index),
	};
	fx.vmctx = LLVMGetParam(fx.fn, 0);
	fx.entry = LLVMAppendBasicBlockInContext(mx->ctx, fx.fn, "entry");
	LLVMPositionBuilderAtEnd(mx->b, fx.entry);
	setup_locals(&fx);
	setup_memory_base(&fx);
	w2n_limits_begin(&fx);
	stack_check(&fx);
	w2n_libc_fast_path(&fx);
	w2n_control_begin(&fx);
	for (uint32_t i = 0; i < f->body.len; i++) {
		if (!w2n_control_dead(&fx))
			w2n_fuel_charge(&fx, i);
		lower_instr(&fx, &f->body.code[i]);
	}
	w2n_limits_end(&fx);
	if (fx.has_try)
		w2n_exn_pin_slots(&fx);
	if (!mx->opt->bounds_checks)
		w2n_keep_dead_loads(&fx);
	free(fx.stack);
	free(fx.frames);
	free(fx.locals);
}

/* A single part declares every function first, in index order, which is the order of the
 * code in the object. A part of a split module declares only what it uses (w2n_func): with
 * tens of thousands of functions in hundreds of parts, declaring them all would cost more
 * than some parts' code. */
static void declare_functions(struct mx *mx)
{
	const struct w2n_module *m = mx->m;
	mx->fn_types = w2n_xrealloc(NULL, 0, m->ntypes, sizeof *mx->fn_types);
	mx->fns = w2n_xrealloc(NULL, 0, m->nfuncs, sizeof *mx->fns);
	mx->trampolines = w2n_xrealloc(NULL, 0, m->nfuncs, sizeof *mx->trampolines);
	for (uint32_t i = 0; i < m->ntypes; i++)
		mx->fn_types[i] = w2n_llvm_fn_type(mx, &m->types[i]);
	uint32_t first = mx->split ? mx->part_begin : m->nfunc_imports;
	uint32_t end = mx->split ? mx->part_end : m->nfuncs;
	for (uint32_t i = first; i < end; i++)
		w2n_func(mx, i);
}

/* Fast paths for recognized libc routines need a memory, and stay off under fuel metering,
 * whose count must not depend on how a routine was run. Only this part's functions (and what
 * they call) are hashed: a large module has hundreds of parts. */
static void match_libc(struct mx *mx)
{
	if (!mx->opt->no_fast_libc && !mx->opt->fuel && mx->m->nmems && !mx->m->mems[0].limits.is64)
		mx->libc = w2n_libc_match(mx->m, mx->part_begin, mx->part_end);
}

void w2n_lower_module(struct mx *mx)
{
	declare_functions(mx);
	match_libc(mx);
	for (uint32_t i = mx->part_begin; i < mx->part_end; i++)
		lower_function(mx, i);
	if (mx->main_part)
		w2n_lower_descriptor(mx);
	free(mx->fn_types);
	free(mx->fns);
	free(mx->trampolines);
	free(mx->libc);
	mx->libc = NULL;
	mx->fn_types = NULL;
	mx->fns = NULL;
	mx->trampolines = NULL;
}
