/* abi.h — the contract between generated code and the runtime (DESIGN.md §4).
 *
 * Generated code reads these structures through the W2N_OFF_* offsets below (lowering never
 * spells a number); the runtime uses the structs. _Static_asserts pin both views together.
 * This header is freestanding: it is included by the compiler and by the no-libc runtime.
 *
 * Calling convention of every wasm function, defined or imported, in the platform C ABI:
 *     R f(struct w2n_vmctx *vmctx, P1 p1, P2 p2, ...)
 * with i32→int32_t, i64→int64_t, f32→float, f64→double, v128→a 16-byte vector (LLVM
 * <2 x i64>), funcref/externref→pointer. R is void, the single result, or for several results
 * an LLVM literal struct of them (wasm↔wasm only; host functions have at most one result).
 * A module that uses tail calls (return_call*) compiles its functions' bodies with LLVM's
 * `tailcc` instead, under which a tail call between different signatures can reuse the frame;
 * its funcrefs still hold a C-convention entry in `code` and the tailcc body in `tail_code`
 * (docs/lowering-semantics.md, "Calls and tail calls").
 */
#ifndef WASM2NATIVE_ABI_H
#define WASM2NATIVE_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "wasm.h" /* W2N_PAGE_SIZE, W2N_MAX_PAGES, value types */

/* 2: the descriptor ends with `snapshot` (pre-baking, image.h). */
/* 3: then with `code_limits` (the limits' checks compiled in, limits.h). */
/* 4: then with `data_images` (memory images of plain modules), and w2n_desc_snapshot with
 *    `init_func` (image.h). */
/* 5: constant expressions may be W2N_CONST_EXPR (extended constant expressions, descriptor.h). */
/* 6: exception handling: the descriptor ends with `ntags` and `tags`, vmctx with `tags`. */
/* 7: limits carry `shared` (threads), and so does struct w2n_memory;
 *    builtins w2n_rt_atomic_wait32/wait64/notify. */
/* 8: vmctx ends with `memories` (multi-memory); limits, memories and tables carry `is64`
 *    (memory64/table64); the builtins w2n_rt_memory_*_at. */
/* 9: typed function references: tables carry `ref_type`, table descriptors `has_init` and
 *    `init`; descriptor value types hold the whole w2n_type. */
/* 10: generated code assumes a 32-bit memory never reaches 65,536 pages (address adds marked
 *     nuw, compiler/lower_nowrap.cpp; runtime/memory.c stops at 65,535). */
/* 11: function types carry `refs`, their value types in full (typed references' heap types
 *     and nullability), so canonical type ids tell (ref $t) from funcref. */
/* 12: funcrefs and descriptor functions end with `tail_code` (tail calls across signatures). */
#define W2N_ABI_VERSION 12

/* The most pages a 32-bit memory reaches: one short of 4 GiB. Generated code relies on it
 * (compiler/lower_nowrap.cpp: an address x + C after an access at x cannot wrap while C stays
 * below the 64 KiB left between the largest memory and 2^32), and runtime/memory.c enforces it
 * (the spec lets memory.grow fail). */
#define W2N_MAX_PAGES32_REACHED (W2N_MAX_PAGES - 1)

enum w2n_trap {
#define W2N_TRAP(ID, MESSAGE) W2N_TRAP_##ID,
#include "traps.def"
	W2N_TRAP_COUNT
};

struct w2n_vmctx;

/* A value in the array-call form (exports called from a host): one 16-byte slot per value. */
union w2n_val {
	int32_t i32;
	int64_t i64;
	float f32;
	double f64;
	uint8_t v128[16];
	void *ref; /* funcref: struct w2n_funcref *, externref: opaque host pointer; NULL = null */
};

/* Array-call trampoline: unpacks args from `vals`, calls the function, writes results back
 * into `vals` starting at slot 0. */
typedef void (*w2n_array_call_fn)(struct w2n_vmctx *vmctx, union w2n_val *vals);

/* A function reference: what funcref values point to and what tables hold. */
struct w2n_funcref {
	void *code;                   /* native entry, called as code(vmctx, params...) */
	struct w2n_vmctx *vmctx;      /* the callee's instance context */
	w2n_array_call_fn array_call; /* host entry; NULL if the function has none */
	uint32_t type_id;             /* canonical signature id, comparable across modules */
	uint32_t func_index;          /* index in the defining module (for trap messages) */
	/* The same function under LLVM's tailcc, which a return_call* may jump to whatever the
	 * caller's signature; NULL when the function has no tailcc body (a module without tail
	 * calls, a host function), and a tail call to it is then an ordinary call. */
	void *tail_code;
};

/* A linear memory; instances that import it share the object. */
struct w2n_memory {
	uint8_t *base;        /* guard-page mode: never moves; bounds-check mode: may move on grow */
	uint64_t size;        /* current size in bytes */
	uint64_t max_pages;   /* declared maximum, or W2N_MAX_PAGES */
	uint64_t reserved;    /* bytes of address space reserved at base (0: not reserved) */
	uint64_t limit_bytes; /* the host's cap (w2n_instance_limits.max_memory); 0: none. Kept apart
	                         from max_pages, which import matching compares */
	uint32_t shared;      /* threads: a shared memory (always reserved: its base never moves) */
	uint32_t is64;        /* 1: i64 addresses (memory64); import matching compares it */
};

/* A table of references; instances that import it share the object. */
struct w2n_table {
	void **elems; /* size entries: struct w2n_funcref * or externref, NULL = null */
	uint32_t size;
	uint32_t max;      /* declared maximum, or UINT32_MAX */
	uint32_t capacity; /* allocated entries */
	uint8_t elem_type; /* W2N_FUNCREF or W2N_EXTERNREF */
	uint32_t limit;    /* the host's cap (w2n_instance_limits.max_table); 0: none */
	uint32_t is64;     /* 1: i64 indices (table64); import matching compares it */
	uint32_t ref_type; /* the full element type, canonical across modules (w2n_rt_reftype) */
};

/* The per-instance context, first argument of every wasm function. */
struct w2n_vmctx {
	struct w2n_memory *memory; /* memory 0, or NULL */
	uintptr_t stack_limit;     /* prologues trap "call stack exhausted" when sp is below */
	void **globals;            /* per global index: its 16-byte cell (imports: the exporter's) */
	struct w2n_table **tables; /* per table index */
	struct w2n_funcref *funcs; /* per function index; imports hold the exporter's funcref */
	const uint32_t *type_ids;  /* canonical signature id per type index */
	struct w2n_instance *instance; /* the runtime's bookkeeping (segments, module descriptor) */
	/* Why code compiled with interruption checks should stop (W2N_INTERRUPT_* bits of
	 * limits.h); set by the runtime's deadline timer or by the host, from any thread or a
	 * signal handler. Checked at function entries and loop headers. */
	volatile uint32_t interrupt;
	int64_t fuel; /* fuel left, for code compiled with fuel metering (INT64_MAX: no limit) */
	struct w2n_tag **tags; /* per tag index: its identity (imports: the exporter's) */
	/* Per memory index (multi-memory): memory 0 is also `memory` above, which code uses. */
	struct w2n_memory **memories;
};

/* An exception tag's identity: catch clauses compare these pointers. One per defined tag of
 * an instance; importers share the exporter's. */
struct w2n_tag {
	uint32_t type_id; /* canonical signature id of its parameters, for import matching */
};

/* A thrown exception; exnref values point to one. The payload is the tag's parameters, one
 * 16-byte slot each (union w2n_val). Exceptions are never freed (docs/lowering-semantics.md,
 * "Exceptions"): an exnref may be kept in a local, global or table and thrown again. */
struct w2n_exn {
	struct w2n_tag *tag;
	uint32_t nvals;
	uint32_t pad;
	union w2n_val vals[]; /* nvals */
};

/* A try_table's handler record, in the frame of the function that entered it. The runtime
 * keeps a per-thread chain of them (innermost first); a throw unlinks the innermost, stores
 * the exception in it and resumes `ctx`, saved at the try_table's entry, with value 1. The
 * context words are runtime/arch.h's struct w2n_ctx. */
struct w2n_exn_handler {
	struct w2n_exn_handler *prev; /* the next handler outwards, or NULL at a host boundary */
	struct w2n_exn *exn;          /* the caught exception, set by the throw */
	uint64_t ctx[24];
};

/* Offsets used by the emitter. */
#define W2N_OFF_VMCTX_MEMORY      offsetof(struct w2n_vmctx, memory)
#define W2N_OFF_VMCTX_STACK_LIMIT offsetof(struct w2n_vmctx, stack_limit)
#define W2N_OFF_VMCTX_GLOBALS     offsetof(struct w2n_vmctx, globals)
#define W2N_OFF_VMCTX_TABLES      offsetof(struct w2n_vmctx, tables)
#define W2N_OFF_VMCTX_FUNCS       offsetof(struct w2n_vmctx, funcs)
#define W2N_OFF_VMCTX_TYPE_IDS    offsetof(struct w2n_vmctx, type_ids)
#define W2N_OFF_VMCTX_INTERRUPT   offsetof(struct w2n_vmctx, interrupt)
#define W2N_OFF_VMCTX_FUEL        offsetof(struct w2n_vmctx, fuel)
#define W2N_OFF_VMCTX_TAGS        offsetof(struct w2n_vmctx, tags)
#define W2N_OFF_VMCTX_MEMORIES    offsetof(struct w2n_vmctx, memories)
#define W2N_OFF_EXN_TAG           offsetof(struct w2n_exn, tag)
#define W2N_OFF_EXN_VALS          offsetof(struct w2n_exn, vals)
#define W2N_OFF_HANDLER_EXN       offsetof(struct w2n_exn_handler, exn)
#define W2N_OFF_HANDLER_CTX       offsetof(struct w2n_exn_handler, ctx)
#define W2N_SIZEOF_HANDLER        sizeof(struct w2n_exn_handler)
#define W2N_OFF_MEMORY_BASE       offsetof(struct w2n_memory, base)
#define W2N_OFF_MEMORY_SIZE       offsetof(struct w2n_memory, size)
#define W2N_OFF_TABLE_ELEMS       offsetof(struct w2n_table, elems)
#define W2N_OFF_TABLE_SIZE        offsetof(struct w2n_table, size)
#define W2N_OFF_FUNCREF_CODE      offsetof(struct w2n_funcref, code)
#define W2N_OFF_FUNCREF_VMCTX     offsetof(struct w2n_funcref, vmctx)
#define W2N_OFF_FUNCREF_TYPE_ID   offsetof(struct w2n_funcref, type_id)
#define W2N_OFF_FUNCREF_TAIL_CODE offsetof(struct w2n_funcref, tail_code)
#define W2N_SIZEOF_FUNCREF        sizeof(struct w2n_funcref)
#define W2N_GLOBAL_CELL_SIZE      16

/* The emitter is built for 64-bit hosts and targets (x86-64, AArch64): pin the layout. */
_Static_assert(sizeof(void *) == 8, "64-bit targets only");
_Static_assert(sizeof(union w2n_val) == 16, "one 16-byte slot per value");
_Static_assert(offsetof(struct w2n_vmctx, memory) == 0, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, stack_limit) == 8, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, globals) == 16, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, tables) == 24, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, funcs) == 32, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, type_ids) == 40, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, interrupt) == 56, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, fuel) == 64, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, tags) == 72, "vmctx layout");
_Static_assert(offsetof(struct w2n_vmctx, memories) == 80, "vmctx layout");
_Static_assert(offsetof(struct w2n_exn, vals) == 16 && offsetof(struct w2n_exn_handler, ctx) == 16,
               "exception layout");
_Static_assert(offsetof(struct w2n_memory, base) == 0 && offsetof(struct w2n_memory, size) == 8,
               "memory layout");
_Static_assert(offsetof(struct w2n_table, elems) == 0 && offsetof(struct w2n_table, size) == 8,
               "table layout");
_Static_assert(offsetof(struct w2n_funcref, code) == 0 &&
                   offsetof(struct w2n_funcref, vmctx) == 8 &&
                   offsetof(struct w2n_funcref, type_id) == 24 &&
                   offsetof(struct w2n_funcref, tail_code) == 32 &&
                   sizeof(struct w2n_funcref) == 40,
               "funcref layout");

/* ---- runtime entry points called by generated code (runtime/builtins.c) ------------------- */
/* All take the caller's vmctx; indices are the caller's. Those that can fail trap. */

_Noreturn void w2n_rt_trap(struct w2n_vmctx *vmctx, uint32_t trap, uint32_t func_index);
/* Called by an interruption check that found vmctx->interrupt set: traps "interrupted". */
_Noreturn void w2n_rt_interrupted(struct w2n_vmctx *vmctx, uint32_t func_index);
int32_t w2n_rt_memory_grow(struct w2n_vmctx *vmctx, uint32_t delta_pages);
void w2n_rt_memory_fill(struct w2n_vmctx *vmctx, uint32_t dst, uint32_t value, uint32_t n);
void w2n_rt_memory_copy(struct w2n_vmctx *vmctx, uint32_t dst, uint32_t src, uint32_t n);
void w2n_rt_memory_init(struct w2n_vmctx *vmctx, uint32_t seg, uint32_t dst, uint32_t src,
                        uint32_t n);
void w2n_rt_data_drop(struct w2n_vmctx *vmctx, uint32_t seg);
/* Threads (runtime/atomic_wait.c): `ea` is the effective address in memory `mem`; they trap
 * "unaligned atomic", "out of bounds memory access" and (wait only) "expected shared memory".
 * wait returns 0 when woken, 1 when the value differs, 2 on timeout (ns; negative: none);
 * notify returns how many waiters it woke. */
int32_t w2n_rt_atomic_wait32(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint32_t expected,
                             int64_t timeout);
int32_t w2n_rt_atomic_wait64(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint64_t expected,
                             int64_t timeout);
int32_t w2n_rt_atomic_notify(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t ea, uint32_t count);
/* The same for any memory index and address type (multi-memory, memory64): addresses, sizes
 * and page counts as u64 (zero-extended from i32 for 32-bit memories); grow returns the old
 * page count or -1. Memory 0 with 32-bit addresses keeps the builtins above. */
int64_t w2n_rt_memory_grow_at(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t delta_pages);
void w2n_rt_memory_fill_at(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t dst, uint32_t value,
                           uint64_t n);
void w2n_rt_memory_copy_at(struct w2n_vmctx *vmctx, uint32_t dst_mem, uint32_t src_mem,
                           uint64_t dst, uint64_t src, uint64_t n);
void w2n_rt_memory_init_at(struct w2n_vmctx *vmctx, uint32_t mem, uint32_t seg, uint64_t dst,
                           uint32_t src, uint32_t n);
void *w2n_rt_table_get(struct w2n_vmctx *vmctx, uint32_t table, uint32_t index);
void w2n_rt_table_set(struct w2n_vmctx *vmctx, uint32_t table, uint32_t index, void *ref);
int32_t w2n_rt_table_grow(struct w2n_vmctx *vmctx, uint32_t table, void *init, uint32_t delta);
void w2n_rt_table_fill(struct w2n_vmctx *vmctx, uint32_t table, uint32_t dst, void *ref,
                       uint32_t n);
void w2n_rt_table_copy(struct w2n_vmctx *vmctx, uint32_t dst_table, uint32_t src_table,
                       uint32_t dst, uint32_t src, uint32_t n);
void w2n_rt_table_init(struct w2n_vmctx *vmctx, uint32_t table, uint32_t seg, uint32_t dst,
                       uint32_t src, uint32_t n);
void w2n_rt_elem_drop(struct w2n_vmctx *vmctx, uint32_t seg);

/* Exceptions (runtime/exn.c, docs/lowering-semantics.md "Exceptions"). A try_table saves its
 * context with the runtime's w2n_ctx_save(&h->ctx) (runtime/arch: returns twice, 0 and then 1
 * when a throw lands there), then links h; leaving it by any path but a throw unlinks h (its
 * prev becomes the innermost handler again). */
void w2n_rt_exn_push(struct w2n_exn_handler *h);
void w2n_rt_exn_pop(struct w2n_exn_handler *h);
/* A new exception of tag index `tag` with room for its nvals values, which the caller
 * stores. */
struct w2n_exn *w2n_rt_exn_new(struct w2n_vmctx *vmctx, uint32_t tag, uint32_t nvals);
/* Throws to the innermost handler; without one (at a host boundary) traps "uncaught
 * exception". throw_ref of null traps "null exception reference". */
_Noreturn void w2n_rt_throw(struct w2n_vmctx *vmctx, struct w2n_exn *exn, uint32_t func_index);

/* Fast paths of libc routines that the compiler recognized in the module by their code
 * (runtime/libc_fast.c, docs/libc-routines.md). Arguments are the routine's own, as wasm
 * addresses and i32 values; the result is the routine's i32 result (zero-extended), or
 * W2N_LIBC_FALLBACK when the fast path cannot give exactly what the module's own code would:
 * then that code runs. */
#define W2N_LIBC_FALLBACK (1ull << 32)
uint64_t w2n_rt_libc_memcpy(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s, uint32_t n);
uint64_t w2n_rt_libc_memmove(struct w2n_vmctx *vmctx, uint32_t d, uint32_t s, uint32_t n);
uint64_t w2n_rt_libc_memset(struct w2n_vmctx *vmctx, uint32_t d, uint32_t c, uint32_t n);
uint64_t w2n_rt_libc_memchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c, uint32_t n);
uint64_t w2n_rt_libc_memcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b, uint32_t n);
uint64_t w2n_rt_libc_strlen(struct w2n_vmctx *vmctx, uint32_t s);
uint64_t w2n_rt_libc_strchrnul(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c);
uint64_t w2n_rt_libc_strchr(struct w2n_vmctx *vmctx, uint32_t s, uint32_t c);
uint64_t w2n_rt_libc_strcmp(struct w2n_vmctx *vmctx, uint32_t a, uint32_t b);
/* sp: the value of the module's stack-pointer global (what musl's code keeps its tables below). */
uint64_t w2n_rt_libc_strstr(struct w2n_vmctx *vmctx, uint32_t h, uint32_t n, uint32_t sp);
/* memchr(s, 0, n) as binaryen specializes it when every caller passes c = 0. */
uint64_t w2n_rt_libc_memchr_nul(struct w2n_vmctx *vmctx, uint32_t s, uint32_t n);

#endif
