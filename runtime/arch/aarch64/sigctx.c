/* sigctx.c — the interrupted thread's registers in an AArch64 Linux signal frame. */
#include "arch.h"

/* The kernel's ucontext (arch/arm64/include/uapi/asm/ucontext.h and sigcontext.h): flags,
 * link, the stack_t (24 bytes), the signal mask padded to 128 bytes for a future larger
 * sigset_t, then struct sigcontext, 16-byte aligned. qemu-aarch64's user mode builds the same
 * frame. Only the general registers are touched here; the FP/SIMD and other records in the
 * sigcontext's __reserved area are left as the kernel wrote them. */
struct sigcontext64 {
	uint64_t fault_address;
	uint64_t regs[31]; /* x0..x30 */
	uint64_t sp;
	uint64_t pc;
	uint64_t pstate;
};

struct ucontext64 {
	uint64_t flags;
	void *link;
	uint64_t stack[3];
	uint8_t sigmask[128];
	struct sigcontext64 mc __attribute__((aligned(16)));
};

_Static_assert(__builtin_offsetof(struct ucontext64, mc) == 176, "AArch64 ucontext layout");

uintptr_t w2n_sigctx_pc(const void *uc)
{
	return ((const struct ucontext64 *)uc)->mc.pc;
}

uintptr_t w2n_sigctx_sp(const void *uc)
{
	return ((const struct ucontext64 *)uc)->mc.sp;
}

void w2n_sigctx_resume(void *uc, struct w2n_ctx *ctx, int value)
{
	struct sigcontext64 *mc = &((struct ucontext64 *)uc)->mc;
	mc->pc = (uintptr_t)w2n_ctx_restore;
	mc->regs[0] = (uintptr_t)ctx;
	mc->regs[1] = (uint64_t)(uint32_t)value;
	/* w2n_ctx_restore switches to the saved sp at once; until then it runs on the dead part of
	 * the stack below the saved frame (never on the overflowed guard area), 16-byte aligned
	 * as AArch64 requires of sp. */
	mc->sp = (ctx->regs[12] - 256) & ~(uint64_t)15;
}
