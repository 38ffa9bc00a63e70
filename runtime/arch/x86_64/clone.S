/* clone.S — long w2n_arch_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
 * void *tls) for x86-64 Linux: a new thread (wasi-threads, runtime/wasi_threads.c).
 *
 * The child starts on `stack`, 16-byte aligned, which holds the function to run and its
 * argument (two words, in that order); it calls fn(arg) and then ends the thread alone (exit,
 * not exit_group). The parent gets the child's thread id, or -errno. The kernel takes the
 * arguments in rdi, rsi, rdx, r10, r8: the C ABI's fourth one (rcx) moves to r10. */
	.text
	.globl w2n_arch_clone
	.type w2n_arch_clone, @function
w2n_arch_clone:
	movq %rcx, %r10
	movl $56, %eax /* SYS_clone */
	syscall
	testq %rax, %rax
	jnz 1f
	xorl %ebp, %ebp /* the outermost frame */
	popq %rax
	popq %rdi
	call *%rax
	movl $60, %eax /* SYS_exit: this thread only */
	xorl %edi, %edi
	syscall
	hlt
1:	ret
	.size w2n_arch_clone, . - w2n_arch_clone

	.section .note.GNU-stack, "", @progbits
