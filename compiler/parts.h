/* parts.h — a module compiled as parts (DESIGN.md §8 "Scale", docs/architecture.md).
 *
 * A small module is one part. A large one is split into groups of consecutive functions of
 * some tens of thousands of instructions each, plus a main part holding the descriptor;
 * threads take parts one at a time, so at most one LLVM module per thread is alive and memory
 * stays bounded whatever the module's size. Group boundaries depend on the functions' bytes
 * (content-defined), so that an edit to one function moves no boundary far from it and the
 * cache (cache.h) still holds every other group. Owners: parts.c (planning, threads, cache,
 * joining), compile.c (one part).
 */
#ifndef W2N_PARTS_H
#define W2N_PARTS_H

#include <llvm-c/TargetMachine.h>
#include <stdbool.h>
#include <stdint.h>

#include "cache.h"
#include "wasm2native/compile.h"

struct w2n_diag;

struct w2n_part {
	uint32_t begin, end;      /* defined functions whose bodies it holds */
	bool main;                /* also the descriptor, trampolines and host adapters */
	bool split;               /* one of several parts: functions are hidden globals, not internal */
	uint64_t instrs;          /* instructions of its bodies: the largest parts start first */
	uint8_t key[W2N_KEY_LEN]; /* its cache key (cache.h), when the cache is on */
	const char *path;         /* its object file */
	bool ok;
};

/* compile.c: a target machine for the target and CPU the options name, for the parts of a
 * split module or for a single part; in *required (if not NULL) the CPU features the generated
 * code will need (target.c). NULL after reporting. */
LLVMTargetMachineRef w2n_target_machine(const struct w2n_compile_options *opt, bool split,
                                        uint64_t *required, struct w2n_diag *dg);
/* parts.c: the parts of module m, the main part first, for `threads` threads (malloc'd, *n of
 * them; NULL if out of memory). One part for a small module and for --emit-llvm (one module's
 * IR); else the main part (no function bodies) and content-defined groups. */
struct w2n_part *w2n_plan_parts(const struct w2n_module *m, const struct w2n_compile_options *opt,
                                unsigned threads, unsigned *n);

/* compile.c: the new pass manager's pipeline for a part: default<ON> for a module of one part,
 * a function pipeline for the parts of a split module at -O2 and -O3, the fast one at -O1.
 * `buf` (size bytes) may hold the text. */
const char *w2n_pipeline(int opt_level, bool split, char *buf, size_t size);

/* compile.c: lowers, optimizes and emits part p into p->path. */
bool w2n_compile_part(const struct w2n_module *m, const struct w2n_compile_options *opt,
                      LLVMTargetMachineRef tm, uint64_t required, const struct w2n_part *p,
                      struct w2n_diag *dg);

#endif
