/* syscall.S — long w2n_syscall(long n, long a1, ..., long a6) for x86-64 Linux.
 * The kernel takes the number in rax and arguments in rdi, rsi, rdx, r10, r8, r9; the C ABI
 * passes them one register to the left, and a6 on the stack. */
	.text
	.globl w2n_syscall
	.type w2n_syscall, @function
w2n_syscall:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %rdx
	movq %r8, %r10
	movq %r9, %r8
	movq 8(%rsp), %r9
	syscall
	ret
	.size w2n_syscall, . - w2n_syscall

	.section .note.GNU-stack, "", @progbits
