/* hostfunc.c — functions a host defines (host.h: struct w2n_host_func), as functions of the
 * instances that import them.
 *
 * Generated code calls every function as code(vmctx, params...) in the C ABI, so a host
 * callback needs a native entry with the exact signature. The compiler emits one per
 * imported signature, the host-call adapter (compiler/lower_call.c), and puts it in the
 * descriptor as the import's code: it stores the arguments into array-call slots and calls
 * w2n_rt_host_call(vmctx, slots) here. The vmctx it passes is the funcref's, which for a host
 * function is the vmctx embedded at the start of a struct host_fn made for that import of that
 * instance: the callback, its context, and the importing instance (vmctx.instance), which the
 * callback receives as its caller. So every host function works through direct calls, tables
 * and call_indirect, and from the host through w2n_call (array_call is w2n_rt_host_call too).
 *
 * A callback traps the guest by returning a message: w2n_rt_host_call then unwinds to the
 * innermost w2n_call with W2N_TRAP_HOST (trap.c), after the callback has returned, so no host
 * frame is skipped. */
#include "rt.h"

struct host_fn {
	struct w2n_vmctx vmctx; /* first: the adapter's vmctx is the struct's address */
	w2n_host_fn fn;
	void *ctx;
	uint32_t nresults;
	const char *module, *field; /* the import's names (the descriptor's strings) */
};

#define SMALL_RESULTS 8

void w2n_rt_host_call(struct w2n_vmctx *vmctx, union w2n_val *vals)
{
	struct host_fn *h = (struct host_fn *)vmctx;
	union w2n_val small[SMALL_RESULTS] = {{.i64 = 0}};
	union w2n_val *results = small;
	if (h->nresults > SMALL_RESULTS)
		results = w2n_calloc(h->nresults, sizeof *results);
	const char *msg = results == NULL ? "out of memory for its results" : NULL;
	if (msg == NULL)
		msg = h->fn(h->ctx, vmctx->instance, vals, results);
	if (msg == NULL)
		memcpy(vals, results, h->nresults * sizeof *results);
	if (results != small)
		w2n_free(results);
	if (msg != NULL) {
		char detail[sizeof((struct w2n_trap_frame *)0)->detail];
		w2n_fmt(detail, sizeof detail, "%s (in function %s.%s)", msg, h->module, h->field);
		w2n_trap_host(detail);
	}
}

/* Whether a definition has the signature of type t. A host names value types by their
 * representation only, so a host function may stand for a type with typed references (it
 * then has that type's id: w2n_host_func_bind). */
static bool same_signature(const struct w2n_host_func *def, const struct w2n_desc_type *t)
{
	return def->nparams == t->nparams && def->nresults == t->nresults &&
	       memcmp(def->params, t->types, t->nparams) == 0 &&
	       memcmp(def->results, t->types + t->nparams, t->nresults) == 0;
}

const char *w2n_host_func_mismatch(const struct w2n_instance *inst,
                                   const struct w2n_desc_import *imp, uint32_t index,
                                   const struct w2n_host_func *def)
{
	if (def == NULL || def->fn == NULL)
		return "host function without a callback";
	if (inst->desc->funcs[index].code == NULL)
		return "the module was compiled without host-call adapters: compile it again";
	if (!same_signature(def, &inst->desc->types[imp->type]))
		return "signature differs";
	return NULL;
}

bool w2n_host_func_bind(struct w2n_instance *inst, const struct w2n_desc_import *imp,
                        const struct w2n_host_func *def, uint32_t index)
{
	const struct w2n_module_desc *desc = inst->desc;
	struct host_fn *fns = inst->host_funcs;
	if (fns == NULL) {
		/* One entry per imported function, made when the first host function is bound. */
		fns = w2n_calloc(inst->nimported[W2N_EXT_FUNC], sizeof *fns);
		if (fns == NULL)
			return false;
		inst->host_funcs = fns;
	}
	struct host_fn *h = &fns[index];
	*h = (struct host_fn){
		.vmctx = {.stack_limit = inst->vmctx.stack_limit, .instance = inst},
		.fn = def->fn,
		.ctx = def->ctx,
		.nresults = def->nresults,
		.module = imp->module,
		.field = imp->field,
	};
	inst->vmctx.funcs[index] = (struct w2n_funcref){
		.code = desc->funcs[index].code,
		.vmctx = &h->vmctx,
		.array_call = w2n_rt_host_call,
		.type_id = inst->vmctx.type_ids[desc->funcs[index].type],
		.func_index = index,
	};
	return true;
}
