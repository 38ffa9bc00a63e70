/* lower_simd_memory.c — v128 loads and stores (families SIMD_LOAD, SIMD_STORE, SIMD_LOAD_LANE,
 * SIMD_STORE_LANE).
 *
 * Addresses, bounds checks and access attributes are the scalar ones (w2n_memory_address,
 * w2n_memory_access in lower_memory.c): the access size is w2n_op_access_bytes, so in
 * bounds-check mode a v128.load checks 16 bytes, a load8x8_s 8, a load32_lane 4. Every access
 * has alignment 1, because wasm's alignment immediate is a hint: unaligned v128 accesses are
 * movdqu on x86-64 and ldr q on AArch64, which cost the same as aligned ones on current cores.
 */
#include <assert.h>

#include "lower_simd.h"

/* A load of `t` at the instruction's address operand + offset. In guard-page mode a load
 * whose value is dropped at once is volatile, so that it keeps its trap (as lower_memory.c
 * does for scalar loads). */
static LLVMValueRef load(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr,
                         LLVMTypeRef t)
{
	struct mx *mx = fx->mx;
	unsigned bytes = w2n_op_access_bytes(in->op);
	LLVMValueRef ptr = w2n_memarg_address(fx, in, addr, bytes);
	LLVMValueRef v = LLVMBuildLoad2(mx->b, t, ptr, "");
	w2n_memory_access(mx, v);
	if (!mx->opt->bounds_checks && in[1].op == W2N_OP_DROP)
		LLVMSetVolatile(v, 1);
	return v;
}

static void store(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr, LLVMValueRef v)
{
	struct mx *mx = fx->mx;
	unsigned bytes = w2n_op_access_bytes(in->op);
	LLVMValueRef ptr = w2n_memarg_address(fx, in, addr, bytes);
	w2n_memory_access(mx, LLVMBuildStore(mx->b, v, ptr));
}

/* SIMD_LOAD, by ARG: `_` loads 16 bytes; EXTEND_S/U loads 8 bytes as lanes half as wide as
 * SHAPE's and sign/zero-extends each; SPLAT loads one lane of SHAPE into every lane; ZERO loads
 * it into lane 0 and zeroes the rest. */
static LLVMValueRef simd_load(struct fx *fx, const struct w2n_instr *in, LLVMValueRef addr)
{
	struct mx *mx = fx->mx;
	const struct w2n_opinfo *info = &w2n_ops[in->op];
	struct shape s, narrow;
	LLVMValueRef x;

	if (info->arg == W2N_ARG_NONE)
		return load(fx, in, addr, mx->t_v128);
	s = w2n_simd_shape(mx, info->shape);
	switch (info->arg) {
	case W2N_ARG_EXTEND_S:
	case W2N_ARG_EXTEND_U:
		narrow = w2n_simd_ishape(mx, s.bits / 2, s.count);
		x = load(fx, in, addr, narrow.vec);
		return info->arg == W2N_ARG_EXTEND_S ? LLVMBuildSExt(mx->b, x, s.vec, "")
		                                     : LLVMBuildZExt(mx->b, x, s.vec, "");
	case W2N_ARG_SPLAT:
		return w2n_simd_splat(fx, load(fx, in, addr, s.lane), s.count);
	default:
		assert(info->arg == W2N_ARG_ZERO);
		x = load(fx, in, addr, s.lane);
		return LLVMBuildInsertElement(mx->b, LLVMConstNull(s.vec), x, w2n_i32(mx, 0), "");
	}
}

/* v128.loadN_lane / storeN_lane: one lane of SHAPE, whose index is the immediate. */
static void lane_access(struct fx *fx, const struct w2n_instr *in, bool is_store)
{
	struct mx *mx = fx->mx;
	struct shape s = w2n_simd_shape(mx, w2n_ops[in->op].shape);
	LLVMValueRef v = w2n_simd_as(fx, w2n_pop(fx), s.vec);
	LLVMValueRef addr = w2n_pop(fx);
	LLVMValueRef lane = w2n_i32(mx, in->imm.mem.lane);
	if (is_store) {
		store(fx, in, addr, LLVMBuildExtractElement(mx->b, v, lane, ""));
		return;
	}
	LLVMValueRef x = load(fx, in, addr, s.lane);
	w2n_push(fx, w2n_simd_v128(fx, LLVMBuildInsertElement(mx->b, v, x, lane, "")));
}

void w2n_lower_simd_memory(struct fx *fx, const struct w2n_instr *in)
{
	LLVMValueRef v;

	switch (w2n_ops[in->op].family) {
	case W2N_FAM_SIMD_LOAD:
		v = simd_load(fx, in, w2n_pop(fx));
		w2n_push(fx, w2n_simd_v128(fx, v));
		break;
	case W2N_FAM_SIMD_STORE:
		v = w2n_pop(fx);
		store(fx, in, w2n_pop(fx), v);
		break;
	case W2N_FAM_SIMD_LOAD_LANE:
		lane_access(fx, in, false);
		break;
	default:
		assert(w2n_ops[in->op].family == W2N_FAM_SIMD_STORE_LANE);
		lane_access(fx, in, true);
		break;
	}
}
