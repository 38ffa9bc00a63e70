/* start.S — the process entry point of a static x86-64 executable. The kernel starts us with
 * rsp pointing at argc, then argv[], NULL, envp[], NULL, auxv; rsp is 16-byte aligned and
 * no register holds anything we need (rdx is 0 in a static executable: no rtld fini).
 * w2n_rt_start (crt.c) does the rest in C and never returns. */
	.text
	.globl _start
	.type _start, @function
_start:
	xorl %ebp, %ebp       /* outermost frame, for debuggers and unwinders */
	movq %rsp, %rdi
	andq $-16, %rsp
	call w2n_rt_start
	hlt
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
