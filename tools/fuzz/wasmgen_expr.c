/* wasmgen_expr.c — typed expression trees: constants, locals, globals, arithmetic,
 * conversions, loads, calls and if/else, each leaving exactly one value of the asked type. */
#include "wasmgen_gen.h"

#include <stdlib.h>
#include <string.h>

void wg_op(struct gen *g, uint8_t x)
{
	wg_byte(g->code, x);
	g->budget--;
}

void wg_constant(struct gen *g, uint8_t t)
{
	uint64_t v = wg_interesting(g);
	wg_op(g, t == I32 ? 0x41 : t == I64 ? 0x42 : t == F32 ? 0x43 : 0x44);
	if (t == I32)
		wg_sleb(g->code, (int32_t)v);
	else if (t == I64)
		wg_sleb(g->code, (int64_t)v);
	else if (t == F32) {
		/* Floats: the bits of an edge integer, or of a float edge (±0, ±inf, NaNs). */
		static const uint32_t f[] = {0,          0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
		                             0x7fa00000, 0x3f800000, 0x4f000000, 0xcf000000};
		uint32_t x = wg_pick(g, 2) ? f[wg_pick(g, 9)] : (uint32_t)v;
		wg_put(g->code, &x, 4);
	} else {
		static const uint64_t f[] = {0,
		                             0x8000000000000000,
		                             0x7ff0000000000000,
		                             0x7ff8000000000000,
		                             0x7ff4000000000000,
		                             0x3ff0000000000000,
		                             0x41e0000000000000,
		                             0xc3e0000000000000};
		uint64_t x = wg_pick(g, 2) ? f[wg_pick(g, 8)] : v;
		wg_put(g->code, &x, 8);
	}
}

static void constant_one(struct gen *g, uint8_t t)
{
	wg_op(g, t == I32 ? 0x41 : 0x42);
	wg_sleb(g->code, 1);
}

/* A local of type t, or -1. */
static int local_of(struct gen *g, uint8_t t)
{
	unsigned n = 0, idx[MAX_LOCALS];
	for (unsigned i = 0; i < g->nlocals; i++)
		if (g->locals[i] == t)
			idx[n++] = i;
	return n ? (int)idx[wg_pick(g, n)] : -1;
}

unsigned wg_tindex(uint8_t t)
{
	return t == I32 ? 0 : t == I64 ? 1 : t == F32 ? 2 : 3;
}

/* Opcode tables per result type: [unary...], [binary...], [comparisons (result i32)]. */
static const uint8_t unops[4][8] = {{0x67, 0x68, 0x69, 0x45, 0xc0, 0xc1},
                                    {0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4},
                                    {0x8b, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91},
                                    {0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f}};
static const unsigned nunops[4] = {6, 6, 7, 7};
static const uint8_t binop_first[4] = {0x6a, 0x7c, 0x92, 0xa0};
static const unsigned nbinops[4] = {15, 15, 7, 7};
static const uint8_t cmp_first[4] = {0x46, 0x51, 0x5b, 0x61};
static const unsigned ncmps[4] = {10, 10, 6, 6};

/* A conversion into t: {opcode (0xfc-prefixed if >= 0x100), source type}. */
struct conv {
	uint16_t op;
	uint8_t from;
};
static const struct conv convs[4][8] = {
	{{0xa7, I64},
     {0xa8, F32},
     {0xa9, F32},
     {0xaa, F64},
     {0xab, F64},
     {0xbc, F32},
     {0x100, F32},
     {0x103, F64}},
	{{0xac, I32},
     {0xad, I32},
     {0xae, F32},
     {0xb1, F64},
     {0xbd, F64},
     {0x104, F32},
     {0x107, F64},
     {0x106, F64}},
	{{0xb2, I32}, {0xb3, I32}, {0xb4, I64}, {0xb5, I64}, {0xb6, F64}, {0xbe, I32}},
	{{0xb7, I32}, {0xb8, I32}, {0xb9, I64}, {0xba, I64}, {0xbb, F32}, {0xbf, I64}},
};
static const unsigned nconvs[4] = {8, 8, 6, 6};

/* An address: usually small and in bounds, sometimes anything (traps, guard pages). Rare
 * enough that most calls get past their first few accesses. */
void wg_address(struct gen *g)
{
	unsigned k = wg_pick(g, 32);
	if (k < 2) {
		wg_expr(g, I32);
		return;
	}
	wg_op(g, 0x41);
	wg_sleb(g->code, (int32_t)(k > 2 ? wg_pick(g, 256) * 8 + wg_pick(g, 8) : wg_interesting(g)));
}

void wg_memarg(struct gen *g, unsigned maxalign)
{
	wg_uleb(g->code, wg_pick(g, maxalign + 1));
	wg_uleb(g->code, wg_pick(g, 32) ? wg_pick(g, 64) : wg_interesting(g) & 0xffffffff);
}

/* Loads into t: {opcode, log2 of the access size}. */
static const uint8_t loads[4][7][2] = {
	{{0x28, 2}, {0x2c, 0}, {0x2d, 0}, {0x2e, 1}, {0x2f, 1}},
	{{0x29, 3}, {0x30, 0}, {0x31, 0}, {0x32, 1}, {0x33, 1}, {0x34, 2}, {0x35, 2}},
	{{0x2a, 2}},
	{{0x2b, 3}},
};
static const unsigned nloads[4] = {5, 7, 1, 1};

static void load(struct gen *g, uint8_t t)
{
	const uint8_t *l = loads[wg_tindex(t)][wg_pick(g, nloads[wg_tindex(t)])];
	wg_address(g);
	wg_op(g, l[0]);
	wg_memarg(g, l[1]);
}

/* A defined function whose results are exactly [t] (t == VOID: none), or -1. Mostly one
 * defined after the caller, so that call chains end before the fuel does; sometimes any
 * (recursion, which the fuel stops). */
static int callee_returning(struct gen *g, uint8_t t)
{
	unsigned n = 0, idx[MAX_FUNCS];
	for (unsigned i = wg_pick(g, 8) ? g->cur + 1 : 0; i + 1 < g->nfuncs; i++) {
		const struct sig *s = &g->sigs[i];
		if (t == VOID ? s->nresults == 0 : s->nresults == 1 && s->results[0] == t)
			idx[n++] = i;
	}
	return n ? (int)idx[wg_pick(g, n)] : -1;
}

/* Arguments, then a direct call or an indirect one through the table (whose index may be out
 * of range or hold another signature: the traps). */
void wg_call(struct gen *g, unsigned f)
{
	for (unsigned i = 0; i < g->sigs[f].nparams; i++)
		wg_expr(g, g->sigs[f].params[i]);
	if (wg_pick(g, 3)) {
		wg_op(g, 0x10);
		wg_uleb(g->code, NLOGS + f);
		return;
	}
	wg_op(g, 0x41);
	unsigned k = wg_pick(g, 16);
	wg_sleb(g->code, k > 1 ? (int32_t)f : k ? (int32_t)(f + 1) : (int32_t)wg_interesting(g));
	wg_op(g, 0x11);
	wg_uleb(g->code, NLOGS + 1 + f); /* types: 4 logs, the fuel refill, then one per function */
	wg_uleb(g->code, 0);
}

/* if (result t) cond then ... else ... end. */
static void if_expr(struct gen *g, uint8_t t)
{
	wg_expr(g, I32);
	wg_op(g, 0x04);
	wg_byte(g->code, t);
	g->labels[g->nlabels++] = t;
	wg_stmts(g, wg_pick(g, 3));
	wg_expr(g, t);
	wg_op(g, 0x05);
	wg_stmts(g, wg_pick(g, 3));
	wg_expr(g, t);
	wg_op(g, 0x0b);
	g->nlabels--;
}

/* The leaves: a constant, a local, a global. */
static void leaf(struct gen *g, uint8_t t)
{
	int l = local_of(g, t);
	unsigned k = wg_pick(g, 3);
	if (k == 0 && l >= 0) {
		wg_op(g, 0x20);
		wg_uleb(g->code, (unsigned)l);
	} else if (k == 1) {
		wg_op(g, 0x23);
		wg_uleb(g->code, wg_tindex(t));
	} else
		wg_constant(g, t);
}

void wg_expr(struct gen *g, uint8_t t)
{
	unsigned ti = wg_tindex(t);
	int f, l;
	g->depth++;
	if (g->depth > 7 || g->budget <= 0 || g->nlabels >= MAX_LABELS - 1) {
		leaf(g, t);
		g->depth--;
		return;
	}
	switch (wg_pick(g, 14)) {
	case 0:
	case 1:
		leaf(g, t);
		break;
	case 2: { /* unary: every one listed takes its result type (i32.eqz included) */
		uint8_t u = unops[ti][wg_pick(g, nunops[ti])];
		wg_expr(g, t);
		wg_op(g, u);
		break;
	}
	case 3:
	case 4: {
		uint8_t b = (uint8_t)(binop_first[ti] + wg_pick(g, nbinops[ti]));
		wg_expr(g, t);
		wg_expr(g, t);
		/* Divisors are often 0 (locals start so): 3 times in 4 a division's divisor gets
		 * its low bit set, so that most calls get past it. */
		if (((b >= 0x6d && b <= 0x70) || (b >= 0x7f && b <= 0x82)) && wg_pick(g, 4)) {
			constant_one(g, t);
			wg_op(g, t == I32 ? 0x72 : 0x84); /* or */
		}
		wg_op(g, b);
		break;
	}
	case 5: /* a comparison of any type, as i32 */
		if (t != I32) {
			leaf(g, t);
			break;
		}
		t = wg_numtype(g);
		wg_expr(g, t);
		wg_expr(g, t);
		wg_op(g, (uint8_t)(cmp_first[wg_tindex(t)] + wg_pick(g, ncmps[wg_tindex(t)])));
		break;
	case 6: {
		const struct conv *c = &convs[ti][wg_pick(g, nconvs[ti])];
		unsigned code = c->op;
		/* Random float bits are mostly out of any integer's range: a trapping truncation
		 * becomes its saturating twin 3 times in 4, or most calls would end there. */
		if (code >= 0xa8 && code <= 0xab && wg_pick(g, 4))
			code = 0x100 + code - 0xa8;
		else if (code >= 0xae && code <= 0xb1 && wg_pick(g, 4))
			code = 0x104 + code - 0xae;
		wg_expr(g, c->from);
		if (code >= 0x100) {
			wg_op(g, 0xfc);
			wg_uleb(g->code, code - 0x100u);
		} else
			wg_op(g, (uint8_t)code);
		break;
	}
	case 7:
		load(g, t);
		break;
	case 8:
		if ((f = callee_returning(g, t)) >= 0)
			wg_call(g, (unsigned)f);
		else
			leaf(g, t);
		break;
	case 9:
		if_expr(g, t);
		break;
	case 10: /* select */
		wg_expr(g, t);
		wg_expr(g, t);
		wg_expr(g, I32);
		wg_op(g, 0x1b);
		break;
	case 11: /* local.tee */
		if ((l = local_of(g, t)) >= 0) {
			wg_expr(g, t);
			wg_op(g, 0x22);
			wg_uleb(g->code, (unsigned)l);
		} else
			leaf(g, t);
		break;
	case 12: /* memory.size / memory.grow */
		if (t != I32) {
			leaf(g, t);
			break;
		}
		if (wg_pick(g, 2)) {
			wg_op(g, 0x3f);
		} else {
			wg_op(g, 0x41);
			wg_sleb(g->code, (int32_t)(wg_pick(g, 4) ? wg_pick(g, 2) : wg_interesting(g)));
			wg_op(g, 0x40);
		}
		wg_byte(g->code, 0);
		break;
	default: /* a block with statements, then the value */
		wg_op(g, 0x02);
		wg_byte(g->code, t);
		g->labels[g->nlabels++] = t;
		wg_stmts(g, 1 + wg_pick(g, 3));
		wg_expr(g, t);
		wg_op(g, 0x0b);
		g->nlabels--;
		break;
	}
	g->depth--;
}
