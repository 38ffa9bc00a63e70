/* table.c — writes the command table the test executable runs and reads back its outcome lines
 * (both formats: spec.h, "table.c"). */
#include <stdlib.h>
#include <string.h>

#include "spec.h"

/* The 3.0 reference types travel as the type byte of their hierarchy's top type: the harness
 * reports a result by its abstract kind, and a bottom type's only value is that top's null. */
enum { EXNREF_BYTE = 0x69, ANYREF_BYTE = 0x6e };

uint8_t spec_type_byte(unsigned spec_vtype)
{
	static const uint8_t bytes[SPEC_NVTYPES] = {
		[SPEC_I32] = W2N_I32,
		[SPEC_I64] = W2N_I64,
		[SPEC_F32] = W2N_F32,
		[SPEC_F64] = W2N_F64,
		[SPEC_V128] = W2N_V128,
		[SPEC_FUNCREF] = W2N_FUNCREF,
		[SPEC_EXTERNREF] = W2N_EXTERNREF,
		[SPEC_NULLFUNCREF] = W2N_FUNCREF,
		[SPEC_NULLEXTERNREF] = W2N_EXTERNREF,
		[SPEC_EXNREF] = EXNREF_BYTE,
		[SPEC_NULLEXNREF] = EXNREF_BYTE,
		[SPEC_ANYREF] = ANYREF_BYTE,
		[SPEC_EQREF] = ANYREF_BYTE,
		[SPEC_I31REF] = ANYREF_BYTE,
		[SPEC_STRUCTREF] = ANYREF_BYTE,
		[SPEC_ARRAYREF] = ANYREF_BYTE,
		[SPEC_NULLREF] = ANYREF_BYTE,
		[SPEC_CONCRETE] = ANYREF_BYTE,
		/* SPEC_REFNULL: any hierarchy, so no byte */
	};

	return spec_vtype < sizeof bytes ? bytes[spec_vtype] : 0;
}

static void put_name(FILE *f, const char *name, size_t len)
{
	fputs(" x", f);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%02x", (unsigned char)name[i]);
}

void table_header(FILE *f, unsigned nmodules)
{
	fprintf(f, "w2n-spec-table 1 %u\n", nmodules);
}

void table_inst(FILE *f, unsigned id, unsigned mod)
{
	fprintf(f, "inst %u %u\n", id, mod);
}

void table_reg(FILE *f, unsigned id, unsigned mod, const char *name, size_t len)
{
	fprintf(f, "reg %u %u", id, mod);
	put_name(f, name, len);
	fputc('\n', f);
}

/* An argument's bits; false for what a script cannot pass (a non-null funcref, a NaN class). */
static bool arg_bits(const struct spec_value *v, uint8_t out[16])
{
	memset(out, 0, 16);
	if (!v->has_value || v->nan[0] != SPEC_NAN_NONE)
		return false;
	switch (v->type) {
	case SPEC_V128:
		memcpy(out, v->u.v128, 16);
		return true;
	case SPEC_EXTERNREF:
		if (!v->is_null) {
			uint64_t p = v->u.bits + SPEC_EXTERN_BIAS;

			memcpy(out, &p, 8);
		}
		return true;
	default:
		/* Other references: nulls only (a host `ref.host N` has no harness form yet). */
		if (spec_is_ref(v->type))
			return v->is_null && spec_type_byte(v->type) != 0;
		for (unsigned i = 0; i < 8; i++)
			out[i] = (uint8_t)(v->u.bits >> (8 * i));
		return true;
	}
}

/* `TT:HEX`, HEX without leading zeros (at least one digit). */
static void put_value(FILE *f, uint8_t type, const uint8_t bits[16])
{
	int top = 15;

	while (top > 0 && bits[top] == 0)
		top--;
	fprintf(f, " %02x:%x", type, bits[top]);
	while (top-- > 0)
		fprintf(f, "%02x", bits[top]);
}

bool table_action(FILE *f, unsigned id, unsigned mod, const struct spec_action *a)
{
	uint8_t bits[16];

	for (uint32_t i = 0; i < a->nargs; i++)
		if (!arg_bits(&a->args[i], bits))
			return false;
	fprintf(f, "%s %u %u", a->get ? "get" : "call", id, mod);
	put_name(f, a->field, a->field_len);
	for (uint32_t i = 0; i < a->nargs; i++) {
		arg_bits(&a->args[i], bits);
		put_value(f, spec_type_byte(a->args[i].type), bits);
	}
	fputc('\n', f);
	return true;
}

/* ---- outcomes ------------------------------------------------------------------------------ */

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* One `TT:HEX` of a ret line; advances *p past it. */
static bool parse_value(const char **p, struct spec_bits *v)
{
	const char *s = *p, *start, *stop;
	int hi = hex_digit(s[0]), lo = hi < 0 ? -1 : hex_digit(s[1]);

	if (lo < 0 || s[2] != ':')
		return false;
	v->type = (uint8_t)(hi << 4 | lo);
	start = stop = s + 3;
	while (hex_digit(*stop) >= 0)
		stop++;
	if (stop == start || stop - start > 32 || (*stop && *stop != ' '))
		return false;
	memset(v->bytes, 0, sizeof v->bytes);
	unsigned nib = 0;
	for (const char *d = stop; d-- > start; nib++)
		v->bytes[nib / 2] |= (uint8_t)(hex_digit(*d) << (4 * (nib % 2)));
	*p = stop;
	return true;
}

static bool parse_ret(const char *p, struct spec_outcome *o)
{
	size_t cap = 4;

	o->values = malloc(cap * sizeof *o->values);
	while (o->values && *p == ' ') {
		p++;
		if (o->nvalues == cap) {
			struct spec_bits *v = realloc(o->values, 2 * cap * sizeof *v);

			if (!v)
				return false;
			o->values = v;
			cap *= 2;
		}
		if (!parse_value(&p, &o->values[o->nvalues++]))
			return false;
	}
	return o->values && *p == 0;
}

static const struct {
	const char *word;
	enum spec_outcome_kind kind;
} words[] = {
	{"ok", SPEC_OUT_OK},     {"ret", SPEC_OUT_RET},     {"trap", SPEC_OUT_TRAP},
	{"link", SPEC_OUT_LINK}, {"error", SPEC_OUT_ERROR},
};

/* One outcome line (without its newline); false if malformed. */
static bool parse_line(const char *line, struct spec_outcome *out, unsigned n)
{
	const char *sp = strchr(line, ' ');
	char *end;
	size_t w = sp ? (size_t)(sp - line) : 0;
	unsigned k;

	for (k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k].word) == w && strncmp(words[k].word, line, w) == 0)
			break;
	if (k == sizeof words / sizeof words[0] || sp[1] < '0' || sp[1] > '9')
		return false;
	unsigned long id = strtoul(sp + 1, &end, 10);
	if (id >= n || out[id].kind != SPEC_OUT_NONE)
		return false;
	struct spec_outcome *o = &out[id];
	o->kind = (uint8_t)words[k].kind;
	if (o->kind == SPEC_OUT_RET) {
		if (parse_ret(end, o))
			return true;
		/* Keep the ID answered, so the command fails with a reason and not as "not run". */
		free(o->values);
		o->values = NULL;
		o->nvalues = 0;
		o->kind = SPEC_OUT_ERROR;
		o->message = strdup("malformed result values from the harness");
		return false;
	}
	if (o->kind == SPEC_OUT_OK)
		return *end == 0;
	if (*end != ' ')
		return false;
	o->message = strdup(end + 1);
	return o->message != NULL;
}

bool table_read_outcomes(FILE *f, struct spec_outcome *out, unsigned n, bool *done, char *err,
                         size_t errsize)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool ok = true;

	/* A stray line (something else writing to stdout) is reported once; reading goes on so
	 * that the outcomes around it still count. */
	*done = false;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = 0;
		if (!*done && strcmp(line, "done") == 0) {
			*done = true;
		} else if (*done || !parse_line(line, out, n)) {
			if (ok)
				snprintf(err, errsize, "unexpected output line \"%.200s\"", line);
			ok = false;
		}
	}
	free(line);
	return ok;
}

void table_free_outcomes(struct spec_outcome *out, unsigned n)
{
	for (unsigned i = 0; out && i < n; i++) {
		free(out[i].message);
		free(out[i].values);
	}
}
