/* validate_only.c — the backend that only decodes and validates (--validate-only).
 *
 * It checks that each module is rejected at the right stage: assert_malformed by the decoder,
 * assert_invalid by the validator. A rejection at the wrong stage is a failure even though the
 * module was rejected, because it means the decoder and validator disagree with the spec about
 * where the rule lives; the diagnostic is printed so the culprit is easy to find.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "wasm2native/wasm2native.h"

static const char *const TEXT_SKIP = "text format is out of scope";
static const char *const EXEC_SKIP = "needs execution (--validate-only)";

/* How far a module got through the frontend. */
enum stage { UNREADABLE, MALFORMED, INVALID, VALID };

/* Keeps the first error's text instead of printing it. */
struct capture {
	char msg[1024];
};

static void capture_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                         const char *message)
{
	struct capture *cap = ctx;

	if (sev == W2N_ERROR && cap->msg[0] == 0)
		w2n_format_diag(cap->msg, sizeof cap->msg, sev, file, offset, message);
}

static enum stage check_module(const struct spec_script *s, const char *filename,
                               struct capture *cap)
{
	struct w2n_diag dg = {.fn = capture_diag, .ctx = cap};
	char path[PATH_MAX];
	size_t size;
	enum stage st;

	cap->msg[0] = 0;
	snprintf(path, sizeof path, "%s/%s", s->dir, filename);
	uint8_t *bytes = w2n_read_file(path, &size, &dg);
	if (!bytes)
		return UNREADABLE;
	struct w2n_module *m = w2n_decode(bytes, size, filename, &dg);
	if (m) {
		st = w2n_validate(m, &dg) ? VALID : INVALID;
		w2n_module_free(m);
	} else {
		st = MALFORMED;
	}
	free(bytes);
	/* A rejection without a diagnostic would leave us nothing to print. */
	if (st != VALID && cap->msg[0] == 0)
		snprintf(cap->msg, sizeof cap->msg, "(rejected without a diagnostic)");
	return st;
}

/* module, assert_unlinkable, assert_uninstantiable: all valid modules. */
static void expect_valid(const struct spec_cmd *c, enum stage st, const char *msg,
                         struct spec_report *r)
{
	if (st == VALID)
		report_pass(r);
	else if (st == MALFORMED)
		report_fail(r, c, "valid module rejected by the decoder: %s", msg);
	else if (st == INVALID)
		report_fail(r, c, "valid module rejected by the validator: %s", msg);
	else
		report_fail(r, c, "%s", msg);
}

static void expect_malformed(const struct spec_cmd *c, enum stage st, const char *msg,
                             struct spec_report *r)
{
	const char *want = c->message ? c->message : "";

	if (st == MALFORMED)
		report_pass(r);
	else if (st == VALID)
		report_fail(r, c, "expected a decode error (\"%s\"), module decoded and validated", want);
	else if (st == INVALID)
		report_fail(r, c,
		            "expected a decode error (\"%s\"), but the decoder accepted it "
		            "and the validator rejected it: %s",
		            want, msg);
	else
		report_fail(r, c, "%s", msg);
}

static void expect_invalid(const struct spec_cmd *c, enum stage st, const char *msg,
                           struct spec_report *r)
{
	const char *want = c->message ? c->message : "";

	if (st == INVALID)
		report_pass(r);
	else if (st == VALID)
		report_fail(r, c, "expected validation failure (\"%s\"), module validated", want);
	else if (st == MALFORMED)
		report_fail(r, c, "expected validation failure (\"%s\"), but the decoder rejected it: %s",
		            want, msg);
	else
		report_fail(r, c, "%s", msg);
}

static bool has_module(unsigned kind)
{
	return kind == SPEC_MODULE || kind == SPEC_ASSERT_MALFORMED || kind == SPEC_ASSERT_INVALID ||
	       kind == SPEC_ASSERT_UNLINKABLE || kind == SPEC_ASSERT_UNINSTANTIABLE;
}

static void run_cmd(const struct spec_options *o, const struct spec_script *s,
                    const struct spec_cmd *c, struct spec_report *r)
{
	struct capture cap;

	if (!has_module(c->kind)) {
		report_skip(r, c, EXEC_SKIP);
		return;
	}
	if (c->text) {
		report_skip(r, c, TEXT_SKIP);
		return;
	}
	if (!c->filename) {
		report_fail(r, c, "no module file in the JSON");
		return;
	}
	enum stage st = check_module(s, c->filename, &cap);
	unsigned failed = r->failed;

	if (c->kind == SPEC_ASSERT_MALFORMED)
		expect_malformed(c, st, cap.msg, r);
	else if (c->kind == SPEC_ASSERT_INVALID)
		expect_invalid(c, st, cap.msg, r);
	else
		expect_valid(c, st, cap.msg, r);
	/* -v: show what we said next to what the spec expects, to compare the wording. */
	if (o->verbose && r->failed == failed && st != VALID)
		report_note(r, "line %u: %s: ok (\"%s\"): %s", c->line, spec_kind_name(c->kind),
		            c->message ? c->message : "", cap.msg);
}

void spec_validate_only(const struct spec_options *o, const struct spec_script *s,
                        struct spec_report *r)
{
	for (uint32_t i = 0; i < s->ncmds; i++) {
		if (r->line)
			*r->line = s->cmds[i].line;
		run_cmd(o, s, &s->cmds[i], r);
	}
}
