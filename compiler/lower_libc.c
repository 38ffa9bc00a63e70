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
	[W2N_LIBC_MEMCPY] = "w2n_rt_libc_memcpy",       [W2N_LIBC_MEMMOVE] = "w2n_rt_libc_memmove",
	[W2N_LIBC_MEMSET] = "w2n_rt_libc_memset",       [W2N_LIBC_MEMCHR] = "w2n_rt_libc_memchr",
	[W2N_LIBC_MEMCMP] = "w2n_rt_libc_memcmp",       [W2N_LIBC_STRLEN] = "w2n_rt_libc_strlen",
	[W2N_LIBC_STRCHRNUL] = "w2n_rt_libc_strchrnul", [W2N_LIBC_STRCHR] = "w2n_rt_libc_strchr",
	[W2N_LIBC_STRCMP] = "w2n_rt_libc_strcmp",
};

void w2n_libc_fast_path(struct fx *fx)
{
	struct mx *mx = fx->mx;
	uint8_t fn = mx->libc ? mx->libc[fx->func_index] : W2N_LIBC_NONE;
	if (fn == W2N_LIBC_NONE)
		return;
	LLVMValueRef args[4] = {fx->vmctx};
	unsigned nparams = fx->type->nparams;
	assert(nparams <= 3);
	for (unsigned i = 0; i < nparams; i++)
		args[1 + i] = LLVMGetParam(fx->fn, 1 + i);
	LLVMValueRef r = w2n_call_rt(fx, rt_names[fn], mx->t_i64, args, 1 + nparams);
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
