/* syscall.S — long w2n_syscall(long n, long a1, ..., long a6) for AArch64 Linux.
 * The kernel takes the number in x8 and arguments in x0..x5; the C ABI passes them one
 * register to the right (n in x0, a6 in x6). The result comes back in x0. */
	.text
	.globl w2n_syscall
	.type w2n_syscall, %function
	.p2align 2
w2n_syscall:
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x2, x3
	mov x3, x4
	mov x4, x5
	mov x5, x6
	svc #0
	ret
	.size w2n_syscall, . - w2n_syscall

	.section .note.GNU-stack, "", %progbits
