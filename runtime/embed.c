/* embed.c — the host API of host.h over the runtime's core: instantiation with exactly the
 * imports a host offers, calls with typed and checked values, exported memories and globals.
 * Hosts that want their own import resolution use runtime.h's w2n_instantiate directly. */
#include "rt.h"

/* ---- instantiation ------------------------------------------------------------------------ */

static bool named(const char *m, const char *n, const char *module, const char *field)
{
	return m != NULL && n != NULL && strcmp(m, module) == 0 && strcmp(n, field) == 0;
}

/* The resolver over w2n_options: host functions, then externs, then the fallback. */
static bool resolve_options(void *ctx, const char *module, const char *field,
                            struct w2n_extern *out)
{
	const struct w2n_options *opt = ctx;
	for (size_t i = 0; i < opt->nfuncs; i++) {
		if (named(opt->funcs[i].module, opt->funcs[i].name, module, field)) {
			*out = (struct w2n_extern){.kind = W2N_EXT_HOST_FUNC, .u.host = &opt->funcs[i]};
			return true;
		}
	}
	for (size_t i = 0; i < opt->nexterns; i++) {
		if (named(opt->externs[i].module, opt->externs[i].name, module, field)) {
			*out = opt->externs[i].ext;
			return true;
		}
	}
	return opt->resolve != NULL && opt->resolve(opt->resolve_ctx, module, field, out);
}

struct w2n_instance *w2n_instance_new(const struct w2n_module_desc *desc,
                                      const struct w2n_options *opt, struct w2n_error *err)
{
	static const struct w2n_options none;
	return w2n_instantiate_limited(desc, resolve_options, (void *)(opt != NULL ? opt : &none),
	                               opt != NULL ? opt->limits : NULL, err);
}

/* ---- typed calls -------------------------------------------------------------------------- */

static __attribute__((format(printf, 2, 3))) bool call_error(struct w2n_error *err, const char *fmt,
                                                             ...)
{
	va_list ap;
	va_start(ap, fmt);
	*err = (struct w2n_error){.kind = W2N_ERR_CALL};
	w2n_vfmt(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return false;
}

/* Appends "(i32 i64)" for n types to buf at *len. */
static void type_list(char *buf, size_t size, size_t *len, const uint8_t *types, size_t n)
{
	*len += w2n_fmt(buf + *len, size - *len, "(");
	for (size_t i = 0; i < n; i++)
		*len += w2n_fmt(buf + *len, size - *len, "%s%s", i ? " " : "", w2n_valtype_name(types[i]));
	*len += w2n_fmt(buf + *len, size - *len, ")");
}

/* Checks a call against signature t; fills err (W2N_ERR_CALL) when it does not fit. */
static bool fits(const struct w2n_desc_type *t, const struct w2n_value *args, size_t nargs,
                 size_t nresults, struct w2n_error *err)
{
	bool ok = nargs == t->nparams && nresults == t->nresults;
	for (size_t i = 0; ok && i < nargs; i++)
		ok = args[i].type == t->types[i];
	if (ok)
		return true;
	char sig[160];
	size_t len = 0;
	len += w2n_fmt(sig, sizeof sig, "the function takes ");
	type_list(sig, sizeof sig, &len, t->types, t->nparams);
	len += w2n_fmt(sig + len, sizeof sig - len, " and returns ");
	type_list(sig, sizeof sig, &len, t->types + t->nparams, t->nresults);
	uint8_t given[16];
	size_t n = nargs < sizeof given ? nargs : sizeof given;
	for (size_t i = 0; i < n; i++)
		given[i] = (uint8_t)args[i].type;
	char call[80];
	len = 0;
	type_list(call, sizeof call, &len, given, n);
	return call_error(err, "%s; the call passes %s%s and expects %zu result%s", sig, call,
	                  n < nargs ? "..." : "", nresults, nresults == 1 ? "" : "s");
}

struct w2n_funcref *w2n_export_func(struct w2n_instance *inst, const char *name,
                                    struct w2n_error *err)
{
	struct w2n_extern e;
	if (!w2n_instance_export(inst, name, &e)) {
		call_error(err, "no export named \"%s\"", name);
		return NULL;
	}
	if (e.kind != W2N_EXT_FUNC) {
		call_error(err, "export \"%s\" is not a function", name);
		return NULL;
	}
	return e.u.func;
}

#define SMALL_SLOTS 16

bool w2n_invoke(struct w2n_funcref *f, const struct w2n_value *args, size_t nargs,
                struct w2n_value *results, size_t nresults, struct w2n_error *err)
{
	const struct w2n_desc_type *t = w2n_funcref_type(f);
	if (t == NULL)
		return call_error(err, "function #%u has no known signature", f->func_index);
	if (!fits(t, args, nargs, nresults, err))
		return false;
	size_t nslots = nargs > nresults ? nargs : nresults;
	union w2n_val small[SMALL_SLOTS], *vals = small;
	if (nslots > SMALL_SLOTS && (vals = w2n_calloc(nslots, sizeof *vals)) == NULL) {
		*err = (struct w2n_error){.kind = W2N_ERR_RESOURCE};
		w2n_fmt(err->message, sizeof err->message, "out of memory (call arguments)");
		return false;
	}
	for (size_t i = 0; i < nargs; i++)
		vals[i] = args[i].of;
	bool ok = w2n_call(f, vals, err);
	for (size_t i = 0; ok && i < nresults; i++)
		results[i] = (struct w2n_value){.type = t->types[t->nparams + i], .of = vals[i]};
	if (vals != small)
		w2n_free(vals);
	return ok;
}

bool w2n_call_export(struct w2n_instance *inst, const char *name, const struct w2n_value *args,
                     size_t nargs, struct w2n_value *results, size_t nresults,
                     struct w2n_error *err)
{
	struct w2n_funcref *f = w2n_export_func(inst, name, err);
	return f != NULL && w2n_invoke(f, args, nargs, results, nresults, err);
}

/* ---- memories and globals ----------------------------------------------------------------- */

struct w2n_memory *w2n_instance_memory(struct w2n_instance *inst, const char *name)
{
	struct w2n_extern e;
	if (name == NULL)
		return inst->desc->nmems != 0 ? inst->mems[0] : NULL;
	return w2n_instance_export(inst, name, &e) && e.kind == W2N_EXT_MEMORY ? e.u.memory : NULL;
}

static bool find_global(struct w2n_instance *inst, const char *name, struct w2n_extern *e)
{
	return w2n_instance_export(inst, name, e) && e->kind == W2N_EXT_GLOBAL;
}

bool w2n_global_get(struct w2n_instance *inst, const char *name, struct w2n_value *value)
{
	struct w2n_extern e;
	if (!find_global(inst, name, &e))
		return false;
	value->type = w2n_type_repr(e.u.global.type);
	memcpy(&value->of, e.u.global.cell, sizeof value->of);
	return true;
}

bool w2n_global_set(struct w2n_instance *inst, const char *name, const struct w2n_value *value)
{
	struct w2n_extern e;
	if (!find_global(inst, name, &e) || !e.u.global.mutable_ ||
	    value->type != w2n_type_repr(e.u.global.type))
		return false;
	memcpy(e.u.global.cell, &value->of, sizeof value->of);
	return true;
}
