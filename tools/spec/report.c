/* report.c — counts and lines of one file's run, and their hand-over from child to parent. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

/* Appends formatted text; on out-of-memory the line is dropped (the counts still hold). */
static void vappend(struct spec_report *r, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);

	if (n < 0)
		return;
	if (r->len + (size_t)n + 1 > r->cap) {
		size_t cap = (r->cap ? r->cap * 2 : 1024) + (size_t)n;
		char *text = realloc(r->text, cap);

		if (!text)
			return;
		r->text = text;
		r->cap = cap;
	}
	vsnprintf(r->text + r->len, r->cap - r->len, fmt, ap);
	r->len += (size_t)n;
}

static void append(struct spec_report *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
}

void report_pass(struct spec_report *r)
{
	r->passed++;
}

void report_fail(struct spec_report *r, const struct spec_cmd *c, const char *fmt, ...)
{
	va_list ap;

	r->failed++;
	append(r, "  line %u: %s: ", c->line, spec_kind_name(c->kind));
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	append(r, "\n");
}

void report_file_fail(struct spec_report *r, const char *fmt, ...)
{
	va_list ap;

	r->failed++;
	append(r, "  ");
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	append(r, "\n");
}

void report_note(struct spec_report *r, const char *fmt, ...)
{
	va_list ap;

	append(r, "  ");
	va_start(ap, fmt);
	vappend(r, fmt, ap);
	va_end(ap);
	append(r, "\n");
}

void report_skip(struct spec_report *r, const struct spec_cmd *c, const char *reason)
{
	unsigned i;

	r->skipped++;
	for (i = 0; i < r->nskips; i++)
		if (r->skips[i].kind == c->kind && strcmp(r->skips[i].reason, reason) == 0)
			break;
	if (i == r->nskips) {
		/* More distinct (kind, reason) pairs than slots: fold into the last one. */
		if (i == sizeof r->skips / sizeof r->skips[0])
			i--;
		else
			r->skips[r->nskips++] = (struct spec_skip){c->kind, reason, 0};
	}
	r->skips[i].count++;
}

void report_free(struct spec_report *r)
{
	free(r->text);
	r->text = NULL;
	r->len = r->cap = 0;
}

static void write_body(const struct spec_report *r, FILE *f)
{
	if (r->len)
		fwrite(r->text, 1, r->len, f);
	for (unsigned i = 0; i < r->nskips; i++)
		fprintf(f, "  skipped %u x %s (%s)\n", r->skips[i].count, spec_kind_name(r->skips[i].kind),
		        r->skips[i].reason);
}

void report_write(const struct spec_report *r, FILE *f)
{
	fprintf(f, "%u %u %u\n", r->passed, r->failed, r->skipped);
	write_body(r, f);
}

/* The body comes back as text only: skips are already formatted lines. */
bool report_read(struct spec_report *r, FILE *f)
{
	char buf[4096];
	size_t n;

	if (fscanf(f, "%u %u %u", &r->passed, &r->failed, &r->skipped) != 3 || fgetc(f) != '\n')
		return false;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		append(r, "%.*s", (int)n, buf);
	return true;
}

void report_print(const struct spec_report *r, const char *label, FILE *out)
{
	fprintf(out, "%s: %u passed, %u failed, %u skipped\n", label, r->passed, r->failed, r->skipped);
	write_body(r, out);
}
