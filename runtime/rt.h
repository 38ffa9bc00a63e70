/* rt.h — the runtime's internal map: what each file of runtime/ offers the others. Grouped by
 * owning file. The public API is include/wasm2native/runtime.h (hosts) and abi.h (generated
 * code); everything here is for the runtime itself, its tests and the spec harness.
 *
 * The runtime is freestanding: no libc, no constructors. Instances may run on several threads
 * at once: what a trap touches is per thread (thread.c: one __thread struct, which crt.c's
 * tls.c sets up in an executable and the C library in a host), and the shared registries
 * (allocator, signatures, modules, memory reservations) are behind locks (lock.c).
 */
#ifndef W2N_RT_H
#define W2N_RT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "wasm2native/cpu.h"
#include "wasm2native/host.h"
#include "wasm2native/image.h"

/* ---- sys.c: Linux syscalls (numbers and the trap instruction live in arch/) --------------- */

#define W2N_PROT_NONE      0
#define W2N_PROT_READ      1
#define W2N_PROT_WRITE     2
#define W2N_MAP_PRIVATE    0x02
#define W2N_MAP_ANONYMOUS  0x20
#define W2N_MAP_NORESERVE  0x4000
#define W2N_MREMAP_MAYMOVE 1
#define W2N_SIGBUS         7
#define W2N_SIGFPE         8
#define W2N_SIGSEGV        11
#define W2N_SA_SIGINFO     0x4
#define W2N_SA_ONSTACK     0x08000000
#define W2N_SA_RESTORER    0x04000000
#define W2N_RLIMIT_STACK   3
#define W2N_RLIM_INFINITY  (~0ull)
#define W2N_SS_DISABLE     2
#define W2N_MADV_DONTNEED  4
#define W2N_MADV_HUGEPAGE  14

/* POSIX timers (limits.c). */
#define W2N_CLOCK_MONOTONIC 1
#define W2N_SIGEV_THREAD_ID 4

/* The kernel's struct sigaction (not libc's): handler, flags, restorer, one 64-bit mask. */
struct w2n_sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

/* The first fields of the kernel's siginfo_t, the same on every 64-bit Linux target. */
struct w2n_siginfo {
	int32_t signo, errno_, code, pad_;
	void *addr; /* SIGSEGV/SIGBUS: the faulting address */
};

struct w2n_sigstack {
	void *sp;
	int32_t flags;
	size_t size;
};

struct w2n_rlimit {
	uint64_t cur, max;
};

struct w2n_timespec {
	int64_t sec, nsec;
};

struct w2n_itimerspec {
	struct w2n_timespec interval, value;
};

/* The kernel's struct sigevent (64 bytes) for SIGEV_THREAD_ID: the signal carries `value`
 * in its siginfo (si_value, 24 bytes in) to the thread `tid`. */
struct w2n_sigevent {
	void *value;
	int32_t signo, notify, tid;
	int32_t pad_[11];
};

long w2n_sys_write(int fd, const void *buf, size_t n);
_Noreturn void w2n_sys_exit(int status);
/* Anonymous private mappings; NULL on failure (the kernel never hands out page 0). */
void *w2n_sys_mmap(size_t len, int prot, int flags);
int w2n_sys_munmap(void *addr, size_t len);
int w2n_sys_mprotect(void *addr, size_t len, int prot);
void *w2n_sys_mremap(void *addr, size_t old_len, size_t new_len, int flags); /* NULL: failed */
int w2n_sys_sigaction(int sig, const struct w2n_sigaction *act, struct w2n_sigaction *old);
int w2n_sys_sigaltstack(const struct w2n_sigstack *ss, struct w2n_sigstack *old);
int w2n_sys_getrlimit(int resource, struct w2n_rlimit *out);
int w2n_sys_setrlimit(int resource, const struct w2n_rlimit *lim);
/* Sends `sig` to the calling thread. */
void w2n_sys_raise(int sig);
long w2n_sys_gettid(void);
/* clock_gettime in nanoseconds. */
uint64_t w2n_sys_clock_ns(int clock);
/* POSIX timers (the kernel's ids); timer_settime with relative times. 0 or -errno. */
int w2n_sys_timer_create(int clock, struct w2n_sigevent *ev, int *timer);
int w2n_sys_timer_settime(int timer, const struct w2n_itimerspec *value);
int w2n_sys_timer_delete(int timer);
/* Sleeps while *addr == expected (or until woken); wakes up to n sleepers (private futex). */
void w2n_sys_futex_wait(uint32_t *addr, uint32_t expected);
void w2n_sys_futex_wake(uint32_t *addr, uint32_t n);
/* The same with a relative timeout of `ns` nanoseconds. */
void w2n_sys_futex_wait_ns(uint32_t *addr, uint32_t expected, uint64_t ns);
/* True on the process's first thread (gettid == getpid). */
bool w2n_sys_is_main_thread(void);
int w2n_sys_madvise(void *addr, size_t len, int advice);
/* One byte per page of [addr, addr + len): bit 0 set if resident. */
int w2n_sys_mincore(void *addr, size_t len, uint8_t *vec);

/* ---- lock.c: a futex mutex for the shared registries -------------------------------------- */

struct w2n_lock {
	uint32_t state;    /* 0 free, 1 held, 2 held with waiters */
	const void *owner; /* the holder's thread state, or NULL */
};

void w2n_lock(struct w2n_lock *l);
void w2n_unlock(struct w2n_lock *l);
/* True if the calling thread holds l (the signal handler must not wait for itself). */
bool w2n_lock_mine(const struct w2n_lock *l);

/* ---- thread.c: per-thread state ----------------------------------------------------------- */

struct w2n_trap_frame;

struct w2n_thread {
	struct w2n_trap_frame *frames;   /* the innermost w2n_call's frame, or NULL */
	uintptr_t stack_limit;           /* prologues trap when sp is below (stack.c) */
	uintptr_t guard_low, guard_high; /* a fault in [low, high) during a call is stack
	                                    exhaustion (stack.c; empty if unknown) */
	void *altstack;                  /* the signal stack we mapped, or NULL (signal.c) */
	bool ready;                      /* w2n_thread_ready has run */
	/* The innermost try_table handler of the running call (exn.c); w2n_call starts each call
	 * with NULL, so exceptions never cross a host frame. */
	struct w2n_exn_handler *handlers;
};

extern __thread struct w2n_thread w2n_self;

/* Gets the calling thread ready to run wasm (once per thread): signal handlers, its alternate
 * signal stack, its stack limit. False + err (W2N_ERR_RESOURCE) if that fails. */
bool w2n_thread_ready(struct w2n_error *err);

/* ---- tls.c: thread-local storage of a freestanding executable ---------------------------- */

/* Sets up the TLS block and thread pointer of the only thread, from the PT_TLS program header
 * found through the auxiliary vector (crt.c, before anything reads w2n_self). */
bool w2n_tls_init(const uintptr_t *auxv);
/* A TLS block for a new thread of a freestanding executable, laid out and initialized like
 * the first thread's: its thread pointer, or 0 (no mapping, or not started by crt.c), and
 * the mapping to unmap when the thread has ended. */
uintptr_t w2n_tls_new_block(void **area, size_t *size);

/* ---- string.c and math.c: the libc and libm functions generated code may call ---------------
 * memcpy, memmove, memset, memcmp, strlen, strcmp; ceil, floor, trunc, rint, nearbyint,
 * roundeven, sqrt and their f variants, under their standard names and prototypes. */

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
double trunc(double x);
double floor(double x);
double ceil(double x);
double rint(double x);
double nearbyint(double x);
double roundeven(double x);
double sqrt(double x);
float truncf(float x);
float floorf(float x);
float ceilf(float x);
float rintf(float x);
float nearbyintf(float x);
float roundevenf(float x);
float sqrtf(float x);

/* ---- libc_scan.c: the vector scans behind libc_fast.c ---------------------------------------
 * Each returns the first index i in [0, n) that it looks for, or n, and reads only [0, n) of
 * its inputs (candidate also [n, n + gap)). Every variant returns the same as every other. */

struct w2n_scans {
	/* p[i] == c */
	uint64_t (*byte)(const uint8_t *p, uint64_t n, uint8_t c);
	/* p[i] == c or p[i] == 0 */
	uint64_t (*byte_or_nul)(const uint8_t *p, uint64_t n, uint8_t c);
	/* a[i] != b[i] */
	uint64_t (*diff)(const uint8_t *a, const uint8_t *b, uint64_t n);
	/* a[i] != b[i] or a[i] == 0 */
	uint64_t (*diff_or_nul)(const uint8_t *a, const uint8_t *b, uint64_t n);
	/* p[i] == 0, or p[i] == first and p[i + gap] == last: where a needle may start */
	uint64_t (*candidate)(const uint8_t *p, uint64_t n, uint8_t first, uint8_t last, uint64_t gap);
};

/* The variant to use on this CPU: the widest it runs. */
const struct w2n_scans *w2n_scans(void);
/* 16-byte vectors (SSE2, NEON): every CPU. */
const struct w2n_scans *w2n_scans_base(void);
/* Wider vectors (AVX2) when this CPU has them, else NULL. */
const struct w2n_scans *w2n_scans_wide(void);

/* ---- alloc.c: a small allocator over mmap ------------------------------------------------ */

/* Blocks are 16-byte aligned. All return NULL when out of memory. */
void *w2n_malloc(size_t size);
void *w2n_calloc(size_t n, size_t size);
void *w2n_realloc(void *p, size_t size);
void w2n_free(void *p);

/* ---- fmt.c: minimal formatting --------------------------------------------------------------
 * Conversions: %s %c %d %i %u %x %p %%, with l, ll and z length modifiers, an optional '0'
 * flag and width (e.g. %08llx). */

/* Like vsnprintf: always NUL-terminates when size > 0; returns the length written. */
size_t w2n_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
size_t w2n_fmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Formats into a 1 KiB buffer and writes it to `fd` (output longer than that is cut). */
void w2n_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- stack.c: the stack limit that function prologues check ------------------------------ */

/* Records the top of the main thread's stack (crt.c, from the auxiliary vector). */
void w2n_stack_set_top(uintptr_t top);
/* Computes t's stack limit and guard region (thread.c, once per thread; see stack.c). */
void w2n_stack_setup(struct w2n_thread *t);
/* The calling thread's limit (set up on first use). */
uintptr_t w2n_stack_limit(void);
/* True if `addr` is in the calling thread's region below the limit where an overflowing stack
 * faults. */
bool w2n_stack_in_guard(uintptr_t addr);

/* ---- trap.c: trap frames, the trap entry, w2n_call --------------------------------------- */

/* The innermost w2n_call's frame: where a trap resumes. */
struct w2n_trap_frame {
	struct w2n_ctx ctx;
	struct w2n_trap_frame *prev;
	uint32_t trap;                      /* enum w2n_trap, once trapped */
	uint32_t func;                      /* the trapping function's index, or UINT32_MAX */
	const struct w2n_module_desc *desc; /* its module, or NULL */
	char detail[160];                   /* W2N_TRAP_HOST: the host's message and function */
};

/* The calling thread's innermost frame, or NULL. */
struct w2n_trap_frame *w2n_trap_current(void);
/* Records the trap in `tf`; the caller then resumes tf->ctx. */
void w2n_trap_record(struct w2n_trap_frame *tf, uint32_t trap, const struct w2n_module_desc *desc,
                     uint32_t func);
/* Traps from a runtime builtin: names the wasm function that called the builtin by its return
 * address. */
_Noreturn void w2n_trap_from(struct w2n_vmctx *vmctx, uint32_t trap, const void *ret_addr);
/* Traps W2N_TRAP_HOST with `detail` (copied) as the message's tail (host.c). */
_Noreturn void w2n_trap_host(const char *detail);
/* The spec message for a trap id. */
const char *w2n_trap_message(uint32_t trap);
/* Fills err as a trap: the spec message, then " (in function NAME)" when known. */
void w2n_trap_error(struct w2n_error *err, uint32_t trap, const struct w2n_module_desc *desc,
                    uint32_t func);

/* ---- signal.c: SIGSEGV/SIGBUS on an alternate stack ------------------------------------- */

/* Installs the process-wide handlers once; false if that fails. */
bool w2n_signals_init(void);
/* Gives the calling thread an alternate signal stack, unless it has one (the host's). */
bool w2n_signals_thread_init(void);
/* Removes and unmaps the calling thread's alternate stack, if we mapped it. */
void w2n_signals_thread_end(void);

/* ---- types.c: canonical signature ids ---------------------------------------------------- */

/* The signature with id `id` (from w2n_type_id), or NULL. */
const struct w2n_desc_type *w2n_type_by_id(uint32_t id);
/* ids[i] = the canonical id of desc's type i, for i < n (types name only earlier ones, so any
 * prefix works). False when out of memory or the descriptor is malformed. */
bool w2n_module_type_ids(const struct w2n_module_desc *desc, uint32_t n, uint32_t *ids);

/* ---- memory.c: linear memories ------------------------------------------------------------ */

/* A memory of `min` pages. `reserve`: guard-page mode (8 GiB reserved, committed on grow,
 * the base never moves); otherwise the mapping has the current size and may move on grow.
 * `shared` (threads): other threads hold the base, so a shared memory is reserved in both
 * modes. max_pages is the declared maximum, or W2N_MAX_PAGES if none. NULL + err on failure. */
struct w2n_memory *w2n_memory_new(uint64_t min, uint64_t max_pages, bool reserve, bool shared,
                                  struct w2n_error *err);
/* memory.grow: the old size in pages, or -1. */
/* A memory of limits `l` (its address type and maximum; W2N_MAX_PAGES(64) when none) and
 * `min` pages. */
struct w2n_memory *w2n_memory_of_type(const struct w2n_desc_limits *l, uint64_t min, bool reserve,
                                      struct w2n_error *err);
int64_t w2n_memory_grow(struct w2n_memory *mem, uint64_t delta);
/* The most pages the memory's address type allows: W2N_MAX_PAGES, or W2N_MAX_PAGES64. */
uint64_t w2n_memory_page_limit(const struct w2n_memory *mem);
/* Unmaps and frees a memory. */
void w2n_memory_free(struct w2n_memory *mem);
/* Back to min_pages of zeros; false if the kernel refuses. */
bool w2n_memory_reset(struct w2n_memory *mem, uint64_t min_pages);
/* Records that image.c mapped part of `mem` from the executable's file (w2n_exe_map). */
void w2n_memory_file_mapped(struct w2n_memory *mem);
/* True if `addr` lies in some memory's reservation (the signal handler asks). */
bool w2n_memory_reserved(uintptr_t addr);
/* memory.init without trapping: false if out of bounds. */
bool w2n_memory_init_checked(struct w2n_instance *inst, uint32_t seg, uint64_t dst, uint32_t src,
                             uint32_t n);

/* ---- recycle.c: reusing memory pages and reservations ------------------------------------ */

/* Makes [0, len) read as zero: touched pages of the first MiB zeroed in place, all others
 * dropped (MADV_DONTNEED). False if the kernel refuses. */
bool w2n_scrub(uint8_t *base, uint64_t len);
/* A cached reservation (its [0, *committed) scrubbed and writable), or NULL if none. */
uint8_t *w2n_reservation_take(uint64_t *committed);
/* True if the cache has room for one more reservation. */
bool w2n_reservation_room(void);
/* Caches a scrubbed reservation; false if the cache is full (the caller unmaps it). */
bool w2n_reservation_give(uint8_t *base, uint64_t committed);

/* ---- table.c: tables ---------------------------------------------------------------------- */

/* Tables hold at most this many entries (an implementation limit; grow beyond fails). */
#define W2N_TABLE_LIMIT 10000000u

/* A table of `min` null entries; max is the declared maximum or UINT32_MAX. NULL + err. */
/* link.c: a w2n_type of this instance's module made comparable across modules: a concrete
 * heap type's index becomes its canonical type id (wasm.h's encoding otherwise). */
uint32_t w2n_rt_reftype(const struct w2n_instance *inst, uint32_t type);

struct w2n_table *w2n_table_new(uint8_t elem_type, uint32_t min, uint32_t max,
                                struct w2n_error *err);
/* table.grow: the old size, or -1. */
int32_t w2n_table_grow(struct w2n_table *t, uint32_t delta, void *init);
void w2n_table_free(struct w2n_table *t);
/* Back to `min` null entries. */
void w2n_table_reset(struct w2n_table *t, uint32_t min);
/* table.init without trapping: false if out of bounds. */
bool w2n_table_init_checked(struct w2n_instance *inst, uint32_t table, uint32_t seg, uint32_t dst,
                            uint32_t src, uint32_t n);

/* ---- instance.c: the instance behind a vmctx --------------------------------------------- */

struct w2n_elem_seg {
	void **items;   /* evaluated references */
	uint32_t count; /* 0 once dropped */
};

struct w2n_instance {
	struct w2n_vmctx vmctx;
	const struct w2n_module_desc *desc;
	struct w2n_memory **mems;          /* per memory index */
	struct w2n_elem_seg *elems;        /* per element segment */
	uint32_t *data_sizes;              /* per data segment: its size, 0 once dropped */
	uint32_t nimported[W2N_EXT_COUNT]; /* imports per enum w2n_extern_kind */
	struct w2n_instance *next;         /* every instance, newest first */

	/* limits.c: what the host allowed, and the state of the running call's deadline. */
	struct w2n_instance_limits limits; /* as instantiated; zeros: none */
	bool limited;                      /* some per-call limit applies (max_stack, timeout_ns) */
	bool fuel_limited;          /* vmctx.fuel counts down from a limit (else from INT64_MAX) */
	uint32_t calls;             /* w2n_call frames active on the instance */
	int timer;                  /* the deadline's POSIX timer; -1 until the first deadline */
	long timer_tid;             /* the thread that timer signals */
	volatile uint64_t deadline; /* CLOCK_MONOTONIC ns when the running call times out; 0: none */
	/* Lifetime and linking (lifecycle.c, link.c; docs/embedding.md "Freeing"). */
	uint32_t refs;                /* the host's reference + one per import others took */
	struct w2n_instance **owners; /* per import: the instance it came from, or NULL */
	struct w2n_instance *peer;    /* ring of the instances linked with this one */
	void *host_funcs;             /* the host functions made for its imports (hostfunc.c) */
	union w2n_val *cells;         /* the defined globals' cells */
	struct w2n_tag *tag_objs;     /* the defined tags' identities */
};

/* The defined function of `desc` whose code contains `pc` (or UINT32_MAX), and where that
 * function's code starts. */
uint32_t w2n_func_at(const struct w2n_module_desc *desc, uintptr_t pc, uintptr_t *start);
/* (Re)initializes the defined globals from their constant expressions. */
void w2n_globals_init(struct w2n_instance *inst);
/* Runs the start function, if the module has one. */
bool w2n_run_start(struct w2n_instance *inst, struct w2n_error *err);

/* ---- lifecycle.c: references, free, reset ------------------------------------------------- */

/* inst's import number `import` comes from `owner`: holds a reference to it and joins rings. */
void w2n_instance_hold(struct w2n_instance *inst, uint32_t import, struct w2n_instance *owner);
/* Frees everything the instance owns and drops its references (at refcount zero, or when an
 * instantiation fails). */
void w2n_instance_release(struct w2n_instance *inst);
/* Writes the stack limit into vmctx and, for an instance, into every instance linked with it
 * (they call each other's functions, so they run on one thread at a time). */
void w2n_retarget(struct w2n_vmctx *vmctx, uintptr_t limit);

/* ---- hostfunc.c: functions a host defines ------------------------------------------------- */

/* Why host function `def` cannot be function import `index` (`imp`), or NULL. */
const char *w2n_host_func_mismatch(const struct w2n_instance *inst,
                                   const struct w2n_desc_import *imp, uint32_t index,
                                   const struct w2n_host_func *def);
/* Makes `def` inst's function `index`; false when out of memory. */
bool w2n_host_func_bind(struct w2n_instance *inst, const struct w2n_desc_import *imp,
                        const struct w2n_host_func *def, uint32_t index);
/* The entry of host functions: from the host-call adapters and from w2n_call (array_call). */
void w2n_rt_host_call(struct w2n_vmctx *vmctx, union w2n_val *vals);

/* ---- registry.c: what threads share ------------------------------------------------------- */

/* Guards the module list here and memory.c's reservation list (the signal handler reads
 * both) and the rings of linked instances. */
extern struct w2n_lock w2n_registry_lock;
/* Adds desc to the modules whose code the signal handler searches (once per descriptor;
 * descriptors and their code live as long as the process). False when out of memory. */
bool w2n_module_register(const struct w2n_module_desc *desc);
/* The registered module whose code contains pc, and the function there (UINT32_MAX and NULL
 * if none). The caller holds w2n_registry_lock. */
const struct w2n_module_desc *w2n_module_at(uintptr_t pc, uint32_t *func);

/* ---- limits.c: memory, table, stack, deadline and fuel limits (limits.h) ---------------- */

/* Records `limits` (NULL: none) in the new instance and checks them against its code: false
 * with err filled if a timeout or fuel needs checks the code was compiled without. */
bool w2n_limits_init(struct w2n_instance *inst, const struct w2n_instance_limits *limits,
                     struct w2n_error *err);
/* True if a defined memory's or table's minimum `min` is within `cap` (0: no cap); else
 * false with err filled ("memory minimum of 2097152 bytes exceeds ..."). */
bool w2n_limits_check_min(const char *what, uint64_t min, uint64_t cap, const char *unit,
                          struct w2n_error *err);

/* What a w2n_call changed to apply the callee's per-call limits, to be undone on return. */
struct w2n_limits_frame {
	struct w2n_instance *inst; /* the callee's instance, or NULL for a host function */
	uintptr_t stack_limit;     /* its vmctx->stack_limit before the call */
};

/* Around every w2n_call: narrows the stack limit and arms the deadline of the outermost call
 * into a limited instance (false with err filled if the timer cannot be armed);
 * w2n_limits_leave undoes it, after a return or a trap. */
bool w2n_limits_enter(const struct w2n_funcref *f, struct w2n_limits_frame *lf,
                      struct w2n_error *err);
void w2n_limits_leave(const struct w2n_limits_frame *lf);
/* Returns what the limits hold outside the instance's allocations (the deadline's timer), for
 * whoever frees an instance. */
void w2n_limits_release(struct w2n_instance *inst);

/* ---- link.c: imports ---------------------------------------------------------------------- */

/* Resolves and type-checks every import into inst (funcs, tables, mems, globals). */
bool w2n_link_imports(struct w2n_instance *inst, w2n_resolve_fn resolve, void *ctx,
                      struct w2n_error *err);

/* ---- segments.c: constant expressions and segment initialization ------------------------- */

union w2n_val w2n_eval_const(struct w2n_instance *inst, const struct w2n_desc_const *c);
/* Evaluates every element segment's items (instantiation step before tables are written). */
bool w2n_elems_eval(struct w2n_instance *inst, struct w2n_error *err);
/* Active element, then data segments in order, dropping them (and declarative ones). */
bool w2n_segments_init(struct w2n_instance *inst, struct w2n_error *err);

/* ---- grants.c: what an executable grants its guest ---------------------------------------- */

struct w2n_wasi_config;

/* Fills cfg and limits from the process arguments, the grants baked into the executable and
 * those in WASM2NATIVE_GRANTS (include/wasm2native/grants.h); false after printing why to
 * stderr. */
bool w2n_grants_config(int argc, char **argv, char **envp, struct w2n_wasi_config *cfg,
                       struct w2n_instance_limits *limits);

/* ---- cpu.c: the CPU features the code needs (include/wasm2native/cpu.h, cpu.def) -------- */

/* The OR of every linked object's requirement word (0 when no object has one). */
uint64_t w2n_cpu_required(void);
/* The features of cpu.def's x86 table that CPUID words and XCR0 show usable, as a mask. */
uint64_t w2n_cpu_x86_have(const struct w2n_cpuid *id);
/* The features of cpu.def's AArch64 table that AT_HWCAP/AT_HWCAP2 show, as a mask. */
uint64_t w2n_cpu_arm64_have(const uint64_t hwcap[W2N_HWCAP_WORDS]);
/* If `have` lacks features of `required`, writes the refusal ("wasm2native: this program needs
 * CPU features that this machine lacks: avx2, bmi2\n") into buf and returns its length;
 * otherwise returns 0. */
size_t w2n_cpu_report(char *buf, size_t size, enum w2n_cpu_arch arch, uint64_t required,
                      uint64_t have);

/* ---- image.c: instantiating a pre-baked module (descriptor's snapshot, image.h) ---------- */

/* Puts a memory image's chunks into fresh `mem` (at least image->pages large): mapped
 * copy-on-write from the executable in guard-page mode, copied otherwise; false if a chunk
 * lies outside it. */
bool w2n_memory_apply_image(struct w2n_memory *mem, const struct w2n_desc_image *image);

/* exe_image.c: maps `size` bytes of the executable at `src` copy-on-write over `dst` (both
 * page-aligned, dst fresh memory: readable, writable, zero); false, dst left so, when that
 * is not possible and the caller must copy. w2n_auxv is the auxiliary vector crt.c found. */
extern const uintptr_t *w2n_auxv;
bool w2n_exe_map(uint8_t *dst, const uint8_t *src, uint64_t size);
/* Replaces [dst, dst + size) (page-aligned) with fresh anonymous memory, readable, writable
 * and zero, whatever was mapped there; false if the kernel refuses. */
bool w2n_exe_unmap(uint8_t *dst, uint64_t size);
/* The baked value of defined global k (references made this instance's). */
union w2n_val w2n_snapshot_global(struct w2n_instance *inst, uint32_t k);
/* Fills the defined tables with the baked entries and drops the segments initialization
 * dropped; after the functions and element segments exist. */
void w2n_snapshot_apply(struct w2n_instance *inst);

/* ---- snapshot.c: pre-baking, the state of an instance after its initialization -------- */

/* Why a snapshot cannot be taken: what it is about (enum w2n_snapshot_place in
 * wasm2native/snapshot.h, with an index) and a message for the compiler to report. */
struct w2n_refusal {
	uint32_t place, index;
	char message[256];
};

/* True, with *why filled, if some state of inst cannot be baked: a non-null externref in a
 * global or table, or a funcref to a function of another instance. */
bool w2n_snapshot_refused(const struct w2n_instance *inst, struct w2n_refusal *why);
/* Writes the snapshot of inst's defined memories, tables, globals and segment drops to fd
 * (include/wasm2native/snapshot.h); false on a write error. */
bool w2n_snapshot_write(const struct w2n_instance *inst, int fd);
/* Writes a refusal record instead of a snapshot. */
bool w2n_snapshot_write_refusal(int fd, const struct w2n_refusal *why);

/* ---- main.c / crt.c: the executable ------------------------------------------------------- */

/* The program: crt.c's _start path calls it with the process arguments and exits with its
 * result. main.c's default instantiates `w2n_module` and runs its `_start` export; a host
 * (the spec harness) links its own w2n_main and the archive's main.o is left out. */
int w2n_main(int argc, char **argv, char **envp);
/* main.c: the exit status when `err` ended the program's run (printing a trap's or an
 * instantiation's message first); wasi_threads.c ends the process with it from any thread. */
int w2n_main_status(const struct w2n_error *err);

/* ---- wasi_threads.c: wasi-threads in an executable -------------------------------------- */

/* Prepares a module for threads: creates the shared memory it imports, if any (bound to
 * `wasi` as its memory), and returns the resolver to instantiate it with, which adds that
 * memory and `wasi` `thread-spawn` to w2n_wasi_resolve (its ctx is `wasi`). NULL + err when
 * the memory cannot be made. */
w2n_resolve_fn w2n_threads_setup(const struct w2n_module_desc *desc, struct w2n_wasi *wasi,
                                 const struct w2n_instance_limits *limits, struct w2n_error *err);

/* Exit status of an executable whose module trapped (documented in docs/runtime.md). */
#define W2N_EXIT_TRAP 134
/* Exit status of an executable stopped by its deadline or out of fuel: timeout(1)'s status for
 * a command that timed out (docs/limits.md). */
#define W2N_EXIT_LIMIT 124
/* Exit status of an executable started on a CPU that lacks features its code needs
 * (crt.c, before anything else runs): 128 + SIGILL, what the shell would have reported. */
#define W2N_EXIT_CPU 132

#endif
