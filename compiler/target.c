/* target.c — what the compiler can generate code for: the targets and their aliases, the CPU
 * within a target (--cpu), and the record of the CPU features the generated code needs
 * (DESIGN.md §6, docs/targets.md). */
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "target.h"
#include "wasm2native/compile.h"
#include "wasm2native/cpu.h"
#include "wasm2native/wasm2native.h"

/* Default CPUs: x86-64-v2 (SSE4.2, POPCNT, CX16: every x86-64 server CPU since about 2009) makes
 * wasm's nearest/ceil/floor/trunc and popcnt single instructions; AArch64 "generic" is plain
 * ARMv8.0-A with NEON, which every 64-bit ARM Linux board runs. */
static const struct w2n_target targets[] = {
	{W2N_ARCH_X86_64, "x86_64-linux", "x86_64-unknown-linux-gnu", "x86-64-v2"},
	{W2N_ARCH_AARCH64, "aarch64-linux", "aarch64-unknown-linux-gnu", "generic"},
};

/* Other names people give the same targets: the bare architecture (GNU, Debian, Apple and BSD
 * spellings) and GNU/LLVM triples. The libc part of a triple does not matter: executables are
 * static and contain no libc. */
static const struct {
	const char *alias;
	enum w2n_arch arch;
} aliases[] = {
	{"x86_64", W2N_ARCH_X86_64},
	{"amd64", W2N_ARCH_X86_64},
	{"x86_64-linux-gnu", W2N_ARCH_X86_64},
	{"x86_64-unknown-linux-gnu", W2N_ARCH_X86_64},
	{"x86_64-pc-linux-gnu", W2N_ARCH_X86_64},
	{"x86_64-linux-musl", W2N_ARCH_X86_64},
	{"x86_64-unknown-linux-musl", W2N_ARCH_X86_64},
	{"amd64-linux", W2N_ARCH_X86_64},
	{"aarch64", W2N_ARCH_AARCH64},
	{"arm64", W2N_ARCH_AARCH64},
	{"aarch64-linux-gnu", W2N_ARCH_AARCH64},
	{"aarch64-unknown-linux-gnu", W2N_ARCH_AARCH64},
	{"aarch64-linux-musl", W2N_ARCH_AARCH64},
	{"aarch64-unknown-linux-musl", W2N_ARCH_AARCH64},
	{"arm64-linux", W2N_ARCH_AARCH64},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct w2n_target *by_arch(enum w2n_arch arch)
{
	return &targets[arch == W2N_ARCH_AARCH64 ? 1 : 0];
}

const struct w2n_target *w2n_target_find(const char *name)
{
	if (name == NULL) {
#if defined(__aarch64__)
		return by_arch(W2N_ARCH_AARCH64);
#else
		return by_arch(W2N_ARCH_X86_64);
#endif
	}
	for (size_t i = 0; i < COUNT(targets); i++)
		if (strcasecmp(name, targets[i].name) == 0)
			return &targets[i];
	for (size_t i = 0; i < COUNT(aliases); i++)
		if (strcasecmp(name, aliases[i].alias) == 0)
			return by_arch(aliases[i].arch);
	return NULL;
}

/* Built once: "x86_64-linux (x86_64, amd64, ...), aarch64-linux (aarch64, arm64, ...)". */
static char names[1024];

static void init_names(void)
{
	size_t len = 0;
	for (size_t t = 0; t < COUNT(targets); t++) {
		len += snprintf(names + len, sizeof names - len, "%s%s (", t ? ", " : "", targets[t].name);
		const char *sep = "";
		for (size_t i = 0; i < COUNT(aliases) && len < sizeof names; i++) {
			if (aliases[i].arch != targets[t].arch)
				continue;
			len += snprintf(names + len, sizeof names - len, "%s%s", sep, aliases[i].alias);
			sep = ", ";
		}
		if (len < sizeof names)
			len += snprintf(names + len, sizeof names - len, ")");
	}
}

const char *w2n_target_names(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_names);
	return names;
}

static void init_llvm_once(void)
{
	LLVMInitializeX86TargetInfo();
	LLVMInitializeX86Target();
	LLVMInitializeX86TargetMC();
	LLVMInitializeX86AsmPrinter();
	LLVMInitializeAArch64TargetInfo();
	LLVMInitializeAArch64Target();
	LLVMInitializeAArch64TargetMC();
	LLVMInitializeAArch64AsmPrinter();
}

void w2n_llvm_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_llvm_once);
}

LLVMTargetMachineRef w2n_data_target_machine(const char *triple, struct w2n_diag *dg)
{
	w2n_llvm_init(); /* data only, but the target machine needs the target registered */
	LLVMTargetRef target;
	char *err = NULL;
	if (LLVMGetTargetFromTriple(triple, &target, &err)) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "unsupported target '%s': %s", triple, err);
		LLVMDisposeMessage(err);
		return NULL;
	}
	LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, "", "", LLVMCodeGenLevelNone,
	                                                  LLVMRelocPIC, LLVMCodeModelDefault);
	if (!tm)
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot create a target machine for '%s'", triple);
	return tm;
}

/* The LLVM names of cpu.def's features for an architecture, in bit order. */
static const char *const x86_llvm[] = {
#define W2N_CPU_X86(ID, LLVM, NAME, WORD, MASK, XCR0) [W2N_CPU_X86_##ID] = LLVM,
#include "wasm2native/cpu.def"
};

static const char *const arm64_llvm[] = {
#define W2N_CPU_ARM64(ID, LLVM, NAME, WORD, MASK) [W2N_CPU_ARM64_##ID] = LLVM,
#include "wasm2native/cpu.def"
};

static uint64_t required_features(const struct w2n_target *t, const char *cpu, const char *features)
{
	if (t->arch == W2N_ARCH_AARCH64)
		return w2n_llvm_cpu_features(t->triple, cpu, features, arm64_llvm, COUNT(arm64_llvm));
	return w2n_llvm_cpu_features(t->triple, cpu, features, x86_llvm, COUNT(x86_llvm));
}

/* A copy of an LLVM message in malloc'd memory (w2n_cpu owns plain C strings). */
static char *take_message(char *msg)
{
	char *copy = strdup(msg ? msg : "");
	LLVMDisposeMessage(msg);
	return copy;
}

/* Tuning for CPUs above the portable baseline (--cpu native or a named CPU), so that they are
 * never slower than it (docs/benchmarks.md, "--cpu native"):
 * - 256-bit vectors where AVX-512 offers 512: LLVM 19's Zen 4/5 tuning vectorizes with 512-bit
 *   vectors, and a re-vectorized wasm loop that clang unrolled by 3 became a <48 x float>
 *   interleaved group whose shuffles made matmul_f32 3.8x slower than the baseline build
 *   (Intel's server CPUs get this preference from LLVM already);
 * - no gathers or scatters: the baseline has none, and on the machines measured a gather is
 *   slower than the scalar loads it replaces in the strided loops of PolyBench-style code.
 * Tuning features change code choices only, never the instructions a CPU must have. */
static char *add_x86_tuning(char *features)
{
	static const char tuning[] = "+prefer-256-bit,+prefer-no-gather,+prefer-no-scatter";
	size_t n = strlen(features);
	char *out = malloc(n + sizeof tuning + 1);
	if (out)
		snprintf(out, n + sizeof tuning + 1, "%s%s%s", features, n ? "," : "", tuning);
	free(features);
	return out;
}

bool w2n_cpu_resolve(const struct w2n_target *t, const char *cpu, struct w2n_cpu *out,
                     struct w2n_diag *dg)
{
	*out = (struct w2n_cpu){0};
	w2n_llvm_init();
	if (cpu == NULL)
		cpu = t->default_cpu;
	if (strcmp(cpu, "native") == 0) {
		/* LLVM describes the machine it runs on: meaningless for another architecture. */
		if (t != w2n_target_find(NULL)) {
			w2n_report(dg, W2N_ERROR, NULL, -1,
			           "--cpu native describes this %s machine, not the target %s; name a "
			           "CPU of the target instead (--cpu help lists them)",
			           w2n_target_find(NULL)->name, t->name);
			return false;
		}
		out->name = take_message(LLVMGetHostCPUName());
		out->features = take_message(LLVMGetHostCPUFeatures());
	} else {
		if (!w2n_llvm_cpu_known(t->triple, cpu)) {
			w2n_report(dg, W2N_ERROR, NULL, -1,
			           "unknown CPU '%s' for target %s (--cpu help lists the known ones)", cpu,
			           t->name);
			return false;
		}
		out->name = strdup(cpu);
		out->features = strdup("");
	}
	if (out->name && out->features && t->arch == W2N_ARCH_X86_64 &&
	    strcmp(out->name, t->default_cpu) != 0)
		out->features = add_x86_tuning(out->features);
	if (!out->name || !out->features) {
		w2n_cpu_dispose(out);
		w2n_report(dg, W2N_ERROR, NULL, -1, "out of memory");
		return false;
	}
	out->required = required_features(t, out->name, out->features);
	return true;
}

void w2n_cpu_dispose(struct w2n_cpu *cpu)
{
	free(cpu->name);
	free(cpu->features);
	*cpu = (struct w2n_cpu){0};
}

char *w2n_target_cpus(const struct w2n_target *t)
{
	w2n_llvm_init();
	return w2n_llvm_cpu_list(t->triple);
}

/* Adds g to the module's llvm.used list (creating it, or rebuilding it with one more entry). */
static void mark_used(LLVMModuleRef mod, LLVMValueRef g)
{
	LLVMContextRef ctx = LLVMGetModuleContext(mod);
	LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
	LLVMValueRef old = LLVMGetNamedGlobal(mod, "llvm.used");
	unsigned n = old ? (unsigned)LLVMGetArrayLength2(LLVMGlobalGetValueType(old)) : 0;
	LLVMValueRef *items = calloc(n + 1, sizeof *items);
	if (!items)
		return;
	for (unsigned i = 0; i < n; i++)
		items[i] = LLVMGetOperand(LLVMGetInitializer(old), i);
	items[n] = g;
	if (old)
		LLVMDeleteGlobal(old);
	LLVMValueRef arr = LLVMConstArray2(ptr, items, n + 1);
	LLVMValueRef used = LLVMAddGlobal(mod, LLVMTypeOf(arr), "llvm.used");
	LLVMSetInitializer(used, arr);
	LLVMSetLinkage(used, LLVMAppendingLinkage);
	LLVMSetSection(used, "llvm.metadata");
	free(items);
}

void w2n_cpu_record(LLVMModuleRef mod, uint64_t required)
{
	if (required == 0)
		return;
	LLVMContextRef ctx = LLVMGetModuleContext(mod);
	LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
	/* Internal: every module of an executable brings its own word, and the runtime ORs them
	 * all through the section's __start_/__stop_ symbols. In llvm.used because nothing refers
	 * to it: LLVM keeps it and marks its section SHF_GNU_RETAIN, so that ld.lld's
	 * --gc-sections keeps it too. */
	LLVMValueRef g = LLVMAddGlobal(mod, i64, "w2n_cpu_required");
	LLVMSetInitializer(g, LLVMConstInt(i64, required, 0));
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMInternalLinkage);
	LLVMSetSection(g, W2N_CPU_SECTION);
	LLVMSetAlignment(g, 8);
	mark_used(mod, g);
}
