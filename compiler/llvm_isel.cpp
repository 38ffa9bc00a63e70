// llvm_isel.cpp — the one code generation choice LLVM's C API cannot make per target machine:
// fast instruction selection at an optimizing level (target.h declares it).
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
