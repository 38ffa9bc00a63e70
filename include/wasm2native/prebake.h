/* prebake.h — pre-baking (`wasm2native --prebake`, docs/prebake.md): run a module's
 * initialization at build time on this machine, and bake the resulting wasm state into the
 * output for any target, or write it back as a plain .wasm module.
 *
 *     struct w2n_snapshot *s = w2n_prebake(m, &co, host_obj, &po, dg);   run the init export
 *     w2n_emit_snapshot(m, s, &co, "snapshot.o", dg);                    the state as an object
 *     w2n_write_wasm(m, s, po.init_func, "app.init.wasm", dg);           or as a module
 *     w2n_snapshot_free(s);
 */
#ifndef WASM2NATIVE_PREBAKE_H
#define WASM2NATIVE_PREBAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"

struct w2n_diag;

/* The export run when none is named: Wizer's convention, so modules prepared for Wizer work
 * unchanged. */
#define W2N_DEFAULT_INIT_FUNC "wizer.initialize"

/* ---- snapshot.c: the state after initialization (the file format is snapshot.h) ----------- */

/* A run of consecutive non-zero pages of a memory. */
struct w2n_snap_run {
	uint64_t first, pages; /* in 64 KiB pages */
	const uint8_t *bytes;  /* pages * 64 KiB bytes, inside w2n_snapshot.file */
};

struct w2n_snap_memory {
	uint64_t pages; /* the memory's size */
	uint32_t nruns; /* all other pages are zero */
	struct w2n_snap_run *runs;
};

struct w2n_snap_table {
	uint32_t size;
	uint32_t *elems; /* function index per entry, or W2N_SNAPSHOT_NULL */
};

/* Counts are of DEFINED memories, tables and globals (imports are not part of the state), and
 * of all element and data segments. */
struct w2n_snapshot {
	uint8_t *file; /* the snapshot file as read; runs point into it */
	size_t size;
	uint32_t nmems, ntables, nglobals, nelems, ndatas;
	struct w2n_snap_memory *mems;
	struct w2n_snap_table *tables;
	uint8_t (*globals)[16]; /* union w2n_val bytes; references: i64 function index, -1 null */
	const uint8_t *elem_dropped, *data_dropped; /* 1 per dropped segment */
	int64_t init_func; /* function index of the init export (w2n_prebake), or -1 */
};

/* Parses a snapshot file read whole (taking ownership of `file`) and checks it against the
 * module: counts, sizes within limits, function indices in range. NULL after reporting. */
struct w2n_snapshot *w2n_snapshot_parse(const struct w2n_module *m, uint8_t *file, size_t size,
                                        struct w2n_diag *dg);
void w2n_snapshot_free(struct w2n_snapshot *s);

/* ---- prebake.c: running the initialization ------------------------------------------------ */

struct w2n_prebake_options {
	const char *init_func;     /* export to run; NULL: W2N_DEFAULT_INIT_FUNC */
	const char *const *grants; /* for the initialization only: "--dir=...", "--env=..." */
	size_t ngrants;
	const char *guest_name; /* argv[0] the initialization sees */
	uint32_t timeout_ms;    /* wall-clock time the initialization may take before it is
	                           killed and the build refused; 0: no limit */
};

/* The default of --prebake-timeout: a build must not hang on an initialization that never
 * returns, and ten minutes is far beyond any initialization we have seen (docs/prebake.md). */
#define W2N_PREBAKE_DEFAULT_TIMEOUT_MS 600000u

/* Checks that the module can be pre-baked at all (the init export exists and takes and returns
 * nothing; no state is computed from an imported global). Reports and returns false if not. */
bool w2n_prebake_check(const struct w2n_module *m, const struct w2n_prebake_options *po,
                       struct w2n_diag *dg);

/* Links `host_obj` (the module compiled for this machine with co->prebake set, descriptor
 * <co->prefix>_module) with the runtime's snapshot driver, runs its initialization in a child
 * process with only po's grants, and returns the snapshot, or NULL after reporting why not
 * (a refusal is positioned in the .wasm file). Temporary files are removed either way. */
struct w2n_snapshot *w2n_prebake(const struct w2n_module *m, const struct w2n_compile_options *co,
                                 const char *host_obj, const struct w2n_prebake_options *po,
                                 struct w2n_diag *dg);

/* ---- snapshot_emit.c: the state as the final target's object ---------------------------- */

/* Emits an object for co->triple defining <co->prefix>_snapshot (descriptor.h), which the
 * module's descriptor, compiled with co->prebake, points to. Memory contents go to the
 * page-aligned section W2N_IMAGE_SECTION. */
bool w2n_emit_snapshot(const struct w2n_module *m, const struct w2n_snapshot *s,
                       const struct w2n_compile_options *co, const char *out_path,
                       struct w2n_diag *dg);

/* Emits an object for co->triple defining the bytes of every active data segment, which the
 * descriptor of a module compiled with co->prebake refers to weakly: linked into the snapshot
 * driver (which instantiates the plain way), never into the baked output, whose snapshot
 * already holds what the segments wrote. */
bool w2n_emit_active_data(const struct w2n_module *m, const struct w2n_compile_options *co,
                          const char *out_path, struct w2n_diag *dg);

/* ---- emit_wasm.c: the state as a module ---------------------------------------------------- */

/* Writes the pre-initialized module (Wizer's output form): memories and tables at their
 * snapshot sizes, contents as active data and element segments, globals as constants,
 * dropped segments emptied, no start function, no `init_func` export. */
bool w2n_write_wasm(const struct w2n_module *m, const struct w2n_snapshot *s, const char *init_func,
                    const char *out_path, struct w2n_diag *dg);

#endif
