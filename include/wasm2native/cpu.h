/* cpu.h — the CPU features an executable's code needs: the compiler records them, the runtime
 * checks them at start-up and refuses to run (instead of dying by SIGILL) on a machine that
 * lacks one (docs/targets.md). The features are listed once, in cpu.def. Freestanding: included
 * by the compiler and by the no-libc runtime.
 *
 * Each compiled object holds one uint64_t in the section W2N_CPU_SECTION: the mask of the
 * features its code was compiled for (bit W2N_CPU_X86_<ID> or W2N_CPU_ARM64_<ID>). The linker
 * gathers them all (one per module of an executable); the runtime ORs them through the
 * linker-defined __start_/__stop_ symbols of the section.
 */
#ifndef WASM2NATIVE_CPU_H
#define WASM2NATIVE_CPU_H

#include <stddef.h>
#include <stdint.h>

/* The section name (a C identifier, so that the linker defines __start_ and __stop_ symbols). */
#define W2N_CPU_SECTION "w2n_cpu_req"

/* Which of cpu.def's tables a mask refers to. */
enum w2n_cpu_arch {
	W2N_CPU_ARCH_X86_64,
	W2N_CPU_ARCH_AARCH64,
};

/* The CPUID output words the x86 table reads (leaf, subleaf 0, register). */
enum w2n_cpuid_word {
	W2N_CPUID_1_ECX, /* leaf 1 */
	W2N_CPUID_7_EBX, /* leaf 7 */
	W2N_CPUID_7_ECX,
	W2N_CPUID_7_EDX,
	W2N_CPUID_X1_ECX, /* leaf 0x80000001 */
	W2N_CPUID_WORDS
};

/* What an x86-64 machine reports: the CPUID words (0 where a leaf is missing) and XCR0 (the
 * register state the OS saves; 0 when the OS has not enabled XSAVE). */
struct w2n_cpuid {
	uint32_t word[W2N_CPUID_WORDS];
	uint64_t xcr0;
};

/* The auxiliary vector's hardware capability words on AArch64 Linux. */
enum w2n_hwcap_word {
	W2N_HWCAP,  /* AT_HWCAP */
	W2N_HWCAP2, /* AT_HWCAP2 */
	W2N_HWCAP_WORDS
};

/* Bit numbers in a feature mask, per architecture. */
enum w2n_cpu_x86 {
#define W2N_CPU_X86(ID, LLVM, NAME, WORD, MASK, XCR0) W2N_CPU_X86_##ID,
#include "cpu.def"
	W2N_CPU_X86_COUNT
};

enum w2n_cpu_arm64 {
#define W2N_CPU_ARM64(ID, LLVM, NAME, WORD, MASK) W2N_CPU_ARM64_##ID,
#include "cpu.def"
	W2N_CPU_ARM64_COUNT
};

_Static_assert(W2N_CPU_X86_COUNT <= 64 && W2N_CPU_ARM64_COUNT <= 64,
               "a feature mask is one uint64_t");

#endif
