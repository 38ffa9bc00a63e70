// llvm_cpu.cpp — the three questions about CPUs that LLVM's C API cannot answer, asked of
// LLVM's C++ MCSubtargetInfo: is a CPU name known, which features does a CPU have, which CPUs
// exist. Everything else in the compiler uses the C API (target.h declares these).
#include <llvm/ADT/StringRef.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

extern "C" {
#include "target.h"
}

// A subtarget for triple/cpu/features; null if the triple has no registered target. Callers
// ask w2n_llvm_cpu_known first: an unknown CPU here would print LLVM's warning to stderr.
static std::unique_ptr<llvm::MCSubtargetInfo> subtarget(const char *triple, const char *cpu,
                                                        const char *features)
{
	std::string err;
	const llvm::Target *t = llvm::TargetRegistry::lookupTarget(triple, err);
	if (!t)
		return nullptr;
	return std::unique_ptr<llvm::MCSubtargetInfo>(t->createMCSubtargetInfo(triple, cpu, features));
}

bool w2n_llvm_cpu_known(const char *triple, const char *cpu)
{
	auto sti = subtarget(triple, "", "");
	return sti && sti->isCPUStringValid(cpu);
}

uint64_t w2n_llvm_cpu_features(const char *triple, const char *cpu, const char *features,
                               const char *const *names, unsigned n)
{
	auto sti = subtarget(triple, cpu, features);
	uint64_t mask = 0;
	for (unsigned i = 0; sti && i < n && i < 64; i++)
		if (sti->checkFeatures(std::string("+") + names[i]))
			mask |= uint64_t(1) << i;
	return mask;
}

char *w2n_llvm_cpu_list(const char *triple)
{
	auto sti = subtarget(triple, "", "");
	std::string list;
	if (sti)
		for (const llvm::SubtargetSubTypeKV &kv : sti->getAllProcessorDescriptions())
			list += (list.empty() ? "" : ", ") + std::string(kv.Key);
	return strdup(list.c_str());
}
