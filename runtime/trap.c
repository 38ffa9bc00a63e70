/* trap.c — traps: the noreturn entry generated code calls, the frames of w2n_call that traps
 * unwind to, and the messages.
 *
 * A trap never unwinds wasm frames one by one: w2n_call saves its context (callee-saved
 * registers, stack pointer, resume address) in a frame linked from the thread's chain
 * (w2n_self.frames: each thread unwinds only its own calls); a trap records its reason in the
 * innermost frame and restores that context, which makes w2n_call return false. Everything
 * between (wasm frames, host frames of imports) is abandoned, which is fine: neither holds
 * resources the runtime would have to release. Host imports that call back into wasm do so
 * through w2n_call, so frames nest. */
#include "rt.h"

static const char *const messages[W2N_TRAP_COUNT] = {
#define W2N_TRAP(ID, MESSAGE) [W2N_TRAP_##ID] = MESSAGE,
#include "wasm2native/traps.def"
};

const char *w2n_trap_message(uint32_t trap)
{
	return trap < W2N_TRAP_COUNT ? messages[trap] : "unknown trap";
}

struct w2n_trap_frame *w2n_trap_current(void)
{
	return w2n_self.frames;
}

void w2n_trap_record(struct w2n_trap_frame *tf, uint32_t trap, const struct w2n_module_desc *desc,
                     uint32_t func)
{
	tf->trap = trap;
	tf->desc = desc;
	tf->func = func;
}

void w2n_trap_error(struct w2n_error *err, uint32_t trap, const struct w2n_module_desc *desc,
                    uint32_t func)
{
	const char *msg = w2n_trap_message(trap);
	err->kind = W2N_ERR_TRAP;
	err->trap = trap;
	if (desc == NULL || func >= desc->nfuncs)
		w2n_fmt(err->message, sizeof err->message, "%s", msg);
	else if (desc->funcs[func].name != NULL)
		w2n_fmt(err->message, sizeof err->message, "%s (in function %s)", msg,
		        desc->funcs[func].name);
	else
		w2n_fmt(err->message, sizeof err->message, "%s (in function #%u)", msg, func);
}

static _Noreturn void unwind(uint32_t trap, const struct w2n_module_desc *desc, uint32_t func)
{
	struct w2n_trap_frame *tf = w2n_self.frames;
	if (tf == NULL) {
		/* Wasm code ran without w2n_call around it (a host called native code directly):
		 * there is nowhere to return the error to. */
		struct w2n_error err;
		w2n_trap_error(&err, trap, desc, func);
		w2n_dprintf(2, "wasm trap: %s\n", err.message);
		w2n_sys_exit(W2N_EXIT_TRAP);
	}
	w2n_trap_record(tf, trap, desc, func);
	w2n_ctx_restore(&tf->ctx, 1);
}

/* Not a trap id: marks a frame resumed by w2n_unwind_exit; the frame's `func` holds the code. */
#define UNWIND_EXIT UINT32_MAX

_Noreturn void w2n_unwind_exit(uint32_t code)
{
	struct w2n_trap_frame *tf = w2n_self.frames;
	if (tf == NULL)
		w2n_sys_exit((int)code);
	w2n_trap_record(tf, UNWIND_EXIT, NULL, code);
	w2n_ctx_restore(&tf->ctx, 1);
}

_Noreturn void w2n_trap_host(const char *detail)
{
	struct w2n_trap_frame *tf = w2n_self.frames;
	if (tf != NULL)
		w2n_fmt(tf->detail, sizeof tf->detail, "%s", detail);
	unwind(W2N_TRAP_HOST, NULL, UINT32_MAX);
}

_Noreturn void w2n_rt_trap(struct w2n_vmctx *vmctx, uint32_t trap, uint32_t func_index)
{
	unwind(trap, vmctx != NULL ? vmctx->instance->desc : NULL, func_index);
}

_Noreturn void w2n_trap_from(struct w2n_vmctx *vmctx, uint32_t trap, const void *ret_addr)
{
	const struct w2n_module_desc *desc = vmctx->instance->desc;
	uintptr_t start;
	unwind(trap, desc, w2n_func_at(desc, (uintptr_t)ret_addr, &start));
}

/* Calls f with the array-call convention. A function without a trampoline can still be called
 * if it takes and returns nothing (a start function imported from a host, say). */
static bool invoke(struct w2n_funcref *f, union w2n_val *vals)
{
	if (f->array_call != NULL) {
		f->array_call(f->vmctx, vals);
		return true;
	}
	const struct w2n_desc_type *t = w2n_type_by_id(f->type_id);
	if (t == NULL || t->nparams != 0 || t->nresults != 0 || f->code == NULL)
		return false;
	((void (*)(struct w2n_vmctx *))f->code)(f->vmctx);
	return true;
}

/* Whether a vmctx's stack limit belongs to the calling thread: it lies between the thread's
 * own limit and the stack pointer (a limit a caller narrowed for its call is in that range
 * too). If not, the instance last ran on another thread and gets this thread's limit. */
static bool on_this_stack(uintptr_t limit)
{
	return limit >= w2n_self.stack_limit && limit <= (uintptr_t)__builtin_frame_address(0);
}

/* Fills err from a frame resumed by a trap or an exit. */
static void resumed(const struct w2n_trap_frame *tf, struct w2n_error *err)
{
	if (tf->trap == UNWIND_EXIT) {
		*err = (struct w2n_error){.kind = W2N_ERR_EXIT, .exit_code = tf->func};
		w2n_fmt(err->message, sizeof err->message, "exit status %u", tf->func);
	} else if (tf->trap == W2N_TRAP_HOST) {
		err->kind = W2N_ERR_TRAP;
		err->trap = W2N_TRAP_HOST;
		w2n_fmt(err->message, sizeof err->message, "%s: %s", w2n_trap_message(W2N_TRAP_HOST),
		        tf->detail);
	} else
		w2n_trap_error(err, tf->trap, tf->desc, tf->func);
}

bool w2n_call(struct w2n_funcref *f, union w2n_val *vals, struct w2n_error *err)
{
	if (!w2n_thread_ready(err))
		return false;
	if (!on_this_stack(f->vmctx->stack_limit))
		w2n_retarget(f->vmctx, w2n_self.stack_limit);
	struct w2n_limits_frame lf;
	if (!w2n_limits_enter(f, &lf, err))
		return false;
	struct w2n_trap_frame tf = {.prev = w2n_self.frames, .func = UINT32_MAX};
	/* Exceptions do not cross host frames: the call starts without handlers (exn.c). */
	struct w2n_exn_handler *volatile handlers = w2n_self.handlers;
	if (w2n_ctx_save(&tf.ctx) != 0) {
		/* Resumed by a trap or an exit: tf was filled in through w2n_self.frames. */
		w2n_self.frames = tf.prev;
		w2n_self.handlers = handlers;
		w2n_limits_leave(&lf);
		resumed(&tf, err);
		return false;
	}
	w2n_self.frames = &tf;
	w2n_self.handlers = NULL;
	bool called = invoke(f, vals);
	w2n_self.frames = tf.prev;
	w2n_self.handlers = handlers;
	w2n_limits_leave(&lf);
	if (!called) {
		err->kind = W2N_ERR_LINK;
		err->trap = 0;
		w2n_fmt(err->message, sizeof err->message,
		        "function #%u cannot be called from the host (no array-call entry)", f->func_index);
		return false;
	}
	return true;
}
