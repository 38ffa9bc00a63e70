/* wasi_threads.c — wasi-threads in an executable: the shared memory a threaded program
 * imports, and the `wasi` `thread-spawn` import that starts a native thread.
 *
 * The wasi-threads model (WebAssembly/wasi-threads, as wasmtime runs it): the module imports a
 * shared memory and exports `wasi_thread_start(tid, start_arg)`; `thread-spawn(start_arg)`
 * makes a new instance of the same module, with the same imports (the one shared memory, the
 * one WASI state), and runs its `wasi_thread_start` on a new thread. Each thread thus has its
 * own globals (the C stack pointer, the TLS base), tables and instance state; only the memory
 * is shared. The instance is made on the spawning thread, so that a failure to instantiate
 * is thread-spawn's negative result.
 *
 * A new thread is a Linux thread made with clone (clone.S): its own stack (8 MiB, with a
 * guard region below that the stack limit keeps wasm away from), and its own TLS block for
 * the runtime's per-thread state (w2n_self: trap frames, signal stack), laid out like the
 * first thread's (tls.c). Only a freestanding executable can do this (a C library keeps its
 * own per-thread state, which a raw clone would lack); hosts embed threads with their own
 * thread library (docs/embedding.md).
 *
 * Ending: a trap in any thread ends the process with the trap's message and status, and
 * proc_exit in any thread ends it with that code (exit_group), as in wasmtime; a thread whose
 * wasi_thread_start returns ends alone. The process ends when `_start` returns, whatever the
 * other threads do. Finished threads' stacks and TLS blocks are unmapped by the next
 * thread-spawn (the kernel clears their ctid word when they are gone). */
#include "rt.h"
#include "wasm2native/host.h"

#define STACK_SIZE           (8u << 20)
#define STACK_GUARD          (64u << 10)
#define MAX_TID              0x1fffffff /* thread ids are positive i32 with the top bits free */

#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_THREAD         0x00010000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000

/* A spawned thread, until the spawn after its end unmaps it. */
struct thread {
	int ctid;                  /* non-zero while the thread lives (CLONE_CHILD_CLEARTID) */
	int ptid;                  /* its Linux thread id */
	uint32_t tid, start_arg;   /* wasi_thread_start's arguments */
	struct w2n_instance *inst; /* its instance of the module */
	struct w2n_funcref *entry; /* wasi_thread_start */
	uint8_t *stack;            /* the mapping: guard, then STACK_SIZE bytes */
	void *tls;                 /* the TLS block's mapping */
	size_t tls_size;
	struct thread *next;
};

/* The program's threads: one program per process. */
static struct {
	const struct w2n_module_desc *desc;
	struct w2n_wasi *wasi;
	const struct w2n_instance_limits *limits;
	const struct w2n_desc_import *mem_import; /* the shared memory import, or NULL */
	struct w2n_memory *memory;                /* what it resolves to */
	struct w2n_vmctx vmctx;                   /* thread-spawn's, as a host function's */
	struct w2n_funcref spawn;                 /* the `wasi` `thread-spawn` import */
	uint32_t next_tid;
	struct w2n_lock lock; /* guards `threads` */
	struct thread *threads;
} T;

static bool resolve(void *ctx, const char *module, const char *field, struct w2n_extern *out);

/* Ends the process as an executable does when `err` ends its main call (main.c). */
static _Noreturn void end_process(const struct w2n_error *err)
{
	w2n_sys_exit(w2n_main_status(err));
}

/* The new thread: declares its stack, runs wasi_thread_start, and ends. */
static void thread_main(void *p)
{
	struct thread *t = p;
	struct w2n_error err;
	union w2n_val vals[2] = {{.i32 = (int32_t)t->tid}, {.i32 = (int32_t)t->start_arg}};
	w2n_thread_stack(t->stack + STACK_GUARD, STACK_SIZE);
	if (!w2n_call(t->entry, vals, &err))
		end_process(&err);
	w2n_instance_free(t->inst);
	w2n_thread_end();
}

/* Unmaps the threads that have ended (their ctid is 0 once the kernel is done with them). */
static void reap(void)
{
	w2n_lock(&T.lock);
	for (struct thread **pp = &T.threads; *pp != NULL;) {
		struct thread *t = *pp;
		if (__atomic_load_n(&t->ctid, __ATOMIC_ACQUIRE) != 0) {
			pp = &t->next;
			continue;
		}
		*pp = t->next;
		w2n_sys_munmap(t->stack, STACK_GUARD + STACK_SIZE);
		w2n_sys_munmap(t->tls, t->tls_size);
		w2n_free(t);
	}
	w2n_unlock(&T.lock);
}

/* The instance a new thread runs, and its wasi_thread_start (i32 i32 -> nothing). */
static bool instantiate(struct thread *t)
{
	struct w2n_error err;
	struct w2n_extern e;
	t->inst = w2n_instantiate_limited(T.desc, resolve, T.wasi, T.limits, &err);
	if (t->inst == NULL)
		return false;
	if (!w2n_instance_export(t->inst, "wasi_thread_start", &e) || e.kind != W2N_EXT_FUNC)
		return false;
	const struct w2n_desc_type *ty = w2n_funcref_type(e.u.func);
	if (ty == NULL || ty->nparams != 2 || ty->nresults != 0 || ty->types[0] != W2N_I32 ||
	    ty->types[1] != W2N_I32)
		return false;
	t->entry = e.u.func;
	return true;
}

/* Its stack (a guard region below, never touched: the stack limit stops wasm above it) and
 * TLS block; the child's first words on the stack are thread_main and its argument. */
static bool map_thread(struct thread *t, uintptr_t *tp, void **sp)
{
	t->stack = w2n_sys_mmap(STACK_GUARD + STACK_SIZE, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (t->stack == NULL)
		return false;
	w2n_sys_mprotect(t->stack, STACK_GUARD, W2N_PROT_NONE);
	*tp = w2n_tls_new_block(&t->tls, &t->tls_size);
	if (*tp == 0)
		return false;
	void **top = (void **)(t->stack + STACK_GUARD + STACK_SIZE) - 2;
	top[0] = (void *)thread_main;
	top[1] = t;
	*sp = top;
	return true;
}

static void discard(struct thread *t)
{
	if (t->inst != NULL)
		w2n_instance_free(t->inst);
	if (t->stack != NULL)
		w2n_sys_munmap(t->stack, STACK_GUARD + STACK_SIZE);
	if (t->tls != NULL)
		w2n_sys_munmap(t->tls, t->tls_size);
	w2n_free(t);
}

/* `wasi` `thread-spawn` (i32 start_arg) -> i32: the new thread's id (1 .. 2^29-1), or -1 when
 * no thread could be made (wasi-libc's pthread_create then fails with EAGAIN). */
static int32_t thread_spawn(struct w2n_vmctx *vm, uint32_t start_arg)
{
	(void)vm;
	reap();
	uint32_t tid = __atomic_add_fetch(&T.next_tid, 1, __ATOMIC_RELAXED);
	struct thread *t = w2n_calloc(1, sizeof *t);
	uintptr_t tp;
	void *sp;
	if (t == NULL)
		return -1;
	*t = (struct thread){.ctid = 1, .tid = tid, .start_arg = start_arg};
	if (tid > MAX_TID || !instantiate(t) || !map_thread(t, &tp, &sp)) {
		discard(t);
		return -1;
	}
	w2n_lock(&T.lock);
	long r = w2n_arch_clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
	                            CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
	                            CLONE_CHILD_CLEARTID,
	                        sp, &t->ptid, &t->ctid, (void *)tp);
	if (r > 0) {
		t->next = T.threads;
		T.threads = t;
	}
	w2n_unlock(&T.lock);
	if (r <= 0) {
		discard(t);
		return -1;
	}
	return (int32_t)tid;
}

static bool resolve(void *ctx, const char *module, const char *field, struct w2n_extern *out)
{
	const struct w2n_desc_import *m = T.mem_import;
	if (m != NULL && strcmp(module, m->module) == 0 && strcmp(field, m->field) == 0) {
		*out = (struct w2n_extern){.kind = W2N_EXT_MEMORY, .u.memory = T.memory};
		return true;
	}
	if (strcmp(module, "wasi") == 0 && strcmp(field, "thread-spawn") == 0) {
		*out = (struct w2n_extern){.kind = W2N_EXT_FUNC, .u.func = &T.spawn};
		return true;
	}
	return w2n_wasi_resolve(ctx, module, field, out);
}

/* The module's import of a shared memory, if it has one (a threaded program's). */
static const struct w2n_desc_import *shared_memory_import(const struct w2n_module_desc *desc)
{
	for (uint32_t i = 0; i < desc->nimports; i++) {
		const struct w2n_desc_import *imp = &desc->imports[i];
		if (imp->kind == W2N_EXT_MEMORY && imp->limits.shared)
			return imp;
	}
	return NULL;
}

w2n_resolve_fn w2n_threads_setup(const struct w2n_module_desc *desc, struct w2n_wasi *wasi,
                                 const struct w2n_instance_limits *limits, struct w2n_error *err)
{
	static const uint8_t i32_i32[2] = {W2N_I32, W2N_I32};
	T.desc = desc;
	T.wasi = wasi;
	T.limits = limits;
	T.mem_import = shared_memory_import(desc);
	if (T.mem_import != NULL) {
		const struct w2n_desc_limits *l = &T.mem_import->limits;
		T.memory = w2n_shared_memory_new(l->min, l->has_max ? l->max : W2N_MAX_PAGES, err);
		if (T.memory == NULL)
			return NULL;
		w2n_wasi_bind_memory(wasi, T.memory);
	}
	T.vmctx.stack_limit = w2n_stack_limit();
	T.spawn = (struct w2n_funcref){
		.code = (void *)thread_spawn,
		.vmctx = &T.vmctx,
		.type_id = w2n_type_id(&(struct w2n_desc_type){1, 1, i32_i32}),
	};
	return resolve;
}
