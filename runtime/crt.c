/* crt.c — process start-up after arch/<arch>/start.S: finds the arguments, the environment
 * and the top of the stack, sets up thread-local storage (tls.c), checks the CPU, runs
 * w2n_main and exits with its result. */
#include "rt.h"

#define AT_NULL   0
#define AT_EXECFN 31
#define OS_PAGE   4096u

/* The kernel copies the executable's file name to the very top of the stack (followed only by
 * one NULL word); the page boundary after it is the top of the stack mapping. */
static uintptr_t stack_top(const uintptr_t *auxv)
{
	for (; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_EXECFN && auxv[1] != 0) {
			uintptr_t end = auxv[1] + strlen((const char *)auxv[1]) + 1 + sizeof(void *);
			return (end + OS_PAGE - 1) & ~(uintptr_t)(OS_PAGE - 1);
		}
	}
	return 0; /* stack.c falls back to the stack pointer */
}

/* Refuses to run code compiled for CPU features this machine lacks: a clear message and
 * W2N_EXIT_CPU instead of SIGILL somewhere later (docs/targets.md). Runs before any generated
 * code can, and is itself built for the architecture's baseline. */
static void check_cpu(const uintptr_t *auxv)
{
	uint64_t have;
	enum w2n_cpu_arch arch = w2n_arch_cpu(auxv, &have);
	char msg[512];
	size_t n = w2n_cpu_report(msg, sizeof msg, arch, w2n_cpu_required(), have);
	if (n != 0) {
		w2n_sys_write(2, msg, n);
		w2n_sys_exit(W2N_EXIT_CPU);
	}
}

/* `sp` points at argc, then argv[argc], NULL, envp[], NULL, then the auxiliary vector. */
_Noreturn void w2n_rt_start(uintptr_t *sp);

_Noreturn void w2n_rt_start(uintptr_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **e = envp;
	while (*e != NULL)
		e++;
	const uintptr_t *auxv = (const uintptr_t *)(e + 1);
	w2n_auxv = auxv; /* exe_image.c: where the program headers are */
	if (!w2n_tls_init(auxv)) {
		static const char msg[] = "wasm2native: cannot set up thread-local storage\n";
		w2n_sys_write(2, msg, sizeof msg - 1);
		w2n_sys_exit(1);
	}
	check_cpu(auxv);
	w2n_stack_set_top(stack_top(auxv));
	w2n_sys_exit(w2n_main(argc, argv, envp));
}
