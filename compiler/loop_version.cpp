// loop_version.cpp — gives an inner loop a second copy whose 32-bit addresses are checked,
// once before the loop, not to wrap, so that they become 64-bit induction variables
// (docs/benchmarks.md, "Loop versioning").
//
// A wasm32 address is zext(x) with x an i32 that may wrap: a wrapped address is a valid low
// address, not a trap. So in a loop where x = row + j*4 steps through memory, scalar
// evolution sees zext({row,+,4}) rather than an induction variable, and the vectorizer
// cannot tell that the accesses at x and x + 4 of a loop the wasm unrolled are consecutive.
// lower_nowrap.cpp proves adds after an access; here nothing proves it statically: row comes
// from the caller. But whether any x of the loop wraps is one comparison before it: with x
// running from b + c over k = 0..n (n the most times the back edge is taken) in steps of d,
// none wraps if b + c + d*k stays in [0, 2^32) for k = 0 and k = n. Then zext(x) is exactly
// zext(b) + c + d*k, a 64-bit induction variable, and the loop runs a copy that says so; if
// the check fails it runs the loop as it was. This is what LLVM's LoopVersioning does for
// aliasing, with a check of our own; the vectorizer's own wrap predicates are not taken by its
// interleaved-access analysis, which the unrolled loops need.
//
// Addresses are grouped by their i32 base b and step d, so that x and x + 4 share one 64-bit
// variable and differ by a constant, as the vectorizer needs. Only innermost loops in
// simplified form without calls are versioned, and at most max_groups checks each: the copy
// doubles the loop's code, which is worth it where the loop runs long.
#include <llvm/ADT/SmallVector.h>
#include <llvm/Analysis/AssumptionCache.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/PatternMatch.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>
#include <llvm/Transforms/Utils/Cloning.h>
#include <llvm/Transforms/Utils/LoopSimplify.h>
#include <llvm/Transforms/Utils/LoopUtils.h>
#include <llvm/Transforms/Utils/ScalarEvolutionExpander.h>
#include <llvm/Transforms/Utils/ValueMapper.h>

#include "loop_version.h"

namespace
{

namespace pm = llvm::PatternMatch;

constexpr unsigned max_loop_instructions = 256; // the copy doubles this much code
constexpr unsigned max_groups = 8;              // one check each
constexpr int64_t max_step = 1 << 24;           // keeps d*n below 2^56 when n <= 2^32

// Addresses zext(x) with x = b + c + d*k: the same b and d, different constants c.
struct group {
	const llvm::SCEV *base; // b, an i32 expression invariant in the loop
	int64_t step;           // d, nonzero
	int64_t lo, hi;         // the smallest and largest c
	llvm::SmallVector<std::pair<llvm::ZExtInst *, int64_t>, 4> addrs; // each with its c
};

// An innermost loop in simplified form, small, without calls other than intrinsics.
bool versionable(const llvm::Loop &l)
{
	if (!l.isInnermost() || !l.isLoopSimplifyForm())
		return false;
	auto *br = llvm::dyn_cast<llvm::BranchInst>(l.getLoopPreheader()->getTerminator());
	if (br == nullptr || br->isConditional())
		return false;
	unsigned n = 0;
	for (const llvm::BasicBlock *bb : l.blocks())
		for (const llvm::Instruction &i : *bb) {
			if (++n > max_loop_instructions)
				return false;
			if (llvm::isa<llvm::CallBase>(i) && !llvm::isa<llvm::IntrinsicInst>(i))
				return false;
		}
	return true;
}

// A zext(x) that an address is computed from, x stepping by a constant in `l`, which scalar
// evolution cannot see as a 64-bit step itself: its x as {b + c, +, d}.
bool stepping_address(llvm::ScalarEvolution &se, const llvm::Loop &l, llvm::ZExtInst *z,
                      const llvm::SCEV *&base, int64_t &c, int64_t &d)
{
	if (!z->getSrcTy()->isIntegerTy(32) || !z->getDestTy()->isIntegerTy(64))
		return false;
	bool address = false;
	for (const llvm::User *u : z->users())
		address = address || llvm::isa<llvm::GetElementPtrInst>(u);
	if (!address || llvm::isa<llvm::SCEVAddRecExpr>(se.getSCEV(z)))
		return false;
	auto *x = llvm::dyn_cast<llvm::SCEVAddRecExpr>(se.getSCEV(z->getOperand(0)));
	if (x == nullptr || x->getLoop() != &l || !x->isAffine())
		return false;
	auto *step = llvm::dyn_cast<llvm::SCEVConstant>(x->getStepRecurrence(se));
	if (step == nullptr)
		return false;
	d = step->getAPInt().getSExtValue();
	if (d == 0 || d > max_step || d < -max_step)
		return false;
	base = x->getStart();
	c = 0;
	if (auto *sum = llvm::dyn_cast<llvm::SCEVAddExpr>(base))
		if (auto *k = llvm::dyn_cast<llvm::SCEVConstant>(sum->getOperand(0))) {
			c = k->getAPInt().getSExtValue();
			base = se.getMinusSCEV(base, k);
		}
	return true;
}

llvm::SmallVector<group, max_groups> find_groups(llvm::ScalarEvolution &se, const llvm::Loop &l)
{
	llvm::SmallVector<group, max_groups> groups;
	for (llvm::BasicBlock *bb : l.blocks())
		for (llvm::Instruction &i : *bb) {
			auto *z = llvm::dyn_cast<llvm::ZExtInst>(&i);
			const llvm::SCEV *base;
			int64_t c, d;
			if (z == nullptr || !stepping_address(se, l, z, base, c, d))
				continue;
			group *g = nullptr;
			for (group &h : groups)
				if (h.base == base && h.step == d)
					g = &h;
			if (g == nullptr) {
				if (groups.size() == max_groups)
					continue;
				g = &groups.emplace_back(group{base, d, c, c, {}});
			}
			g->lo = std::min(g->lo, c);
			g->hi = std::max(g->hi, c);
			g->addrs.push_back({z, c});
		}
	return groups;
}

// True (as an i1 in the preheader) where some x of `g` may wrap: b + lo + min(0, d*n) < 0 or
// b + hi + max(0, d*n) >= 2^32, in i64, where nothing overflows once n <= 2^32 is checked.
llvm::Value *may_wrap(llvm::IRBuilder<> &ir, llvm::Value *b, llvm::Value *n, const group &g)
{
	llvm::Type *i64 = ir.getInt64Ty();
	llvm::Value *span = ir.CreateMul(n, llvm::ConstantInt::get(i64, g.step));
	llvm::Value *lo = ir.CreateAdd(b, llvm::ConstantInt::get(i64, g.lo));
	llvm::Value *hi = ir.CreateAdd(b, llvm::ConstantInt::get(i64, g.hi));
	if (g.step < 0)
		lo = ir.CreateAdd(lo, span);
	else
		hi = ir.CreateAdd(hi, span);
	llvm::Value *below = ir.CreateICmpSLT(lo, llvm::ConstantInt::get(i64, 0));
	llvm::Value *above = ir.CreateICmpSGT(hi, llvm::ConstantInt::get(i64, 0xffffffffll));
	return ir.CreateOr(below, above);
}

// The copy of `l` that runs when `wrap` holds, entered from the preheader, which now ends in
// the choice; the exit blocks' phis take the copy's values too.
void add_plain_copy(llvm::Loop &l, llvm::Value *wrap, llvm::LoopInfo &li, llvm::DominatorTree &dt)
{
	llvm::BasicBlock *check = l.getLoopPreheader();
	llvm::BasicBlock *entry =
		llvm::SplitBlock(check, check->getTerminator(), &dt, &li, nullptr, "w2n.nowrap.ph");
	llvm::ValueToValueMapTy map;
	llvm::SmallVector<llvm::BasicBlock *, 8> blocks;
	llvm::Loop *copy =
		llvm::cloneLoopWithPreheader(entry, check, &l, map, ".w2n.wrap", &li, &dt, blocks);
	llvm::remapInstructionsInBlocks(blocks, map);
	llvm::Instruction *old = check->getTerminator();
	llvm::BranchInst::Create(copy->getLoopPreheader(), entry, wrap, old);
	old->eraseFromParent();
	llvm::SmallVector<llvm::BasicBlock *, 4> exits;
	l.getUniqueExitBlocks(exits);
	for (llvm::BasicBlock *exit : exits) {
		for (llvm::PHINode &phi : exit->phis())
			for (unsigned k = 0, n = phi.getNumIncomingValues(); k < n; k++) {
				llvm::BasicBlock *from = phi.getIncomingBlock(k);
				if (!l.contains(from))
					continue;
				llvm::Value *v = phi.getIncomingValue(k);
				auto it = map.find(v);
				phi.addIncoming(it == map.end() ? v : static_cast<llvm::Value *>(it->second),
				                llvm::cast<llvm::BasicBlock>(map[from]));
			}
		dt.changeImmediateDominator(exit, check);
	}
}

// In `l` (the copy that runs when nothing wraps): each zext(x) of `g` becomes p + c, with p
// the 64-bit induction variable zext(b) + d*k.
void use_wide_steps(llvm::Loop &l, const group &g, llvm::Value *b)
{
	llvm::BasicBlock *header = l.getHeader();
	llvm::BasicBlock *latch = l.getLoopLatch();
	llvm::IRBuilder<> ir(header, header->begin());
	llvm::PHINode *p = ir.CreatePHI(b->getType(), 2, "w2n.addr");
	ir.SetInsertPoint(latch->getTerminator());
	// p itself may go below 0 where every c is positive and d negative (only p + c is
	// checked), so only a step up is nuw; nothing here comes near a signed overflow.
	llvm::Value *next = ir.CreateAdd(p, ir.getInt64(g.step), "", g.step > 0, true);
	p->addIncoming(b, l.getLoopPreheader());
	p->addIncoming(next, latch);
	for (auto [z, c] : g.addrs) {
		ir.SetInsertPoint(z);
		llvm::Value *wide = c == 0 ? static_cast<llvm::Value *>(p)
		                           : ir.CreateAdd(p, ir.getInt64(c), "", c > 0 && g.step > 0, true);
		z->replaceAllUsesWith(wide);
		z->eraseFromParent();
	}
}

// clang's wasm back end counts many loops up to zero (k += 16 until k == 0, the addresses at
// negative offsets from the end). Once indvars has widened such a counter to i64, instcombine
// tests the exit as (k & 0xfffffff0) == 0, which scalar evolution cannot count. Where the low
// bits of k are known zero that is the same test as trunc(k) == 0, which it can: the exit is
// rewritten so (`changed` set), and the count asked again.
const llvm::SCEV *count_to_zero(llvm::Loop &l, llvm::ScalarEvolution &se, bool &changed)
{
	llvm::BasicBlock *exiting = l.getExitingBlock();
	auto *br = exiting ? llvm::dyn_cast<llvm::BranchInst>(exiting->getTerminator()) : nullptr;
	auto *cmp =
		br && br->isConditional() ? llvm::dyn_cast<llvm::ICmpInst>(br->getCondition()) : nullptr;
	if (cmp == nullptr || !cmp->isEquality() || !pm::match(cmp->getOperand(1), pm::m_Zero()))
		return nullptr;
	llvm::Value *k;
	const llvm::APInt *mask;
	if (!pm::match(cmp->getOperand(0), pm::m_And(pm::m_Value(k), pm::m_APInt(mask))) ||
	    mask->getBitWidth() != 64)
		return nullptr;
	unsigned low = mask->countr_zero();
	if (*mask != llvm::APInt::getBitsSet(64, low, 32) ||
	    se.getMinTrailingZeros(se.getSCEV(k)) < low)
		return nullptr;
	llvm::IRBuilder<> ir(cmp);
	cmp->setOperand(0, ir.CreateTrunc(k, ir.getInt32Ty()));
	cmp->setOperand(1, ir.getInt32(0));
	changed = true;
	se.forgetLoop(&l);
	return se.getSymbolicMaxBackedgeTakenCount(&l);
}

// Versions `l` where it can. True if the function changed, also where only the loop's form
// or exit test did.
bool version(llvm::Loop &l, llvm::LoopInfo &li, llvm::DominatorTree &dt, llvm::ScalarEvolution &se,
             llvm::AssumptionCache &ac)
{
	bool changed = false;
	// The vectorizer's pipeline has not kept the loops in simplified form (a loop entered
	// straight from the function's entry has no preheader): restored where needed.
	if (l.isInnermost() && !l.isLoopSimplifyForm())
		changed = llvm::simplifyLoop(&l, &dt, &li, &se, &ac, nullptr, false);
	if (!versionable(l))
		return changed;
	llvm::SmallVector<group, max_groups> groups = find_groups(se, l);
	if (groups.empty())
		return changed;
	const llvm::SCEV *n = se.getSymbolicMaxBackedgeTakenCount(&l);
	if (llvm::isa<llvm::SCEVCouldNotCompute>(n))
		n = count_to_zero(l, se, changed);
	llvm::Instruction *at = l.getLoopPreheader()->getTerminator();
	if (n == nullptr || llvm::isa<llvm::SCEVCouldNotCompute>(n) ||
	    n->getType()->getScalarSizeInBits() > 64)
		return changed;
	llvm::SCEVExpander expand(se, at->getDataLayout(), "w2n.nowrap");
	for (const group &g : groups)
		if (!expand.isSafeToExpandAt(g.base, at) || !expand.isSafeToExpandAt(n, at))
			return changed;
	if (!l.isLCSSAForm(dt))
		llvm::formLCSSA(l, dt, &li, &se);
	llvm::IRBuilder<> ir(at);
	llvm::Type *i64 = ir.getInt64Ty();
	llvm::Value *trips = ir.CreateZExtOrTrunc(expand.expandCodeFor(n, n->getType(), at), i64);
	llvm::Value *wrap = ir.CreateICmpUGT(trips, ir.getInt64(1ull << 32));
	llvm::SmallVector<llvm::Value *, max_groups> bases;
	for (const group &g : groups) {
		bases.push_back(ir.CreateZExt(expand.expandCodeFor(g.base, ir.getInt32Ty(), at), i64));
		wrap = ir.CreateOr(wrap, may_wrap(ir, bases.back(), trips, g));
	}
	add_plain_copy(l, wrap, li, dt);
	for (size_t k = 0; k < groups.size(); k++)
		use_wide_steps(l, groups[k], bases[k]);
	se.forgetLoop(&l);
	return true;
}

} // namespace

llvm::PreservedAnalyses w2n::VersionLoopsPass::run(llvm::Function &f,
                                                   llvm::FunctionAnalysisManager &am)
{
	auto &li = am.getResult<llvm::LoopAnalysis>(f);
	auto &dt = am.getResult<llvm::DominatorTreeAnalysis>(f);
	auto &se = am.getResult<llvm::ScalarEvolutionAnalysis>(f);
	auto &ac = am.getResult<llvm::AssumptionAnalysis>(f);
	// The innermost loops first collected: versioning adds loops to `li`.
	llvm::SmallVector<llvm::Loop *, 8> loops;
	for (llvm::Loop *l : li.getLoopsInPreorder())
		if (l->isInnermost())
			loops.push_back(l);
	bool changed = false;
	for (llvm::Loop *l : loops)
		changed = version(*l, li, dt, se, ac) || changed;
	return changed ? llvm::PreservedAnalyses::none() : llvm::PreservedAnalyses::all();
}
