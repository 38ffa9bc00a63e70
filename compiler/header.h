/* header.h — the C header for hosts (--header), shared by its generator's files.
 *
 * Owners: header.c (the driver: names, the opening and the runtime glue), header_exports.c
 * (wrappers and accessors for exports), header_imports.c (struct PREFIX_imports, host function
 * trampolines, the resolver), header_emit.c (what those write with). Layered: header.c calls
 * the others, header_exports.c and header_imports.c call header_emit.c, never back up.
 * The generated text names the runtime's API only in the glue that header.c writes
 * (emit_glue): when host.h or runtime.h changes, that is the part to follow.
 */
#ifndef W2N_HEADER_H
#define W2N_HEADER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "wasm2native/module.h"

/* The header being written. */
struct hx {
	const struct w2n_module *m;
	FILE *out;
	struct w2n_diag *dg;
	const char *p;           /* the prefix of every file-scope name */
	const char *guard;       /* the include guard */
	struct w2n_arena *arena; /* every string below */
	struct w2n_cnames *ids;  /* taken file-scope identifiers */
	char **exports;          /* per export: its C name after "PREFIX_" */
	char **members;          /* per import: its member of struct PREFIX_imports, or NULL
	                             when an earlier import has the same module and field names */
	uint32_t *first;         /* per import: the first import with its names (itself if none) */
};

/* ---- header_emit.c -------------------------------------------------------------------------- */

/* How one value type looks in C. */
struct hx_type {
	const char *api;        /* in wrappers and host functions: int32_t, struct w2n_v128, ... */
	const char *slot;       /* its member of union w2n_val */
	const char *name;       /* wasm text name */
	const char *enumerator; /* its enum w2n_valtype constant (wasm.h): W2N_I32, ... */
};
const struct hx_type *hx_type(uint8_t type);

/* Writes a wasm name as a C string literal (octal escapes outside plain printable ASCII, so
 * that it is also safe inside a comment). */
void hx_literal(struct hx *hx, const uint8_t *name, uint32_t len);
/* Writes "(i32, i64) -> (f32)". */
void hx_signature(struct hx *hx, const struct w2n_functype *t);
/* Writes the parameters of t after earlier ones: ", int32_t p0, float p1". */
void hx_params(struct hx *hx, const struct w2n_functype *t);
/* Writes the value of a union w2n_val slot (an lvalue such as "v[0]") as its C type. */
void hx_read(struct hx *hx, uint8_t type, const char *slot);
/* Writes a statement storing `value` (of type's C type) into a slot. */
void hx_write(struct hx *hx, uint8_t type, const char *slot, const char *value);

/* ---- header_exports.c ----------------------------------------------------------------------- */

void hx_emit_exports(struct hx *hx);

/* ---- header_imports.c ----------------------------------------------------------------------- */

void hx_emit_imports(struct hx *hx);

#endif
