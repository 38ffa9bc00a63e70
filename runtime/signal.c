/* signal.c — turning faults in the sandbox into traps, and nothing else (STYLE.md rule 10).
 *
 * SIGSEGV and SIGBUS are handled on an alternate stack, so a fault caused by an exhausted
 * stack can still be handled. A fault becomes a trap only while a w2n_call is active and only
 * when the faulting address lies
 *   - inside a linear memory's reservation: "out of bounds memory access" (guard-page mode
 *     emits no bounds checks; the PROT_NONE pages past the memory's size do the checking), or
 *   - in the stack's guard region below the limit: "call stack exhausted".
 * Any other fault is a bug, in the runtime or in the host: the previous disposition (normally
 * the default, which kills the process with a core dump) is restored and the fault happens
 * again when the handler returns. SIGFPE is not handled: generated code checks divisors, so a
 * SIGFPE is such a bug too.
 *
 * A trap does not longjmp out of the handler: it rewrites the interrupted context to resume
 * in w2n_ctx_restore and returns, so rt_sigreturn restores the signal mask and leaves the
 * alternate stack as the kernel expects. */
#include "rt.h"

#define ALT_STACK_SIZE (64u << 10)

static struct w2n_sigaction old_segv, old_bus;
static bool installed;

static void crash(int sig, const struct w2n_siginfo *si)
{
	w2n_sys_sigaction(sig, sig == W2N_SIGSEGV ? &old_segv : &old_bus, NULL);
	/* A synchronous fault repeats when the handler returns; a signal sent by a process
	 * (si_code <= 0) does not, so send it again. */
	if (si->code <= 0)
		w2n_sys_raise(sig);
}

/* The wasm function running at `pc`: among all instances' functions, the one starting last
 * at or before pc. */
static void locate(uintptr_t pc, struct w2n_instance **inst, uint32_t *func)
{
	uintptr_t best = 0, start;
	*inst = NULL;
	*func = UINT32_MAX;
	for (struct w2n_instance *i = w2n_instances; i != NULL; i = i->next) {
		uint32_t f = w2n_func_at(i, pc, &start);
		if (f != UINT32_MAX && start > best) {
			best = start;
			*inst = i;
			*func = f;
		}
	}
}

static void handler(int sig, struct w2n_siginfo *si, void *uc)
{
	struct w2n_trap_frame *tf = w2n_trap_current();
	uintptr_t addr = (uintptr_t)si->addr;
	uint32_t trap;
	if (tf != NULL && w2n_memory_reserved(addr))
		trap = W2N_TRAP_MEMORY_OOB;
	else if (tf != NULL && sig == W2N_SIGSEGV && w2n_stack_in_guard(addr))
		trap = W2N_TRAP_STACK_EXHAUSTED;
	else {
		crash(sig, si);
		return;
	}
	struct w2n_instance *inst;
	uint32_t func;
	locate(w2n_sigctx_pc(uc), &inst, &func);
	w2n_trap_record(tf, trap, inst, func);
	w2n_sigctx_resume(uc, &tf->ctx, 1);
}

static bool install(int sig, struct w2n_sigaction *old)
{
	struct w2n_sigaction sa = {
		.handler = (void *)handler,
		.flags = W2N_SA_SIGINFO | W2N_SA_ONSTACK | W2N_SA_RESTORER,
		.restorer = w2n_sigreturn,
		.mask = 0,
	};
	return w2n_sys_sigaction(sig, &sa, old) == 0;
}

bool w2n_signals_init(void)
{
	if (installed)
		return true;
	void *stack = w2n_sys_mmap(ALT_STACK_SIZE, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (stack == NULL)
		return false;
	struct w2n_sigstack ss = {.sp = stack, .flags = 0, .size = ALT_STACK_SIZE};
	if (w2n_sys_sigaltstack(&ss, NULL) != 0)
		return false;
	if (!install(W2N_SIGSEGV, &old_segv) || !install(W2N_SIGBUS, &old_bus))
		return false;
	installed = true;
	return true;
}
