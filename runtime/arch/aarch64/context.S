/* context.S — saving and resuming execution contexts on AArch64 (AAPCS64), and the signal
 * restorer. struct w2n_ctx words: 0-9 x19..x28, 10 x29 (fp), 11 x30 (lr: the resume
 * address), 12 sp, 13-20 d8..d15 (the callee-saved low halves of v8..v15). Only callee-saved
 * state is kept: a restored context continues as if w2n_ctx_save had just returned, so
 * caller-saved registers are dead there anyway. FPCR is not kept: wasm code never changes
 * rounding modes. */
	.text
	.globl w2n_ctx_save
	.type w2n_ctx_save, %function
	.p2align 2
w2n_ctx_save:
	stp x19, x20, [x0, #0]
	stp x21, x22, [x0, #16]
	stp x23, x24, [x0, #32]
	stp x25, x26, [x0, #48]
	stp x27, x28, [x0, #64]
	stp x29, x30, [x0, #80]
	mov x1, sp
	str x1, [x0, #96]
	stp d8, d9, [x0, #104]
	stp d10, d11, [x0, #120]
	stp d12, d13, [x0, #136]
	stp d14, d15, [x0, #152]
	mov w0, #0
	ret
	.size w2n_ctx_save, . - w2n_ctx_save

	.globl w2n_ctx_restore
	.type w2n_ctx_restore, %function
	.p2align 2
w2n_ctx_restore:
	ldp x19, x20, [x0, #0]
	ldp x21, x22, [x0, #16]
	ldp x23, x24, [x0, #32]
	ldp x25, x26, [x0, #48]
	ldp x27, x28, [x0, #64]
	ldp x29, x30, [x0, #80]
	ldr x2, [x0, #96]
	mov sp, x2
	ldp d8, d9, [x0, #104]
	ldp d10, d11, [x0, #120]
	ldp d12, d13, [x0, #136]
	ldp d14, d15, [x0, #152]
	mov w0, w1
	ret                   /* to x30: where w2n_ctx_save was called from */
	.size w2n_ctx_restore, . - w2n_ctx_restore

/* Signal handlers return here (SA_RESTORER): the kernel's frame is at sp. */
	.globl w2n_sigreturn
	.type w2n_sigreturn, %function
	.p2align 2
w2n_sigreturn:
	mov x8, #139          /* rt_sigreturn */
	svc #0
	brk #0
	.size w2n_sigreturn, . - w2n_sigreturn

	.section .note.GNU-stack, "", %progbits
