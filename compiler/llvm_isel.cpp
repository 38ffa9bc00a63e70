// llvm_isel.cpp — the code generation choices LLVM's C API cannot make per target machine:
// fast instruction selection at an optimizing level, loop alignment, and the code generator
// passes that a split module's parts skip (target.h declares them).
#include <llvm/Support/CommandLine.h>
#include <llvm/Target/TargetMachine.h>

#include <mutex>

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

// The passes the parts of a split module go without (docs/benchmarks.md, "Big modules"): LSR
// costs about a tenth of their code generation, the scheduler a few percent, and on code that
// an optimizing compiler already produced neither changes run time measurably. LLVM has no
// per-target-machine switch for them, only these command-line options, global to the process.
static const char *const lean_options[] = {
	"disable-lsr",    // loop strength reduction and the scalar evolution it needs
	"enable-misched", // the machine scheduler before register allocation (value "false")
};
static std::mutex lean_lock;
static unsigned lean_users; // split compiles in progress, under lean_lock

static llvm::cl::Option *find_option(const char *name)
{
	auto &options = llvm::cl::getRegisteredOptions();
	auto it = options.find(name);
	return it == options.end() ? nullptr : it->second;
}

// An option as if given on the command line (the scheduler heeds its option only then), or
// back to its default.
static void set_options(bool lean)
{
	for (const char *name : lean_options) {
		llvm::cl::Option *o = find_option(name);
		if (!o)
			continue;
		o->reset();
		if (lean)
			o->addOccurrence(0, name, name[0] == 'd' ? "true" : "false");
	}
}

void w2n_llvm_lean_codegen(bool begin)
{
	std::lock_guard<std::mutex> guard(lean_lock);
	if (begin ? lean_users++ == 0 : --lean_users == 0)
		set_options(begin);
}

bool w2n_llvm_lean_codegen_on(void)
{
	auto *o = static_cast<llvm::cl::opt<bool> *>(find_option("disable-lsr"));
	return o && o->getValue();
}
