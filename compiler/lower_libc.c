/* lower_libc.c — fast paths for libc routines recognized by their code (libc_match.c).
 *
 * A recognized function keeps its own lowered body, and its entry first calls the runtime's
 * fast path (runtime/libc_fast.c): that returns the routine's result, or W2N_LIBC_FALLBACK when
 * only the module's own code gives the exact result and traps (a range not wholly in memory,
 * memcpy with overlap). So the function computes what it always did; the runtime just gets
 * there with vector code. docs/libc-routines.md has the rule. */
#include "libc_match.h"
#include "lower.h"

#include <assert.h>

static const char *const rt_names[W2N_LIBC_COUNT] = {
	[W2N_LIBC_MEMCPY] = "w2n_rt_libc_memcpy",         [W2N_LIBC_MEMMOVE] = "w2n_rt_libc_memmove",
	[W2N_LIBC_MEMSET] = "w2n_rt_libc_memset",         [W2N_LIBC_MEMCHR] = "w2n_rt_libc_memchr",
	[W2N_LIBC_MEMCMP] = "w2n_rt_libc_memcmp",         [W2N_LIBC_STRLEN] = "w2n_rt_libc_strlen",
	[W2N_LIBC_STRCHRNUL] = "w2n_rt_libc_strchrnul",   [W2N_LIBC_STRCHR] = "w2n_rt_libc_strchr",
	[W2N_LIBC_STRCMP] = "w2n_rt_libc_strcmp",         [W2N_LIBC_STRSTR] = "w2n_rt_libc_strstr",
	[W2N_LIBC_MEMCHR_NUL] = "w2n_rt_libc_memchr_nul",
};

/* The global musl's strstr code moves its frames with: the first global.get in the body, or
 * in a function it calls (twoway_strstr when binaryen did not inline it); -1 if none. The body
 * hash fixes the index, so this only reads off which one it is. */
static int64_t stack_pointer(const struct w2n_module *m, uint32_t func)
{
	const struct w2n_code *c = &m->funcs[func].body;
	for (uint32_t i = 0; i < c->len; i++)
		if (c->code[i].op == W2N_OP_GLOBAL_GET)
			return c->code[i].imm.idx.a;
	for (uint32_t i = 0; i < c->len; i++) {
		uint32_t callee = c->code[i].imm.idx.a;
		if (c->code[i].op != W2N_OP_CALL || m->funcs[callee].import >= 0)
			continue;
		const struct w2n_code *cc = &m->funcs[callee].body;
		for (uint32_t k = 0; k < cc->len; k++)
			if (cc->code[k].op == W2N_OP_GLOBAL_GET)
				return cc->code[k].imm.idx.a;
	}
	return -1;
}

/* The current value of an i32 global (vmctx->globals holds a pointer to each cell). */
static LLVMValueRef global_value(struct fx *fx, uint32_t index)
{
	struct mx *mx = fx->mx;
	LLVMValueRef cells = w2n_load_field(fx, fx->vmctx, W2N_OFF_VMCTX_GLOBALS, mx->t_ptr, true);
	LLVMValueRef cell = w2n_load_field(fx, cells, (size_t)index * sizeof(void *), mx->t_ptr, true);
	return LLVMBuildLoad2(mx->b, mx->t_i32, cell, "sp");
}

void w2n_libc_fast_path(struct fx *fx)
{
	struct mx *mx = fx->mx;
	uint8_t fn = mx->libc ? mx->libc[fx->func_index] : W2N_LIBC_NONE;
	if (fn == W2N_LIBC_NONE || !rt_names[fn])
		return; /* not a routine, or one of strstr's helpers (strstr has the fast path) */
	LLVMValueRef args[5] = {fx->vmctx};
	unsigned nparams = fx->type->nparams;
	assert(nparams <= 3);
	for (unsigned i = 0; i < nparams; i++)
		args[1 + i] = LLVMGetParam(fx->fn, 1 + i);
	unsigned nargs = 1 + nparams;
	if (fn == W2N_LIBC_STRSTR) {
		/* strstr's helper keeps tables below the stack pointer; the runtime writes them too */
		int64_t sp = stack_pointer(mx->m, fx->func_index);
		if (sp < 0)
			return;
		args[nargs++] = global_value(fx, (uint32_t)sp);
	}
	LLVMValueRef r = w2n_call_rt(fx, rt_names[fn], mx->t_i64, args, nargs);
	LLVMValueRef declined =
		LLVMBuildICmp(mx->b, LLVMIntEQ, r, w2n_i64(mx, W2N_LIBC_FALLBACK), "declined");
	LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "libc.done");
	LLVMBasicBlockRef body = LLVMAppendBasicBlockInContext(mx->ctx, fx->fn, "libc.body");
	LLVMBuildCondBr(mx->b, declined, body, done);
	LLVMPositionBuilderAtEnd(mx->b, done);
	/* Binaryen drops the result of a routine whose callers all ignore it. */
	if (fx->type->nresults)
		LLVMBuildRet(mx->b, LLVMBuildTrunc(mx->b, r, mx->t_i32, ""));
	else
		LLVMBuildRetVoid(mx->b);
	LLVMPositionBuilderAtEnd(mx->b, body);
}
