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
 * alternate stack as the kernel expects.
 *
 * Threads: the handlers are process-wide and installed once; the alternate stack is per
 * thread (each thread that runs wasm gets one, unless its host gave it one). The handler looks
 * at the faulting thread's own frames and guard region (w2n_self), and at the shared registry
 * of reservations and modules under the registry lock, which it never waits for when the
 * faulting thread holds it itself (that fault is a runtime bug: it stays a crash). */
#include "rt.h"

#define ALT_STACK_SIZE (64u << 10)

static struct w2n_sigaction old_segv, old_bus;
static bool installed;
static struct w2n_lock install_lock;

static void crash(int sig, const struct w2n_siginfo *si)
{
	w2n_sys_sigaction(sig, sig == W2N_SIGSEGV ? &old_segv : &old_bus, NULL);
	/* A synchronous fault repeats when the handler returns; a signal sent by a process
	 * (si_code <= 0) does not, so send it again. */
	if (si->code <= 0)
		w2n_sys_raise(sig);
}

/* The trap a fault at `addr` is, or W2N_TRAP_COUNT if it is not one. Takes the registry lock
 * (the reservations may change under another thread). */
static uint32_t classify(int sig, uintptr_t addr)
{
	if (w2n_lock_mine(&w2n_registry_lock))
		return W2N_TRAP_COUNT;
	w2n_lock(&w2n_registry_lock);
	bool in_memory = w2n_memory_reserved(addr);
	w2n_unlock(&w2n_registry_lock);
	if (in_memory)
		return W2N_TRAP_MEMORY_OOB;
	if (sig == W2N_SIGSEGV && w2n_stack_in_guard(addr))
		return W2N_TRAP_STACK_EXHAUSTED;
	return W2N_TRAP_COUNT;
}

static void handler(int sig, struct w2n_siginfo *si, void *uc)
{
	struct w2n_trap_frame *tf = w2n_trap_current();
	uint32_t trap = tf != NULL ? classify(sig, (uintptr_t)si->addr) : W2N_TRAP_COUNT;
	if (trap == W2N_TRAP_COUNT) {
		crash(sig, si);
		return;
	}
	uint32_t func;
	w2n_lock(&w2n_registry_lock);
	const struct w2n_module_desc *desc = w2n_module_at(w2n_sigctx_pc(uc), &func);
	w2n_unlock(&w2n_registry_lock);
	w2n_trap_record(tf, trap, desc, func);
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
	if (__atomic_load_n(&installed, __ATOMIC_ACQUIRE))
		return true;
	w2n_lock(&install_lock);
	bool ok = installed || (install(W2N_SIGSEGV, &old_segv) && install(W2N_SIGBUS, &old_bus));
	if (ok)
		__atomic_store_n(&installed, true, __ATOMIC_RELEASE);
	w2n_unlock(&install_lock);
	return ok;
}

bool w2n_signals_thread_init(void)
{
	struct w2n_sigstack old;
	if (w2n_sys_sigaltstack(NULL, &old) == 0 && !(old.flags & W2N_SS_DISABLE))
		return true; /* the host gave this thread one */
	void *stack = w2n_sys_mmap(ALT_STACK_SIZE, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (stack == NULL)
		return false;
	struct w2n_sigstack ss = {.sp = stack, .flags = 0, .size = ALT_STACK_SIZE};
	if (w2n_sys_sigaltstack(&ss, NULL) != 0) {
		w2n_sys_munmap(stack, ALT_STACK_SIZE);
		return false;
	}
	w2n_self.altstack = stack;
	return true;
}

void w2n_signals_thread_end(void)
{
	if (w2n_self.altstack == NULL)
		return;
	struct w2n_sigstack ss = {.sp = NULL, .flags = W2N_SS_DISABLE, .size = 0};
	w2n_sys_sigaltstack(&ss, NULL);
	w2n_sys_munmap(w2n_self.altstack, ALT_STACK_SIZE);
	w2n_self.altstack = NULL;
}
