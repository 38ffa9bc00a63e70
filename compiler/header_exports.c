/* header_exports.c — the generated header's exports: a typed wrapper per function (arguments
 * and results through the array-call slots of w2n_call, a struct for several results), and an
 * accessor per memory, table and global. Only the glue (header.c) touches the runtime. */
#include <stdio.h>
#include <string.h>

#include "header.h"

/* The export's name as the glue's `name, len` arguments. */
static void name_args(struct hx *hx, const struct w2n_export *e)
{
	hx_literal(hx, e->name.ptr, e->name.len);
	fprintf(hx->out, ", %u", e->name.len);
}

static void doc(struct hx *hx, const struct w2n_export *e, const char *what)
{
	fputs("/* ", hx->out);
	hx_literal(hx, e->name.ptr, e->name.len);
	fprintf(hx->out, ": %s", what);
}

/* The struct of a function's results (several of them), named <prefix>_<name>_result. */
static void result_struct(struct hx *hx, const char *name, const struct w2n_functype *t)
{
	fprintf(hx->out, "/* The results of %s_%s. */\nstruct %s_%s_result {\n", hx->p, name, hx->p,
	        name);
	for (uint32_t i = 0; i < t->nresults; i++) {
		const char *api = hx_type(t->types[t->nparams + i])->api;
		fprintf(hx->out, "\t%s%sr%u;\n", api, strchr(api, '*') ? "" : " ", i);
	}
	fputs("};\n\n", hx->out);
}

static void function(struct hx *hx, uint32_t index)
{
	const struct w2n_export *e = &hx->m->exports[index];
	const char *name = hx->exports[index];
	uint32_t type = hx->m->funcs[e->index].type;
	const struct w2n_functype *t = &hx->m->types[type];
	uint32_t nvals = t->nparams > t->nresults ? t->nparams : t->nresults;
	nvals = nvals ? nvals : 1;
	if (t->nresults > 1)
		result_struct(hx, name, t);
	doc(hx, e, "function ");
	hx_signature(hx, t);
	fputs(" */\n", hx->out);
	if (t->nresults == 0)
		fputs("static inline void ", hx->out);
	else if (t->nresults == 1)
		fprintf(hx->out, "static inline %s%s", hx_type(t->types[t->nparams])->api,
		        strchr(hx_type(t->types[t->nparams])->api, '*') ? "" : " ");
	else
		fprintf(hx->out, "static inline struct %s_%s_result ", hx->p, name);
	fprintf(hx->out, "%s_%s(struct w2n_instance *inst", hx->p, name);
	hx_params(hx, t);
	fprintf(hx->out, ", struct w2n_error *err)\n{\n\tunion w2n_val v[%u];\n", nvals);
	if (t->nresults > 1)
		fprintf(hx->out, "\tstruct %s_%s_result r;\n", hx->p, name);
	char slot[32], value[32];
	for (uint32_t i = 0; i < t->nparams; i++) {
		snprintf(slot, sizeof slot, "v[%u]", i);
		snprintf(value, sizeof value, "p%u", i);
		hx_write(hx, t->types[i], slot, value);
	}
	fprintf(hx->out, "\t%s_call_(inst, ", hx->p);
	name_args(hx, e);
	fprintf(hx->out, ", %u, v, %u, err);\n", type, nvals);
	for (uint32_t i = 0; i < t->nresults; i++) {
		snprintf(slot, sizeof slot, "v[%u]", i);
		if (t->nresults == 1)
			fputs("\treturn ", hx->out);
		else
			fprintf(hx->out, "\tr.r%u = ", i);
		hx_read(hx, t->types[t->nparams + i], slot);
		fputs(";\n", hx->out);
	}
	fputs(t->nresults > 1 ? "\treturn r;\n}\n\n" : "}\n\n", hx->out);
}

/* The C type a global's accessor points to: its value (const unless mutable); v128 as its 16
 * bytes; a reference as the cell's void * (a struct w2n_funcref * for funcref). */
static void global_pointer(char *buf, size_t size, const struct w2n_global *g)
{
	const char *cnst = g->mutable_ ? "" : "const ";
	if (g->type == W2N_V128)
		snprintf(buf, size, "%suint8_t *", cnst);
	else if (w2n_is_reftype(w2n_type_repr(g->type)))
		snprintf(buf, size, "void *%s*", cnst);
	else
		snprintf(buf, size, "%s%s *", cnst, hx_type(g->type)->api);
}

static void global(struct hx *hx, uint32_t index)
{
	const struct w2n_export *e = &hx->m->exports[index];
	const struct w2n_global *g = &hx->m->globals[e->index];
	const struct hx_type *t = hx_type(g->type);
	char ptr[32];
	global_pointer(ptr, sizeof ptr, g);
	doc(hx, e, g->mutable_ ? "global mut " : "global ");
	fprintf(hx->out,
	        "%s: a pointer to its value, NULL if inst has no such\n"
	        " * global. */\n"
	        "static inline %s%s_%s(struct w2n_instance *inst)\n{\n"
	        "\tunion w2n_val *cell = %s_global_(inst, ",
	        t->name, ptr, hx->p, hx->exports[index], hx->p);
	name_args(hx, e);
	fprintf(hx->out, ", %s);\n\treturn cell != NULL ? %scell->%s : NULL;\n}\n\n", t->enumerator,
	        g->type == W2N_V128 ? "" : "&", t->slot);
}

/* Memories and tables: the runtime's object, NULL if inst has no such export. */
static void object(struct hx *hx, uint32_t index, const char *kind)
{
	const struct w2n_export *e = &hx->m->exports[index];
	doc(hx, e, kind);
	fprintf(hx->out,
	        " (NULL if inst has no such export). */\n"
	        "static inline struct w2n_%s *%s_%s(struct w2n_instance *inst)\n{\n"
	        "\treturn %s_%s_(inst, ",
	        kind, hx->p, hx->exports[index], hx->p, kind);
	name_args(hx, e);
	fputs(");\n}\n\n", hx->out);
}

void hx_emit_exports(struct hx *hx)
{
	if (hx->m->nexports > 0)
		fputs("/* ---- Exports ---- */\n\n"
		      "/* A function export is called as a C function of the instance, its parameters and\n"
		      " * an error out-parameter. On failure (a trap, the guest's exit, an instance of\n"
		      " * another module) *err says why, unless err is NULL, and the results are zero; on\n"
		      " * success err->kind is W2N_ERR_NONE. */\n\n",
		      hx->out);
	for (uint32_t i = 0; i < hx->m->nexports; i++) {
		switch (hx->m->exports[i].kind) {
		case W2N_EXT_FUNC:
			function(hx, i);
			break;
		case W2N_EXT_GLOBAL:
			global(hx, i);
			break;
		case W2N_EXT_MEMORY:
			object(hx, i, "memory");
			break;
		case W2N_EXT_TAG:
			/* An exception tag has nothing a C host could use: exceptions never cross
			 * into host code (docs/runtime.md). */
			break;
		default:
			object(hx, i, "table");
			break;
		}
	}
}
