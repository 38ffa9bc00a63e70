/* arch.h — the per-architecture layer, implemented in runtime/arch/<arch>/: the only code that
 * knows a register, a syscall number or the kernel's signal frame. Everything else in runtime/
 * is architecture-neutral C.
 *
 * Owners: syscall.S (w2n_syscall), context.S (w2n_ctx_save/restore, w2n_sigreturn),
 * start.S (_start), sigctx.c (w2n_sigctx_*), cpu.c (w2n_arch_cpu), tls.c
 * (w2n_arch_tls_setup), sysnum.h (W2N_SYS_* numbers).
 */
#ifndef W2N_RT_ARCH_H
#define W2N_RT_ARCH_H

#include <stdint.h>

#include "wasm2native/cpu.h"

/* ---- syscall.S ---------------------------------------------------------------------------- */

/* A raw Linux syscall; returns the kernel's result (-errno on failure). */
long w2n_syscall(long n, long a1, long a2, long a3, long a4, long a5, long a6);

/* ---- context.S: saved execution contexts (a setjmp/longjmp without signal masks) ---------- */

/* Callee-saved registers, stack pointer and resume address. 24 words fit every target
 * (x86-64 uses 8, AArch64 22). */
struct w2n_ctx {
	uint64_t regs[24];
};

/* Saves the caller's context and returns 0; returns again with `value` when restored. The
 * caller's frame must still be live when w2n_ctx_restore runs. */
__attribute__((returns_twice)) int w2n_ctx_save(struct w2n_ctx *ctx);
/* Resumes a saved context, making its w2n_ctx_save return `value` (non-zero). */
_Noreturn void w2n_ctx_restore(struct w2n_ctx *ctx, int value);

/* The signal restorer (calls rt_sigreturn), for SA_RESTORER. */
void w2n_sigreturn(void);

/* ---- sigctx.c: the interrupted thread's state in a signal handler's ucontext -------------- */

uintptr_t w2n_sigctx_pc(const void *uc);
uintptr_t w2n_sigctx_sp(const void *uc);
/* Rewrites the interrupted state so that, when the handler returns, the thread continues in
 * w2n_ctx_restore(ctx, value): rt_sigreturn then restores the signal mask and leaves the
 * alternate stack, which a longjmp out of the handler would not do. */
void w2n_sigctx_resume(void *uc, struct w2n_ctx *ctx, int value);

/* ---- tls.c: the thread pointer ------------------------------------------------------------ */

/* The initial TLS image of the executable (its PT_TLS segment). */
struct w2n_tls_image {
	const void *data; /* .tdata, filesz bytes */
	uint64_t filesz;  /* then memsz - filesz zero bytes (.tbss) */
	uint64_t memsz, align;
};

/* Maps a TLS block laid out as this architecture's TLS ABI says, copies the image in and
 * points the thread pointer at it. False if the mapping fails. */
_Bool w2n_arch_tls_setup(const struct w2n_tls_image *img);
/* The same block for another thread: returns its thread pointer (0 if the mapping fails) and
 * the mapping, for munmap once the thread has ended. */
uintptr_t w2n_arch_tls_block(const struct w2n_tls_image *img, void **area, size_t *size);

/* ---- clone.S: a new thread (wasi-threads) ------------------------------------------------- */

/* clone(2) with `flags`; the child runs on `stack` (16-byte aligned), whose two words hold a
 * function and its argument: it calls fn(arg) and then exits the thread. Returns the child's
 * thread id or -errno. */
long w2n_arch_clone(unsigned long flags, void *stack, int *ptid, int *ctid, void *tls);

/* ---- cpu.c: what this machine's CPU offers ------------------------------------------------ */

/* Which table of cpu.def applies to this architecture, and in *have the mask of its features
 * this machine has (x86-64 asks CPUID and XGETBV; AArch64 reads AT_HWCAP and AT_HWCAP2 from
 * the auxiliary vector `auxv`). */
enum w2n_cpu_arch w2n_arch_cpu(const uintptr_t *auxv, uint64_t *have);

#endif
