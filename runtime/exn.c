/* exn.c — exceptions (3.0): the per-thread chain of try_table handlers, exception objects,
 * and throwing.
 *
 * Generated code enters a try_table by saving its context in a handler record in its own
 * frame (w2n_ctx_save, returns twice) and linking the record here; it unlinks the record on
 * every way out of the try_table except a throw. A throw unlinks the innermost record itself,
 * stores the exception in it and resumes its context: the function that entered the try_table
 * then compares the exception's tag with its catch clauses, and throws it on if none matches.
 * Nothing is done per call or per function, so code that does not enter a try_table pays
 * nothing (docs/lowering-semantics.md, "Exceptions", has the design and its cost).
 *
 * w2n_call starts every call from the host with an empty chain and restores the caller's on
 * the way out (trap.c): an exception that reaches a host frame becomes the trap "uncaught
 * exception" there instead of unwinding through host code. */
#include "rt.h"

_Static_assert(sizeof(struct w2n_ctx) <= sizeof(((struct w2n_exn_handler *)0)->ctx),
               "a handler record holds a context");

void w2n_rt_exn_push(struct w2n_exn_handler *h)
{
	h->prev = w2n_self.handlers;
	w2n_self.handlers = h;
}

void w2n_rt_exn_pop(struct w2n_exn_handler *h)
{
	w2n_self.handlers = h->prev;
}

/* Exceptions live until the process ends: an exnref may be stored anywhere and thrown again,
 * and there is no collector yet (GC comes with the GC proposal). */
struct w2n_exn *w2n_rt_exn_new(struct w2n_vmctx *vmctx, uint32_t tag, uint32_t nvals)
{
	struct w2n_exn *exn = w2n_malloc(sizeof *exn + (size_t)nvals * sizeof(union w2n_val));
	if (exn == NULL)
		w2n_trap_host("out of memory (allocating an exception)");
	exn->tag = vmctx->tags[tag];
	exn->nvals = nvals;
	exn->pad = 0;
	return exn;
}

_Noreturn void w2n_rt_throw(struct w2n_vmctx *vmctx, struct w2n_exn *exn, uint32_t func_index)
{
	struct w2n_exn_handler *h = w2n_self.handlers;
	if (exn == NULL)
		w2n_rt_trap(vmctx, W2N_TRAP_NULL_EXNREF, func_index);
	if (h == NULL)
		w2n_rt_trap(vmctx, W2N_TRAP_UNCAUGHT_EXCEPTION, func_index);
	w2n_self.handlers = h->prev;
	h->exn = exn;
	w2n_ctx_restore((struct w2n_ctx *)h->ctx, 1);
}
