/* thread.c — what the runtime keeps per thread, and getting a thread ready to run wasm.
 *
 * Everything a trap touches is per thread: the chain of w2n_call frames a trap unwinds to,
 * the stack limit that prologues check, the stack guard region the signal handler recognizes,
 * and the alternate signal stack the handler runs on. It lives in one thread-local struct,
 * w2n_self. In a glibc host the C library sets up thread-local storage for every thread; in a
 * freestanding executable crt.c does it for the one thread there is (tls.c).
 *
 * A thread becomes ready on its first w2n_call (or instantiation): the process-wide signal
 * handlers are installed once, the thread gets an alternate signal stack unless it has one,
 * and its stack limit is computed (stack.c). w2n_thread_end undoes the per-thread part. */
#include "rt.h"

__thread struct w2n_thread w2n_self;

bool w2n_thread_ready(struct w2n_error *err)
{
	if (w2n_self.ready)
		return true;
	if (!w2n_signals_init() || !w2n_signals_thread_init()) {
		err->kind = W2N_ERR_RESOURCE;
		w2n_fmt(err->message, sizeof err->message, "cannot install the signal handlers");
		return false;
	}
	w2n_stack_setup(&w2n_self);
	w2n_self.ready = true;
	return true;
}

void w2n_thread_end(void)
{
	if (w2n_self.frames != NULL)
		return; /* called from inside a call into wasm: too early */
	w2n_signals_thread_end();
	w2n_self = (struct w2n_thread){0};
}
