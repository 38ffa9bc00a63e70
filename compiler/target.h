/* target.h — the compiler-internal side of target.c and llvm_cpu.cpp (the public side is in
 * include/wasm2native/compile.h). */
#ifndef W2N_TARGET_H
#define W2N_TARGET_H

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- target.c ------------------------------------------------------------------------------ */

/* Registers the X86 and AArch64 back ends with LLVM, once per process (thread-safe). */
void w2n_llvm_init(void);

struct w2n_diag;

/* A target machine for objects holding data only (grants, snapshots): the triple's baseline
 * CPU, no optimization. NULL after reporting. */
LLVMTargetMachineRef w2n_data_target_machine(const char *triple, struct w2n_diag *dg);

/* Records in `mod` the CPU features its code needs: one uint64_t in the W2N_CPU_SECTION
 * section (include/wasm2native/cpu.h), which the runtime checks at start-up. Nothing when
 * `required` is 0. */
void w2n_cpu_record(LLVMModuleRef mod, uint64_t required);

/* ---- llvm_cpu.cpp: what LLVM's C API cannot answer (LLVM's C++ MCSubtargetInfo) ----------- */

/* Whether LLVM knows the CPU `cpu` for `triple` (creating a target machine with an unknown CPU
 * only prints a warning to stderr and ignores it). */
bool w2n_llvm_cpu_known(const char *triple, const char *cpu);
/* Which of the LLVM features names[0..n) the CPU with the extra `features` string enables, as
 * a mask (bit i: names[i]). */
uint64_t w2n_llvm_cpu_features(const char *triple, const char *cpu, const char *features,
                               const char *const *names, unsigned n);
/* The CPU names LLVM knows for `triple`, separated by ", " (malloc'd; NULL if out of memory). */
char *w2n_llvm_cpu_list(const char *triple);

/* ---- llvm_isel.cpp -------------------------------------------------------------------------- */

/* Fast instruction selection (FastISel, falling back to SelectionDAG where it cannot) at the
 * target machine's own optimization level: the code generation of large modules (compile.c). */
void w2n_llvm_fast_isel(LLVMTargetMachineRef tm);
/* Aligns the header of every loop to `bytes` (a power of two) in code generated afterwards. */
void w2n_llvm_loop_alignment(LLVMTargetMachineRef tm, unsigned bytes);

/* Code placement at -O2 and -O3 (docs/benchmarks.md, "Code placement"). Every function starts
 * on a 64-byte boundary, so where its instructions fall in cache lines and fetch blocks no
 * longer depends on the size of the code linked before it; every loop header starts on a 64-byte
 * boundary too, so that edits elsewhere in a function do not move a loop across cache lines and
 * a loop of up to 128 bytes spans two lines, not three (32-byte alignment left jacobi2d 10%
 * slower). Costs about 7.5% of code size (Lua: 537 KB -> 578 KB). */
enum { W2N_FUNCTION_ALIGN = 64, W2N_LOOP_ALIGN = 64 };
/* Code generation without loop strength reduction and the pre-allocation machine scheduler,
 * for the parts of a split module, from w2n_llvm_lean_codegen(true) to the matching call with
 * false (calls nest). LLVM sets these process-wide: a module of one part compiled by another
 * thread meanwhile gets the same code generator. */
void w2n_llvm_lean_codegen(bool begin);
/* Whether that lean code generation is in effect now (for tests). */
bool w2n_llvm_lean_codegen_on(void);

#endif
