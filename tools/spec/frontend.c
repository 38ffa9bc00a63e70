/* frontend.c — what both backends check with the frontend alone: that each module is rejected
 * at the right stage (assert_malformed by the decoder, assert_invalid by the validator), and
 * that the modules the script expects to be valid decode and validate.
 *
 * A rejection at the wrong stage is a failure even though the module was rejected, because it
 * means the decoder and validator disagree with the spec about where the rule lives; the
 * diagnostic is printed so the culprit is easy to find.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "wasm2native/wasm2native.h"

static const char *const TEXT_SKIP = "text format is out of scope";

/* Keeps the first error's text instead of printing it. */
static void capture_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                         const char *message)
{
	struct spec_loaded *l = ctx;

	if (sev == W2N_ERROR && l->msg[0] == 0)
		w2n_format_diag(l->msg, sizeof l->msg, sev, file, offset, message);
}

struct w2n_diag spec_capture(struct spec_loaded *l)
{
	l->msg[0] = 0;
	l->unsupported = NULL;
	return (struct w2n_diag){.fn = capture_diag, .ctx = l};
}

const char *spec_unsupported_reason(enum w2n_feature f)
{
	static char reasons[W2N_FEAT_COUNT][96];

	/* GC is out of issue 13's scope (it needs a collector): its skips carry the bare reason
	 * "GC", as the GC group's files do (groups.c). */
	if (!reasons[f][0] && f == W2N_FEAT_GC)
		snprintf(reasons[f], sizeof reasons[f], "GC");
	else if (!reasons[f][0])
		snprintf(reasons[f], sizeof reasons[f], "%s: not implemented", w2n_feature_name(f));
	return reasons[f];
}

const char *spec_group_skip(const struct spec_group *g)
{
	return w2n_feature_implemented(g->feature) ? NULL : spec_unsupported_reason(g->feature);
}

/* Only a 3.0 script gets the skip: in the 2.0 suite, the 3.0 encodings are not part of the
 * language under test, so rejecting them is right and is judged by its stage as before. The
 * feature comes from the compiler's own tables (features.def, ops.def), never from the
 * failure itself: what is not marked unsupported is judged. */
const char *spec_feature_skip(const struct spec_script *s, const struct spec_loaded *l)
{
	return s->wasm3 && l->stage != SPEC_VALID ? l->unsupported : NULL;
}

enum spec_stage spec_load_module(const struct spec_script *s, const char *filename,
                                 struct spec_loaded *l)
{
	struct w2n_diag dg = spec_capture(l);
	char path[PATH_MAX];
	size_t size;
	/* A 2.0 script is judged by 2.0's rules: where 3.0 made valid or well-formed what 2.0
	 * rejects (constant expressions, u64 limits and offsets), the features after 2.0 are off. */
	uint64_t off = s->wasm3 ? 0 : W2N_FEATURES_AFTER_2_0;

	l->module = NULL;
	l->stage = SPEC_UNREADABLE;
	if (filename[0] == '/')
		snprintf(path, sizeof path, "%s", filename);
	else
		snprintf(path, sizeof path, "%s/%s", s->dir, filename);
	l->bytes = w2n_read_file(path, &size, &dg);
	if (!l->bytes)
		return l->stage;
	l->module = w2n_decode_features(l->bytes, size, filename, off, &dg);
	if (!l->module)
		l->stage = SPEC_MALFORMED;
	else if (!w2n_validate_features(l->module, off, &dg))
		l->stage = SPEC_INVALID;
	else
		l->stage = SPEC_VALID;
	if (l->stage != SPEC_VALID && dg.unsupported)
		l->unsupported = spec_unsupported_reason(dg.feature);
	/* A rejection without a diagnostic would leave us nothing to print. */
	if (l->stage != SPEC_VALID && l->msg[0] == 0)
		snprintf(l->msg, sizeof l->msg, "(rejected without a diagnostic)");
	return l->stage;
}

void spec_unload_module(struct spec_loaded *l)
{
	if (l->module)
		w2n_module_free(l->module);
	free(l->bytes);
	l->module = NULL;
	l->bytes = NULL;
}

/* module, assert_unlinkable, assert_uninstantiable: all valid modules. */
static void expect_valid(const struct spec_cmd *c, const struct spec_loaded *l,
                         struct spec_report *r)
{
	if (l->stage == SPEC_VALID)
		report_pass(r);
	else if (l->stage == SPEC_MALFORMED)
		report_fail(r, c, "valid module rejected by the decoder: %s", l->msg);
	else if (l->stage == SPEC_INVALID)
		report_fail(r, c, "valid module rejected by the validator: %s", l->msg);
	else
		report_fail(r, c, "%s", l->msg);
}

static void expect_malformed(const struct spec_cmd *c, const struct spec_loaded *l,
                             struct spec_report *r)
{
	const char *want = c->message ? c->message : "";

	if (l->stage == SPEC_MALFORMED)
		report_pass(r);
	else if (l->stage == SPEC_VALID)
		report_fail(r, c, "expected a decode error (\"%s\"), module decoded and validated", want);
	else if (l->stage == SPEC_INVALID)
		report_fail(r, c,
		            "expected a decode error (\"%s\"), but the decoder accepted it "
		            "and the validator rejected it: %s",
		            want, l->msg);
	else
		report_fail(r, c, "%s", l->msg);
}

static void expect_invalid(const struct spec_cmd *c, const struct spec_loaded *l,
                           struct spec_report *r)
{
	const char *want = c->message ? c->message : "";

	if (l->stage == SPEC_INVALID)
		report_pass(r);
	else if (l->stage == SPEC_VALID)
		report_fail(r, c, "expected validation failure (\"%s\"), module validated", want);
	else if (l->stage == SPEC_MALFORMED)
		report_fail(r, c, "expected validation failure (\"%s\"), but the decoder rejected it: %s",
		            want, l->msg);
	else
		report_fail(r, c, "%s", l->msg);
}

bool spec_has_module(unsigned kind)
{
	return kind == SPEC_MODULE || kind == SPEC_ASSERT_MALFORMED || kind == SPEC_ASSERT_INVALID ||
	       kind == SPEC_ASSERT_UNLINKABLE || kind == SPEC_ASSERT_UNINSTANTIABLE ||
	       kind == SPEC_ASSERT_MALFORMED_CUSTOM || kind == SPEC_ASSERT_INVALID_CUSTOM;
}

/* Expectations of the pinned suite that Wasm 3.0 itself contradicts. The threads proposal's
 * files (proposals/threads/, the only ones with these messages) were written against Wasm 1.0
 * and still expect its one-table and one-memory rules, which reference types (2.0) and
 * multi-memory (3.0) lifted: judged against 3.0, these modules are valid. */
static const struct {
	const char *message, *reason;
} stale[] = {
	{"multiple tables", "stale: Wasm 1.0's one-table rule (lifted by Wasm 2.0)"},
	{"multiple memories", "stale: Wasm 1.0's one-memory rule (lifted by Wasm 3.0)"},
};

static const char *stale_expectation(const struct spec_cmd *c)
{
	if (c->kind != SPEC_ASSERT_INVALID || c->message == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof stale / sizeof stale[0]; i++)
		if (strcmp(c->message, stale[i].message) == 0)
			return stale[i].reason;
	return NULL;
}

void spec_frontend_cmd(const struct spec_options *o, const struct spec_script *s,
                       const struct spec_cmd *c, struct spec_report *r)
{
	struct spec_loaded l;

	if (c->text) {
		report_skip(r, c, TEXT_SKIP);
		return;
	}
	if (s->wasm3 && stale_expectation(c)) {
		report_skip(r, c, stale_expectation(c));
		return;
	}
	if (!c->filename) {
		report_fail(r, c, "no module file in the JSON");
		return;
	}
	spec_load_module(s, c->filename, &l);
	unsigned failed = r->failed;

	if (spec_feature_skip(s, &l))
		report_skip(r, c, spec_feature_skip(s, &l));
	else if (c->kind == SPEC_ASSERT_MALFORMED)
		expect_malformed(c, &l, r);
	else if (c->kind == SPEC_ASSERT_INVALID)
		expect_invalid(c, &l, r);
	else
		/* Also assert_{malformed,invalid}_custom: a custom section (branch hints, annotations)
		 * that breaks its own rules leaves the module valid for an engine that does not read
		 * it, as the reference interpreter's warnings-only treatment does; so does ours. */
		expect_valid(c, &l, r);
	/* -v: show what we said next to what the spec expects, to compare the wording. */
	if (o->verbose && r->failed == failed && l.stage != SPEC_VALID)
		report_note(r, "line %u: %s: ok (\"%s\"): %s", c->line, spec_kind_name(c->kind),
		            c->message ? c->message : "", l.msg);
	spec_unload_module(&l);
}
