/* header.c — the C header for hosts (--header, docs/embedding.md): naming every generated
 * identifier, the header's opening, the runtime glue, and the driver. Exports and imports are
 * written by header_exports.c and header_imports.c.
 *
 * Everything in the header is `static inline`: the host needs no other source file, and two
 * headers of two modules (different prefixes) can be included into one host. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cname.h"
#include "header.h"
#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"

/* The header the generated one includes: the runtime's host API, one header for everything. */
#define RUNTIME_HEADER "wasm2native/host.h"

/* ---- names ---------------------------------------------------------------------------------- */

/* File-scope names of the glue and the imports part, after "PREFIX_" (emit_glue and
 * header_imports.c define them; per-import trampolines are reserved in reserve_own). */
static const char *const own_names[] = {
	"module",    "imports",      "new",         "resolve",       "resolver",       "host_call",
	"fail_",     "same_type_",   "export_",     "call_",         "global_",        "memory_",
	"table_",    "streq_",       "host_func_",  "extern_table_", "extern_memory_", "extern_global_",
	"fallback_", "instantiate_", "new_limited",
};
/* Names shared by every generated header (each defined once, under its own guard). */
static const char *const shared_names[] = {
	"w2n_v128",
	"W2N_V128_DEFINED",
	"w2n_v128_load_",
	"w2n_v128_store_",
};
/* Members of struct PREFIX_imports that are not imports. */
static const char *const own_members[] = {"ctx", "fallback", "fallback_ctx", "priv_"};

/* PREFIX_WASM2NATIVE_H with the prefix in upper case. */
static char *guard(struct hx *hx)
{
	size_t n = strlen(hx->p);
	char *g = w2n_arena_alloc(hx->arena, n + sizeof "_WASM2NATIVE_H");
	if (g == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		g[i] = hx->p[i] >= 'a' && hx->p[i] <= 'z' ? (char)(hx->p[i] - 'a' + 'A') : hx->p[i];
	strcpy(g + n, "_WASM2NATIVE_H");
	return g;
}

/* Takes an own name (after "PREFIX_" unless `whole`): 1 done, 0 out of memory, -1 the
 * runtime's header already declares it (then the prefix cannot be used; reported). */
static int reserve(struct hx *hx, const char *name, bool whole)
{
	size_t n = strlen(hx->p) + strlen(name) + 2;
	char *id = w2n_arena_alloc(hx->arena, n);
	if (id == NULL)
		return 0;
	snprintf(id, n, "%s_%s", hx->p, name);
	if (w2n_cnames_has(hx->ids, whole ? name : id)) {
		w2n_report(hx->dg, W2N_ERROR, NULL, -1,
		           "prefix '%s' cannot be used for a C header: the runtime's header already "
		           "declares %s",
		           hx->p, whole ? name : id);
		return -1;
	}
	return w2n_cnames_add(hx->ids, whole ? name : id);
}

/* The header's own names, after the runtime's (which they must not clash with: with the
 * default prefix w2n they share its namespace). */
static int reserve_own(struct hx *hx)
{
	hx->guard = guard(hx);
	if (hx->guard == NULL || !w2n_cnames_add_reserved(hx->ids))
		return 0;
	int ok = reserve(hx, hx->guard, true);
	for (size_t i = 0; ok > 0 && i < sizeof own_names / sizeof *own_names; i++)
		ok = reserve(hx, own_names[i], false);
	/* Shared names are defined by the runtime's header once it defines them, and then
	 * w2n_cnames_has() is right to refuse them: the generator must follow. */
	for (size_t i = 0; ok > 0 && i < sizeof shared_names / sizeof *shared_names; i++)
		ok = reserve(hx, shared_names[i], true);
	for (uint32_t i = 0; ok > 0 && i < hx->m->nimports; i++) {
		char name[64];
		snprintf(name, sizeof name, "host_%u_", i);
		ok = reserve(hx, name, false);
	}
	return ok;
}

/* An import's names as the resolver sees them (C strings: the runtime passes them cut at the
 * first NUL), as one sortable key. */
struct import_key {
	char *key;
	uint32_t index;
};

static int key_order(const void *a, const void *b)
{
	const struct import_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* hx->first: imports whose names equal an earlier one's share its member, since the resolver
 * sees only names and can give both only the same thing. Sorting keeps this n log n. */
static bool find_duplicates(struct hx *hx)
{
	const struct w2n_module *m = hx->m;
	struct import_key *keys = w2n_arena_array(hx->arena, m->nimports + 1, sizeof *keys);
	if (keys == NULL)
		return false;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct w2n_import *im = &m->imports[i];
		int mlen = (int)strnlen((const char *)im->module.ptr, im->module.len);
		int flen = (int)strnlen((const char *)im->field.ptr, im->field.len);
		keys[i].key = w2n_arena_alloc(hx->arena, (size_t)mlen + (size_t)flen + 16);
		if (keys[i].key == NULL)
			return false;
		sprintf(keys[i].key, "%d:%.*s%.*s", mlen, mlen, (const char *)im->module.ptr, flen,
		        (const char *)im->field.ptr);
		keys[i].index = i;
	}
	qsort(keys, m->nimports, sizeof *keys, key_order);
	for (uint32_t i = 0; i < m->nimports; i++) {
		bool same = i > 0 && strcmp(keys[i].key, keys[i - 1].key) == 0;
		hx->first[keys[i].index] = same ? hx->first[keys[i - 1].index] : keys[i].index;
	}
	return true;
}

/* Members: "<module>_<field>" mapped; one that would not start with a letter (a leading digit,
 * or an underscore, which could spell a reserved _Upper name) gets "import_" in front. */
static bool plan_imports(struct hx *hx, struct w2n_cnames *members)
{
	const struct w2n_module *m = hx->m;
	static const char *const tails[] = {""};
	for (size_t i = 0; i < sizeof own_members / sizeof *own_members; i++) {
		if (!w2n_cnames_add(members, own_members[i]))
			return false;
	}
	if (!find_duplicates(hx))
		return false;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct w2n_import *im = &m->imports[i];
		if (hx->first[i] != i)
			continue;
		char *mod = w2n_cname_map(hx->arena, im->module.ptr, im->module.len);
		char *field = w2n_cname_map(hx->arena, im->field.ptr, im->field.len);
		char *joined =
			mod && field ? w2n_arena_alloc(hx->arena, strlen(mod) + strlen(field) + 9) : NULL;
		if (joined == NULL)
			return false;
		bool letter = (mod[0] >= 'a' && mod[0] <= 'z') || (mod[0] >= 'A' && mod[0] <= 'Z');
		sprintf(joined, "%s%s_%s", letter ? "" : "import_", mod, field);
		hx->members[i] = w2n_cnames_claim(members, hx->arena, "", joined, tails, 1);
		if (hx->members[i] == NULL)
			return false;
	}
	return true;
}

/* Exports: "PREFIX_" + the mapped name, in export order; a function with several results
 * also takes "PREFIX_<name>_result" for its result struct. */
static bool plan_exports(struct hx *hx)
{
	const struct w2n_module *m = hx->m;
	static const char *const tails[] = {"", "_result"};
	char *head = w2n_arena_alloc(hx->arena, strlen(hx->p) + 2);
	if (head == NULL)
		return false;
	sprintf(head, "%s_", hx->p);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct w2n_export *e = &m->exports[i];
		bool multi = e->kind == W2N_EXT_FUNC && m->types[m->funcs[e->index].type].nresults > 1;
		char *base = w2n_cname_map(hx->arena, e->name.ptr, e->name.len);
		if (base == NULL)
			return false;
		hx->exports[i] = w2n_cnames_claim(hx->ids, hx->arena, head, base, tails, multi ? 2 : 1);
		if (hx->exports[i] == NULL)
			return false;
	}
	return true;
}

/* Names every generated identifier; false after reporting. */
static bool plan(struct hx *hx)
{
	const struct w2n_module *m = hx->m;
	hx->arena = w2n_arena_new();
	hx->ids = w2n_cnames_new();
	struct w2n_cnames *members = w2n_cnames_new();
	int own = 0;
	if (hx->arena != NULL && hx->ids != NULL && members != NULL) {
		hx->exports = w2n_arena_array(hx->arena, m->nexports + 1, sizeof *hx->exports);
		hx->members = w2n_arena_array(hx->arena, m->nimports + 1, sizeof *hx->members);
		hx->first = w2n_arena_array(hx->arena, m->nimports + 1, sizeof *hx->first);
		own = hx->exports && hx->members && hx->first ? reserve_own(hx) : 0;
	}
	bool ok = own > 0 && plan_imports(hx, members) && plan_exports(hx);
	w2n_cnames_free(members);
	if (!ok && own >= 0)
		w2n_report(hx->dg, W2N_ERROR, m->filename, -1, "out of memory writing the C header");
	return ok;
}

/* ---- the text ----------------------------------------------------------------------------- */

static const char *const kind_names[] = {"function", "table", "memory", "global"};

/* The opening comment: what the header is, and every wasm name with its C name. */
static void emit_comment(struct hx *hx)
{
	const struct w2n_module *m = hx->m;
	const char *file = m->filename ? m->filename : "module.wasm";
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	fprintf(hx->out, "/* The C interface of the WebAssembly module ");
	hx_literal(hx, (const uint8_t *)base, (uint32_t)strlen(base));
	fprintf(hx->out,
	        ", generated by wasm2native %s\n"
	        " * (--prefix %s); do not edit. Its object defines %s_module: link that object and\n"
	        " * the runtime archive with the host (docs/embedding.md).\n"
	        " *\n"
	        " * Exports (wasm name, kind, C name; the mapping is docs/embedding.md's \"Names\"):\n",
	        W2N_VERSION, hx->p, hx->p);
	for (uint32_t i = 0; i < m->nexports; i++) {
		fprintf(hx->out, " *   ");
		hx_literal(hx, m->exports[i].name.ptr, m->exports[i].name.len);
		fprintf(hx->out, " %s %s_%s\n", kind_names[m->exports[i].kind], hx->p, hx->exports[i]);
	}
	fprintf(hx->out, " * Imports (module, field, kind, member of struct %s_imports):\n", hx->p);
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct w2n_import *im = &m->imports[i];
		fprintf(hx->out, " *   ");
		hx_literal(hx, im->module.ptr, im->module.len);
		fputc(' ', hx->out);
		hx_literal(hx, im->field.ptr, im->field.len);
		fprintf(hx->out, " %s .%s\n", kind_names[im->kind], hx->members[hx->first[i]]);
	}
	fprintf(hx->out, " */\n");
}

/* v128 values, shared by every generated header: defined by the first one included. */
#define V128_BLOCK                                                            \
	"#ifndef W2N_V128_DEFINED\n"                                              \
	"#define W2N_V128_DEFINED\n"                                              \
	"/* A v128 value: its 16 bytes in memory order (lane 0 first). */\n"      \
	"struct w2n_v128 {\n"                                                     \
	"\tuint8_t bytes[16];\n"                                                  \
	"};\n"                                                                    \
	"\n"                                                                      \
	"static inline struct w2n_v128 w2n_v128_load_(const uint8_t *bytes)\n"    \
	"{\n"                                                                     \
	"\tstruct w2n_v128 v;\n"                                                  \
	"\tfor (int i = 0; i < 16; i++)\n"                                        \
	"\t\tv.bytes[i] = bytes[i];\n"                                            \
	"\treturn v;\n"                                                           \
	"}\n"                                                                     \
	"\n"                                                                      \
	"static inline void w2n_v128_store_(uint8_t *bytes, struct w2n_v128 v)\n" \
	"{\n"                                                                     \
	"\tfor (int i = 0; i < 16; i++)\n"                                        \
	"\t\tbytes[i] = v.bytes[i];\n"                                            \
	"}\n"                                                                     \
	"#endif\n\n"

static void emit_opening(struct hx *hx)
{
	emit_comment(hx);
	fprintf(hx->out,
	        "#ifndef %1$s\n"
	        "#define %1$s\n"
	        "\n"
	        "#include <stdbool.h>\n"
	        "#include <stddef.h>\n"
	        "#include <stdint.h>\n"
	        "\n"
	        "#include \"" RUNTIME_HEADER "\"\n"
	        "\n",
	        hx->guard);
	fputs(V128_BLOCK, hx->out);
	fprintf(hx->out,
	        "/* The module's descriptor, defined in its object. */\n"
	        "extern const struct w2n_module_desc %s_module;\n\n",
	        hx->p);
}

/* The runtime glue: the only generated code that calls the runtime or reads its structs
 * (struct w2n_extern, struct w2n_error, struct w2n_host_func, w2n_instance_export_n, w2n_call,
 * w2n_instantiate_limited, w2n_funcref_type). Wrappers and the resolver go through these
 * helpers, so a change of the runtime's API is a change here. %1$s is the prefix. */
#define GLUE                                                                                       \
	"/* ---- Runtime glue: the only code below that calls the runtime ---- */\n"                   \
	"\n"                                                                                           \
	"/* Fills *err for a call that could not be made: `what`, then `name`. */\n"                   \
	"static inline void %1$s_fail_(struct w2n_error *err, const char *what, const char *name)\n"   \
	"{\n"                                                                                          \
	"\tsize_t n = 0;\n"                                                                            \
	"\terr->kind = W2N_ERR_CALL;\n"                                                                \
	"\terr->trap = 0;\n"                                                                           \
	"\terr->exit_code = 0;\n"                                                                      \
	"\twhile (*what != '\\0' && n + 1 < sizeof err->message)\n"                                    \
	"\t\terr->message[n++] = *what++;\n"                                                           \
	"\twhile (*name != '\\0' && n + 1 < sizeof err->message)\n"                                    \
	"\t\terr->message[n++] = *name++;\n"                                                           \
	"\terr->message[n] = '\\0';\n"                                                                 \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline bool %1$s_same_type_(const struct w2n_desc_type *a,\n"                          \
	"                                   const struct w2n_desc_type *b)\n"                          \
	"{\n"                                                                                          \
	"\tif (a == NULL || a->nparams != b->nparams || a->nresults != b->nresults)\n"                 \
	"\t\treturn false;\n"                                                                          \
	"\tfor (uint32_t i = 0; i < a->nparams + a->nresults; i++) {\n"                                \
	"\t\tif (a->types[i] != b->types[i])\n"                                                        \
	"\t\t\treturn false;\n"                                                                        \
	"\t}\n"                                                                                        \
	"\treturn true;\n"                                                                             \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* Export `name` (`len` bytes) if it is of `kind` (enum w2n_extern_kind). */\n"               \
	"static inline bool %1$s_export_(struct w2n_instance *inst, const char *name, size_t len,\n"   \
	"                                uint32_t kind, struct w2n_extern *out)\n"                     \
	"{\n"                                                                                          \
	"\treturn w2n_instance_export_n(inst, name, len, out) && out->kind == kind;\n"                 \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* Calls function export `name`, checking that its signature is the module's type `type`\n"   \
	" * (so that `vals` has room for its parameters and results). On failure fills *err (unless\n" \
	" * err is NULL) and zeroes the nvals slots: a failed call returns zeros. */\n"                \
	"static inline bool %1$s_call_(struct w2n_instance *inst, const char *name, size_t len,\n"     \
	"                              uint32_t type, union w2n_val *vals, size_t nvals,\n"            \
	"                              struct w2n_error *err)\n"                                       \
	"{\n"                                                                                          \
	"\tstruct w2n_error ignored;\n"                                                                \
	"\tstruct w2n_extern ext;\n"                                                                   \
	"\tif (err == NULL)\n"                                                                         \
	"\t\terr = &ignored;\n"                                                                        \
	"\tif (!%1$s_export_(inst, name, len, W2N_EXT_FUNC, &ext) ||\n"                                \
	"\t    !%1$s_same_type_(w2n_funcref_type(ext.u.func), &%1$s_module.types[type])) {\n"          \
	"\t\t%1$s_fail_(err, \"no function export of this signature: \", name);\n"                     \
	"\t} else if (w2n_call(ext.u.func, vals, err)) {\n"                                            \
	"\t\terr->kind = W2N_ERR_NONE;\n"                                                              \
	"\t\terr->message[0] = '\\0';\n"                                                               \
	"\t\treturn true;\n"                                                                           \
	"\t}\n"                                                                                        \
	"\tfor (size_t i = 0; i < nvals; i++) {\n"                                                     \
	"\t\tfor (size_t j = 0; j < sizeof vals[i].v128; j++)\n"                                       \
	"\t\t\tvals[i].v128[j] = 0;\n"                                                                 \
	"\t}\n"                                                                                        \
	"\treturn false;\n"                                                                            \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* The cell of global export `name` if its value type is `type`, else NULL. */\n"             \
	"static inline union w2n_val *%1$s_global_(struct w2n_instance *inst, const char *name,\n"     \
	"                                          size_t len, uint32_t type)\n"                       \
	"{\n"                                                                                          \
	"\tstruct w2n_extern ext;\n"                                                                   \
	"\tif (!%1$s_export_(inst, name, len, W2N_EXT_GLOBAL, &ext) ||\n"                              \
	"\t    ext.u.global.type != type)\n"                                                           \
	"\t\treturn NULL;\n"                                                                           \
	"\treturn (union w2n_val *)ext.u.global.cell;\n"                                               \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline struct w2n_memory *%1$s_memory_(struct w2n_instance *inst, const char *name,\n" \
	"                                              size_t len)\n"                                  \
	"{\n"                                                                                          \
	"\tstruct w2n_extern ext;\n"                                                                   \
	"\treturn %1$s_export_(inst, name, len, W2N_EXT_MEMORY, &ext) ? ext.u.memory : NULL;\n"        \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline struct w2n_table *%1$s_table_(struct w2n_instance *inst, const char *name,\n"   \
	"                                            size_t len)\n"                                    \
	"{\n"                                                                                          \
	"\tstruct w2n_extern ext;\n"                                                                   \
	"\treturn %1$s_export_(inst, name, len, W2N_EXT_TABLE, &ext) ? ext.u.table : NULL;\n"          \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline bool %1$s_streq_(const char *a, const char *b)\n"                               \
	"{\n"                                                                                          \
	"\twhile (*a != '\\0' && *a == *b) {\n"                                                        \
	"\t\ta++;\n"                                                                                   \
	"\t\tb++;\n"                                                                                   \
	"\t}\n"                                                                                        \
	"\treturn *a == *b;\n"                                                                         \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* Resolves an import to a host function: `def` describes it until the runtime has copied\n"  \
	" * it (right after the resolver returns); the signature is the module's type `type`. */\n"    \
	"static inline bool %1$s_host_func_(struct w2n_host_func *def, const char *module,\n"          \
	"                                   const char *field, uint32_t type, w2n_host_fn fn,\n"       \
	"                                   void *ctx, struct w2n_extern *out)\n"                      \
	"{\n"                                                                                          \
	"\tconst struct w2n_desc_type *t = &%1$s_module.types[type];\n"                                \
	"\tstruct w2n_extern e = {0};\n"                                                               \
	"\tdef->module = module;\n"                                                                    \
	"\tdef->name = field;\n"                                                                       \
	"\tdef->params = t->types;\n"                                                                  \
	"\tdef->nparams = t->nparams;\n"                                                               \
	"\tdef->results = t->types + t->nparams;\n"                                                    \
	"\tdef->nresults = t->nresults;\n"                                                             \
	"\tdef->fn = fn;\n"                                                                            \
	"\tdef->ctx = ctx;\n"                                                                          \
	"\te.kind = W2N_EXT_HOST_FUNC;\n"                                                              \
	"\te.u.host = def;\n"                                                                          \
	"\t*out = e;\n"                                                                                \
	"\treturn true;\n"                                                                             \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* Host-made objects: no owner instance to keep alive. */\n"                                  \
	"static inline bool %1$s_extern_table_(struct w2n_table *t, struct w2n_extern *out)\n"         \
	"{\n"                                                                                          \
	"\tstruct w2n_extern e = {0};\n"                                                               \
	"\te.kind = W2N_EXT_TABLE;\n"                                                                  \
	"\te.u.table = t;\n"                                                                           \
	"\t*out = e;\n"                                                                                \
	"\treturn true;\n"                                                                             \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline bool %1$s_extern_memory_(struct w2n_memory *m, struct w2n_extern *out)\n"       \
	"{\n"                                                                                          \
	"\tstruct w2n_extern e = {0};\n"                                                               \
	"\te.kind = W2N_EXT_MEMORY;\n"                                                                 \
	"\te.u.memory = m;\n"                                                                          \
	"\t*out = e;\n"                                                                                \
	"\treturn true;\n"                                                                             \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"/* A global the host provides: its 16-byte cell; type and mutability are the import's. */\n"  \
	"static inline bool %1$s_extern_global_(union w2n_val *cell, uint32_t type, uint32_t "         \
	"mutable_,\n"                                                                                  \
	"                                       struct w2n_extern *out)\n"                             \
	"{\n"                                                                                          \
	"\tstruct w2n_extern e = {0};\n"                                                               \
	"\te.kind = W2N_EXT_GLOBAL;\n"                                                                 \
	"\te.u.global.cell = cell;\n"                                                                  \
	"\te.u.global.type = type;\n"                                                                  \
	"\te.u.global.mutable_ = mutable_;\n"                                                          \
	"\t*out = e;\n"                                                                                \
	"\treturn true;\n"                                                                             \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline bool %1$s_fallback_(w2n_resolve_fn resolve, void *ctx, const char *module,\n"   \
	"                                  const char *field, struct w2n_extern *out)\n"               \
	"{\n"                                                                                          \
	"\treturn resolve != NULL && resolve(ctx, module, field, out);\n"                              \
	"}\n"                                                                                          \
	"\n"                                                                                           \
	"static inline struct w2n_instance *%1$s_instantiate_(w2n_resolve_fn resolve, void *ctx,\n"    \
	"                                                     const struct w2n_instance_limits "       \
	"*limits,\n"                                                                                   \
	"                                                     struct w2n_error *err)\n"                \
	"{\n"                                                                                          \
	"\treturn w2n_instantiate_limited(&%1$s_module, resolve, ctx, limits, err);\n"                 \
	"}\n"                                                                                          \
	"\n"

static void emit_glue(struct hx *hx)
{
	fprintf(hx->out, GLUE, hx->p);
}

/* Writes the whole header; false after reporting. */
static bool generate(struct hx *hx)
{
	if (!plan(hx))
		return false;
	emit_opening(hx);
	emit_glue(hx);
	hx_emit_exports(hx);
	hx_emit_imports(hx);
	fprintf(hx->out, "#endif /* %s */\n", hx->guard);
	return true;
}

bool w2n_header_prefix_ok(const char *prefix)
{
	return w2n_cname_valid_prefix(prefix);
}

char *w2n_header_text(const struct w2n_module *m, const char *prefix, struct w2n_diag *dg)
{
	prefix = prefix ? prefix : "w2n";
	if (!w2n_cname_valid_prefix(prefix)) {
		w2n_report(dg, W2N_ERROR, NULL, -1,
		           "prefix '%s' cannot name C identifiers (letters, digits and '_', starting "
		           "with a letter)",
		           prefix);
		return NULL;
	}
	char *text = NULL;
	size_t size = 0;
	struct hx hx = {.m = m, .p = prefix, .dg = dg, .out = open_memstream(&text, &size)};
	bool planned = hx.out != NULL && generate(&hx);
	bool ok = hx.out != NULL && fclose(hx.out) == 0 && planned;
	w2n_cnames_free(hx.ids);
	if (hx.arena != NULL)
		w2n_arena_free(hx.arena);
	if (!ok && (hx.out == NULL || planned))
		w2n_report(dg, W2N_ERROR, m->filename, -1, "out of memory writing the C header");
	if (!ok) {
		free(text);
		return NULL;
	}
	return text;
}

bool w2n_write_header(const struct w2n_module *m, const char *prefix, const char *path,
                      struct w2n_diag *dg)
{
	char *text = w2n_header_text(m, prefix, dg);
	if (text == NULL)
		return false;
	FILE *f = fopen(path, "w");
	bool ok = f != NULL && fputs(text, f) >= 0;
	if (f != NULL && fclose(f) != 0)
		ok = false;
	free(text);
	if (!ok)
		w2n_report(dg, W2N_ERROR, path, -1, "cannot write the C header: %s", strerror(errno));
	return ok;
}
