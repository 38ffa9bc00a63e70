/* wasmgen_stmt.c — statements: stores, blocks and loops (each loop header spends fuel),
 * branches, bulk memory and calls whose results are dropped. */
#include "wasmgen_gen.h"

#include <stdlib.h>
#include <string.h>

/* An enclosing label of no value (a branch target), as a relative depth, or -1. */
static int void_label(struct gen *g)
{
	unsigned n = 0, idx[MAX_LABELS];
	for (unsigned i = 0; i < g->nlabels; i++)
		if (g->labels[i] == VOID)
			idx[n++] = g->nlabels - 1 - i;
	return n ? (int)idx[wg_pick(g, n)] : -1;
}

/* Spends one unit of fuel, trapping "unreachable" when there is none: at every function entry
 * and loop header, so that every call ends. */
void wg_spend_fuel(struct gen *g)
{
	static const uint8_t check[] = {0x04, 0x40, 0x00, 0x0b}; /* if unreachable end */
	wg_op(g, 0x23);
	wg_uleb(g->code, g->fuel_g);
	wg_op(g, 0x45);
	wg_put(g->code, check, sizeof check);
	wg_op(g, 0x23);
	wg_uleb(g->code, g->fuel_g);
	wg_op(g, 0x41);
	wg_sleb(g->code, 1);
	wg_op(g, 0x6b);
	wg_op(g, 0x24);
	wg_uleb(g->code, g->fuel_g);
}

static void store(struct gen *g)
{
	/* {opcode, value type, log2 size} */
	static const uint8_t stores[9][3] = {{0x36, I32, 2}, {0x37, I64, 3}, {0x38, F32, 2},
	                                     {0x39, F64, 3}, {0x3a, I32, 0}, {0x3b, I32, 1},
	                                     {0x3c, I64, 0}, {0x3d, I64, 1}, {0x3e, I64, 2}};
	const uint8_t *s = stores[wg_pick(g, 9)];
	wg_address(g);
	wg_expr(g, s[1]);
	wg_op(g, s[0]);
	wg_memarg(g, s[2]);
}

static void block_stmt(struct gen *g, uint8_t kind)
{
	wg_op(g, kind);
	wg_byte(g->code, VOID);
	g->labels[g->nlabels++] = VOID;
	if (kind == 0x03)
		wg_spend_fuel(g);
	wg_stmts(g, 1 + wg_pick(g, 4));
	if (kind == 0x03) { /* loop: maybe go round again, while more than half the fuel is left,
	                       so that loops end before the fuel does more often than not */
		wg_expr(g, I32);
		wg_op(g, 0x23);
		wg_uleb(g->code, g->fuel_g);
		wg_op(g, 0x41);
		wg_sleb(g->code, FUEL / 2 + wg_pick(g, FUEL / 4));
		wg_op(g, 0x4a); /* i32.gt_s */
		wg_op(g, 0x71); /* i32.and */
		wg_op(g, 0x0d);
		wg_uleb(g->code, 0);
	}
	wg_op(g, 0x0b);
	g->nlabels--;
}

static void branch(struct gen *g)
{
	int l = void_label(g);
	if (l < 0)
		return;
	switch (wg_pick(g, 3)) {
	case 0:
		wg_op(g, 0x0c);
		wg_uleb(g->code, (unsigned)l);
		break;
	case 1:
		wg_expr(g, I32);
		wg_op(g, 0x0d);
		wg_uleb(g->code, (unsigned)l);
		break;
	default: { /* br_table over void labels */
		unsigned n = wg_pick(g, 4);
		int targets[4];
		for (unsigned i = 0; i < n; i++)
			targets[i] = void_label(g);
		int dflt = void_label(g);
		wg_expr(g, I32);
		wg_op(g, 0x0e);
		wg_uleb(g->code, n);
		for (unsigned i = 0; i < n; i++)
			wg_uleb(g->code, (unsigned)targets[i]);
		wg_uleb(g->code, (unsigned)dflt);
	}
	}
}

static void stmt(struct gen *g)
{
	int f, l;
	uint8_t t;
	g->depth++;
	switch (g->depth > 5 || g->budget <= 0 ? 100 : wg_pick(g, 16)) {
	case 0:
	case 1:
		if ((l = (int)wg_pick(g, g->nlocals)) < (int)g->nlocals) {
			wg_expr(g, g->locals[l]);
			wg_op(g, 0x21);
			wg_uleb(g->code, (unsigned)l);
		}
		break;
	case 2:
		t = wg_numtype(g);
		wg_expr(g, t);
		wg_op(g, 0x24);
		wg_uleb(g->code, wg_tindex(t));
		break;
	case 3:
	case 4:
		store(g);
		break;
	case 5:
	case 6: /* log a value */
		t = wg_numtype(g);
		wg_expr(g, t);
		wg_op(g, 0x10);
		wg_uleb(g->code, wg_tindex(t));
		break;
	case 7: /* a call whose results are dropped (a later function, as in callee_returning) */
		f = (int)(wg_pick(g, 8) ? g->cur + 1 + wg_pick(g, g->nfuncs - 1 - g->cur)
		                        : wg_pick(g, g->nfuncs));
		if (f + 1 >= (int)g->nfuncs)
			break;
		wg_call(g, (unsigned)f);
		for (unsigned i = 0; i < g->sigs[f].nresults; i++)
			wg_op(g, 0x1a);
		break;
	case 8:
		block_stmt(g, 0x02);
		break;
	case 9:
		block_stmt(g, 0x03);
		break;
	case 10: /* if without a value */
		wg_expr(g, I32);
		wg_op(g, 0x04);
		wg_byte(g->code, VOID);
		g->labels[g->nlabels++] = VOID;
		wg_stmts(g, 1 + wg_pick(g, 3));
		if (wg_pick(g, 2)) {
			wg_op(g, 0x05);
			wg_stmts(g, 1 + wg_pick(g, 2));
		}
		wg_op(g, 0x0b);
		g->nlabels--;
		break;
	case 11:
		branch(g);
		break;
	case 12: /* drop: a dead value, whose loads and traps must stay */
		t = wg_numtype(g);
		wg_expr(g, t);
		wg_op(g, 0x1a);
		break;
	case 13: /* memory.fill / memory.copy */
		wg_address(g);
		if (wg_pick(g, 2)) {
			wg_expr(g, I32);
			wg_address(g);
			wg_op(g, 0xfc);
			wg_uleb(g->code, 11);
			wg_byte(g->code, 0);
		} else {
			wg_address(g);
			wg_address(g);
			wg_op(g, 0xfc);
			wg_uleb(g->code, 10);
			wg_byte(g->code, 0);
			wg_byte(g->code, 0);
		}
		break;
	case 14: /* return, rarely unreachable (a function has ~100 statements) */
		if (wg_pick(g, 64) == 0) {
			wg_op(g, 0x00);
			break;
		}
		for (unsigned i = 0; i < g->sigs[g->cur].nresults; i++)
			wg_expr(g, g->sigs[g->cur].results[i]);
		wg_op(g, 0x0f);
		break;
	default:
		wg_op(g, 0x01);
		break;
	}
	g->depth--;
}

void wg_stmts(struct gen *g, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		stmt(g);
}
