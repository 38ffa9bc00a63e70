/* clone.S — long w2n_arch_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
 * void *tls) for AArch64 Linux: a new thread (wasi-threads, runtime/wasi_threads.c).
 *
 * The child starts on `stack`, 16-byte aligned, which holds the function to run and its
 * argument (two words, in that order); it calls fn(arg) and then ends the thread alone (exit,
 * not exit_group). The parent gets the child's thread id, or -errno. The kernel's order is
 * flags, stack, ptid, tls, ctid: the C ABI's x3 and x4 swap. */
	.text
	.globl w2n_arch_clone
	.type w2n_arch_clone, %function
w2n_arch_clone:
	mov x5, x3
	mov x3, x4
	mov x4, x5
	mov x8, #220 /* SYS_clone */
	svc #0
	cbnz x0, 1f
	mov x29, #0 /* the outermost frame */
	mov x30, #0
	ldp x9, x0, [sp], #16
	blr x9
	mov x0, #0
	mov x8, #93 /* SYS_exit: this thread only */
	svc #0
	brk #0
1:	ret
	.size w2n_arch_clone, . - w2n_arch_clone

	.section .note.GNU-stack, "", %progbits
