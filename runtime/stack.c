/* stack.c — the stack limit behind "call stack exhausted", per thread.
 *
 * Every wasm function's prologue compares the stack pointer with vmctx->stack_limit and traps
 * below it, so recursion ends in a trap at a deterministic depth instead of a segfault.
 * w2n_call writes the calling thread's limit into the callee's vmctx (trap.c). Each thread's
 * limit is computed once, when it first runs wasm:
 *
 *   - the process's main thread:  limit = top - min(RLIMIT_STACK soft limit, 8 MiB) + 256 KiB,
 *     where `top` is the top of the stack (crt.c finds it from the auxiliary vector), or, in a
 *     host that did not start through crt.c, the stack pointer when the limit is first needed;
 *   - a thread whose stack the host declared (w2n_thread_stack):  limit = low + 256 KiB
 *     (or half the stack, if it is smaller than 512 KiB);
 *   - any other thread:  limit = sp - 512 KiB, sp being the stack pointer at its first call.
 *     The runtime cannot ask a thread library how big the thread's stack is; 512 KiB for wasm
 *     frames plus room for host functions fits every common default (glibc: 8 MiB or 2 MiB).
 *
 * What is left below the limit (256 KiB) is for host code that wasm calls (imports, WASI, the
 * runtime's builtins), which does not check the limit. If something still runs past the end
 * of the stack, it faults in the guard region just below (main thread: down to the kernel's
 * guard gap; declared stacks: the guard page a thread library puts below the stack); the
 * signal handler turns such a fault into the same trap. */
#include "rt.h"

#define STACK_CAP      (8u << 20)
#define MARGIN         (256u << 10)
#define GUARD_GAP      (1u << 20)  /* the kernel's stack_guard_gap: 256 pages */
#define THREAD_GUARD   (64u << 10) /* what a thread library's guard area covers, at least */
#define THREAD_DEFAULT (512u << 10)

static uintptr_t main_top;

void w2n_stack_set_top(uintptr_t top)
{
	main_top = top;
}

static void main_thread(struct w2n_thread *t)
{
	uintptr_t top = main_top;
	if (top == 0)
		top = (uintptr_t)__builtin_frame_address(0);
	uint64_t size = STACK_CAP;
	struct w2n_rlimit rl;
	if (w2n_sys_getrlimit(W2N_RLIMIT_STACK, &rl) == 0 && rl.cur < size)
		size = rl.cur;
	uint64_t margin = size > 2 * MARGIN ? MARGIN : size / 2;
	t->stack_limit = top - size + margin;
	t->guard_low = top - size - GUARD_GAP;
	t->guard_high = t->stack_limit;
}

void w2n_stack_setup(struct w2n_thread *t)
{
	if (t->stack_limit != 0)
		return; /* declared by w2n_thread_stack */
	if (w2n_sys_is_main_thread()) {
		main_thread(t);
		return;
	}
	t->stack_limit = (uintptr_t)__builtin_frame_address(0) - THREAD_DEFAULT;
	t->guard_low = t->guard_high = 0;
}

void w2n_thread_stack(const void *low, size_t size)
{
	uintptr_t lo = (uintptr_t)low;
	uint64_t margin = size > 2 * MARGIN ? MARGIN : size / 2;
	w2n_self.stack_limit = lo + margin;
	w2n_self.guard_low = lo - THREAD_GUARD;
	w2n_self.guard_high = w2n_self.stack_limit;
}

uintptr_t w2n_stack_limit(void)
{
	if (w2n_self.stack_limit == 0)
		w2n_stack_setup(&w2n_self);
	return w2n_self.stack_limit;
}

bool w2n_stack_in_guard(uintptr_t addr)
{
	return addr >= w2n_self.guard_low && addr < w2n_self.guard_high;
}
