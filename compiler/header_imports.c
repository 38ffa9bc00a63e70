/* header_imports.c — the generated header's imports: struct PREFIX_imports (typed host
 * functions with a context pointer, the host's memories, tables and globals), a trampoline
 * pair per host function, the resolver w2n_instantiate takes, and PREFIX_new.
 *
 * Generated code calls an import as `R f(struct w2n_vmctx *vmctx, params...)` with the vmctx
 * of its funcref (abi.h). The funcref of a host function points at a vmctx inside the host's
 * struct PREFIX_imports, so the trampoline finds the struct, and in it the host's function
 * and context pointer, from that vmctx alone. Only the glue (header.c) touches the runtime. */
#include <stdio.h>
#include <string.h>

#include "header.h"

static const struct w2n_functype *import_type(const struct hx *hx, uint32_t i)
{
	return &hx->m->types[hx->m->funcs[hx->m->imports[i].index].type];
}

bool hx_host_func(const struct hx *hx, uint32_t i)
{
	return hx->m->imports[i].kind == W2N_EXT_FUNC && import_type(hx, i)->nresults <= 1;
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
		if (!hx_host_func(hx, i))
			fputs(". Host functions return at most one value: give a\n\t * function of "
			      "another instance (w2n_instance_export)",
			      hx->out);
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

/* An import's member: a host function pointer (context first), or the runtime's object. */
static void member(struct hx *hx, uint32_t i)
{
	const char *name = hx->members[i];
	describe(hx, i);
	if (hx_host_func(hx, i)) {
		const struct w2n_functype *t = import_type(hx, i);
		fputc('\t', hx->out);
		type_before(hx, t->nresults ? hx_type(t->types[t->nparams])->api : "void");
		fprintf(hx->out, "(*%s)(void *ctx", name);
		hx_params(hx, t, false);
		fputs(");\n", hx->out);
		return;
	}
	static const char *const objects[] = {"struct w2n_funcref *", "struct w2n_table *",
	                                      "struct w2n_memory *", "union w2n_val *"};
	fprintf(hx->out, "\t%s%s;\n", objects[hx->m->imports[i].kind], name);
}

static void imports_struct(struct hx *hx)
{
	const char *p = hx->p;
	fprintf(hx->out,
	        "/* ---- Imports ---- */\n\n"
	        "/* What the host provides: pass it to %1$s_new (or as the ctx of %1$s_resolve).\n"
	        " * Zero-initialize it, then set ctx and the members of the imports the host allows.\n"
	        " * A member left NULL is asked of `fallback`; if that has nothing either,\n"
	        " * instantiation fails with \"unknown import\". Keep the struct alive and unchanged\n"
	        " * while instances made from it live; one struct can serve several instances. */\n"
	        "struct %1$s_imports {\n"
	        "\tvoid *ctx; /* passed first to every host function */\n",
	        p);
	for (uint32_t i = 0; i < hx->m->nimports; i++) {
		if (hx->first[i] == i)
			member(hx, i);
	}
	fprintf(
		hx->out,
		"\tw2n_resolve_fn fallback; /* asked for the imports left NULL above (or none) */\n"
		"\tvoid *fallback_ctx;\n"
		"\t/* Private, filled in by %s_resolve: what native code calls host functions with. */\n"
		"\tstruct {\n"
		"\t\tstruct w2n_vmctx vmctx;\n"
		"\t\tstruct w2n_funcref funcs[%u]; /* per import index */\n"
		"\t} priv_;\n"
		"};\n\n",
		p, hx->m->nimports ? hx->m->nimports : 1);
	fprintf(
		hx->out,
		"static inline struct %1$s_imports *%1$s_imports_of_(struct w2n_vmctx *vmctx)\n"
		"{\n"
		"\treturn (struct %1$s_imports *)(void *)((char *)vmctx -\n"
		"\t                                        offsetof(struct %1$s_imports, priv_.vmctx));\n"
		"}\n\n",
		p);
}

/* Writes `imp->member(imp->ctx, args)`; args are `arg<k>` (native trampoline, v128 through a
 * union) or the slots v[k] (array-call trampoline). */
static void host_call(struct hx *hx, uint32_t i, bool native)
{
	const struct w2n_functype *t = import_type(hx, i);
	fprintf(hx->out, "imp->%s(imp->ctx", hx->members[i]);
	for (uint32_t k = 0; k < t->nparams; k++) {
		char slot[32];
		if (native) {
			fprintf(hx->out, t->types[k] == W2N_V128 ? ", a%u.v" : ", p%u", k);
			continue;
		}
		snprintf(slot, sizeof slot, "v[%u]", k);
		fputs(", ", hx->out);
		hx_read(hx, t->types[k], slot);
	}
	fputc(')', hx->out);
}

/* Called by native code: native types in, the host's types to its function. */
static void native_trampoline(struct hx *hx, uint32_t i)
{
	const struct w2n_functype *t = import_type(hx, i);
	const char *ret = t->nresults ? hx_type(t->types[t->nparams])->native : "void";
	fputs("static inline ", hx->out);
	type_before(hx, ret);
	fprintf(hx->out, "%s_host_%u_(struct w2n_vmctx *vmctx", hx->p, i);
	hx_params(hx, t, true);
	fprintf(hx->out, ")\n{\n\tstruct %s_imports *imp = %s_imports_of_(vmctx);\n", hx->p, hx->p);
	for (uint32_t k = 0; k < t->nparams; k++) {
		if (t->types[k] == W2N_V128)
			fprintf(hx->out, "\tunion w2n_v128_pun_ a%u;\n\ta%u.vec = p%u;\n", k, k, k);
	}
	bool v128 = t->nresults && t->types[t->nparams] == W2N_V128;
	if (v128)
		fputs("\tunion w2n_v128_pun_ r;\n\tr.v = ", hx->out);
	else
		fputs(t->nresults ? "\treturn " : "\t", hx->out);
	host_call(hx, i, true);
	fputs(v128 ? ";\n\treturn r.vec;\n}\n\n" : ";\n}\n\n", hx->out);
}

/* Called through w2n_call (a host function re-exported, or in a table the host calls). */
static void array_trampoline(struct hx *hx, uint32_t i)
{
	const struct w2n_functype *t = import_type(hx, i);
	fprintf(hx->out,
	        "static inline void %1$s_host_%2$u_array_(struct w2n_vmctx *vmctx, union w2n_val *v)\n"
	        "{\n"
	        "\tstruct %1$s_imports *imp = %1$s_imports_of_(vmctx);\n",
	        hx->p, i);
	if (t->nparams == 0 && t->nresults == 0)
		fputs("\t(void)v;\n", hx->out);
	if (t->nresults && t->types[t->nparams] == W2N_V128)
		fputs("\tw2n_v128_store_(v[0].v128, ", hx->out);
	else if (t->nresults)
		fprintf(hx->out, "\tv[0].%s = ", hx_type(t->types[t->nparams])->slot);
	else
		fputc('\t', hx->out);
	host_call(hx, i, false);
	fputs(t->nresults && t->types[t->nparams] == W2N_V128 ? ");\n}\n\n" : ";\n}\n\n", hx->out);
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
	if (hx_host_func(hx, i)) {
		fprintf(hx->out,
		        "%1$s_host_func_(&imp->priv_.vmctx, &imp->priv_.funcs[%2$u],\n"
		        "\t\t                    (void (*)(void))%1$s_host_%2$u_, %1$s_host_%2$u_array_, "
		        "%3$u, %2$u, out);\n",
		        hx->p, i, m->funcs[im->index].type);
		return;
	}
	switch (im->kind) {
	case W2N_EXT_FUNC:
		fprintf(hx->out, "%s_extern_func_(imp->%s, out);\n", hx->p, name);
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
	fprintf(hx->out,
	        "/* A w2n_resolve_fn for w2n_instantiate; ctx is a struct %1$s_imports *. */\n"
	        "static inline bool %1$s_resolve(void *ctx, const char *module, const char *field,\n"
	        "                                struct w2n_extern *out)\n"
	        "{\n"
	        "\tstruct %1$s_imports *imp = (struct %1$s_imports *)ctx;\n",
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
	        "\treturn %1$s_instantiate_(%1$s_resolve, imports, NULL, err);\n"
	        "}\n\n"
	        "/* The same under per-instance limits (limits.h; NULL: none). */\n"
	        "static inline struct w2n_instance *%1$s_new_limited(struct %1$s_imports *imports,\n"
	        "                                                    const struct w2n_instance_limits "
	        "*limits,\n"
	        "                                                    struct w2n_error *err)\n"
	        "{\n"
	        "\treturn %1$s_instantiate_(%1$s_resolve, imports, limits, err);\n"
	        "}\n\n",
	        hx->p);
}

void hx_emit_imports(struct hx *hx)
{
	imports_struct(hx);
	for (uint32_t i = 0; i < hx->m->nimports; i++) {
		if (hx->first[i] != i || !hx_host_func(hx, i))
			continue;
		fputs("/* ", hx->out);
		hx_literal(hx, hx->m->imports[i].module.ptr, hx->m->imports[i].module.len);
		fputc(' ', hx->out);
		hx_literal(hx, hx->m->imports[i].field.ptr, hx->m->imports[i].field.len);
		fputs(" */\n", hx->out);
		native_trampoline(hx, i);
		array_trampoline(hx, i);
	}
	resolver(hx);
}
