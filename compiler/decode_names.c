/* decode_names.c — the `name` custom section: module name and function names.
 *
 * A custom section can never make a module malformed, so a broken name section is ignored
 * (names decoded before the damage are kept). It is read with a silent diagnostic sink. */
#include "decode.h"

enum { NAME_MODULE = 0, NAME_FUNCTION = 1 };

static void silent(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                   const char *message)
{
	(void)ctx, (void)sev, (void)file, (void)offset, (void)message;
}

static void decode_function_names(struct w2n_module *m, struct w2n_reader *r)
{
	uint32_t n;
	if (!w2n_read_count(r, &n, 2, "function names"))
		return;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t index;
		struct w2n_bytes name;
		if (!w2n_read_u32(r, &index, "function index") || !w2n_read_name(r, &name, "name"))
			return;
		if (index < m->nfuncs)
			m->funcs[index].name = name;
	}
}

void w2n_decode_names(struct w2n_module *m, const struct w2n_custom *section)
{
	struct w2n_diag quiet = {.fn = silent};
	struct w2n_reader r;
	const uint8_t *p = section->payload.ptr;
	w2n_reader_init(&r, m->bytes, m->size, m->filename, &quiet);
	r.p = p;
	r.end = p + section->payload.len;
	while (!r.failed && w2n_reader_left(&r) > 0) {
		uint8_t id;
		uint32_t size;
		if (!w2n_read_u8(&r, &id, "name subsection id") ||
		    !w2n_read_u32(&r, &size, "name subsection size") || size > w2n_reader_left(&r))
			return;
		struct w2n_reader sub = r;
		sub.end = r.p + size;
		r.p += size;
		if (id == NAME_MODULE)
			w2n_read_name(&sub, &m->name, "module name");
		else if (id == NAME_FUNCTION)
			decode_function_names(m, &sub);
		/* Local names and the extended-name subsections are not used yet. */
	}
}
