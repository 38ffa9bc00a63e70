# thread_start.s — wasi_thread_start for counter.c: what wasi-libc's own does in assembly.
# Each thread runs in its own instance, whose __stack_pointer global starts where the main
# thread's did; before any C code runs, the new thread's stack pointer is taken from the start
# argument (its first word), then thread_main(tid, arg) runs.
	.text
	.globaltype	__stack_pointer, i32
	.functype	thread_main (i32, i32) -> ()
	.globl	wasi_thread_start
	.export_name	wasi_thread_start, wasi_thread_start
	.type	wasi_thread_start,@function
wasi_thread_start:
	.functype	wasi_thread_start (i32, i32) -> ()
	local.get	1
	i32.load	0
	global.set	__stack_pointer
	local.get	0
	local.get	1
	call	thread_main
	end_function
