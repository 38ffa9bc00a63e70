/* host.h — the embedding API: everything a host program includes to run compiled modules as
 * plugins (docs/embedding.md is the tour, with a complete host).
 *
 * A module compiled with `wasm2native plugin.wasm -c -o plugin.o` exports one descriptor,
 * `const struct w2n_module_desc w2n_module` (`--prefix NAME`: NAME_module). A host links
 * plugin.o with the runtime (`pkg-config --cflags --libs wasm2native-runtime`) and:
 *
 *     struct w2n_host_func funcs[] = {{"env", "log", params, 2, NULL, 0, host_log, &state}};
 *     struct w2n_options opt = {.funcs = funcs, .nfuncs = 1};
 *     struct w2n_instance *inst = w2n_instance_new(&w2n_module, &opt, &err);   imports: only these
 *     w2n_call_export(inst, "run", args, 1, results, 1, &err);                 typed, checked
 *     w2n_memory_read(w2n_instance_memory(inst, "memory"), ptr, buf, len);     bounds-checked
 *     w2n_instance_reset(inst, &err);                                          pooling
 *     w2n_instance_free(inst);
 *
 * Errors are values: every call that can fail returns false or NULL and fills a struct
 * w2n_error (runtime.h) whose kind tells a link error, a trap (with its id: enum w2n_trap, and
 * W2N_TRAP_HOST for a host function's own trap), a resource failure, a guest exit, or a call
 * that does not fit the export's signature. Nothing here aborts or exits the process.
 *
 * Threads (docs/embedding.md "Threads"): any number of threads may create, call, reset and
 * free instances at once. One instance is used by one thread at a time (it may move between
 * threads); instances linked to each other count as one. Traps, the stack limit and signal
 * handling are per thread: a trap in one thread leaves the others running.
 *
 * Freeing (docs/embedding.md "Freeing"): w2n_instance_free returns every mapping, table and
 * allocation of the instance once no other live instance imports anything from it (imports
 * hold references). References that travel at run time (a funcref passed to another instance
 * or stored in its table) are not counted: those instances must be freed together.
 */
#ifndef WASM2NATIVE_HOST_H
#define WASM2NATIVE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime.h"
#include "wasi.h"

/* ---- values --------------------------------------------------------------------------- */

/* A wasm value with its type: W2N_I32, W2N_I64, W2N_F32, W2N_F64, W2N_V128, W2N_FUNCREF or
 * W2N_EXTERNREF (the value type bytes, runtime.h). */
struct w2n_value {
	uint32_t type;
	union w2n_val of;
};

static inline struct w2n_value w2n_value_i32(int32_t x)
{
	return (struct w2n_value){.type = W2N_I32, .of.i32 = x};
}
static inline struct w2n_value w2n_value_i64(int64_t x)
{
	return (struct w2n_value){.type = W2N_I64, .of.i64 = x};
}
static inline struct w2n_value w2n_value_f32(float x)
{
	return (struct w2n_value){.type = W2N_F32, .of.f32 = x};
}
static inline struct w2n_value w2n_value_f64(double x)
{
	return (struct w2n_value){.type = W2N_F64, .of.f64 = x};
}

/* A value type's name: w2n_valtype_name (wasm.h). */

/* ---- host functions ------------------------------------------------------------------- */

/* A host function's callback. `args` holds the parameters (one slot per parameter, in the
 * types the definition declares); the callback writes its results into `results`. `caller`
 * is the instance that imported the function (its memory: w2n_instance_memory(caller, ...)).
 *
 * Returns NULL to return to the guest, or a message to trap it with: the guest's call then
 * fails with err->kind == W2N_ERR_TRAP, err->trap == W2N_TRAP_HOST and err->message
 * "host function trapped: MESSAGE (in function MODULE.NAME)". The message is copied at once,
 * so it may live in a buffer of the callback's. A callback may call back into the guest
 * (w2n_call_export on `caller`); it must not free or reset `caller`. */
typedef const char *(*w2n_host_fn)(void *ctx, struct w2n_instance *caller,
                                   const union w2n_val *args, union w2n_val *results);

/* A function the host offers under MODULE.NAME, with its wasm signature. An import of that
 * name must have exactly this signature ("incompatible import type" otherwise). The strings
 * and arrays are read during instantiation only. */
struct w2n_host_func {
	const char *module, *name;
	const uint8_t *params; /* value types */
	uint32_t nparams;
	const uint8_t *results;
	uint32_t nresults;
	w2n_host_fn fn;
	void *ctx; /* passed to fn unchanged */
};

/* Another instance's export, or a host-made object, offered under MODULE.NAME (`ext` from
 * w2n_instance_export, kind W2N_EXT_FUNC/TABLE/MEMORY/GLOBAL). Importing it keeps the
 * exporting instance alive until the importer is freed. */
struct w2n_host_extern {
	const char *module, *name;
	struct w2n_extern ext;
};

/* ---- instances ------------------------------------------------------------------------ */

/* What an instance is given. Imports are resolved by module and name against `funcs`, then
 * `externs`, then `resolve` (e.g. w2n_wasi_resolve with a struct w2n_wasi *, wasi.h) if set;
 * an import none of them has fails instantiation with W2N_ERR_LINK and the message
 * "unknown import (function env.name)": a plugin gets exactly what its host offers. */
struct w2n_options {
	const struct w2n_host_func *funcs;
	size_t nfuncs;
	const struct w2n_host_extern *externs;
	size_t nexterns;
	w2n_resolve_fn resolve; /* optional fallback */
	void *resolve_ctx;
	const struct w2n_instance_limits *limits; /* memory/table/stack caps, deadline, fuel
	                                             (limits.h, docs/limits.md); NULL: none */
};

/* Instantiates `desc` with the imports `opt` offers (opt may be NULL: no imports). Returns
 * NULL and fills *err on failure: W2N_ERR_LINK (unknown import, incompatible import type),
 * W2N_ERR_TRAP (segment out of bounds, a trap in the start function), W2N_ERR_RESOURCE. A
 * failed instantiation releases everything, except in one case the spec forces: an instance
 * whose element segments were written into an imported table before it failed stays
 * allocated, because that table may now call its functions. */
struct w2n_instance *w2n_instance_new(const struct w2n_module_desc *desc,
                                      const struct w2n_options *opt, struct w2n_error *err);

/* Frees an instance: its memories are unmapped, its tables, globals and bookkeeping freed.
 * If other live instances import from it, that happens when the last of them is freed; the
 * host must not use `inst` after this call either way. NULL is ignored. */
void w2n_instance_free(struct w2n_instance *inst);

/* Puts an instance back into the state w2n_instance_new left it in, for reuse from a pool:
 * its memories return to their initial size and contents (zeroed in place, then the data
 * segments written again), its globals and tables are initialized again, dropped segments
 * come back and the start function runs again. A pre-baked module (--prebake) returns to its
 * snapshot instead: memory images, baked globals and tables, no segment or start function. Imported
 * memories, tables and globals are not reset (they belong to their exporter), but active
 * segments are written into them again, as instantiation does. False + err on failure (a
 * trap in the start function, a segment out of bounds); the instance should then be freed. */
bool w2n_instance_reset(struct w2n_instance *inst, struct w2n_error *err);

/* ---- calls ----------------------------------------------------------------------------- */

/* Calls the exported function `name` with `nargs` typed arguments and receives `nresults`
 * typed results. The counts and argument types must match the export's signature exactly;
 * otherwise nothing is called and the error is W2N_ERR_CALL ("export run takes (i32) and
 * returns (i32); the call passes (i64)"); so is a missing export or one that is not a
 * function. A trap comes back as W2N_ERR_TRAP, a WASI exit as W2N_ERR_EXIT. */
bool w2n_call_export(struct w2n_instance *inst, const char *name, const struct w2n_value *args,
                     size_t nargs, struct w2n_value *results, size_t nresults,
                     struct w2n_error *err);

/* The same in two steps, for hosts that call an export many times: look it up once (NULL and
 * W2N_ERR_CALL if there is no such function), then w2n_invoke. */
struct w2n_funcref *w2n_export_func(struct w2n_instance *inst, const char *name,
                                    struct w2n_error *err);
bool w2n_invoke(struct w2n_funcref *f, const struct w2n_value *args, size_t nargs,
                struct w2n_value *results, size_t nresults, struct w2n_error *err);

/* ---- memories and globals ------------------------------------------------------------- */

/* The exported memory `name`, or with name == NULL the instance's memory 0 (exported or not:
 * the host is trusted). NULL if there is none. */
struct w2n_memory *w2n_instance_memory(struct w2n_instance *inst, const char *name);
/* Its current size in bytes. */
uint64_t w2n_memory_size(const struct w2n_memory *mem);
/* Copies n bytes out of / into guest memory at `offset`; false (and nothing copied) unless
 * the whole range [offset, offset + n) is inside the memory. */
bool w2n_memory_read(const struct w2n_memory *mem, uint64_t offset, void *dst, size_t n);
bool w2n_memory_write(struct w2n_memory *mem, uint64_t offset, const void *src, size_t n);
/* A pointer to [offset, offset + n) of guest memory, or NULL unless the range is inside it.
 * Valid until the guest runs again: memory.grow may move memories of modules compiled with
 * --bounds-checks. */
void *w2n_memory_span(struct w2n_memory *mem, uint64_t offset, uint64_t n);
/* A shared memory (threads) of `min_pages`, growable to `max_pages`, for instances whose
 * import of it is shared with compatible limits (the host provides it as a W2N_EXT_MEMORY
 * extern). Its base never moves. NULL and `err` on failure. The host frees it with
 * w2n_shared_memory_free once no instance that imports it runs any more. */
struct w2n_memory *w2n_shared_memory_new(uint64_t min_pages, uint64_t max_pages,
                                         struct w2n_error *err);
void w2n_shared_memory_free(struct w2n_memory *mem);

/* Reads / writes the exported global `name`. False unless it exists (and, for set, is
 * mutable and `value` has its type). */
bool w2n_global_get(struct w2n_instance *inst, const char *name, struct w2n_value *value);
bool w2n_global_set(struct w2n_instance *inst, const char *name, const struct w2n_value *value);

/* ---- threads --------------------------------------------------------------------------- */

/* Declares the calling thread's stack [low, low + size), so that guest code may use all of it
 * but 256 KiB (left for host functions); without it, a thread other than the main one lets
 * guest code use 512 KiB below where it first called in. Call before the thread's first call
 * into wasm (e.g. with pthread_attr_getstack's answer). */
void w2n_thread_stack(const void *low, size_t size);

/* Releases what the runtime set up for the calling thread (its alternate signal stack, 64
 * KiB). A thread that ran wasm calls it before it exits; the next call into wasm on the thread
 * sets things up again. */
void w2n_thread_end(void);

#endif
