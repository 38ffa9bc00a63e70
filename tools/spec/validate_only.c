/* validate_only.c — the backend that only decodes and validates (--validate-only): every
 * command with a module goes through the frontend checks (frontend.c); the rest is skipped. */
#include "spec.h"

static const char *const EXEC_SKIP = "needs execution (--validate-only)";

void spec_validate_only(const struct spec_options *o, const struct spec_script *s,
                        struct spec_report *r)
{
	for (uint32_t i = 0; i < s->ncmds; i++) {
		const struct spec_cmd *c = &s->cmds[i];

		if (r->line)
			*r->line = c->line;
		if (spec_has_module(c->kind))
			spec_frontend_cmd(o, s, c, r);
		else
			report_skip(r, c, EXEC_SKIP);
	}
}
