/* sigctx.c — the interrupted thread's registers in an x86-64 Linux signal frame. */
#include "arch.h"

/* The kernel's ucontext (arch/x86/include/uapi/asm/ucontext.h and sigcontext.h): flags,
 * link, the stack_t (24 bytes), then struct sigcontext, whose first words are the general
 * registers in this order. */
struct sigcontext64 {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
};

struct ucontext64 {
	uint64_t flags;
	void *link;
	uint64_t stack[3];
	struct sigcontext64 mc;
};

_Static_assert(__builtin_offsetof(struct ucontext64, mc) == 40, "x86-64 ucontext layout");

uintptr_t w2n_sigctx_pc(const void *uc)
{
	return ((const struct ucontext64 *)uc)->mc.rip;
}

uintptr_t w2n_sigctx_sp(const void *uc)
{
	return ((const struct ucontext64 *)uc)->mc.rsp;
}

void w2n_sigctx_resume(void *uc, struct w2n_ctx *ctx, int value)
{
	struct sigcontext64 *mc = &((struct ucontext64 *)uc)->mc;
	mc->rip = (uintptr_t)w2n_ctx_restore;
	mc->rdi = (uintptr_t)ctx;
	mc->rsi = (uint64_t)(uint32_t)value;
	/* w2n_ctx_restore switches to the saved rsp at once; until then it runs on the dead part of
	 * the stack below the saved frame (never on the overflowed guard area), aligned as if it
	 * had been called. */
	mc->rsp = ((ctx->regs[6] - 256) & ~(uint64_t)15) - 8;
}
