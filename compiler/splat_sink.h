// splat_sink.h — the pass of splat_sink.cpp, which pipeline.cpp schedules last.
#ifndef W2N_SPLAT_SINK_H
#define W2N_SPLAT_SINK_H

#include <llvm/IR/PassManager.h>

namespace w2n
{

struct SinkSplatsPass : llvm::PassInfoMixin<SinkSplatsPass> {
	llvm::PreservedAnalyses run(llvm::Function &f, llvm::FunctionAnalysisManager &am);
};

} // namespace w2n

#endif
