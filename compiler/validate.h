/* validate.h — shared between the validator's files. validate.c drives (the module) and calls
 * validate_const.c (constant expressions) and validate_code.c (function bodies), which calls
 * validate_instr.c (the typing of single instructions); both of these work on the stacks of
 * validate_stack.c. validate_base.c (errors, value types) is used by all. No file calls back
 * into one that calls it (tools/callgraph.py checks).
 *
 * Every check reports the spec test suite's wording first, so that a spec runner can compare
 * prefixes, then what was being checked in parentheses:
 * `type mismatch (i32.add expects [i32 i32] but got [i64 i32])`. Only the first error is
 * reported; every check returns false after reporting it.
 */
#ifndef W2N_VALIDATE_H
#define W2N_VALIDATE_H

#include "ops.h"
#include "wasm2native/wasm2native.h"

/* Module-wide context, valid for one w2n_validate call. */
struct vmod {
	const struct w2n_module *m;
	struct w2n_diag *dg;
	/* The functions that ref.func may name inside bodies: those referenced from exports or
	 * from constant expressions outside the bodies (the spec's C.refs). */
	bool *declared;
	uint64_t off; /* features turned off, bit 1 << W2N_FEAT_x */
};

/* validate_base.c (value type names are wasm.h's w2n_valtype_name) */
/* Reports one validation error at `pos`. Always returns false. */
bool w2n_vfail(const struct vmod *vm, uint32_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* validate_const.c */
/* Checks that `e` is a constant expression producing exactly one value of `type`, reading
 * only the first `nvisible` globals; `what` names its owner in messages ("global 3
 * initializer"). */
bool w2n_validate_const(const struct vmod *vm, const struct w2n_expr *e, w2n_type type,
                        uint32_t nvisible, const char *what);

/* ---- function bodies: the spec's validation algorithm (appendix "Validation Algorithm") ---- */

/* The operand type of unreachable code: it matches every type (the algorithm's Unknown). */
#define VT_ANY 0

/* A control frame: a block, loop, if/else, or the function body itself (a BLOCK). */
struct vframe {
	uint16_t op;             /* W2N_OP_BLOCK, _LOOP, _IF, _ELSE or _TRY_TABLE */
	const w2n_type *params;  /* types the frame starts with */
	const w2n_type *results; /* types it ends with */
	uint32_t nparams, nresults;
	uint32_t height;  /* operand stack height when the frame was entered */
	bool unreachable; /* the rest of the frame follows an unconditional branch */
	uint32_t checked; /* 1 + index of the last br_table that checked its operands against
	                     this label (validate_code.c), 0 if none */
	uint32_t nsets;   /* fctx.nsets when entered: locals set inside are unset again at its end */
};

/* The state of one function body being validated. */
struct fctx {
	const struct vmod *vm;
	uint32_t func; /* function index, for messages */
	const struct w2n_code *body;
	const struct w2n_functype *type; /* the function's own type */
	uint32_t nlocals;                /* parameters + declared locals */
	w2n_type *vals;                  /* operand stack (VT_ANY for unknown) */
	uint32_t nvals, capvals;
	struct vframe *ctrls; /* control stack; ctrls[0] is the function */
	uint32_t nctrls, capctrls;
	const struct w2n_instr *in; /* the instruction being checked, for messages */
	/* Locals without a default value (validate_refs.c): unset[x] until set; NULL if the
	 * function has none. sets[] lists those set so far, innermost block last. */
	uint8_t *unset;
	uint32_t *sets;
	uint32_t nsets, capsets;
	w2n_type *block_types; /* per instruction: a block's typed-reference result, for frames */
};

/* validate_types.c: value types, typed function references' included */
/* Whether `got` may stand where `want` is expected (VT_ANY matches anything). */
bool w2n_vsubtype(const struct w2n_module *m, w2n_type got, w2n_type want);
/* Whether a value type is well-formed, its type index (if any) below `ntypes`. */
bool w2n_vtype_ok(const struct w2n_module *m, w2n_type t, uint32_t ntypes);
/* A value type's text name, typed references in full ("(ref null 3)"), in buf if needed. */
const char *w2n_vtype_name(w2n_type t, char *buf, size_t size);
bool w2n_vcheck_types(const struct vmod *vm);

/* validate_refs.c: typed function references in bodies */
bool w2n_vlocals_init(struct fctx *fx);
bool w2n_vlocal_get(struct fctx *fx, uint32_t x);
bool w2n_vlocal_set(struct fctx *fx, uint32_t x);
/* br_on_null, br_on_non_null to a label that takes `types`. */
bool w2n_vbr_on(struct fctx *fx, const w2n_type *types, uint32_t n);
/* ref.as_non_null, call_ref, return_call_ref. */
bool w2n_vcheck_refs(struct fctx *fx, const struct w2n_instr *in);

/* A tail call's results must be the caller's (type `typeidx`). */
bool w2n_vcheck_return_results(struct fctx *fx, uint32_t typeidx);

/* validate_code.c */
bool w2n_validate_body(const struct vmod *vm, uint32_t funcidx);

/* validate_stack.c: the operand and control stacks */
/* Reports an error at the current instruction. Always returns false. */
bool w2n_vfail_at(const struct fctx *fx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool w2n_vpush(struct fctx *fx, w2n_type type);
bool w2n_vpush_vals(struct fctx *fx, const w2n_type *types, uint32_t n);
/* Pops n operands that must match `types`; `what` names the consumer in messages. */
bool w2n_vpop_vals(struct fctx *fx, const w2n_type *types, uint32_t n, const char *what);
/* Pops one operand of any type into *type (VT_ANY in unreachable code). */
bool w2n_vpop_any(struct fctx *fx, w2n_type *type, const char *what);
/* Pops `params` and pushes `results`, in the name of the current instruction. */
bool w2n_vapply(struct fctx *fx, const w2n_type *params, uint32_t np, const w2n_type *results,
                uint32_t nr);
/* Checks the top n operands against `types` without popping them. */
bool w2n_vpeek_vals(struct fctx *fx, const w2n_type *types, uint32_t n, const char *what);
/* Enters a frame: pushes it, then its params onto the operand stack. */
bool w2n_vpush_ctrl(struct fctx *fx, uint16_t op, const w2n_type *params, uint32_t np,
                    const w2n_type *results, uint32_t nr);
/* Leaves the innermost frame, which must end with exactly its results; *out gets it. `what`
 * names the end in messages (NULL: "end of <frame>"). */
bool w2n_vpop_ctrl(struct fctx *fx, const char *what, struct vframe *out);
/* "block", "loop", "if" or "else", for messages. */
const char *w2n_vframe_name(uint16_t op);
/* After an unconditional branch: drops the frame's operands and makes its stack polymorphic. */
void w2n_vset_unreachable(struct fctx *fx);
/* Unsets again the locals without a default set since `height` (fctx.sets). */
void w2n_vlocals_unwind(struct fctx *fx, uint32_t height);

/* validate_instr.c: immediates and the operators typed by hand outside control flow */
bool w2n_vcheck_imm(struct fctx *fx, const struct w2n_instr *in);
bool w2n_vcheck_special(struct fctx *fx, const struct w2n_instr *in);
/* Operators with address operands (a memarg, memory.fill/copy/init): typed by their SIG with
 * the addresses of their memories' address type (i32, or i64 for memory64). */
bool w2n_has_address(const struct w2n_instr *in);
bool w2n_vcheck_address(struct fctx *fx, const struct w2n_instr *in);

#endif
