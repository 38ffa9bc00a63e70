// llvm_isel.cpp — the code generation choices LLVM's C API cannot make per target machine:
// fast instruction selection at an optimizing level, loop alignment (target.h declares them).
#include <llvm/Target/TargetMachine.h>

extern "C" {
#include "target.h"
}

void w2n_llvm_fast_isel(LLVMTargetMachineRef tm)
{
	// LLVMTargetMachineRef is an opaque TargetMachine * (LLVM's TargetMachineC.cpp unwraps
	// it the same way; the unwrap function itself is not exported).
	reinterpret_cast<llvm::TargetMachine *>(tm)->setFastISel(true);
}

void w2n_llvm_loop_alignment(LLVMTargetMachineRef tm, unsigned bytes)
{
	// Read by TargetLoweringBase::getPrefLoopAlignment for every function compiled later (it
	// is what clang's -falign-loops sets).
	reinterpret_cast<llvm::TargetMachine *>(tm)->Options.LoopAlignment = bytes;
}
