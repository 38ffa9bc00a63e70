/* cpu.c — the CPU features the linked code needs, against those the machine has.
 *
 * The compiler puts one word per object into the W2N_CPU_SECTION section (cpu.h); this file
 * ORs them, decodes what the machine reports (CPUID words on x86-64, AT_HWCAP words on
 * AArch64; arch/<arch>/cpu.c reads them) into the same kind of mask, and words the refusal.
 * Decoding and wording are pure functions, so tests feed them made-up machines. */
#include "rt.h"

/* Defined by the linker when some object has the section; weak, so that an executable
 * without compiled modules (a runtime test) links too and needs nothing. */
extern const uint64_t __start_w2n_cpu_req[] __attribute__((weak, visibility("hidden")));
extern const uint64_t __stop_w2n_cpu_req[] __attribute__((weak, visibility("hidden")));

uint64_t w2n_cpu_required(void)
{
	uint64_t mask = 0;
	for (const uint64_t *p = __start_w2n_cpu_req; p < __stop_w2n_cpu_req; p++)
		mask |= *p;
	return mask;
}

struct x86_row {
	uint8_t word;
	uint32_t mask;
	uint64_t xcr0;
};

static const struct x86_row x86_rows[W2N_CPU_X86_COUNT] = {
#define W2N_CPU_X86(ID, LLVM, NAME, WORD, MASK, XCR0) [W2N_CPU_X86_##ID] = {WORD, MASK, XCR0},
#include "wasm2native/cpu.def"
};

struct arm64_row {
	uint8_t word;
	uint64_t mask;
};

static const struct arm64_row arm64_rows[W2N_CPU_ARM64_COUNT] = {
#define W2N_CPU_ARM64(ID, LLVM, NAME, WORD, MASK) [W2N_CPU_ARM64_##ID] = {WORD, MASK},
#include "wasm2native/cpu.def"
};

static const char *const x86_names[W2N_CPU_X86_COUNT] = {
#define W2N_CPU_X86(ID, LLVM, NAME, WORD, MASK, XCR0) [W2N_CPU_X86_##ID] = NAME,
#include "wasm2native/cpu.def"
};

static const char *const arm64_names[W2N_CPU_ARM64_COUNT] = {
#define W2N_CPU_ARM64(ID, LLVM, NAME, WORD, MASK) [W2N_CPU_ARM64_##ID] = NAME,
#include "wasm2native/cpu.def"
};

/* A feature counts only if the CPU has it and, for AVX and AVX-512, the OS saves the wider
 * registers: without that the instructions fault (#UD) although CPUID lists them. */
uint64_t w2n_cpu_x86_have(const struct w2n_cpuid *id)
{
	uint64_t have = 0;
	for (unsigned i = 0; i < W2N_CPU_X86_COUNT; i++) {
		const struct x86_row *r = &x86_rows[i];
		if ((id->word[r->word] & r->mask) == r->mask && (id->xcr0 & r->xcr0) == r->xcr0)
			have |= 1ull << i;
	}
	return have;
}

uint64_t w2n_cpu_arm64_have(const uint64_t hwcap[W2N_HWCAP_WORDS])
{
	uint64_t have = 0;
	for (unsigned i = 0; i < W2N_CPU_ARM64_COUNT; i++) {
		const struct arm64_row *r = &arm64_rows[i];
		if ((hwcap[r->word] & r->mask) == r->mask)
			have |= 1ull << i;
	}
	return have;
}

/* Appends s to buf[*len], keeping the result NUL-terminated and cut to size. */
static void append(char *buf, size_t size, size_t *len, const char *s)
{
	while (*s != '\0' && *len + 1 < size)
		buf[(*len)++] = *s++;
	buf[*len] = '\0';
}

size_t w2n_cpu_report(char *buf, size_t size, enum w2n_cpu_arch arch, uint64_t required,
                      uint64_t have)
{
	uint64_t missing = required & ~have;
	bool arm64 = arch == W2N_CPU_ARCH_AARCH64;
	unsigned count = arm64 ? W2N_CPU_ARM64_COUNT : W2N_CPU_X86_COUNT;
	size_t len = 0;
	if (size == 0 || missing == 0)
		return 0;
	buf[0] = '\0';
	append(buf, size, &len, "wasm2native: this program needs CPU features that this machine lacks");
	const char *sep = ": ";
	for (unsigned i = 0; i < 64; i++) {
		if (!(missing & (1ull << i)))
			continue;
		append(buf, size, &len, sep);
		/* A bit beyond the table: the executable was built by a newer compiler. */
		append(buf, size, &len, i >= count ? "(unknown)" : arm64 ? arm64_names[i] : x86_names[i]);
		sep = ", ";
	}
	append(buf, size, &len, "\n");
	return len;
}
