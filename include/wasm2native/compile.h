/* compile.h — code generation: lowering to LLVM IR, optimization, object emission, linking. */
#ifndef WASM2NATIVE_COMPILE_H
#define WASM2NATIVE_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "module.h"

struct w2n_diag;

struct w2n_compile_options {
	const char *triple;   /* LLVM target triple; NULL: x86_64-unknown-linux-gnu */
	const char *cpu;      /* NULL: the target's portable default; "native": this host's */
	int opt_level;        /* 0..3, as -O0..-O3 */
	bool bounds_checks;   /* explicit bounds checks instead of guard pages */
	const char *prefix;   /* descriptor symbol is <prefix>_module; NULL: "w2n" */
	bool verify;          /* run LLVMVerifyModule before optimizing (tests always do) */
	const char *dump_ir;  /* if set, write the optimized IR to this path (single part only) */
	int threads;          /* code generation threads: 0 = one per CPU for large modules,
	                         1 = one LLVM module on the calling thread */
};

/* Lowers, optimizes and emits a validated module as an object file. */
bool w2n_compile_object(const struct w2n_module *m, const struct w2n_compile_options *opt,
                        const char *out_path, struct w2n_diag *dg);

/* Emits an object defining `const struct w2n_module_desc *const <symbol>[n]` listing the
 * descriptors `<prefix[i]>_module` (the spec harness finds its modules through it). */
bool w2n_emit_module_list(const char *const *prefixes, size_t n, const char *symbol,
                          const struct w2n_compile_options *opt, const char *out_path,
                          struct w2n_diag *dg);

struct w2n_link_options {
	const char *triple;       /* as in w2n_compile_options */
	const char *runtime_dir;  /* folder holding libw2n_rt.a for the target; NULL: default */
	const char *linker;       /* NULL: the ld.lld found at build time */
	bool strip;               /* strip symbols */
};

/* Links objects (and extra archives) with the runtime into a static executable. */
bool w2n_link(const char *const *inputs, size_t n, const char *out_path,
              const struct w2n_link_options *opt, struct w2n_diag *dg);

/* Merges objects into one relocatable object (ld.lld -r): the parts of a large module. */
bool w2n_link_relocatable(const char *const *inputs, size_t n, const char *out_path,
                          struct w2n_diag *dg);

/* The folder of the runtime archive for a triple (next to the compiler, or the build tree). */
const char *w2n_runtime_dir(const char *triple);

#endif
