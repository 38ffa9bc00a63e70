// splat_sink.cpp — moves a splat of an odd vector width into the blocks that use it.
//
// When the wasm was unrolled by three (clang's wasm back end does so for a loop of 384
// floats), LLVM's vectorizer treats the three statements as one interleaved group and builds
// <12 x float> values, splatting the loop-invariant factor once, before the loop. The code
// generator selects one block at a time and carries a <12 x float> between blocks so poorly
// that it rebuilds one third of the splat lane by lane on every iteration (three `insertps`
// per 12 floats in matmul_f32's inner loop). A copy of the splat next to its use is selected
// together with it: one `shufps`, which machine LICM then hoists out of the loop. Widths that
// are powers of two cross blocks in registers as they are and stay where they are.
#include <llvm/ADT/STLExtras.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Support/MathExtras.h>

#include "splat_sink.h"

namespace
{

bool odd_width_splat(const llvm::Instruction &i)
{
	auto *shuffle = llvm::dyn_cast<llvm::ShuffleVectorInst>(&i);
	auto *type = shuffle ? llvm::dyn_cast<llvm::FixedVectorType>(shuffle->getType()) : nullptr;
	if (type == nullptr || llvm::isPowerOf2_32(type->getNumElements()))
		return false;
	// Every lane from lane 0 of the first operand (isZeroEltSplat also asks for equal widths).
	return llvm::all_of(shuffle->getShuffleMask(), [](int lane) { return lane <= 0; });
}

// A copy of `splat` before each user outside its block (phis excepted: their operand is
// read at the end of the incoming block).
bool sink(llvm::ShuffleVectorInst *splat)
{
	llvm::SmallVector<llvm::Use *, 4> far;
	for (llvm::Use &u : splat->uses()) {
		auto *user = llvm::cast<llvm::Instruction>(u.getUser());
		if (user->getParent() != splat->getParent() && !llvm::isa<llvm::PHINode>(user))
			far.push_back(&u);
	}
	for (llvm::Use *u : far) {
		llvm::Instruction *copy = splat->clone();
		copy->insertBefore(llvm::cast<llvm::Instruction>(u->getUser()));
		u->set(copy);
	}
	if (splat->use_empty())
		splat->eraseFromParent();
	return !far.empty();
}

} // namespace

llvm::PreservedAnalyses w2n::SinkSplatsPass::run(llvm::Function &f, llvm::FunctionAnalysisManager &)
{
	llvm::SmallVector<llvm::ShuffleVectorInst *, 4> splats;
	for (llvm::BasicBlock &bb : f)
		for (llvm::Instruction &i : bb)
			if (odd_width_splat(i))
				splats.push_back(llvm::cast<llvm::ShuffleVectorInst>(&i));
	bool changed = false;
	for (llvm::ShuffleVectorInst *s : splats)
		changed = sink(s) || changed;
	if (!changed)
		return llvm::PreservedAnalyses::all();
	llvm::PreservedAnalyses kept;
	kept.preserveSet<llvm::CFGAnalyses>();
	return kept;
}
