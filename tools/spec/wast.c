/* wast.c — loads the JSON that wast2json writes into struct spec_script.
 *
 * The JSON is produced by a tool, not by an adversary, but a different wabt version may add or
 * rename fields: anything unexpected becomes an error message for the report, never a crash.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

static const char *const kind_names[SPEC_NKINDS] = {
#define X(id, name) [SPEC_##id] = name,
	SPEC_KINDS(X)
#undef X
};

const char *spec_kind_name(unsigned kind)
{
	return kind < SPEC_NKINDS ? kind_names[kind] : "?";
}

static int kind_of(const char *name)
{
	for (unsigned k = 0; k < SPEC_NKINDS; k++)
		if (strcmp(kind_names[k], name) == 0)
			return (int)k;
	return -1;
}

static const char *const vtype_names[] = {
	[SPEC_I32] = "i32",
	[SPEC_I64] = "i64",
	[SPEC_F32] = "f32",
	[SPEC_F64] = "f64",
	[SPEC_V128] = "v128",
	[SPEC_FUNCREF] = "funcref",
	[SPEC_EXTERNREF] = "externref",
	[SPEC_I8] = "i8",
	[SPEC_I16] = "i16",
	[SPEC_ANYREF] = "anyref",
	[SPEC_EQREF] = "eqref",
	[SPEC_I31REF] = "i31ref",
	[SPEC_STRUCTREF] = "structref",
	[SPEC_ARRAYREF] = "arrayref",
	[SPEC_EXNREF] = "exnref",
	[SPEC_NULLREF] = "nullref",
	[SPEC_NULLFUNCREF] = "nullfuncref",
	[SPEC_NULLEXTERNREF] = "nullexternref",
	[SPEC_NULLEXNREF] = "nullexnref",
	[SPEC_REFNULL] = "refnull",
};

static int vtype_of(const char *name)
{
	/* "(ref array-type)": a concrete reference type, only ever non-null results (GC). */
	if (strncmp(name, "(ref ", 5) == 0)
		return SPEC_CONCRETE;
	for (unsigned t = 0; t < sizeof vtype_names / sizeof vtype_names[0]; t++)
		if (strcmp(vtype_names[t], name) == 0)
			return (int)t;
	return -1;
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Numbers come as unsigned decimal strings of the bit pattern ("4294967295" for i32 -1). */
static bool parse_bits(const char *s, uint64_t max, uint64_t *out)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

unsigned spec_lane_bytes(int type)
{
	switch (type) {
	case SPEC_I8:
		return 1;
	case SPEC_I16:
		return 2;
	case SPEC_I32:
	case SPEC_F32:
		return 4;
	case SPEC_I64:
	case SPEC_F64:
		return 8;
	default:
		return 0;
	}
}

/* One number: exact bits, or a NaN class for floats. */
static bool parse_num(const char *s, int type, uint8_t *nan, uint64_t *bits)
{
	bool is_float = type == SPEC_F32 || type == SPEC_F64;

	*nan = SPEC_NAN_NONE;
	*bits = 0;
	if (is_float && s && strcmp(s, "nan:canonical") == 0)
		*nan = SPEC_NAN_CANONICAL;
	else if (is_float && s && strcmp(s, "nan:arithmetic") == 0)
		*nan = SPEC_NAN_ARITHMETIC;
	else
		return parse_bits(s, UINT64_MAX >> (64 - 8 * spec_lane_bytes(type)), bits);
	return true;
}

static bool parse_v128(json_t *lanes, struct spec_value *v)
{
	unsigned size = spec_lane_bytes(v->lane_type);

	if (!size || !json_is_array(lanes) || json_array_size(lanes) * size != 16)
		return false;
	for (unsigned i = 0; i < 16 / size; i++) {
		uint8_t nan;
		uint64_t bits;

		if (!parse_num(json_string_value(json_array_get(lanes, i)), v->lane_type, &nan, &bits))
			return false;
		if (size >= 4)
			v->nan[i] = nan;
		for (unsigned b = 0; b < size; b++)
			v->u.v128[i * size + b] = (uint8_t)(bits >> (8 * b));
	}
	return true;
}

static bool parse_ref(const char *s, struct spec_value *v)
{
	if (strcmp(s, "null") == 0) {
		v->is_null = true;
		return true;
	}
	return parse_bits(s, UINT32_MAX, &v->u.bits);
}

static bool parse_value(json_t *j, struct spec_value *v)
{
	const char *type = str(j, "type");
	json_t *value = json_object_get(j, "value");
	int t = type ? vtype_of(type) : -1;

	memset(v, 0, sizeof *v);
	if (t < 0 || t == SPEC_I8 || t == SPEC_I16)
		return false;
	v->type = (uint8_t)t;
	v->has_value = value != NULL;
	if (!value)
		return true;
	if (t == SPEC_V128) {
		int lane = str(j, "lane_type") ? vtype_of(str(j, "lane_type")) : -1;

		v->lane_type = lane < 0 ? 0 : (uint8_t)lane;
		return lane >= 0 && parse_v128(value, v);
	}
	if (!json_is_string(value))
		return false;
	if (spec_is_ref(t))
		return parse_ref(json_string_value(value), v);
	return parse_num(json_string_value(value), t, &v->nan[0], &v->u.bits);
}

static bool parse_values(json_t *arr, struct spec_value **out, uint32_t *n)
{
	size_t count = json_array_size(arr);

	*out = NULL;
	*n = 0;
	if (!arr)
		return true;
	if (!json_is_array(arr))
		return false;
	*out = calloc(count ? count : 1, sizeof **out);
	if (!*out)
		return false;
	*n = (uint32_t)count;
	for (size_t i = 0; i < count; i++)
		if (!parse_value(json_array_get(arr, i), &(*out)[i]))
			return false;
	return true;
}

static bool parse_action(json_t *j, struct spec_action *a)
{
	const char *type = str(j, "type");
	json_t *field = json_object_get(j, "field");

	if (!type || !json_is_string(field))
		return false;
	a->get = strcmp(type, "get") == 0;
	if (!a->get && strcmp(type, "invoke") != 0)
		return false;
	a->module = str(j, "module");
	a->field = json_string_value(field);
	a->field_len = json_string_length(field);
	return parse_values(json_object_get(j, "args"), &a->args, &a->nargs);
}

bool spec_is_ref(int type)
{
	return type == SPEC_FUNCREF || type == SPEC_EXTERNREF || type >= SPEC_ANYREF;
}

/* JSON booleans of the 3.0 conversion are strings ("definition": "true"). */
static bool flag(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_true(v) || (json_is_string(v) && strcmp(json_string_value(v), "true") == 0);
}

static bool parse_cmd(json_t *j, struct spec_cmd *c, char *err, size_t errsize)
{
	const char *type = str(j, "type");
	int kind = type ? kind_of(type) : -1;
	json_t *action = json_object_get(j, "action");
	json_t *either = json_object_get(j, "either");
	const char *mtype = str(j, "module_type");

	c->line = (uint32_t)json_integer_value(json_object_get(j, "line"));
	if (kind < 0) {
		snprintf(err, errsize, "line %u: unknown command \"%s\"", c->line, type ? type : "");
		return false;
	}
	c->kind = (uint8_t)kind;
	c->filename = str(j, "filename");
	c->text = mtype && strcmp(mtype, "text") == 0;
	c->name = str(j, "name");
	c->definition = flag(j, "definition");
	if (c->kind == SPEC_MODULE_INSTANCE) {
		c->name = str(j, "instance");
		c->of = str(j, "module");
	}
	c->as = str(j, "as");
	c->message = str(j, "text");
	c->either = either != NULL;
	if ((action && !parse_action(action, &c->action)) ||
	    !parse_values(either ? either : json_object_get(j, "expected"), &c->expected,
	                  &c->nexpected)) {
		snprintf(err, errsize, "line %u: %s: cannot read its action or values", c->line, type);
		return false;
	}
	return true;
}

bool spec_load(struct spec_script *s, const char *dir, const char *json_name, char *err,
               size_t errsize)
{
	char path[PATH_MAX];
	json_error_t jerr;

	memset(s, 0, sizeof *s);
	s->dir = dir;
	s->work = dir;
	snprintf(path, sizeof path, "%s/%s", dir, json_name);
	/* Export names in names.wast contain NUL; the default would reject the whole file. */
	s->root = json_load_file(path, JSON_ALLOW_NUL, &jerr);
	if (!s->root) {
		snprintf(err, errsize, "%s:%d: %s", path, jerr.line, jerr.text);
		return false;
	}
	json_t *cmds = json_object_get(s->root, "commands");
	if (!json_is_array(cmds)) {
		snprintf(err, errsize, "%s: no \"commands\" array", path);
		return false;
	}
	s->ncmds = (uint32_t)json_array_size(cmds);
	s->cmds = calloc(s->ncmds ? s->ncmds : 1, sizeof *s->cmds);
	if (!s->cmds) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	for (uint32_t i = 0; i < s->ncmds; i++)
		if (!parse_cmd(json_array_get(cmds, i), &s->cmds[i], err, errsize))
			return false;
	return true;
}

void spec_free(struct spec_script *s)
{
	for (uint32_t i = 0; s->cmds && i < s->ncmds; i++) {
		free(s->cmds[i].action.args);
		free(s->cmds[i].expected);
	}
	free(s->cmds);
	if (s->root)
		json_decref(s->root);
	memset(s, 0, sizeof *s);
}
