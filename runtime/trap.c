/* trap.c — traps: the noreturn entry generated code calls, the frames of w2n_call that traps
 * unwind to, and the messages.
 *
 * A trap never unwinds wasm frames one by one: w2n_call saves its context (callee-saved
 * registers, stack pointer, resume address) in a frame linked from `current`; a trap records
 * its reason in the innermost frame and restores that context, which makes w2n_call return
 * false. Everything between (wasm frames, host frames of imports) is abandoned, which is fine:
 * neither holds resources the runtime would have to release. Host imports that call back into
 * wasm do so through w2n_call, so frames nest. */
#include "rt.h"

static struct w2n_trap_frame *current;

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
	return current;
}

void w2n_trap_record(struct w2n_trap_frame *tf, uint32_t trap, struct w2n_instance *inst,
                     uint32_t func)
{
	tf->trap = trap;
	tf->inst = inst;
	tf->func = func;
}

void w2n_trap_error(struct w2n_error *err, uint32_t trap, struct w2n_instance *inst, uint32_t func)
{
	const char *msg = w2n_trap_message(trap);
	err->kind = W2N_ERR_TRAP;
	err->trap = trap;
	if (inst == NULL || func >= inst->desc->nfuncs)
		w2n_fmt(err->message, sizeof err->message, "%s", msg);
	else if (inst->desc->funcs[func].name != NULL)
		w2n_fmt(err->message, sizeof err->message, "%s (in function %s)", msg,
		        inst->desc->funcs[func].name);
	else
		w2n_fmt(err->message, sizeof err->message, "%s (in function #%u)", msg, func);
}

static _Noreturn void unwind(uint32_t trap, struct w2n_instance *inst, uint32_t func)
{
	struct w2n_trap_frame *tf = current;
	if (tf == NULL) {
		/* Wasm code ran without w2n_call around it (a host called native code directly):
		 * there is nowhere to return the error to. */
		struct w2n_error err;
		w2n_trap_error(&err, trap, inst, func);
		w2n_dprintf(2, "wasm trap: %s\n", err.message);
		w2n_sys_exit(W2N_EXIT_TRAP);
	}
	w2n_trap_record(tf, trap, inst, func);
	w2n_ctx_restore(&tf->ctx, 1);
}

/* Not a trap id: marks a frame resumed by w2n_unwind_exit; the frame's `func` holds the code. */
#define UNWIND_EXIT UINT32_MAX

_Noreturn void w2n_unwind_exit(uint32_t code)
{
	struct w2n_trap_frame *tf = current;
	if (tf == NULL)
		w2n_sys_exit((int)code);
	w2n_trap_record(tf, UNWIND_EXIT, NULL, code);
	w2n_ctx_restore(&tf->ctx, 1);
}

_Noreturn void w2n_rt_trap(struct w2n_vmctx *vmctx, uint32_t trap, uint32_t func_index)
{
	unwind(trap, vmctx != NULL ? vmctx->instance : NULL, func_index);
}

_Noreturn void w2n_trap_from(struct w2n_vmctx *vmctx, uint32_t trap, const void *ret_addr)
{
	struct w2n_instance *inst = vmctx->instance;
	uintptr_t start;
	unwind(trap, inst, w2n_func_at(inst, (uintptr_t)ret_addr, &start));
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

bool w2n_call(struct w2n_funcref *f, union w2n_val *vals, struct w2n_error *err)
{
	struct w2n_limits_frame lf;
	if (!w2n_limits_enter(f, &lf, err))
		return false;
	struct w2n_trap_frame tf = {.prev = current, .func = UINT32_MAX};
	if (w2n_ctx_save(&tf.ctx) != 0) {
		/* Resumed by a trap or an exit: tf was filled in through `current`. */
		current = tf.prev;
		w2n_limits_leave(&lf);
		if (tf.trap == UNWIND_EXIT) {
			*err = (struct w2n_error){.kind = W2N_ERR_EXIT, .exit_code = tf.func};
			w2n_fmt(err->message, sizeof err->message, "exit status %u", tf.func);
			return false;
		}
		w2n_trap_error(err, tf.trap, tf.inst, tf.func);
		return false;
	}
	current = &tf;
	bool called = invoke(f, vals);
	current = tf.prev;
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
