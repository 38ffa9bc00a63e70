/* runtime.h — the runtime's host API: instantiate module descriptors, call exports, catch traps.
 * Used by standalone executables (runtime/main.c), the spec harness and embedding hosts.
 * Freestanding: no libc types. */
#ifndef WASM2NATIVE_RUNTIME_H
#define WASM2NATIVE_RUNTIME_H

#include <stdbool.h>

#include "descriptor.h"
#include "limits.h"

struct w2n_instance;
struct w2n_host_func;

/* Not a wasm kind (wasm.h's kinds stop below W2N_EXT_COUNT): an extern of this kind is a host
 * function definition (host.h), which the runtime turns into a function of the importing
 * instance. */
#define W2N_EXT_HOST_FUNC W2N_EXT_COUNT

/* What an import resolves to, and what an export yields. */
struct w2n_extern {
	uint32_t kind; /* enum w2n_extern_kind, or W2N_EXT_HOST_FUNC */
	union {
		struct w2n_funcref *func;
		struct w2n_table *table;
		struct w2n_memory *memory;
		struct {
			void *cell;    /* 16-byte cell */
			uint32_t type; /* enum w2n_valtype */
			uint32_t mutable_;
		} global;
		struct w2n_tag *tag;              /* W2N_EXT_TAG: its identity (abi.h) */
		const struct w2n_host_func *host; /* W2N_EXT_HOST_FUNC */
	} u;
	/* The instance that exports it (w2n_instance_export sets it), or NULL for objects the host
	 * made. An importer keeps its exporters alive (host.h, "Freeing"). */
	struct w2n_instance *owner;
};

enum w2n_error_kind {
	W2N_ERR_NONE,
	W2N_ERR_LINK,     /* unknown import, incompatible import type */
	W2N_ERR_TRAP,     /* a trap (during start, segment initialization, or a call) */
	W2N_ERR_RESOURCE, /* out of memory, address space reservation failed */
	W2N_ERR_EXIT,     /* not a failure: the guest ended the run (WASI proc_exit); see exit_code */
	W2N_ERR_CALL,     /* the host's call does not fit: no such export, not a function, wrong
	                     number or types of arguments or results (host.h) */
};

struct w2n_error {
	enum w2n_error_kind kind;
	uint32_t trap;      /* enum w2n_trap when kind == W2N_ERR_TRAP */
	uint32_t exit_code; /* the guest's exit status when kind == W2N_ERR_EXIT */
	char message[256];  /* spec wording first, then details */
};

/* Resolves one import; returns false if the host has nothing by that name. */
typedef bool (*w2n_resolve_fn)(void *ctx, const char *module, const char *field,
                               struct w2n_extern *out);

/* Instantiates `desc`: resolves and type-checks imports, creates memories/tables/globals,
 * initializes segments and runs the start function. Returns NULL and fills *err on failure. */
struct w2n_instance *w2n_instantiate(const struct w2n_module_desc *desc, w2n_resolve_fn resolve,
                                     void *ctx, struct w2n_error *err);

/* ---- limits (runtime/limits.c; docs/limits.md) ------------------------------------------- */

/* w2n_instantiate under `limits` (NULL: none). Fails with W2N_ERR_RESOURCE when a defined
 * memory's or table's minimum exceeds its cap, or when a timeout or fuel is asked of code
 * compiled without the matching checks. The start function runs under the limits. */
struct w2n_instance *w2n_instantiate_limited(const struct w2n_module_desc *desc,
                                             w2n_resolve_fn resolve, void *ctx,
                                             const struct w2n_instance_limits *limits,
                                             struct w2n_error *err);

/* Stops the instance's code at its next check with the trap W2N_TRAP_INTERRUPTED_HOST: the
 * code running now, or else the next call into the instance. Safe from any thread and from
 * signal handlers. False if the code was compiled without interruption checks. */
bool w2n_instance_interrupt(struct w2n_instance *inst);

/* Sets the timeout of calls into the instance (0: none) and, during a call, restarts that
 * call's deadline from now: a host function the guest calls can extend its caller's time. False
 * if the code was compiled without interruption checks (and timeout_ns is not 0). */
bool w2n_instance_set_timeout(struct w2n_instance *inst, uint64_t timeout_ns);

/* The fuel left (UINT64_MAX: the instance has no fuel limit, or no metering; 0 when the guest
 * overran it by the blocks between two fuel checks). After a trap from a runtime builtin or a
 * guard page it is the fuel left at the trapping function's last call. */
uint64_t w2n_instance_fuel(struct w2n_instance *inst);

/* Sets the fuel left (UINT64_MAX: no limit), or adds n to it (saturating). False if the code
 * has no fuel metering. */
bool w2n_instance_set_fuel(struct w2n_instance *inst, uint64_t fuel);
bool w2n_instance_add_fuel(struct w2n_instance *inst, uint64_t n);

/* Looks up an export by name. */
bool w2n_instance_export(struct w2n_instance *inst, const char *name, struct w2n_extern *out);
/* The same for a name of `len` bytes, which may contain NUL bytes (wasm names are any UTF-8). */
bool w2n_instance_export_n(struct w2n_instance *inst, const char *name, size_t len,
                           struct w2n_extern *out);

/* Calls a function through its array-call entry with traps caught: returns false and fills
 * *err if the call trapped, or if the guest ended the run (W2N_ERR_EXIT, from
 * w2n_unwind_exit: WASI proc_exit). */
bool w2n_call(struct w2n_funcref *f, union w2n_val *vals, struct w2n_error *err);

/* Ends the guest run: unwinds to the innermost w2n_call like a trap, which returns false with
 * err->kind == W2N_ERR_EXIT and err->exit_code == code. Host functions call it (WASI
 * proc_exit). With no w2n_call active, exits the process with `code`. */
_Noreturn void w2n_unwind_exit(uint32_t code);

/* The signature of a function reference, for hosts that check before calling (in canonical
 * form: its `types` are what a call passes). */
const struct w2n_desc_type *w2n_funcref_type(const struct w2n_funcref *f);

/* Canonical id of a signature (the same for equal signatures across modules). Its `refs`, if
 * any, are in canonical form (descriptor.h, struct w2n_desc_type); a host's own signatures
 * have none. 0 when out of memory. */
uint32_t w2n_type_id(const struct w2n_desc_type *type);

#endif
