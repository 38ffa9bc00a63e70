// loop_version.h — the loop versioning pass (loop_version.cpp), which pipeline.cpp schedules
// just before LLVM's vectorizer.
#ifndef W2N_LOOP_VERSION_H
#define W2N_LOOP_VERSION_H

#include <llvm/IR/PassManager.h>

namespace w2n
{

struct VersionLoopsPass : llvm::PassInfoMixin<VersionLoopsPass> {
	llvm::PreservedAnalyses run(llvm::Function &f, llvm::FunctionAnalysisManager &am);
};

} // namespace w2n

#endif
