/* run.c — one file from conversion to report: the steps every backend shares. A .wast (the
 * 2.0 suite) is converted by wast2json first; a .json (the 3.0 suite, converted once and pinned)
 * is read where it lies, and only the backends' own files go to the private folder. */
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

static bool is_json(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcmp(path + n - 5, ".json") == 0;
}

/* Loads a pinned JSON script in place: its modules are read from its folder. */
static bool load_json(const char *path, char *folder, struct spec_script *s, char *err,
                      size_t errsize)
{
	const char *slash = strrchr(path, '/');

	if (slash)
		snprintf(folder, PATH_MAX, "%.*s", (int)(slash - path), path);
	else
		snprintf(folder, PATH_MAX, ".");
	bool ok = spec_load(s, folder, slash ? slash + 1 : path, err, errsize);

	s->wasm3 = true;
	return ok;
}

/* Converts a .wast into dir and loads it. */
static bool load_wast(const struct spec_options *o, const char *wast, const char *dir,
                      struct spec_script *s, char *err, size_t errsize)
{
	char json[NAME_MAX + 1];

	memset(s, 0, sizeof *s);
	spec_json_name(wast, json, sizeof json);
	return spec_convert(o->wast2json, wast, dir, json, err, errsize) &&
	       spec_load(s, dir, json, err, errsize);
}

void spec_run_file(const struct spec_options *o, const char *path, const char *dir,
                   struct spec_report *r)
{
	char folder[PATH_MAX], err[4096];
	const char *skip = file_skip(o, path);
	const struct spec_group *g = is_json(path) ? spec_group_of(path) : NULL;
	struct spec_script s;
	bool loaded = is_json(path) ? load_json(path, folder, &s, err, sizeof err)
	                            : load_wast(o, path, dir, &s, err, sizeof err);

	if (!skip && g)
		skip = spec_group_skip(g);
	s.work = dir;
	if (!loaded)
		report_file_fail(r, "%s", err);
	else if (skip)
		/* Loaded anyway, so that the skipped commands are counted, not just the file. */
		for (uint32_t i = 0; i < s.ncmds; i++)
			report_skip(r, &s.cmds[i], skip);
	else
		backend(o)(o, &s, r);
	spec_free(&s);
}
