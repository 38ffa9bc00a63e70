/* wasmgen_gen.h — what the generator's files share (wasmgen.c: sections and functions;
 * wasmgen_enc.c: encoding and choices; wasmgen_expr.c and wasmgen_stmt.c: code). Internal to
 * tools/fuzz; the interface is wasmgen.h. */
#ifndef W2N_WASMGEN_GEN_H
#define W2N_WASMGEN_GEN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, VOID = 0x40 };

#define NLOGS       4  /* imported log functions: indices 0..3, one per numeric type */
#define MAX_FUNCS   12 /* defined functions, the fuel refill included */
#define MAX_PARAMS  4
#define MAX_RESULTS 3
#define MAX_LOCALS  16 /* params included */
#define MAX_LABELS  24
#define FUNC_BUDGET 600 /* generator steps per function */
#define FUEL        200 /* loop iterations and calls per export call */

struct buf {
	uint8_t *p;
	size_t n, cap;
	bool oom;
};

struct sig {
	uint8_t params[MAX_PARAMS], results[MAX_RESULTS];
	unsigned nparams, nresults;
};

struct gen {
	const uint8_t *in; /* choices; zeros once exhausted */
	size_t left;
	struct buf *code; /* the body being written */
	unsigned nfuncs;  /* defined functions, the last one the fuel refill */
	struct sig sigs[MAX_FUNCS];
	unsigned cur; /* the function being generated */
	uint8_t locals[MAX_LOCALS];
	unsigned nlocals;
	uint8_t labels[MAX_LABELS]; /* enclosing labels, innermost last: VOID or a value type */
	unsigned nlabels;
	unsigned depth;  /* nesting of expressions and statements */
	int budget;      /* steps left in this function */
	unsigned fuel_g; /* index of the fuel global (after one global per numeric type) */
};

/* The four numeric types, in the order of the log imports and the typed globals. */
extern const uint8_t wg_numtypes[4];

/* Encoding (wasmgen_enc.c). A buffer that fails to grow sets oom and drops later writes. */
void wg_put(struct buf *b, const void *p, size_t n);
void wg_byte(struct buf *b, uint8_t x);
void wg_uleb(struct buf *b, uint64_t v);
void wg_sleb(struct buf *b, int64_t v);
void wg_name(struct buf *b, const char *s);
void wg_section(struct buf *m, uint8_t id, struct buf *body);

/* Choices (wasmgen_enc.c): one input byte each where possible. */
unsigned wg_pick(struct gen *g, unsigned n);
uint64_t wg_interesting(struct gen *g);
uint8_t wg_numtype(struct gen *g);
/* The row of numeric type t in the per-type operator tables (0 for i32 ... 3 for f64). */
unsigned wg_tindex(uint8_t t);

/* Code (wasmgen_expr.c, wasmgen_stmt.c), written to g->code. */
void wg_op(struct gen *g, uint8_t x);
void wg_constant(struct gen *g, uint8_t t);
void wg_address(struct gen *g);
void wg_memarg(struct gen *g, unsigned maxalign);
void wg_call(struct gen *g, unsigned f);
void wg_expr(struct gen *g, uint8_t t);
void wg_spend_fuel(struct gen *g);
void wg_stmts(struct gen *g, unsigned n);

#endif
