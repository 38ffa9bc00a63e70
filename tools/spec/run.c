/* run.c — one .wast from conversion to report: the steps every backend shares. */
#include <assert.h>
#include <limits.h>

#include "spec.h"

/* The backend for the chosen mode; execution slots in here as the second one. */
static spec_backend_fn *backend(const struct spec_options *o)
{
	return o->validate_only ? spec_validate_only : NULL;
}

void spec_run_file(const struct spec_options *o, const char *wast, const char *dir,
                   struct spec_report *r)
{
	spec_backend_fn *run = backend(o);
	char json[NAME_MAX + 1], err[4096];
	struct spec_script s;

	assert(run && "main.c refuses modes without a backend");
	spec_json_name(wast, json, sizeof json);
	if (!spec_convert(o->wast2json, wast, dir, json, err, sizeof err)) {
		report_file_fail(r, "%s", err);
		return;
	}
	if (spec_load(&s, dir, json, err, sizeof err))
		run(o, &s, r);
	else
		report_file_fail(r, "%s", err);
	spec_free(&s);
}
