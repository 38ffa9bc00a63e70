/* pipeline.h — optimization pipelines with wasm2native's own LLVM passes (pipeline.cpp). */
#ifndef W2N_PIPELINE_H
#define W2N_PIPELINE_H

#include <llvm-c/Error.h>
#include <llvm-c/TargetMachine.h>

/* Runs `pipeline` (LLVM's textual pipeline syntax) over `mod` as LLVMRunPasses does, with
 * loop versioning (loop_version.cpp) before the vectorizer of the default<On> pipelines and
 * `w2n-version-loops` as a function pass name. `tm` may be NULL. */
LLVMErrorRef w2n_run_pipeline(LLVMModuleRef mod, LLVMTargetMachineRef tm, const char *pipeline);

#endif
