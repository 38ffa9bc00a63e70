/* cpu.c — what this x86-64 CPU offers: the CPUID words cpu.def reads, and XCR0. */
#include "rt.h"

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
}

enum w2n_cpu_arch w2n_arch_cpu(const uintptr_t *auxv, uint64_t *have)
{
	struct w2n_cpuid id = {0};
	uint32_t r[4];
	cpuid(0, r);
	uint32_t max = r[0];
	cpuid(1, r);
	id.word[W2N_CPUID_1_ECX] = r[2];
	if (max >= 7) {
		cpuid(7, r);
		id.word[W2N_CPUID_7_EBX] = r[1];
		id.word[W2N_CPUID_7_ECX] = r[2];
		id.word[W2N_CPUID_7_EDX] = r[3];
	}
	cpuid(0x80000000u, r);
	if (r[0] >= 0x80000001u) {
		cpuid(0x80000001u, r);
		id.word[W2N_CPUID_X1_ECX] = r[2];
	}
	/* XGETBV exists only when the OS has enabled XSAVE (CPUID.1:ECX.OSXSAVE). */
	if (id.word[W2N_CPUID_1_ECX] & (1u << 27)) {
		uint32_t lo, hi;
		__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		id.xcr0 = (uint64_t)hi << 32 | lo;
	}
	*have = w2n_cpu_x86_have(&id);
	return W2N_CPU_ARCH_X86_64;
}
