/* compile.h — code generation: lowering to LLVM IR, optimization, object emission, linking. */
#ifndef WASM2NATIVE_COMPILE_H
#define WASM2NATIVE_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.h"

struct w2n_diag;
struct w2n_monitor;

/* ---- target.c: targets, CPUs, and the CPU features generated code needs ------------------ */

enum w2n_arch { W2N_ARCH_X86_64, W2N_ARCH_AARCH64 };

/* A supported target (DESIGN.md §6, docs/targets.md). */
struct w2n_target {
	enum w2n_arch arch;
	const char *name;        /* canonical name, also the runtime archive's folder: x86_64-linux */
	const char *triple;      /* the LLVM target triple */
	const char *default_cpu; /* the portable baseline (LLVM CPU name) */
};

/* The target a name designates: a canonical name, an alias (amd64, arm64, x86_64-linux-gnu,
 * aarch64-unknown-linux-gnu, ...; case does not matter). NULL designates the default target,
 * the architecture the compiler itself runs on. Returns NULL for anything else. */
const struct w2n_target *w2n_target_find(const char *name);
/* For messages: every target with its aliases, "x86_64-linux (x86_64, amd64, ...), ...". */
const char *w2n_target_names(void);

/* The CPU code is generated for, resolved from --cpu. */
struct w2n_cpu {
	char *name;        /* LLVM CPU name (this machine's for "native") */
	char *features;    /* LLVM feature string: "" for a named CPU, this machine's for native */
	uint64_t required; /* the features of include/wasm2native/cpu.def that name + features
	                      enable: the executable refuses to start on a CPU without them */
};

/* Resolves a --cpu value for target t: NULL is the target's portable default; "native" is this
 * machine's CPU (only if t is this machine's architecture); any other name must be a CPU LLVM
 * knows for t. Reports and returns false otherwise. Free with w2n_cpu_dispose. */
bool w2n_cpu_resolve(const struct w2n_target *t, const char *cpu, struct w2n_cpu *out,
                     struct w2n_diag *dg);
void w2n_cpu_dispose(struct w2n_cpu *cpu);
/* The CPU names LLVM knows for t, comma-separated (malloc'd; NULL if out of memory). */
char *w2n_target_cpus(const struct w2n_target *t);

/* ---- compile.c ------------------------------------------------------------------------------ */

struct w2n_compile_options {
	const char *triple;  /* target: any name w2n_target_find accepts; NULL: the default */
	const char *cpu;     /* --cpu: NULL for the target's portable default, "native", a name */
	int opt_level;       /* 0..3, as -O0..-O3 */
	bool bounds_checks;  /* explicit bounds checks instead of guard pages */
	bool no_fast_libc;   /* no runtime fast paths for libc routines recognized by their code
	                        (lower_libc.c, docs/libc-routines.md) */
	bool interruptible;  /* check vmctx->interrupt at function entries and loop headers
	                        (deadlines, w2n_instance_interrupt; docs/limits.md) */
	bool fuel;           /* meter fuel per basic block (w2n_instance_limits.fuel) */
	const char *prefix;  /* descriptor symbol is <prefix>_module; NULL: "w2n" */
	bool verify;         /* run LLVMVerifyModule before optimizing (tests always do) */
	const char *dump_ir; /* if set, write the optimized IR to this path (single part only) */
	int threads;         /* code generation threads: 0 = one per CPU; 2 or more also split
	                        a small module (parts.h) */
	bool prebake;        /* the descriptor points to <prefix>_snapshot, the baked state
	                         (prebake.h); without it, the module initializes itself */
	struct w2n_monitor *monitor; /* phase times and progress (monitor.h); NULL: none */
	const char *cache_dir;       /* folder of the cache of compiled parts (docs/cache.md); NULL:
	                          no cache. Only modules compiled as several parts use it */
};

/* The default cache folder: $XDG_CACHE_HOME/wasm2native, else $HOME/.cache/wasm2native; NULL if
 * neither variable is set. malloc'd. */
char *w2n_default_cache_dir(void);

/* The default cap of w2n_cache_trim: 2 GiB, room for about 25 option sets of a module with
 * 32 MB of code (docs/cache.md). */
#define W2N_CACHE_DEFAULT_MAX ((uint64_t)2 << 30)

/* If this process stored entries in the cache folder `dir` since the last call, removes the
 * least recently used entries while the folder holds more than max_bytes of them (down to 90 %
 * of it), and temporary files of compiles that died an hour ago or more. Best effort, like the
 * cache itself: errors are silent. max_bytes 0: no cap. */
void w2n_cache_trim(const char *dir, uint64_t max_bytes);

/* Lowers, optimizes and emits a validated module as an object file (parts.c). */
bool w2n_compile_object(const struct w2n_module *m, const struct w2n_compile_options *opt,
                        const char *out_path, struct w2n_diag *dg);

/* Emits an object defining `const struct w2n_module_desc *const <symbol>[n]` listing the
 * descriptors `<prefix[i]>_module` (the spec harness finds its modules through it). */
bool w2n_emit_module_list(const char *const *prefixes, size_t n, const char *symbol,
                          const struct w2n_compile_options *opt, const char *out_path,
                          struct w2n_diag *dg);

/* ---- header.c: the C header for hosts (--header, docs/embedding.md) -------------------------- */

/* The C header of a validated module compiled with `prefix` (NULL: "w2n", as in
 * w2n_compile_options): typed wrappers for its exports, accessors for exported memories,
 * tables and globals, and struct <prefix>_imports, which a host fills with what the module
 * imports. Export names that are not C identifiers are mapped by the rule of cname.h; clashes
 * get suffixes _2, _3, ... Returns the text (malloc'd), or NULL after reporting (a prefix that
 * cannot start C identifiers, out of memory). */
char *w2n_header_text(const struct w2n_module *m, const char *prefix, struct w2n_diag *dg);
/* The same, written to `path`. */
bool w2n_write_header(const struct w2n_module *m, const char *prefix, const char *path,
                      struct w2n_diag *dg);
/* True if `prefix` can start the header's C identifiers: letters, digits and '_', starting with
 * a letter. */
bool w2n_header_prefix_ok(const char *prefix);

struct w2n_link_options {
	const char *triple;         /* target, as in w2n_compile_options */
	const char *runtime_dir;    /* folder holding libw2n_rt.a for the target; NULL: default */
	const char *linker;         /* NULL: the ld.lld found at build time */
	bool strip;                 /* strip symbols */
	const char *const *defsyms; /* NAME=OTHER symbol aliases (ld --defsym), NULL-terminated;
	                               pre-baking selects the snapshot driver's entry with one */
};

/* Links objects (and extra archives) with the runtime into a static executable. */
bool w2n_link(const char *const *inputs, size_t n, const char *out_path,
              const struct w2n_link_options *opt, struct w2n_diag *dg);

/* Merges objects into one relocatable object (ld.lld -r): the parts of a large module. */
bool w2n_link_relocatable(const char *const *inputs, size_t n, const char *out_path,
                          struct w2n_diag *dg);

/* The folder of the runtime archive for a target (any name w2n_target_find accepts; NULL: the
 * default): next to the compiler, or in the build tree. NULL for an unknown target. */
const char *w2n_runtime_dir(const char *triple);

#endif
