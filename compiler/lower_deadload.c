/* lower_deadload.c — in guard-page mode, keeps the loads whose value is dead, so that they
 * still trap when out of bounds (docs/reliability.md, "After a trap").
 *
 * In guard-page mode the bounds check of a load is the fault it takes, but LLVM deletes a load
 * whose value nothing uses (even at -O0, in instruction selection). lower_memory.c already makes
 * a load volatile when `drop` takes its value at once; the differential fuzzer found the next
 * case, a value that dies in a longer computation: `(drop (i32.xor (local.get 0) (load ...)))`,
 * or one stored into a local that is never read. After a function is lowered, and before any
 * optimization, this file finds those loads the way aggressive dead code elimination would:
 * everything with an effect (stores to memory, calls, branches, returns) is live, and so is
 * every operand of something live, and a value stored into a local (an alloca) is live when a
 * live load reads that local. A linear-memory load that is not live is made volatile. Real
 * programs have no dead loads, so this costs them nothing.
 *
 * What it cannot see: a value LLVM's algebra makes irrelevant later (`(i32.and (load) 0)`,
 * `(i32.mul (load) 0)`). docs/reliability.md states the guarantee with that exception.
 */
#include "lower.h"

#include <stdint.h>
#include <stdlib.h>

/* A store into a local (an alloca), indexed by the local. */
struct local_store {
	LLVMValueRef local, store;
};

/* A set of instructions: open addressing on the pointer, plus the order they were added in,
 * which is also the work list. */
struct live {
	LLVMValueRef *slots; /* capacity entries, NULL = free */
	size_t cap, count;
	LLVMValueRef *order;        /* the members, in the order added */
	size_t done;                /* members whose operands have been marked */
	struct local_store *stores; /* sorted by local */
	size_t nstores;
};

static size_t slot_of(const struct live *l, LLVMValueRef v)
{
	uintptr_t h = (uintptr_t)v >> 4;
	h ^= h >> 17;
	size_t i = (size_t)(h * 0x9e3779b97f4a7c15ull) & (l->cap - 1);
	while (l->slots[i] && l->slots[i] != v)
		i = (i + 1) & (l->cap - 1);
	return i;
}

static bool is_live(const struct live *l, LLVMValueRef v)
{
	return l->slots[slot_of(l, v)] == v;
}

/* Adds v (an instruction) to the set and the work list, if not there yet. */
static void mark(struct live *l, LLVMValueRef v)
{
	if (!LLVMIsAInstruction(v))
		return;
	size_t i = slot_of(l, v);
	if (l->slots[i])
		return;
	l->slots[i] = v;
	l->order[l->count++] = v;
}

/* Instructions with no effect of their own: live only if something live uses them. */
static bool pure(LLVMValueRef inst)
{
	switch (LLVMGetInstructionOpcode(inst)) {
	case LLVMLoad:
		return !LLVMGetVolatile(inst);
	case LLVMStore:
		/* A store into a local matters only if the local is live (mark_stores_into). */
		return LLVMIsAAllocaInst(LLVMGetOperand(inst, 1)) != NULL;
	case LLVMAdd:
	case LLVMFAdd:
	case LLVMSub:
	case LLVMFSub:
	case LLVMMul:
	case LLVMFMul:
	case LLVMUDiv:
	case LLVMSDiv:
	case LLVMFDiv:
	case LLVMURem:
	case LLVMSRem:
	case LLVMFRem:
	case LLVMShl:
	case LLVMLShr:
	case LLVMAShr:
	case LLVMAnd:
	case LLVMOr:
	case LLVMXor:
	case LLVMFNeg:
	case LLVMTrunc:
	case LLVMZExt:
	case LLVMSExt:
	case LLVMFPToUI:
	case LLVMFPToSI:
	case LLVMUIToFP:
	case LLVMSIToFP:
	case LLVMFPTrunc:
	case LLVMFPExt:
	case LLVMPtrToInt:
	case LLVMIntToPtr:
	case LLVMBitCast:
	case LLVMICmp:
	case LLVMFCmp:
	case LLVMPHI:
	case LLVMSelect:
	case LLVMGetElementPtr:
	case LLVMExtractElement:
	case LLVMInsertElement:
	case LLVMShuffleVector:
	case LLVMExtractValue:
	case LLVMInsertValue:
	case LLVMAlloca:
	case LLVMFreeze:
		return true;
	default: /* calls, branches, returns, switches, stores to memory, volatile loads, ... */
		return false;
	}
}

static int by_local(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct local_store *)a)->local;
	uintptr_t y = (uintptr_t)((const struct local_store *)b)->local;
	return x < y ? -1 : x > y;
}

/* A live local (something live reads it or takes its address): the values stored into it
 * are live. */
static void mark_stores_into(struct live *l, LLVMValueRef local)
{
	size_t lo = 0, hi = l->nstores;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((uintptr_t)l->stores[mid].local < (uintptr_t)local)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < l->nstores && l->stores[lo].local == local; lo++)
		mark(l, l->stores[lo].store);
}

/* Marks the operands of every member not yet processed. */
static void propagate(struct live *l)
{
	while (l->done < l->count) {
		LLVMValueRef v = l->order[l->done++];
		int n = LLVMGetNumOperands(v);
		for (int i = 0; i < n; i++)
			mark(l, LLVMGetOperand(v, i));
		if (LLVMIsAAllocaInst(v))
			mark_stores_into(l, v);
	}
}

static size_t count_instructions(LLVMValueRef fn)
{
	size_t n = 0;
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			n++;
	return n;
}

/* The roots: every instruction with an effect; and the index of stores into locals. */
static void find_roots(struct live *l, LLVMValueRef fn)
{
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
			if (!pure(i))
				mark(l, i);
			else if (LLVMGetInstructionOpcode(i) == LLVMStore)
				l->stores[l->nstores++] = (struct local_store){LLVMGetOperand(i, 1), i};
		}
	if (l->nstores)
		qsort(l->stores, l->nstores, sizeof *l->stores, by_local);
}

void w2n_keep_dead_loads(struct fx *fx)
{
	size_t n = count_instructions(fx->fn), cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	struct live l = {.cap = cap};
	l.slots = w2n_xrealloc(NULL, 0, cap, sizeof *l.slots);
	l.order = w2n_xrealloc(NULL, 0, n ? n : 1, sizeof *l.order);
	l.stores = w2n_xrealloc(NULL, 0, n ? n : 1, sizeof *l.stores);
	find_roots(&l, fx->fn);
	propagate(&l);
	for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fx->fn); bb; bb = LLVMGetNextBasicBlock(bb))
		for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
			if (!is_live(&l, i) && w2n_is_memory_load(fx->mx, i))
				LLVMSetVolatile(i, 1);
	free(l.slots);
	free(l.order);
	free(l.stores);
}
