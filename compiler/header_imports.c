/* header_imports.c — the generated header's imports: struct PREFIX_host_call (what a host function
 * gets besides its arguments), struct PREFIX_imports (typed host functions, the host's
 * memories, tables and globals), an adapter per host function, the resolver and PREFIX_new.
 *
 * A host function of the header is typed (`int32_t f(struct PREFIX_host_call *call, int32_t p0)`);
 * the runtime calls host functions through one untyped callback type, w2n_host_fn (host.h),
 * with the arguments and results in array-call slots. The adapter in between unpacks the
 * slots, calls the typed function with its context, packs the results, and hands back a trap
 * message the function set. Only the glue (header.c) touches the runtime. */
#include <stdio.h>
#include <string.h>

#include "header.h"

static const struct w2n_functype *import_type(const struct hx *hx, uint32_t i)
{
	return &hx->m->types[hx->m->funcs[hx->m->imports[i].index].type];
}

/* Writes a type before a declarator: a space after it unless it ends in '*'. */
static void type_before(struct hx *hx, const char *type)
{
	fprintf(hx->out, "%s%s", type, strchr(type, '*') ? "" : " ");
}

static void describe_limits(struct hx *hx, const struct w2n_limits *l, const char *unit)
{
	fprintf(hx->out, ", at least %llu %s", (unsigned long long)l->min, unit);
	if (l->has_max)
		fprintf(hx->out, ", at most %llu", (unsigned long long)l->max);
}

/* The comment above an import's member: its names, kind and type. */
static void describe(struct hx *hx, uint32_t i)
{
	const struct w2n_module *m = hx->m;
	const struct w2n_import *im = &m->imports[i];
	fputs("\t/* ", hx->out);
	hx_literal(hx, im->module.ptr, im->module.len);
	fputc(' ', hx->out);
	hx_literal(hx, im->field.ptr, im->field.len);
	switch (im->kind) {
	case W2N_EXT_FUNC:
		fputs(": function ", hx->out);
		hx_signature(hx, import_type(hx, i));
		if (import_type(hx, i)->nresults > 1)
			fputs(", results through r0, r1, ...", hx->out);
		break;
	case W2N_EXT_TABLE:
		fprintf(hx->out, ": table of %s", hx_type(m->tables[im->index].elem)->name);
		describe_limits(hx, &m->tables[im->index].limits, "elements");
		break;
	case W2N_EXT_MEMORY:
		fputs(": memory", hx->out);
		describe_limits(hx, &m->mems[im->index].limits, "pages");
		break;
	default:
		fprintf(hx->out, ": global %s%s, the host's 16-byte cell",
		        m->globals[im->index].mutable_ ? "mut " : "",
		        hx_type(m->globals[im->index].type)->name);
		break;
	}
	fputs(" */\n", hx->out);
}

/* A host function's member: `R (*name)(struct P_host_call *call, P0 p0, ...)`; with several results
 * `void` and an out-pointer per result after the parameters. */
static void function_member(struct hx *hx, uint32_t i)
{
	const struct w2n_functype *t = import_type(hx, i);
	fputc('\t', hx->out);
	type_before(hx, t->nresults == 1 ? hx_type(t->types[t->nparams])->api : "void");
	fprintf(hx->out, "(*%s)(struct %s_host_call *call", hx->members[i], hx->p);
	hx_params(hx, t);
	for (uint32_t k = 0; t->nresults > 1 && k < t->nresults; k++)
		fprintf(hx->out, ", %s *r%u", hx_type(t->types[t->nparams + k])->api, k);
	fputs(");\n", hx->out);
}

static void member(struct hx *hx, uint32_t i)
{
	static const char *const objects[] = {NULL, "struct w2n_table *", "struct w2n_memory *",
	                                      "union w2n_val *"};
	describe(hx, i);
	if (hx->m->imports[i].kind == W2N_EXT_FUNC)
		function_member(hx, i);
	else
		fprintf(hx->out, "\t%s%s;\n", objects[hx->m->imports[i].kind], hx->members[i]);
}

static void imports_struct(struct hx *hx)
{
	fprintf(
		hx->out,
		"/* ---- Imports ---- */\n\n"
		"/* What a host function gets besides its arguments. */\n"
		"struct %1$s_host_call {\n"
		"\tvoid *ctx;                   /* the ctx of struct %1$s_imports */\n"
		"\tstruct w2n_instance *caller; /* the calling instance: w2n_instance_memory(caller, "
		"NULL) */\n"
		"\tconst char *trap;            /* set: trap the guest with this message on return */\n"
		"};\n\n"
		"/* What the host provides: pass it to %1$s_new. Zero-initialize it, then set ctx and\n"
		" * the members of the imports the host allows. A member left NULL is asked of\n"
		" * `fallback`; if that has nothing either, instantiation fails with \"unknown import\".\n"
		" * Keep the struct alive and unchanged while instances made from it live; one struct\n"
		" * can serve several instances, on several threads. */\n"
		"struct %1$s_imports {\n"
		"\tvoid *ctx; /* passed to every host function as call->ctx */\n",
		hx->p);
	for (uint32_t i = 0; i < hx->m->nimports; i++) {
		if (hx->first[i] == i)
			member(hx, i);
	}
	fputs("\tw2n_resolve_fn fallback; /* asked for the imports left NULL above (or none) */\n"
	      "\tvoid *fallback_ctx;\n"
	      "};\n\n",
	      hx->out);
}

/* The w2n_host_fn of a host function import: slots in, the typed call, slots out. */
static void adapter(struct hx *hx, uint32_t i)
{
	const struct w2n_functype *t = import_type(hx, i);
	const w2n_type *rtypes = t->types + t->nparams;
	fprintf(hx->out,
	        "static inline const char *%1$s_host_%2$u_(void *ctx, struct w2n_instance *caller,\n"
	        "\t\tconst union w2n_val *args, union w2n_val *results)\n"
	        "{\n"
	        "\tstruct %1$s_imports *imp = (struct %1$s_imports *)ctx;\n"
	        "\tstruct %1$s_host_call call;\n",
	        hx->p, i);
	for (uint32_t k = 0; t->nresults > 1 && k < t->nresults; k++)
		fprintf(hx->out, "\t%s r%u;\n", hx_type(rtypes[k])->api, k);
	fputs("\tcall.ctx = imp->ctx;\n\tcall.caller = caller;\n\tcall.trap = NULL;\n", hx->out);
	if (t->nparams == 0)
		fputs("\t(void)args;\n", hx->out);
	if (t->nresults == 0)
		fputs("\t(void)results;\n", hx->out);
	if (t->nresults == 1 && rtypes[0] == W2N_V128)
		fputs("\tw2n_v128_store_(results[0].v128, ", hx->out);
	else if (t->nresults == 1)
		fprintf(hx->out, "\tresults[0].%s = ", hx_type(rtypes[0])->slot);
	else
		fputc('\t', hx->out);
	fprintf(hx->out, "imp->%s(&call", hx->members[i]);
	for (uint32_t k = 0; k < t->nparams; k++) {
		char slot[32];
		snprintf(slot, sizeof slot, "args[%u]", k);
		fputs(", ", hx->out);
		hx_read(hx, t->types[k], slot);
	}
	for (uint32_t k = 0; t->nresults > 1 && k < t->nresults; k++)
		fprintf(hx->out, ", &r%u", k);
	fputs(t->nresults == 1 && rtypes[0] == W2N_V128 ? "));\n" : ");\n", hx->out);
	for (uint32_t k = 0; t->nresults > 1 && k < t->nresults; k++) {
		char slot[32], value[32];
		snprintf(slot, sizeof slot, "results[%u]", k);
		snprintf(value, sizeof value, "r%u", k);
		hx_write(hx, rtypes[k], slot, value);
	}
	fputs("\treturn call.trap;\n}\n\n", hx->out);
}

/* One `if` of the resolver: the import's names, then what to give. */
static void resolve_case(struct hx *hx, uint32_t i)
{
	const struct w2n_module *m = hx->m;
	const struct w2n_import *im = &m->imports[i];
	const char *name = hx->members[i];
	fprintf(hx->out, "\tif (imp->%s != NULL && %s_streq_(module, ", name, hx->p);
	hx_literal(hx, im->module.ptr, im->module.len);
	fprintf(hx->out, ") && %s_streq_(field, ", hx->p);
	hx_literal(hx, im->field.ptr, im->field.len);
	fputs("))\n\t\treturn ", hx->out);
	switch (im->kind) {
	case W2N_EXT_FUNC:
		fprintf(hx->out,
		        "%1$s_host_func_(&r->def, module, field, %2$u, %1$s_host_%3$u_, imp, out);\n",
		        hx->p, m->funcs[im->index].type, i);
		break;
	case W2N_EXT_TABLE:
		fprintf(hx->out, "%s_extern_table_(imp->%s, out);\n", hx->p, name);
		break;
	case W2N_EXT_MEMORY:
		fprintf(hx->out, "%s_extern_memory_(imp->%s, out);\n", hx->p, name);
		break;
	default:
		fprintf(hx->out, "%s_extern_global_(imp->%s, %s, %d, out);\n", hx->p, name,
		        hx_type(m->globals[im->index].type)->enumerator, m->globals[im->index].mutable_);
		break;
	}
}

static void resolver(struct hx *hx)
{
	fprintf(
		hx->out,
		"/* The resolver's state for one instantiation (%1$s_new makes it on its stack; a host\n"
		" * calling w2n_instantiate itself passes one as the ctx of %1$s_resolve). */\n"
		"struct %1$s_resolver {\n"
		"\tstruct %1$s_imports *imports; /* NULL: nothing offered */\n"
		"\tstruct w2n_host_func def;     /* the host function being bound */\n"
		"};\n\n"
		"/* A w2n_resolve_fn; ctx is a struct %1$s_resolver *. */\n"
		"static inline bool %1$s_resolve(void *ctx, const char *module, const char *field,\n"
		"                                struct w2n_extern *out)\n"
		"{\n"
		"\tstruct %1$s_resolver *r = (struct %1$s_resolver *)ctx;\n"
		"\tstruct %1$s_imports *imp = r->imports;\n"
		"\tif (imp == NULL)\n"
		"\t\treturn false;\n",
		hx->p);
	for (uint32_t i = 0; i < hx->m->nimports; i++) {
		if (hx->first[i] == i)
			resolve_case(hx, i);
	}
	fprintf(hx->out,
	        "\treturn %1$s_fallback_(imp->fallback, imp->fallback_ctx, module, field, out);\n"
	        "}\n\n"
	        "/* Instantiates the module with the host's imports (NULL if it imports nothing) and\n"
	        " * runs its start function. Returns NULL and fills *err on failure. */\n"
	        "static inline struct w2n_instance *%1$s_new(struct %1$s_imports *imports,\n"
	        "                                            struct w2n_error *err)\n"
	        "{\n"
	        "\tstruct %1$s_resolver r;\n"
	        "\tr.imports = imports;\n"
	        "\treturn %1$s_instantiate_(%1$s_resolve, &r, NULL, err);\n"
	        "}\n\n"
	        "/* The same under per-instance limits (limits.h; NULL: none). */\n"
	        "static inline struct w2n_instance *%1$s_new_limited(struct %1$s_imports *imports,\n"
	        "                                                    const struct w2n_instance_limits "
	        "*limits,\n"
	        "                                                    struct w2n_error *err)\n"
	        "{\n"
	        "\tstruct %1$s_resolver r;\n"
	        "\tr.imports = imports;\n"
	        "\treturn %1$s_instantiate_(%1$s_resolve, &r, limits, err);\n"
	        "}\n\n",
	        hx->p);
}

void hx_emit_imports(struct hx *hx)
{
	imports_struct(hx);
	for (uint32_t i = 0; i < hx->m->nimports; i++) {
		if (hx->first[i] != i || hx->m->imports[i].kind != W2N_EXT_FUNC)
			continue;
		fputs("/* ", hx->out);
		hx_literal(hx, hx->m->imports[i].module.ptr, hx->m->imports[i].module.len);
		fputc(' ', hx->out);
		hx_literal(hx, hx->m->imports[i].field.ptr, hx->m->imports[i].field.len);
		fputs(" */\n", hx->out);
		adapter(hx, i);
	}
	resolver(hx);
}
