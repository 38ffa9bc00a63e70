/* stack.c — the stack limit behind "call stack exhausted".
 *
 * Every wasm function's prologue compares the stack pointer with vmctx->stack_limit and traps
 * below it, so recursion ends in a trap at a deterministic depth instead of a segfault. The
 * limit is one address for the whole process (the runtime runs wasm on the main thread only),
 * computed once and written into every vmctx at instantiation:
 *
 *     limit = top - min(RLIMIT_STACK soft limit, 8 MiB) + 256 KiB
 *
 * `top` is the top of the main thread's stack (crt.c finds it from the auxiliary vector), or,
 * in a host that did not start through crt.c, the stack pointer when the limit is first
 * needed. The 256 KiB left below the limit are for host code that wasm calls (imports, WASI,
 * the runtime's builtins), which does not check the limit.
 *
 * If something still runs past the end of the stack, it faults in the region just below the
 * limit (down to the kernel's guard gap); the signal handler turns such a fault into the same
 * trap. */
#include "rt.h"

#define STACK_CAP (8u << 20)
#define MARGIN    (256u << 10)
#define GUARD_GAP (1u << 20) /* the kernel's stack_guard_gap: 256 pages */

static uintptr_t stack_top, limit, guard_low;

void w2n_stack_set_top(uintptr_t top)
{
	stack_top = top;
}

uintptr_t w2n_stack_limit(void)
{
	if (limit != 0)
		return limit;
	uintptr_t top = stack_top;
	if (top == 0)
		top = (uintptr_t)__builtin_frame_address(0);
	uint64_t size = STACK_CAP;
	struct w2n_rlimit rl;
	if (w2n_sys_getrlimit(W2N_RLIMIT_STACK, &rl) == 0 && rl.cur < size)
		size = rl.cur;
	uint64_t margin = size > 2 * MARGIN ? MARGIN : size / 2;
	limit = top - size + margin;
	guard_low = top - size - GUARD_GAP;
	return limit;
}

bool w2n_stack_in_guard(uintptr_t addr)
{
	return limit != 0 && addr >= guard_low && addr < limit;
}
