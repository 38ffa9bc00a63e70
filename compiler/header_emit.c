/* header_emit.c — what the generated header's parts write with: C types of wasm value types,
 * names as C string literals, signatures, parameter lists, array-call slot reads and writes. */
#include <stdio.h>
#include <string.h>

#include "header.h"

static const struct hx_type types[] = {
	{"int32_t", "i32", "i32", "W2N_I32"},
	{"int64_t", "i64", "i64", "W2N_I64"},
	{"float", "f32", "f32", "W2N_F32"},
	{"double", "f64", "f64", "W2N_F64"},
	{"struct w2n_v128", "v128", "v128", "W2N_V128"},
	{"struct w2n_funcref *", "ref", "funcref", "W2N_FUNCREF"},
	{"void *", "ref", "externref", "W2N_EXTERNREF"},
};

const struct hx_type *hx_type(uint8_t type)
{
	switch (type) {
	case W2N_I32:
		return &types[0];
	case W2N_I64:
		return &types[1];
	case W2N_F32:
		return &types[2];
	case W2N_F64:
		return &types[3];
	case W2N_V128:
		return &types[4];
	case W2N_FUNCREF:
		return &types[5];
	default:
		return &types[6];
	}
}

void hx_literal(struct hx *hx, const uint8_t *name, uint32_t len)
{
	fputc('"', hx->out);
	for (uint32_t i = 0; i < len; i++) {
		uint8_t c = name[i];
		/* '?' could start a trigraph, '*' and '/' could close a comment. */
		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '?' || c == '*' || c == '/')
			fprintf(hx->out, "\\%03o", c);
		else
			fputc(c, hx->out);
	}
	fputc('"', hx->out);
}

/* Writes a list of value type names: "i32, f64". */
static void type_list(struct hx *hx, const w2n_type *t, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fprintf(hx->out, "%s%s", i ? ", " : "", hx_type(t[i])->name);
}

void hx_signature(struct hx *hx, const struct w2n_functype *t)
{
	fputc('(', hx->out);
	type_list(hx, t->types, t->nparams);
	fputs(") -> (", hx->out);
	type_list(hx, t->types + t->nparams, t->nresults);
	fputc(')', hx->out);
}

void hx_params(struct hx *hx, const struct w2n_functype *t)
{
	for (uint32_t i = 0; i < t->nparams; i++) {
		const char *api = hx_type(t->types[i])->api;
		fprintf(hx->out, ", %s%sp%u", api, strchr(api, '*') ? "" : " ", i);
	}
}

void hx_read(struct hx *hx, uint8_t type, const char *slot)
{
	if (type == W2N_V128)
		fprintf(hx->out, "w2n_v128_load_(%s.v128)", slot);
	else if (type == W2N_FUNCREF)
		fprintf(hx->out, "(struct w2n_funcref *)%s.ref", slot);
	else
		fprintf(hx->out, "%s.%s", slot, hx_type(type)->slot);
}

void hx_write(struct hx *hx, uint8_t type, const char *slot, const char *value)
{
	if (type == W2N_V128)
		fprintf(hx->out, "\tw2n_v128_store_(%s.v128, %s);\n", slot, value);
	else
		fprintf(hx->out, "\t%s.%s = %s;\n", slot, hx_type(type)->slot, value);
}
