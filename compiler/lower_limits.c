/* lower_limits.c — the code that limits need, compiled in only when asked for
 * (w2n_compile_options.interruptible and .fuel; docs/limits.md).
 *
 * Fuel (--fuel-metering): every instruction costs one unit, charged at the start of its basic
 * block for the whole block. A block starts at the function's first instruction and after
 * every instruction that ends one or is followed by a branch target: loop (its header), if
 * (the then-branch), else, end (a merge point), br_if (the fall-through), br, br_table,
 * return, unreachable. The charge subtracts the block's cost from a local copy of vmctx->fuel.
 * Only the charges at the function's entry and at loop heads, and the point after each call,
 * check it and trap "all fuel consumed" when it is below zero: every endless execution passes
 * one of them again and again, and between two of them runs at most one loop-free stretch of
 * one function, which is all a guest can overrun. Checking every block would cost twice as
 * much (a compare and branch per block, and a chain of subtractions LLVM cannot merge). The
 * stopping point depends only on the wasm code and the fuel, never on the target or the
 * optimizer. The local copy (an alloca that mem2reg makes SSA) is written back to vmctx->fuel
 * before calls, returns and traps, and read again after calls: the callee, or a host
 * function, spends or refills the same fuel.
 *
 * Interruption checks (--interruptible) are not lowered here: this file only marks each
 * function that holds wasm code with a wasm function index ("wasm2native-func"): the wasm
 * functions, and the array-call trampolines, into which LLVM may inline them. Then
 * lower_interrupt.cpp inserts the checks into the optimized IR, where they cannot keep LLVM
 * from vectorizing or unrolling a loop.
 */
#include "lower.h"

#include <stdio.h>
#include <stdlib.h>

/* True if the instruction after `op` starts a basic block. */
static bool ends_block(uint16_t op)
{
	switch (op) {
	case W2N_OP_LOOP:
	case W2N_OP_IF:
	case W2N_OP_ELSE:
	case W2N_OP_END:
	case W2N_OP_BR:
	case W2N_OP_BR_IF:
	case W2N_OP_BR_TABLE:
	case W2N_OP_RETURN:
	case W2N_OP_RETURN_CALL:
	case W2N_OP_RETURN_CALL_INDIRECT:
	case W2N_OP_UNREACHABLE:
		return true;
	default:
		return false;
	}
}

/* Marks, in fuel_cost, a block whose charge also checks: the function's first and loop heads. */
#define CHECK_HERE 0x80000000u

/* Per instruction: the cost of the block it starts (| CHECK_HERE), or 0 if it starts none. */
static uint32_t *block_costs(const struct w2n_code *body)
{
	uint32_t *cost = w2n_xrealloc(NULL, 0, body->len ? body->len : 1, sizeof *cost);
	uint32_t start = 0;
	for (uint32_t i = 1; i <= body->len; i++) {
		if (i == body->len || ends_block(body->code[i - 1].op)) {
			bool head = start == 0 || body->code[start - 1].op == W2N_OP_LOOP;
			cost[start] = (i - start) | (head ? CHECK_HERE : 0);
			start = i;
		}
	}
	return cost;
}

void w2n_fuel_charge(struct fx *fx, uint32_t i)
{
	struct mx *mx = fx->mx;
	if (!fx->fuel || fx->fuel_cost[i] == 0)
		return;
	uint32_t cost = fx->fuel_cost[i] & ~CHECK_HERE;
	LLVMValueRef fuel = LLVMBuildLoad2(mx->b, mx->t_i64, fx->fuel, "fuel");
	LLVMValueRef left = LLVMBuildSub(mx->b, fuel, w2n_i64(mx, cost), "fuel.left");
	/* The trap block writes back the fuel before this block. */
	if (fx->fuel_cost[i] & CHECK_HERE)
		w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntSLT, left, w2n_i64(mx, 0), "no.fuel"),
		            W2N_TRAP_OUT_OF_FUEL);
	LLVMBuildStore(mx->b, left, fx->fuel);
}

void w2n_fuel_after_call(struct fx *fx)
{
	struct mx *mx = fx->mx;
	if (!fx->fuel)
		return;
	LLVMValueRef fuel = LLVMBuildLoad2(mx->b, mx->t_i64, fx->fuel, "fuel");
	w2n_trap_if(fx, LLVMBuildICmp(mx->b, LLVMIntSLT, fuel, w2n_i64(mx, 0), "no.fuel"),
	            W2N_TRAP_OUT_OF_FUEL);
}

void w2n_limits_mark(struct mx *mx, LLVMValueRef fn, uint32_t func_index)
{
	if (!mx->opt->interruptible)
		return;
	char index[16];
	int n = snprintf(index, sizeof index, "%u", func_index);
	static const char key[] = W2N_INTERRUPT_ATTR;
	LLVMAttributeRef attr =
		LLVMCreateStringAttribute(mx->ctx, key, sizeof key - 1, index, (unsigned)n);
	LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr);
}

void w2n_limits_begin(struct fx *fx)
{
	struct mx *mx = fx->mx;
	w2n_limits_mark(mx, fx->fn, fx->func_index);
	if (!mx->opt->fuel)
		return;
	fx->fuel_cost = block_costs(fx->body);
	fx->fuel = LLVMBuildAlloca(mx->b, mx->t_i64, "fuel.slot");
	w2n_fuel_reload(fx);
}

void w2n_limits_end(struct fx *fx)
{
	free(fx->fuel_cost);
	fx->fuel_cost = NULL;
}
