/* lower.h — lowering a validated module to LLVM IR through the LLVM-C API.
 *
 * Owners: lower.c (the driver: declarations, function prologues, dispatch by family),
 * lower_emit.c (what the other files emit with: types, constants, the operand stack, traps,
 * runtime calls, runtime structures), lower_control.c (blocks, branches, return, select/drop),
 * lower_call.c (calls, trampolines), lower_var.c (locals, globals), lower_numeric.c (arithmetic, comparisons),
 * lower_convert.c (conversions), lower_memory.c (loads, stores, memory.*),
 * lower_table.c (table.*, ref.*, elem.drop), lower_exn.c (throw, try_table's handlers),
 * lower_desc*.c (the module descriptor, lower_desc.h),
 * lower_limits.c (fuel metering) and lower_interrupt.cpp (interruption checks),
 * lower_simd*.c (fixed-width SIMD; their shared helpers are in lower_simd.h), lower_atomic.c
 * (threads: atomics, wait/notify, fence).
 *
 * Lowering runs only on modules that passed w2n_validate, so it asserts instead of checking.
 * Context parameters are named `mx` (module) and `fx` (function) everywhere.
 */
#ifndef W2N_LOWER_H
#define W2N_LOWER_H

#include <llvm-c/Core.h>
#include <stdbool.h>

#include "ops.h"
#include "wasm2native/abi.h"
#include "wasm2native/compile.h"
#include "wasm2native/module.h"
#include "wasm2native/wasm2native.h"

/* ---- lower.c: the module being lowered ---------------------------------------------------- */

struct mx {
	const struct w2n_module *m;
	const struct w2n_compile_options *opt;
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMBuilderRef b;
	/* Types used everywhere. v128 is <2 x i64>; SIMD code bitcasts to its lane shape. */
	LLVMTypeRef t_void, t_i1, t_i8, t_i16, t_i32, t_i64, t_f32, t_f64, t_v128, t_ptr;
	LLVMTypeRef *fn_types;     /* per type index: the native signature (vmctx first) */
	LLVMValueRef *fns;         /* per function index: defined functions' LLVM functions
	                            (NULL for imports, and until w2n_func declares them) */
	LLVMValueRef *trampolines; /* per function index: array-call trampoline or NULL */
	bool aarch64;              /* the target is AArch64 (else x86-64) */
	uint64_t cpu_features;     /* cpu.def features the chosen CPU has (bit per feature) */
	/* Large modules are lowered as several parts on several threads (compile.c). */
	uint32_t part_begin, part_end; /* defined functions whose bodies go into this part */
	bool split;                    /* several parts: functions become hidden globals so that
	                                  parts can call each other */
	bool main_part;                /* this part also holds the descriptor and trampolines */
	uint8_t *libc;                 /* per function index: the libc routine it was recognized as
	                  (enum w2n_libc_fn, libc_match.h), or NULL when fast paths are off */
};

/* ---- lower.c: the function being lowered -------------------------------------------------- */

/* A control frame: the function body, block, loop or if. */
struct frame {
	uint16_t op; /* W2N_OP_BLOCK/LOOP/IF/TRY_TABLE, or W2N_OP_END for the body */
	uint32_t nparams, nresults;
	const w2n_type *params, *results; /* value types */
	uint32_t height;                  /* operand stack height below the frame's params */
	LLVMBasicBlockRef merge;          /* continuation after `end`; its phis take the results */
	LLVMValueRef *merge_phis;         /* nresults phis in `merge` (NULL entries until needed) */
	LLVMBasicBlockRef loop_head;      /* LOOP: the branch target; its phis take the params */
	LLVMValueRef *loop_phis;          /* LOOP: nparams phis in loop_head */
	LLVMBasicBlockRef else_bb;        /* IF: the false branch, until `else` or `end` uses it */
	LLVMValueRef *if_params;          /* IF: the params, re-pushed at `else` */
	LLVMValueRef handler;             /* TRY_TABLE: its handler record (lower_exn.c) */
	bool reachable_end;               /* some path reached `merge` */
	bool dead;                        /* opened inside unreachable code: no IR for it */
};

struct fx {
	struct mx *mx;
	uint32_t func_index; /* in the module's function index space */
	const struct w2n_functype *type;
	const struct w2n_code *body;
	LLVMValueRef fn;
	LLVMValueRef vmctx;   /* first parameter */
	LLVMValueRef *locals; /* allocas, params first, made on first use by lower_var.c
	                         (mem2reg turns them into SSA) */
	uint32_t nlocals;     /* params + declared locals */
	LLVMValueRef *stack;  /* operand stack of LLVM values */
	uint32_t sp, stack_cap;
	struct frame *frames;
	uint32_t nframes, frames_cap;
	bool unreachable;      /* code after br/return/unreachable until the frame's end */
	LLVMValueRef mem_base; /* memory 0 base, loaded in the entry block; reloaded after
	                          calls and memory.grow in bounds-check mode */
	LLVMBasicBlockRef trap_bb[W2N_TRAP_COUNT]; /* one shared block per trap reason */
	LLVMBasicBlockRef entry;                   /* the entry block (allocas live here) */
	LLVMValueRef fuel;   /* fuel metering: the local copy of vmctx->fuel (an alloca), or NULL */
	uint32_t *fuel_cost; /* fuel metering: per instruction, the cost of the block it starts */
	bool has_try;        /* some try_table was entered: w2n_exn_pin_slots at the end */
};

/* ---- lower_emit.c: what the lowering files emit with ------------------------------------- */

/* Resizes the array `p` of `n` items of `size` bytes (NULL when n is 0) to `m` items, items
 * n..m-1 zeroed, and returns it. Every host allocation of lowering goes through here.
 *
 * Running out of host memory while lowering prints "wasm2native: out of memory" and aborts,
 * in release builds too: the one place where the compiler library may end the process (an
 * exception to library code reporting errors). The module is valid by then, so this is never
 * a diagnostic about the input; LLVM itself aborts when its own allocations fail, which most
 * of lowering's memory is; and a failure path through every emitter would be code no test
 * can reach. The frontend (decode, validate), which sees untrusted bytes first, reports
 * allocation failures as diagnostics instead. */
void *w2n_xrealloc(void *p, size_t n, size_t m, size_t size);

/* Operand stack. */
void w2n_push(struct fx *fx, LLVMValueRef v);
LLVMValueRef w2n_pop(struct fx *fx);
LLVMValueRef w2n_peek(struct fx *fx, uint32_t depth); /* 0 = top */

/* Types. */
LLVMTypeRef w2n_llvm_type(struct mx *mx, uint8_t valtype);
/* The native function type for a wasm signature: (ptr vmctx, params...) -> void/result/struct. */
LLVMTypeRef w2n_llvm_fn_type(struct mx *mx, const struct w2n_functype *ft);
/* A zero (or null) value of the type: locals' initial values. */
LLVMValueRef w2n_zero(struct mx *mx, uint8_t valtype);
/* Moves the builder to the top of the function's entry block, where allocas and what must
 * dominate every use go; returns the block it was in, to move back to with
 * LLVMPositionBuilderAtEnd. */
LLVMBasicBlockRef w2n_position_at_entry(struct fx *fx);

/* Traps: branch to the function's shared trap block for `trap` when `cond` is true. The trap
 * block calls w2n_rt_trap (noreturn). `cond` is an i1. */
void w2n_trap_if(struct fx *fx, LLVMValueRef cond, enum w2n_trap trap);
/* Unconditional trap at the current position; the rest of the block is unreachable. */
void w2n_trap(struct fx *fx, enum w2n_trap trap);

/* Runtime calls: declares `name` with the given type on first use, then calls it. */
LLVMValueRef w2n_call_rt(struct fx *fx, const char *name, LLVMTypeRef ret, LLVMValueRef *args,
                         unsigned nargs);
/* A runtime builtin of abi.h: w2n_rt_NAME(vmctx, imms..., operands...), the operands popped
 * from the stack (npop of them, in stack order); the result is pushed unless `ret` is void. */
void w2n_call_builtin(struct fx *fx, const char *name, LLVMTypeRef ret, const uint32_t *imms,
                      unsigned nimms, unsigned npop);
/* An LLVM intrinsic by name, overloaded on `types`. */
LLVMValueRef w2n_call_intrinsic(struct fx *fx, const char *name, LLVMTypeRef *types,
                                unsigned ntypes, LLVMValueRef *args, unsigned nargs);

/* Loads a field of a runtime structure: `*(type *)(base + offset)`, marked invariant when the
 * field never changes during the instance's life (vmctx fields). */
LLVMValueRef w2n_load_field(struct fx *fx, LLVMValueRef base, size_t offset, LLVMTypeRef type,
                            bool invariant);

/* Memory `mem`: the memory object and its base (memory 0's cached per function). */
LLVMValueRef w2n_memory_object(struct fx *fx, uint32_t mem);
LLVMValueRef w2n_memory_base(struct fx *fx, uint32_t mem);
/* Called after anything that may move memory 0 (calls, memory.grow) in bounds-check mode. */
void w2n_memory_changed(struct fx *fx);

/* Integer constants. */
LLVMValueRef w2n_i32(struct mx *mx, uint32_t v);
LLVMValueRef w2n_i64(struct mx *mx, uint64_t v);

/* ---- family entry points (one per lowering file) ----------------------------------------- */
/* Each lowers one instruction at the builder's position, popping operands and pushing results
 * on fx's operand stack. Called only when the current code is reachable, except
 * w2n_lower_control which also tracks nesting in unreachable code. */

void w2n_lower_control(struct fx *fx, const struct w2n_instr *in); /* CONTROL, PARAM */
void w2n_lower_call(struct fx *fx, const struct w2n_instr *in);    /* CALL */
void w2n_lower_var(struct fx *fx, const struct w2n_instr *in);     /* VAR */
void w2n_lower_numeric(struct fx *fx, const struct w2n_instr *in); /* CONST, EQZ, ICMP, FCMP,
                                            IUNARY, IBIN, IDIV, SHIFT, ROTATE, FUNARY, FBIN,
                                            FMINMAX */
void w2n_lower_convert(struct fx *fx, const struct w2n_instr *in); /* CONV, TRUNC, TRUNC_SAT,
                                                                       SEXT */
void w2n_lower_memory(struct fx *fx, const struct w2n_instr *in);  /* LOAD, STORE, MEMORY */
void w2n_lower_table(struct fx *fx, const struct w2n_instr *in);   /* TABLE, REF */
void w2n_lower_wide(struct fx *fx, const struct w2n_instr *in);    /* ADD128, MUL_WIDE */
void w2n_lower_simd(struct fx *fx, const struct w2n_instr *in);    /* the SIMD_* families */
void w2n_lower_atomic(struct fx *fx, const struct w2n_instr *in);  /* the ATOMIC_* families */

/* lower_numeric.c: sets the quiet bit of a float NaN, leaving other values unchanged (wasm's
 * arithmetic NaN where LLVM may fold an operator away; see docs/lowering-semantics.md). */
LLVMValueRef w2n_quiet_nan(struct fx *fx, LLVMValueRef x);

/* lower_memory.c: the host pointer for an access of `bytes` bytes at wasm address `addr` (i32,
 * or i64 for a memory64 memory) plus `offset` in memory `mem`, trapping first when the access
 * is out of bounds and no guard region catches it; and the attributes every load or store of
 * linear memory carries (alignment 1, TBAA). The one place where a memarg (memory index,
 * address type, offset) becomes a pointer: every operator with a memarg goes through it. */
LLVMValueRef w2n_memory_address(struct fx *fx, uint32_t mem, LLVMValueRef addr, uint64_t offset,
                                unsigned bytes);
/* The same from an instruction's memarg (its memory index and offset). */
LLVMValueRef w2n_memarg_address(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr,
                                unsigned bytes);
void w2n_memory_access(struct mx *mx, LLVMValueRef access);
/* lower_memory.c: whether inst is a load of linear memory (tagged by w2n_memory_access). */
bool w2n_is_memory_load(struct mx *mx, LLVMValueRef inst);
/* lower_table.c: a table64 index, size or count (i64) as the u32 the table builtins take,
 * clamped to UINT32_MAX (past any table's size); an i32 is returned as it is. */
LLVMValueRef w2n_table_index64(struct fx *fx, LLVMValueRef v);
/* lower_deadload.c: guard-page mode: makes the function's loads whose value is dead volatile,
 * so that LLVM keeps them and their out-of-bounds faults. */
void w2n_keep_dead_loads(struct fx *fx);

/* lower_control.c: function body frame setup and the final return. */
void w2n_control_begin(struct fx *fx); /* pushes the body frame */
bool w2n_control_dead(struct fx *fx);  /* true while the current code is unreachable */

/* lower_control.c: before a tail call, unlinks the handlers of the try_tables around it. */
void w2n_control_leave_tries(struct fx *fx);

/* lower_exn.c: exceptions. Entering a try_table: its handler record, saved and linked; the
 * builder continues in the body, and *catch_bb is where a throw to it lands. */
LLVMValueRef w2n_exn_enter(struct fx *fx, LLVMBasicBlockRef *catch_bb);
/* Unlinks a try_table's handler (every way out of it but a throw). */
void w2n_exn_leave(struct fx *fx, LLVMValueRef handler);
/* On the catch side: the exception, whether it has tag index `tag`, and its values. */
LLVMValueRef w2n_exn_caught(struct fx *fx, LLVMValueRef handler);
LLVMValueRef w2n_exn_is(struct fx *fx, LLVMValueRef exn, uint32_t tag);
void w2n_exn_payload(struct fx *fx, LLVMValueRef exn, uint32_t tag, LLVMValueRef *out);
/* Throws an exception (throw_ref, or on from a catch side that did not match); ends the
 * block. */
void w2n_exn_throw(struct fx *fx, LLVMValueRef exn);
/* throw: a new exception of `tag` from the operand stack. */
void w2n_lower_throw(struct fx *fx, uint32_t tag);
/* At the end of a function with a try_table: its stack slots' accesses become volatile. */
void w2n_exn_pin_slots(struct fx *fx);

/* lower_call.c: an array-call trampoline for function `index` (exports and start). */
LLVMValueRef w2n_lower_trampoline(struct mx *mx, uint32_t index);
/* lower_call.c: in a module with tail calls, the C-convention entry of defined function
 * `index`, which calls its tailcc body (the descriptor's funcs[i].code; the body is tail_code). */
LLVMValueRef w2n_lower_c_entry(struct mx *mx, uint32_t index);
/* lower_call.c: the host-call adapter for signature `type`, the native entry of imported
 * functions that a host defines (the descriptor's funcs[i].code for imports). */
LLVMValueRef w2n_lower_host_adapter(struct mx *mx, uint32_t type);

/* lower_libc.c: in a function recognized as a libc routine (mx->libc), the entry's call of
 * the runtime's fast path, which returns from the function unless the fast path declines; the
 * module's own body follows. Called in the entry block after the prologue. */
void w2n_libc_fast_path(struct fx *fx);

/* lower_limits.c: what --fuel-metering and --interruptible add to a function. Begin runs in
 * the entry block; charge before instruction i (a no-op unless a basic block starts there);
 * spill before calls, returns and traps, reload after calls. All do nothing without metering. */
void w2n_limits_begin(struct fx *fx);
/* Marks an LLVM function holding the code of wasm function func_index (itself, or its
 * trampoline) for interruption checks. */
void w2n_limits_mark(struct mx *mx, LLVMValueRef fn, uint32_t func_index);
void w2n_limits_end(struct fx *fx);
void w2n_fuel_charge(struct fx *fx, uint32_t i);
void w2n_fuel_after_call(struct fx *fx);
/* lower_emit.c, for lower_limits.c, calls and traps: fx->fuel to vmctx->fuel and back. */
void w2n_fuel_spill(struct fx *fx);
void w2n_fuel_reload(struct fx *fx);

/* The string attribute that marks a wasm function for interruption checks; its value is the
 * function's index. lower_interrupt.cpp then inserts the checks into the optimized module. */
#define W2N_INTERRUPT_ATTR "wasm2native-func"
void w2n_insert_interrupt_checks(LLVMModuleRef mod);

/* lower_nowrap.cpp: marks nuw the i32 address adds an earlier access proves cannot wrap (the
 * module's locals already in SSA form). */
void w2n_mark_nowrap_adds(LLVMModuleRef mod);

/* lower_desc.c: emits `<prefix>_module`, the module descriptor. */
void w2n_lower_descriptor(struct mx *mx);

/* lower_emit.c: the LLVM function of wasm function `index`, declared on first use; NULL for an
 * import. */
LLVMValueRef w2n_func(struct mx *mx, uint32_t index);

/* LLVM's `tailcc` (CallingConv::Tail), for which LLVM-C has no enumerator. Under it a
 * `musttail` call may go to a function of another prototype (the callee pops its arguments). */
#define W2N_TAILCC 18u
/* The calling convention of the module's defined functions (w2n_func): tailcc in a module that
 * uses return_call*, else C, so that 2.0 modules compile exactly as before. */
unsigned w2n_body_cc(const struct mx *mx);

/* lower.c: lowers the part's functions (and, in the main part, the descriptor) into mx->mod.
 * The module is valid, so this cannot fail (host memory aside: w2n_xrealloc). */
void w2n_lower_module(struct mx *mx);

#endif
