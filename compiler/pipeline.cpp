// pipeline.cpp — runs an optimization pipeline as LLVMRunPasses does, with wasm2native's own
// passes in it: loop versioning (loop_version.cpp) just before the vectorizer of the default
// pipelines, and by name (`w2n-version-loops`) in a pipeline string; odd-width splats moved
// next to their uses (splat_sink.cpp) at the end of the default pipelines. The C API cannot add a
// pass at an extension point, hence C++.
#include <llvm/Analysis/CGSCCPassManager.h>
#include <llvm/Analysis/LoopAnalysisManager.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Passes/StandardInstrumentations.h>
#include <llvm/Support/Error.h>
#include <llvm/Target/TargetMachine.h>

#include "loop_version.h"
#include "splat_sink.h"

extern "C" {
#include "pipeline.h"
}

namespace
{

void add_own_passes(llvm::PassBuilder &pb)
{
	pb.registerVectorizerStartEPCallback(
		[](llvm::FunctionPassManager &fpm, llvm::OptimizationLevel) {
			fpm.addPass(w2n::VersionLoopsPass());
		});
	pb.registerOptimizerLastEPCallback([](llvm::ModulePassManager &mpm, llvm::OptimizationLevel) {
		mpm.addPass(llvm::createModuleToFunctionPassAdaptor(w2n::SinkSplatsPass()));
	});
	pb.registerPipelineParsingCallback([](llvm::StringRef name, llvm::FunctionPassManager &fpm,
	                                      llvm::ArrayRef<llvm::PassBuilder::PipelineElement>) {
		if (name != "w2n-version-loops")
			return false;
		fpm.addPass(w2n::VersionLoopsPass());
		return true;
	});
}

} // namespace

LLVMErrorRef w2n_run_pipeline(LLVMModuleRef mod, LLVMTargetMachineRef tm, const char *pipeline)
{
	llvm::Module &m = *llvm::unwrap(mod);
	// An opaque TargetMachine * (llvm_isel.cpp says why the cast).
	auto *machine = reinterpret_cast<llvm::TargetMachine *>(tm);
	llvm::PassInstrumentationCallbacks pic;
	llvm::PassBuilder pb(machine, llvm::PipelineTuningOptions(), std::nullopt, &pic);
	add_own_passes(pb);
	llvm::LoopAnalysisManager lam;
	llvm::FunctionAnalysisManager fam;
	llvm::CGSCCAnalysisManager cgam;
	llvm::ModuleAnalysisManager mam;
	pb.registerModuleAnalyses(mam);
	pb.registerCGSCCAnalyses(cgam);
	pb.registerFunctionAnalyses(fam);
	pb.registerLoopAnalyses(lam);
	pb.crossRegisterProxies(lam, fam, cgam, mam);
	llvm::StandardInstrumentations si(m.getContext(), false, false);
	si.registerCallbacks(pic, &mam);
	llvm::ModulePassManager mpm;
	if (llvm::Error err = pb.parsePassPipeline(mpm, pipeline))
		return llvm::wrap(std::move(err));
	mpm.run(m, mam);
	return LLVMErrorSuccess;
}
