/* run.c — one .wast from conversion to report: the steps every backend shares. */
#include <fnmatch.h>
#include <limits.h>
#include <string.h>

#include "spec.h"

static spec_backend_fn *backend(const struct spec_options *o)
{
	return o->validate_only ? spec_validate_only : spec_execute;
}

/* The reason a --skip pattern gives for this file, or NULL. Patterns match the file name. */
static const char *file_skip(const struct spec_options *o, const char *wast)
{
	const char *base = strrchr(wast, '/');

	base = base ? base + 1 : wast;
	for (unsigned i = 0; i < o->nskip_files; i++)
		if (fnmatch(o->skip_files[i].pattern, base, 0) == 0)
			return o->skip_files[i].reason;
	return NULL;
}

void spec_run_file(const struct spec_options *o, const char *wast, const char *dir,
                   struct spec_report *r)
{
	char json[NAME_MAX + 1], err[4096];
	const char *skip = file_skip(o, wast);
	struct spec_script s;

	spec_json_name(wast, json, sizeof json);
	if (!spec_convert(o->wast2json, wast, dir, json, err, sizeof err)) {
		report_file_fail(r, "%s", err);
		return;
	}
	if (!spec_load(&s, dir, json, err, sizeof err))
		report_file_fail(r, "%s", err);
	else if (skip)
		/* Loaded anyway, so that the skipped commands are counted, not just the file. */
		for (uint32_t i = 0; i < s.ncmds; i++)
			report_skip(r, &s.cmds[i], skip);
	else
		backend(o)(o, &s, r);
	spec_free(&s);
}
