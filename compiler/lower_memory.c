/* lower_memory.c — loads, stores and the memory.* / data.drop operators (families LOAD, STORE,
 * MEMORY).
 *
 * Addressing: the effective address is zext(i32 address) + u32 offset computed in i64, so it
 * never wraps (at most 2^33 - 2). Two modes (DESIGN.md §4):
 * - guard pages (default): memory 0 is an 8 GiB reservation whose inaccessible part faults, and
 *   the runtime turns a fault inside a reservation into "out of bounds memory access". Any
 *   effective address plus access size lands inside the reservation, so no check is emitted and
 *   the base is a per-function invariant.
 * - bounds checks (--bounds-checks): each access compares ea + size against the current memory
 *   size, which is reloaded at each access because memory.grow (here, in a callee or in another
 *   instance sharing the memory) changes it.
 *
 * Several memories (multi-memory): each has its own reservation or size, and these rules hold
 * for each; memory 0 keeps its per-function base (lower_emit.c), the others load theirs where
 * used. memory64: an i64 address plus a u64 offset can reach any byte of the address space, so
 * no reservation covers it: accesses to a 64-bit memory are checked explicitly in both modes
 * (docs/lowering-semantics.md, "memory64").
 *
 * Wasm alignment immediates are hints, not promises: every access is emitted with alignment 1
 * (on x86-64 and AArch64 this costs nothing for scalar accesses).
 */
#include "lower.h"

#include <assert.h>
#include <string.h>

/* Tags an access with a TBAA type under a root of our own. Linear memory and the memory
 * object's size field never overlap (the object lives in the runtime's heap), so giving them
 * sibling types lets LLVM keep the size in a register across wasm stores in bounds-check mode;
 * untagged accesses (calls, other runtime fields) still alias both. */
static LLVMValueRef tbaa_tag(struct mx *mx, const char *type)
{
	LLVMMetadataRef root_name = LLVMMDStringInContext2(mx->ctx, "w2n", 3);
	LLVMMetadataRef root = LLVMMDNodeInContext2(mx->ctx, &root_name, 1);
	LLVMMetadataRef zero = LLVMValueAsMetadata(w2n_i64(mx, 0));
	LLVMMetadataRef tnode[3] = {LLVMMDStringInContext2(mx->ctx, type, strlen(type)), root, zero};
	LLVMMetadataRef ty = LLVMMDNodeInContext2(mx->ctx, tnode, 3);
	LLVMMetadataRef tag[3] = {ty, ty, zero};
	return LLVMMetadataAsValue(mx->ctx, LLVMMDNodeInContext2(mx->ctx, tag, 3));
}

static void tbaa(struct mx *mx, LLVMValueRef access, const char *type)
{
	LLVMSetMetadata(access, LLVMGetMDKindIDInContext(mx->ctx, "tbaa", 4), tbaa_tag(mx, type));
}

/* Metadata nodes are uniqued, so the tag built again is the same node. */
bool w2n_is_memory_load(struct mx *mx, LLVMValueRef inst)
{
	return LLVMIsALoadInst(inst) &&
	       LLVMGetMetadata(inst, LLVMGetMDKindIDInContext(mx->ctx, "tbaa", 4)) ==
	           tbaa_tag(mx, "linear memory");
}

static bool is64(struct fx *fx, uint32_t mem)
{
	return fx->mx->m->mems[mem].limits.is64;
}

/* Current size of memory `mem` in bytes. Never invariant: memory.grow can change it behind any
 * call, and a memory imported from another instance can grow from there. */
static LLVMValueRef memory_size_bytes(struct fx *fx, uint32_t mem)
{
	struct mx *mx = fx->mx;
	LLVMValueRef size =
		w2n_load_field(fx, w2n_memory_object(fx, mem), W2N_OFF_MEMORY_SIZE, mx->t_i64, false);
	tbaa(mx, size, "memory size");
	return size;
}

/* memory64: the end of the access, address + offset + bytes, in i128 where it cannot wrap,
 * is compared with the size; the i64 effective address is then exact (it is below the size). */
static LLVMValueRef checked_ea64(struct fx *fx, uint32_t mem, LLVMValueRef addr, uint64_t offset,
                                 unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMTypeRef i128 = LLVMIntTypeInContext(mx->ctx, 128);
	LLVMValueRef ea = LLVMBuildNUWAdd(b, LLVMBuildZExt(b, addr, i128, ""),
	                                  LLVMConstInt(i128, offset, false), "ea");
	LLVMValueRef end = LLVMBuildNUWAdd(b, ea, LLVMConstInt(i128, bytes, false), "end");
	LLVMValueRef size = LLVMBuildZExt(b, memory_size_bytes(fx, mem), i128, "");
	w2n_trap_if(fx, LLVMBuildICmp(b, LLVMIntUGT, end, size, "oob"), W2N_TRAP_MEMORY_OOB);
	return LLVMBuildTrunc(b, ea, mx->t_i64, "ea");
}

LLVMValueRef w2n_memory_address(struct fx *fx, uint32_t mem, LLVMValueRef addr, uint64_t offset,
                                unsigned bytes)
{
	struct mx *mx = fx->mx;
	LLVMBuilderRef b = mx->b;
	LLVMValueRef ea;
	if (is64(fx, mem)) {
		ea = checked_ea64(fx, mem, addr, offset, bytes);
	} else {
		/* Wasm addresses are unsigned: zero-extend, then add the offset in 64 bits where
		 * neither step can wrap. */
		ea = LLVMBuildZExt(b, addr, mx->t_i64, "ea");
		if (offset)
			ea = LLVMBuildNUWAdd(b, ea, w2n_i64(mx, offset), "ea");
		if (mx->opt->bounds_checks) {
			LLVMValueRef end = LLVMBuildNUWAdd(b, ea, w2n_i64(mx, bytes), "end");
			LLVMValueRef oob = LLVMBuildICmp(b, LLVMIntUGT, end, memory_size_bytes(fx, mem), "oob");
			w2n_trap_if(fx, oob, W2N_TRAP_MEMORY_OOB);
		}
	}
	/* In guard mode a 32-bit address may lie in the guard region: the access then faults,
	 * which is the trap. The pointer stays inside the reservation, so inbounds/nuw hold
	 * either way. */
	return LLVMBuildGEPWithNoWrapFlags(b, mx->t_i8, w2n_memory_base(fx, mem), &ea, 1, "addr",
	                                   LLVMGEPFlagInBounds | LLVMGEPFlagNUW);
}

LLVMValueRef w2n_memarg_address(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr,
                                unsigned bytes)
{
	return w2n_memory_address(fx, in->imm.mem.memory, addr, in->imm.mem.offset, bytes);
}

/* Every load and store of linear memory: alignment 1 (wasm alignment immediates are hints),
 * and the TBAA tag that keeps it apart from the memory size. */
void w2n_memory_access(struct mx *mx, LLVMValueRef access)
{
	LLVMSetAlignment(access, 1);
	tbaa(mx, access, "linear memory");
}

/* i32.load .. i64.load32_u. ARG: W<bits> loads the result type itself; S<bits>/U<bits> load a
 * narrower integer and sign/zero-extend it. Floats are loaded as floats: an LLVM load never
 * alters the bits, so NaN payloads survive. */
static void lower_load(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	unsigned bytes = w2n_op_access_bytes(in->op);
	LLVMTypeRef rt = w2n_llvm_type(mx, info->sig.result);
	bool sext = w2n_arg_signed(info->arg), zext = w2n_arg_unsigned(info->arg);
	LLVMTypeRef lt = sext || zext ? LLVMIntTypeInContext(mx->ctx, bytes * 8) : rt;

	LLVMValueRef ptr = w2n_memarg_address(fx, in, w2n_pop(fx), bytes);
	LLVMValueRef v = LLVMBuildLoad2(mx->b, lt, ptr, "");
	w2n_memory_access(mx, v);
	/* In guard mode the fault is the bounds check, but LLVM deletes loads whose value is
	 * unused, and wasm requires `(drop (i32.load ...))` to trap when out of bounds. A load
	 * dropped right away is made volatile so it stays; used loads stay plain so LLVM can
	 * still combine, hoist and vectorize them. A value that dies in a longer computation is
	 * found after the function is lowered (lower_deadload.c). */
	if (!mx->opt->bounds_checks && in[1].op == W2N_OP_DROP)
		LLVMSetVolatile(v, 1);
	if (sext)
		v = LLVMBuildSExt(mx->b, v, rt, "");
	else if (zext)
		v = LLVMBuildZExt(mx->b, v, rt, "");
	w2n_push(fx, v);
}

/* i32.store .. i64.store32. ARG W<bits>: the value is truncated to that width when narrower
 * than its type (wasm's wrap semantics); floats are stored as floats, bit for bit. */
static void lower_store(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	unsigned bytes = w2n_op_access_bytes(in->op);
	LLVMValueRef v = w2n_pop(fx);
	LLVMValueRef addr = w2n_pop(fx);
	LLVMTypeRef vt = LLVMTypeOf(v);

	if (LLVMGetTypeKind(vt) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(vt) > bytes * 8)
		v = LLVMBuildTrunc(mx->b, v, LLVMIntTypeInContext(mx->ctx, bytes * 8), "");
	LLVMValueRef ptr = w2n_memarg_address(fx, in, addr, bytes);
	w2n_memory_access(mx, LLVMBuildStore(mx->b, v, ptr));
}

/* memory.size: pages = bytes / 64 KiB; a 32-bit memory has at most 65536 pages, an i32. */
static void lower_memory_size(struct fx *fx, uint32_t mem)
{
	struct mx *mx = fx->mx;
	LLVMValueRef pages =
		LLVMBuildLShr(mx->b, memory_size_bytes(fx, mem), w2n_i64(mx, W2N_PAGE_SHIFT), "pages");
	w2n_push(fx, is64(fx, mem) ? pages : LLVMBuildTrunc(mx->b, pages, mx->t_i32, "pages"));
}

/* An operand as the u64 the *_at builtins take (32-bit addresses and sizes zero-extend). */
static LLVMValueRef pop_u64(struct fx *fx)
{
	LLVMValueRef v = w2n_pop(fx);
	struct mx *mx = fx->mx;
	return LLVMTypeOf(v) == mx->t_i64 ? v : LLVMBuildZExt(mx->b, v, mx->t_i64, "");
}

/* A call of a *_at builtin, which can trap: not a tail call (see w2n_call_builtin). */
static LLVMValueRef call_at(struct fx *fx, const char *name, LLVMTypeRef ret, LLVMValueRef *args,
                            unsigned nargs)
{
	LLVMValueRef r = w2n_call_rt(fx, name, ret, args, nargs);
	LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
	return r;
}

/* memory.grow: the runtime commits the pages (or reallocates in bounds-check mode) and
 * returns the old page count or -1; then the cached base may be stale. */
static void lower_memory_grow(struct fx *fx, uint32_t mem)
{
	struct mx *mx = fx->mx;
	if (mem == 0 && !is64(fx, 0)) {
		LLVMValueRef args[2] = {fx->vmctx, w2n_pop(fx)};
		w2n_push(fx, w2n_call_rt(fx, "w2n_rt_memory_grow", mx->t_i32, args, 2));
	} else {
		LLVMValueRef delta = pop_u64(fx);
		LLVMValueRef args[3] = {fx->vmctx, w2n_i32(mx, mem), delta};
		LLVMValueRef old = w2n_call_rt(fx, "w2n_rt_memory_grow_at", mx->t_i64, args, 3);
		w2n_push(fx, is64(fx, mem) ? old : LLVMBuildTrunc(mx->b, old, mx->t_i32, ""));
	}
	w2n_memory_changed(fx);
}

/* memory.fill, memory.copy and memory.init on memories other than a 32-bit memory 0: the *_at
 * builtins with the memory indices and u64 operands. */
static void lower_bulk_at(struct fx *fx, const struct w2n_instr *in)
{
	struct mx *mx = fx->mx;
	LLVMValueRef a = w2n_i32(mx, in->imm.idx.a), b = w2n_i32(mx, in->imm.idx.b);
	LLVMValueRef n, src, dst;
	switch (in->op) {
	case W2N_OP_MEMORY_FILL: { /* dst, value, n */
		n = pop_u64(fx);
		LLVMValueRef value = w2n_pop(fx);
		dst = pop_u64(fx);
		LLVMValueRef args[5] = {fx->vmctx, a, dst, value, n};
		call_at(fx, "w2n_rt_memory_fill_at", mx->t_void, args, 5);
		break;
	}
	case W2N_OP_MEMORY_COPY: { /* dst, src, n */
		n = pop_u64(fx);
		src = pop_u64(fx);
		dst = pop_u64(fx);
		LLVMValueRef args[6] = {fx->vmctx, a, b, dst, src, n};
		call_at(fx, "w2n_rt_memory_copy_at", mx->t_void, args, 6);
		break;
	}
	default: { /* memory.init seg mem: dst, src, n (offsets in the segment are i32) */
		assert(in->op == W2N_OP_MEMORY_INIT);
		n = w2n_pop(fx);
		src = w2n_pop(fx);
		dst = pop_u64(fx);
		LLVMValueRef args[6] = {fx->vmctx, b, a, dst, src, n};
		call_at(fx, "w2n_rt_memory_init_at", mx->t_void, args, 6);
		break;
	}
	}
}

/* Whether a bulk operator touches only memory 0 with 32-bit addresses: then it calls the
 * builtins of 2.0, as before multi-memory. */
static bool on_memory0_32(struct fx *fx, const struct w2n_instr *in)
{
	uint32_t a = in->imm.idx.a, b = in->imm.idx.b;
	switch (in->op) {
	case W2N_OP_MEMORY_COPY:
		return a == 0 && b == 0 && !is64(fx, 0);
	case W2N_OP_MEMORY_INIT:
		return b == 0 && !is64(fx, 0);
	default:
		return a == 0 && !is64(fx, 0);
	}
}

/* The bulk operators call the runtime, which checks bounds (trapping before writing anything,
 * as the spec requires) and uses memmove/memset. */
static void lower_memory_op(struct fx *fx, const struct w2n_instr *in)
{
	LLVMTypeRef void_ = fx->mx->t_void;
	if (in->op == W2N_OP_MEMORY_SIZE) {
		lower_memory_size(fx, in->imm.idx.a);
		return;
	}
	if (in->op == W2N_OP_MEMORY_GROW) {
		lower_memory_grow(fx, in->imm.idx.a);
		return;
	}
	if (in->op != W2N_OP_DATA_DROP && !on_memory0_32(fx, in)) {
		lower_bulk_at(fx, in);
		return;
	}
	switch (in->op) {
	case W2N_OP_MEMORY_FILL: /* dst, value, n */
		w2n_call_builtin(fx, "w2n_rt_memory_fill", void_, NULL, 0, 3);
		break;
	case W2N_OP_MEMORY_COPY: /* dst, src, n */
		w2n_call_builtin(fx, "w2n_rt_memory_copy", void_, NULL, 0, 3);
		break;
	case W2N_OP_MEMORY_INIT: /* seg; dst, src, n */
		w2n_call_builtin(fx, "w2n_rt_memory_init", void_, &in->imm.idx.a, 1, 3);
		break;
	case W2N_OP_DATA_DROP:
		w2n_call_builtin(fx, "w2n_rt_data_drop", void_, &in->imm.idx.a, 1, 0);
		break;
	default:
		assert(!"not a MEMORY operator");
	}
}

void w2n_lower_memory(struct fx *fx, const struct w2n_instr *in)
{
	switch (w2n_ops[in->op].family) {
	case W2N_FAM_LOAD:
		lower_load(fx, in);
		break;
	case W2N_FAM_STORE:
		lower_store(fx, in);
		break;
	default:
		lower_memory_op(fx, in);
		break;
	}
}
