/* diag.c — the diagnostic sink: `file.wasm:0x0000001d: error: message`. */
#include <stdio.h>

#include "wasm2native/wasm2native.h"

static const char *severity_name(enum w2n_severity sev)
{
	switch (sev) {
	case W2N_ERROR:
		return "error";
	case W2N_WARNING:
		return "warning";
	case W2N_NOTE:
		return "note";
	}
	return "error";
}

int w2n_format_diag(char *buf, size_t size, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	const char *name = file ? file : "<input>";
	if (offset < 0)
		return snprintf(buf, size, "%s: %s: %s", name, severity_name(sev), message);
	return snprintf(buf, size, "%s:0x%08llx: %s: %s", name, (unsigned long long)offset,
	                severity_name(sev), message);
}

void w2n_vreport(struct w2n_diag *dg, enum w2n_severity sev, const char *file, int64_t offset,
                 const char *fmt, va_list ap)
{
	if (sev == W2N_ERROR)
		dg->errors++;
	if (dg->limit && sev == W2N_ERROR && dg->errors > dg->limit)
		return;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (dg->fn) {
		dg->fn(dg->ctx, sev, file, offset, msg);
		return;
	}
	char line[1024];
	w2n_format_diag(line, sizeof line, sev, file, offset, msg);
	fprintf(stderr, "%s\n", line);
}

void w2n_report(struct w2n_diag *dg, enum w2n_severity sev, const char *file, int64_t offset,
                const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	w2n_vreport(dg, sev, file, offset, fmt, ap);
	va_end(ap);
}
