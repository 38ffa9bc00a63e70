/* lower_atomic.c — the threads proposal's operators (families ATOMIC_*): atomic loads, stores,
 * read-modify-writes and compare-exchanges, memory.atomic.wait32/64 and notify, atomic.fence.
 *
 * Memory model: every atomic access of wasm is sequentially consistent, and is lowered to an
 * LLVM atomic of ordering seq_cst (x86-64: a locked instruction or xchg for stores; AArch64:
 * LDAR/STLR, or LDAXR/STLXR loops, CASAL with LSE). atomic.fence is an LLVM seq_cst fence.
 * Ordinary loads and stores stay plain: wasm gives them no ordering beyond what the atomics
 * around them impose, which is also LLVM's rule for non-atomic accesses (docs/threads.md).
 *
 * Addressing is that of ordinary accesses (w2n_memory_address: bounds checks or guard pages)
 * after one more check: an atomic access must be naturally aligned, and an effective address
 * that is not traps "unaligned atomic", before the bounds are looked at. Base addresses are
 * page-aligned, so an aligned wasm address is an aligned host address, and the LLVM atomics
 * carry their natural alignment: LLVM never turns them into __atomic_* library calls, which
 * the freestanding runtime does not have.
 *
 * wait and notify call the runtime (runtime/atomic_wait.c), which checks alignment, bounds and
 * sharing itself: they block, so the call costs nothing that matters. */
#include "lower.h"

#include <assert.h>

/* The effective address addr + offset in i64, for the alignment check and the runtime's wait
 * and notify (addr is i32, zero-extended, or i64 for a memory64 memory). An i64 sum that wraps
 * past 2^64 keeps its low bits (the alignment to check) and gets every other bit set, which
 * is past the end of any memory: the runtime then traps out of bounds, as the spec's
 * unbounded sum would. */
static LLVMValueRef effective_address(struct fx *fx, LLVMValueRef addr, uint64_t offset,
                                      unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	if (LLVMTypeOf(addr) != mx->t_i64) {
		LLVMValueRef ea = LLVMBuildZExt(b, addr, mx->t_i64, "ea");
		return offset ? LLVMBuildNUWAdd(b, ea, w2n_i64(mx, offset), "ea") : ea;
	}
	if (offset == 0)
		return addr;
	LLVMValueRef ea = LLVMBuildAdd(b, addr, w2n_i64(mx, offset), "ea");
	LLVMValueRef wrapped = LLVMBuildICmp(b, LLVMIntULT, ea, addr, "wrapped");
	LLVMValueRef beyond = LLVMBuildOr(b, ea, w2n_i64(mx, ~(uint64_t)(bytes - 1)), "");
	return LLVMBuildSelect(b, wrapped, beyond, ea, "ea");
}

/* The host pointer of an atomic access of `bytes` bytes at the memarg of `in`: traps
 * "unaligned atomic" when the effective address is not a multiple of `bytes`, then addresses
 * it like an ordinary access (which traps out of bounds in bounds-check mode, or faults in a
 * guard). */
static LLVMValueRef atomic_address(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr,
                                   unsigned bytes)
{
	struct mx *mx = fx->mx;
	if (bytes > 1) {
		LLVMValueRef ea = effective_address(fx, addr, in->imm.mem.offset, bytes);
		LLVMValueRef low = LLVMBuildAnd(mx->b, ea, w2n_i64(mx, bytes - 1), "");
		LLVMValueRef bad = LLVMBuildICmp(mx->b, LLVMIntNE, low, w2n_i64(mx, 0), "unaligned");
		w2n_trap_if(fx, bad, W2N_TRAP_UNALIGNED_ATOMIC);
	}
	return w2n_memarg_address(fx, in, addr, bytes);
}

/* An access's LLVM attributes: seq_cst and the natural alignment (checked above). */
static LLVMValueRef seq_cst(LLVMValueRef access, unsigned bytes)
{
	LLVMSetOrdering(access, LLVMAtomicOrderingSequentiallyConsistent);
	LLVMSetAlignment(access, bytes);
	return access;
}

static LLVMTypeRef access_type(struct mx *mx, unsigned bytes)
{
	return LLVMIntTypeInContext(mx->ctx, bytes * 8);
}

/* A value narrowed to the access width (wasm wraps stored values), or left as it is. */
static LLVMValueRef narrow(struct mx *mx, LLVMValueRef v, unsigned bytes)
{
	if (LLVMGetIntTypeWidth(LLVMTypeOf(v)) == bytes * 8)
		return v;
	return LLVMBuildTrunc(mx->b, v, access_type(mx, bytes), "");
}

/* A loaded value zero-extended to the operator's result type (the _u of narrow accesses). */
static void push_widened(struct fx *fx, const struct w2n_instr *in, LLVMValueRef v)
{
	struct mx *mx = fx->mx;
	LLVMTypeRef rt = w2n_llvm_type(mx, w2n_ops[in->op].sig.result);
	w2n_push(fx, LLVMTypeOf(v) == rt ? v : LLVMBuildZExt(mx->b, v, rt, ""));
}

static void lower_load(struct fx *fx, const struct w2n_instr *in, unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMValueRef ptr = atomic_address(fx, in, w2n_pop(fx), bytes);
	LLVMValueRef v = LLVMBuildLoad2(mx->b, access_type(mx, bytes), ptr, "");
	push_widened(fx, in, seq_cst(v, bytes));
}

static void lower_store(struct fx *fx, const struct w2n_instr *in, unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMValueRef v = narrow(mx, w2n_pop(fx), bytes);
	LLVMValueRef ptr = atomic_address(fx, in, w2n_pop(fx), bytes);
	seq_cst(LLVMBuildStore(mx->b, v, ptr), bytes);
}

static LLVMAtomicRMWBinOp rmw_op(enum w2n_family f)
{
	switch (f) {
	case W2N_FAM_ATOMIC_RMW_ADD:
		return LLVMAtomicRMWBinOpAdd;
	case W2N_FAM_ATOMIC_RMW_SUB:
		return LLVMAtomicRMWBinOpSub;
	case W2N_FAM_ATOMIC_RMW_AND:
		return LLVMAtomicRMWBinOpAnd;
	case W2N_FAM_ATOMIC_RMW_OR:
		return LLVMAtomicRMWBinOpOr;
	case W2N_FAM_ATOMIC_RMW_XOR:
		return LLVMAtomicRMWBinOpXor;
	default:
		assert(f == W2N_FAM_ATOMIC_RMW_XCHG);
		return LLVMAtomicRMWBinOpXchg;
	}
}

/* The read-modify-writes return the old value, zero-extended from narrow accesses. */
static void lower_rmw(struct fx *fx, const struct w2n_instr *in, unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMValueRef v = narrow(mx, w2n_pop(fx), bytes);
	LLVMValueRef ptr = atomic_address(fx, in, w2n_pop(fx), bytes);
	LLVMValueRef old = LLVMBuildAtomicRMW(mx->b, rmw_op(w2n_ops[in->op].family), ptr, v,
	                                      LLVMAtomicOrderingSequentiallyConsistent, false);
	LLVMSetAlignment(old, bytes);
	push_widened(fx, in, old);
}

/* cmpxchg compares the loaded value, zero-extended, with the whole expected operand: an
 * expected value with bits above a narrow access's width never matches. LLVM's cmpxchg works
 * at the access width, so such an expected value also gets itself as the replacement: if its
 * low bits match, the exchange rewrites the value that is there, which no thread can tell
 * from the failed comparison wasm specifies (both are one seq_cst access to the location). */
static void lower_cmpxchg(struct fx *fx, const struct w2n_instr *in, unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMValueRef repl = w2n_pop(fx), expected = w2n_pop(fx);
	LLVMValueRef ptr = atomic_address(fx, in, w2n_pop(fx), bytes);
	LLVMValueRef exp_n = narrow(mx, expected, bytes), repl_n = narrow(mx, repl, bytes);
	if (exp_n != expected) {
		LLVMValueRef fits = LLVMBuildICmp(
			b, LLVMIntEQ, LLVMBuildZExt(b, exp_n, LLVMTypeOf(expected), ""), expected, "fits");
		repl_n = LLVMBuildSelect(b, fits, repl_n, exp_n, "");
	}
	LLVMValueRef pair =
		LLVMBuildAtomicCmpXchg(b, ptr, exp_n, repl_n, LLVMAtomicOrderingSequentiallyConsistent,
	                           LLVMAtomicOrderingSequentiallyConsistent, false);
	LLVMSetAlignment(pair, bytes);
	push_widened(fx, in, LLVMBuildExtractValue(b, pair, 0, "old"));
}

/* memory.atomic.wait32/64 (address, expected, timeout in ns, negative: forever) -> 0 woken,
 * 1 not equal, 2 timed out; memory.atomic.notify (address, count) -> threads woken. The
 * runtime gets the memory index and the effective address, and checks them. */
static void lower_wait_notify(struct fx *fx, const struct w2n_instr *in, unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMValueRef args[5];
	bool notify = w2n_ops[in->op].family == W2N_FAM_ATOMIC_NOTIFY;
	unsigned nops = notify ? 2 : 3;
	for (unsigned i = nops + 1; i > 2; i--)
		args[i] = w2n_pop(fx);
	args[0] = fx->vmctx;
	args[1] = w2n_i32(mx, in->imm.mem.memory);
	args[2] = effective_address(fx, w2n_pop(fx), in->imm.mem.offset, bytes);
	const char *name = notify       ? "w2n_rt_atomic_notify"
	                   : bytes == 4 ? "w2n_rt_atomic_wait32"
	                                : "w2n_rt_atomic_wait64";
	LLVMValueRef r = w2n_call_rt(fx, name, mx->t_i32, args, nops + 2);
	/* It may trap: the return address must stay in this function (w2n_call_builtin). */
	LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
	w2n_push(fx, r);
}

void w2n_lower_atomic(struct fx *fx, const struct w2n_instr *in)
{
	unsigned bytes = w2n_op_access_bytes(in->op);
	switch (w2n_ops[in->op].family) {
	case W2N_FAM_ATOMIC_LOAD:
		lower_load(fx, in, bytes);
		break;
	case W2N_FAM_ATOMIC_STORE:
		lower_store(fx, in, bytes);
		break;
	case W2N_FAM_ATOMIC_CMPXCHG:
		lower_cmpxchg(fx, in, bytes);
		break;
	case W2N_FAM_ATOMIC_WAIT:
	case W2N_FAM_ATOMIC_NOTIFY:
		lower_wait_notify(fx, in, bytes);
		break;
	case W2N_FAM_ATOMIC_FENCE:
		LLVMBuildFence(fx->mx->b, LLVMAtomicOrderingSequentiallyConsistent, false, "");
		break;
	default:
		lower_rmw(fx, in, bytes);
		break;
	}
}
