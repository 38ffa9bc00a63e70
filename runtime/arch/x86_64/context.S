/* context.S — saving and resuming execution contexts on x86-64 (System V ABI), and the signal
 * restorer. struct w2n_ctx words: 0 rbx, 1 rbp, 2 r12, 3 r13, 4 r14, 5 r15, 6 rsp, 7 rip.
 * Only callee-saved state is kept: a restored context continues as if w2n_ctx_save had just
 * returned, so caller-saved registers are dead there anyway. The SSE control word and x87
 * state are not touched by wasm code (it never changes rounding modes), so they are not kept. */
	.text
	.globl w2n_ctx_save
	.type w2n_ctx_save, @function
w2n_ctx_save:
	movq %rbx, 0(%rdi)
	movq %rbp, 8(%rdi)
	movq %r12, 16(%rdi)
	movq %r13, 24(%rdi)
	movq %r14, 32(%rdi)
	movq %r15, 40(%rdi)
	leaq 8(%rsp), %rdx    /* the caller's rsp after our return */
	movq %rdx, 48(%rdi)
	movq (%rsp), %rdx     /* return address */
	movq %rdx, 56(%rdi)
	xorl %eax, %eax
	ret
	.size w2n_ctx_save, . - w2n_ctx_save

	.globl w2n_ctx_restore
	.type w2n_ctx_restore, @function
w2n_ctx_restore:
	movl %esi, %eax
	movq 0(%rdi), %rbx
	movq 8(%rdi), %rbp
	movq 16(%rdi), %r12
	movq 24(%rdi), %r13
	movq 32(%rdi), %r14
	movq 40(%rdi), %r15
	movq 48(%rdi), %rsp
	jmpq *56(%rdi)
	.size w2n_ctx_restore, . - w2n_ctx_restore

/* Signal handlers return here (SA_RESTORER): the kernel's frame is at rsp. */
	.globl w2n_sigreturn
	.type w2n_sigreturn, @function
w2n_sigreturn:
	movl $15, %eax        /* rt_sigreturn */
	syscall
	hlt
	.size w2n_sigreturn, . - w2n_sigreturn

	.section .note.GNU-stack, "", @progbits
