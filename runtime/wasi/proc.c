/* proc.c — proc_exit, proc_raise, sched_yield. */
#include "internal.h"

/* Ends the run, not the process: the host's w2n_call returns W2N_ERR_EXIT with the code
 * (wasm2native/wasi.h), and the host decides (an executable exits with it). */
void wasi_proc_exit(struct w2n_vmctx *vm, uint32_t code)
{
	w2n_unwind_exit(code);
}

/* WASI numbers signals as Linux does up to SIGTERM (15); from SIGCHLD on, WASI has no STKFLT,
 * so WASI n is Linux n + 1. The guest may only signal itself, which a native program can do
 * too: a terminating signal ends the process as it would have ended the native program. */
int32_t wasi_proc_raise(struct w2n_vmctx *vm, uint32_t sig)
{
	if (sig == 0)
		return WASI_ESUCCESS;
	if (sig > 30)
		return WASI_EINVAL;
	int host = sig <= 15 ? (int)sig : (int)sig + 1;
	/* The runtime catches SIGSEGV and SIGBUS for wasm traps; a raised one must not be taken
	 * for a fault in guest memory, so it gets the default action back first. */
	if (host == W2N_SIGSEGV || host == W2N_SIGBUS) {
		struct w2n_sigaction dfl = {0};
		w2n_sys_sigaction(host, &dfl, NULL);
	}
	w2n_sys_raise(host);
	return WASI_ESUCCESS;
}

int32_t wasi_sched_yield(struct w2n_vmctx *vm)
{
	return wasi_errno(sys3(W2N_SYS_sched_yield, 0, 0, 0));
}
