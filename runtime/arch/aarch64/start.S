/* start.S — the process entry point of a static AArch64 executable. The kernel starts us with
 * sp pointing at argc, then argv[], NULL, envp[], NULL, auxv; sp is 16-byte aligned and x0
 * holds nothing we need (no rtld fini in a static executable). w2n_rt_start (crt.c) does the
 * rest in C and never returns. */
	.text
	.globl _start
	.type _start, %function
	.p2align 2
_start:
	mov x29, #0           /* outermost frame (fp and lr zero), for debuggers and unwinders */
	mov x30, #0
	mov x0, sp
	and x1, x0, #-16
	mov sp, x1
	bl w2n_rt_start
	brk #0
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
