// lower_interrupt.cpp — interruption checks (--interruptible; docs/limits.md), inserted into
// the module after optimization, just before code generation.
//
// Each wasm function (marked by lower_limits.c with W2N_INTERRUPT_ATTR) gets, at its entry
// and at the head of every cycle of its control flow graph,
//
//     if (vmctx->interrupt != 0) w2n_rt_interrupted(vmctx, <wasm function index>);  // cold
//
// A guest that runs for ever must pass one of these points again and again: every cycle of
// the CFG has a back edge (a retreating edge of a depth-first search, which also covers
// irreducible cycles that are not natural loops), and every cycle of calls enters a
// function. Checks inserted before optimization would be side exits that keep LLVM from
// vectorizing, unrolling or otherwise reshaping a loop (explicit bounds checks cost 1.3x for
// that reason); here they cost a load, a compare and a branch per iteration of the loop as
// optimized, and a vectorized loop checks once per vector iteration.
//
// The C API cannot split a basic block, hence C++ (like llvm_cpu.cpp).
#include <llvm/ADT/SmallPtrSet.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/CFG.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>

#include <cstdlib>

#include <llvm-c/Core.h>

extern "C" {
#include "wasm2native/abi.h"
}

// The same name and value as lower.h's W2N_INTERRUPT_ATTR (lower.h is C-only).
static const char interrupt_attr[] = "wasm2native-func";

extern "C" void w2n_insert_interrupt_checks(LLVMModuleRef mod);

namespace
{

struct checker {
	llvm::FunctionCallee rt; // w2n_rt_interrupted
	llvm::MDNode *unlikely;  // branch weights: the interrupted path is cold
};

// Inserts the check before `at`, splitting its block there.
void insert_check(const checker &c, llvm::Instruction *at, llvm::Value *vmctx, uint32_t index)
{
	llvm::IRBuilder<> b(at);
	llvm::Value *field =
		b.CreateConstInBoundsGEP1_64(b.getInt8Ty(), vmctx, W2N_OFF_VMCTX_INTERRUPT);
	// Volatile: another thread or a signal handler writes the flag; nothing may cache it.
	llvm::Value *flag = b.CreateLoad(b.getInt32Ty(), field, /*isVolatile=*/true, "interrupt");
	llvm::Value *set = b.CreateICmpNE(flag, b.getInt32(0), "interrupted");
	llvm::Instruction *then =
		llvm::SplitBlockAndInsertIfThen(set, at, /*Unreachable=*/true, c.unlikely);
	llvm::IRBuilder<> tb(then);
	llvm::CallInst *call = tb.CreateCall(c.rt, {vmctx, tb.getInt32(index)});
	call->setDoesNotReturn();
}

// The entry block's first instruction after its static allocas: a check before them would
// move them out of the entry block and make them dynamic.
llvm::Instruction *after_allocas(llvm::BasicBlock &entry)
{
	auto it = entry.getFirstInsertionPt();
	while (llvm::isa<llvm::AllocaInst>(*it))
		++it;
	return &*it;
}

void check_function(const checker &c, llvm::Function &f, uint32_t index)
{
	llvm::Value *vmctx = f.getArg(0);
	llvm::SmallVector<std::pair<const llvm::BasicBlock *, const llvm::BasicBlock *>, 8> back;
	llvm::FindFunctionBackedges(f, back);
	llvm::SmallPtrSet<const llvm::BasicBlock *, 8> heads;
	for (auto &edge : back)
		heads.insert(edge.second);
	// The heads first: splitting them does not change which blocks they are.
	for (const llvm::BasicBlock *head : heads) {
		auto *bb = const_cast<llvm::BasicBlock *>(head);
		insert_check(c, &*bb->getFirstInsertionPt(), vmctx, index);
	}
	insert_check(c, after_allocas(f.getEntryBlock()), vmctx, index);
}

} // namespace

void w2n_insert_interrupt_checks(LLVMModuleRef mod)
{
	llvm::Module *m = llvm::unwrap(mod);
	llvm::LLVMContext &ctx = m->getContext();
	llvm::Type *ptr = llvm::PointerType::get(ctx, 0);
	llvm::FunctionType *fty = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
	                                                  {ptr, llvm::Type::getInt32Ty(ctx)}, false);
	checker c{m->getOrInsertFunction("w2n_rt_interrupted", fty),
	          llvm::MDBuilder(ctx).createUnlikelyBranchWeights()};
	if (auto *decl = llvm::dyn_cast<llvm::Function>(c.rt.getCallee())) {
		decl->setDoesNotReturn();
		decl->addFnAttr(llvm::Attribute::Cold);
		decl->setDoesNotThrow();
	}
	for (llvm::Function &f : *m) {
		if (f.isDeclaration() || !f.hasFnAttribute(interrupt_attr))
			continue;
		llvm::StringRef value = f.getFnAttribute(interrupt_attr).getValueAsString();
		uint32_t index = 0;
		value.getAsInteger(10, index);
		check_function(c, f, index);
	}
}
