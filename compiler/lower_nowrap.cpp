// lower_nowrap.cpp — marks `nuw` the i32 address adds that an earlier access proves cannot
// wrap, so that LLVM folds them into the access (docs/benchmarks.md, "Address arithmetic").
//
// A wasm32 effective address is zext(x) + offset, computed in i64 (lower_memory.c). Compiled C
// steps its pointers with i32 adds (`p + 4`), which wrap in wasm: a wrapped address is a valid
// low address, not a trap. So LLVM keeps `zext(p + 4)` as an i32 add and a zero-extension per
// access, cannot merge the pointers into one induction variable, and spends two instructions
// per address where native code spends none (the offset goes into the addressing mode).
//
// What holds, in both memory modes: an access of s bytes at zext(x) + offset that did not trap
// proves x + offset + s <= the memory's size (a fault or the explicit check traps otherwise),
// memory never shrinks, and the runtime never lets a wasm32 memory reach 4 GiB (65,535 pages
// at most, abi.h's W2N_MAX_PAGES32_REACHED; the spec lets memory.grow fail), so
// size <= 2^32 - 65536. For an add x + C that the access dominates,
// x + C <= 2^32 - 65536 - (offset + s) + C, which is below 2^32 whenever
// C < offset + s + 65536: the add cannot wrap, and `nuw` states exactly that.
// That covers the steps of pointers through elements and through rows of up to 64 KiB. An
// access at (x + c) nuw proves the same of x with c + offset + s.
//
// It runs after sroa (locals are SSA values, so the access and the add name the same x) and
// before the rest of the pipeline, which then folds zext(x + C) into zext(x) + C and the
// pointers into one 64-bit induction variable. C++ for the dominator tree, which the C API
// lacks. Accesses are recognized by their TBAA tag (lower_memory.c's "linear memory"), and
// only 32-bit addresses match the pattern: memory64 addresses are checked in i128.
#include <llvm/ADT/DenseMap.h>
#include <llvm/ADT/SmallVector.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Metadata.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Operator.h>

#include <llvm-c/Core.h>

extern "C" {
#include "wasm2native/abi.h"
}

extern "C" void w2n_mark_nowrap_adds(LLVMModuleRef mod);

namespace
{

// An access at a 32-bit address x proves x + end <= memory size.
struct fact {
	llvm::Instruction *access;
	uint64_t end;
};

using facts = llvm::DenseMap<llvm::Value *, llvm::SmallVector<fact, 2>>;

// lower_memory.c tags every linear-memory access with the TBAA type "linear memory".
bool is_linear_memory(const llvm::Instruction &i)
{
	const llvm::MDNode *tag = i.getMetadata(llvm::LLVMContext::MD_tbaa);
	if (tag == nullptr || tag->getNumOperands() < 1)
		return false;
	const auto *type = llvm::dyn_cast<llvm::MDNode>(tag->getOperand(0));
	if (type == nullptr || type->getNumOperands() < 1)
		return false;
	const auto *name = llvm::dyn_cast<llvm::MDString>(type->getOperand(0));
	return name != nullptr && name->getString() == "linear memory";
}

// x + C with 0 < C < 2^32, an i32 add with a constant operand (either side: no instcombine
// has canonicalized them yet).
bool const_add(llvm::Value *v, llvm::Value *&x, uint64_t &c)
{
	auto *add = llvm::dyn_cast<llvm::BinaryOperator>(v);
	if (add == nullptr || add->getOpcode() != llvm::Instruction::Add ||
	    !add->getType()->isIntegerTy(32))
		return false;
	for (unsigned k = 0; k < 2; k++) {
		if (auto *ci = llvm::dyn_cast<llvm::ConstantInt>(add->getOperand(k))) {
			c = ci->getZExtValue();
			x = add->getOperand(1 - k);
			return c != 0;
		}
	}
	return false;
}

// Records what `access` (of `bytes` bytes at `ptr`) proves: for its address x, and for every
// y below it through nuw constant adds (x = y + c nuw).
void add_facts(facts &known, llvm::Instruction *access, llvm::Value *ptr, uint64_t bytes)
{
	auto *gep = llvm::dyn_cast<llvm::GetElementPtrInst>(ptr);
	if (gep == nullptr || gep->getNumIndices() != 1 || !gep->getSourceElementType()->isIntegerTy(8))
		return;
	llvm::Value *ea = gep->getOperand(1);
	uint64_t end = bytes;
	if (auto *off = llvm::dyn_cast<llvm::BinaryOperator>(ea);
	    off != nullptr && off->getOpcode() == llvm::Instruction::Add && off->hasNoUnsignedWrap()) {
		auto *ci = llvm::dyn_cast<llvm::ConstantInt>(off->getOperand(1));
		if (ci == nullptr)
			return;
		end += ci->getZExtValue();
		ea = off->getOperand(0);
	}
	auto *z = llvm::dyn_cast<llvm::ZExtInst>(ea);
	if (z == nullptr || !z->getSrcTy()->isIntegerTy(32))
		return;
	llvm::Value *x = z->getOperand(0);
	for (int depth = 0; depth < 8; depth++) {
		known[x].push_back({access, end});
		llvm::Value *below;
		uint64_t c;
		// const_add first: only an add may be asked for its nuw flag.
		if (!const_add(x, below, c) || !llvm::cast<llvm::BinaryOperator>(x)->hasNoUnsignedWrap())
			break;
		x = below;
		end += c;
	}
}

facts collect(llvm::Function &f)
{
	facts known;
	const llvm::DataLayout &dl = f.getParent()->getDataLayout();
	for (llvm::BasicBlock &bb : f)
		for (llvm::Instruction &i : bb) {
			if (!is_linear_memory(i))
				continue;
			if (auto *ld = llvm::dyn_cast<llvm::LoadInst>(&i))
				add_facts(known, ld, ld->getPointerOperand(),
				          dl.getTypeStoreSize(ld->getType()).getFixedValue());
			else if (auto *st = llvm::dyn_cast<llvm::StoreInst>(&i))
				add_facts(known, st, st->getPointerOperand(),
				          dl.getTypeStoreSize(st->getValueOperand()->getType()).getFixedValue());
		}
	return known;
}

// How many of x's accesses an add looks at. A pointer used everywhere (a stack pointer in a
// large function) has thousands of accesses and adds; the first ones, near the entry, are the
// likeliest to dominate, and the bound keeps the pass linear in the function's size.
constexpr size_t max_tries = 32;

// The 64 KiB between the largest memory and 2^32.
constexpr uint64_t slack = (1ull << 32) - uint64_t{W2N_MAX_PAGES32_REACHED} * W2N_PAGE_SIZE;

// True if an access that dominates `add` proves x + c cannot wrap.
bool proven(const facts &known, const llvm::DominatorTree &dt, llvm::Instruction *add,
            llvm::Value *x, uint64_t c)
{
	auto it = known.find(x);
	if (it == known.end())
		return false;
	size_t tries = 0;
	for (const fact &f : it->second) {
		if (c >= f.end + slack)
			continue;
		if (dt.dominates(f.access, add))
			return true;
		if (++tries == max_tries)
			break;
	}
	return false;
}

// One round: marks what the facts of the adds marked so far prove; true if it marked any.
bool mark_round(llvm::Function &f, const llvm::DominatorTree &dt)
{
	facts known = collect(f);
	bool changed = false;
	for (llvm::BasicBlock &bb : f)
		for (llvm::Instruction &i : bb) {
			llvm::Value *x;
			uint64_t c;
			if (!const_add(&i, x, c) || i.hasNoUnsignedWrap())
				continue;
			if (proven(known, dt, &i, x, c)) {
				i.setHasNoUnsignedWrap(true);
				changed = true;
			}
		}
	return changed;
}

} // namespace

void w2n_mark_nowrap_adds(LLVMModuleRef mod)
{
	for (llvm::Function &f : *llvm::unwrap(mod)) {
		if (f.isDeclaration())
			continue;
		llvm::DominatorTree dt(f);
		// A newly marked add makes the accesses at its result facts about its operand: a few
		// rounds reach the adds of a loop unrolled a few times.
		for (int round = 0; round < 4 && mark_round(f, dt); round++)
			;
	}
}
