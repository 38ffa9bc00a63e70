/* jobs.c — runs files in forked children, --jobs at a time, and prints reports in input order.
 *
 * A child per file isolates crashes: a decoder bug that segfaults or trips a sanitizer fails that
 * file (at the line it was running, read from a shared page) and the run goes on. Each child
 * writes its report to an anonymous temp file, so the parent never blocks on a full pipe.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spec.h"

/* Finished reports waiting for an earlier slow file stay open; this bounds their number. */
#define MAX_AHEAD 256

struct job {
	pid_t pid;
	FILE *out;          /* the child's report */
	char dir[PATH_MAX]; /* the child's temp folder, "" if none */
	int status;         /* from waitpid */
	bool done;
};

struct pool {
	const struct spec_options *o;
	char **files, **labels;
	unsigned n;
	struct job *jobs;
	volatile uint32_t *lines; /* shared with the children: the line each one is running */
	struct spec_report *total;
	struct spec_tally *by_group;
};

static void child(struct pool *p, unsigned i)
{
	struct spec_report r = {.line = &p->lines[i]};

	spec_run_file(p->o, p->files[i], p->jobs[i].dir, &r);
	report_write(&r, p->jobs[i].out);
	report_free(&r);
	fflush(p->jobs[i].out);
	/* exit, not _exit: LeakSanitizer checks at exit in the sanitized build. */
	exit(0);
}

static void start(struct pool *p, unsigned i)
{
	struct job *j = &p->jobs[i];

	j->out = tmpfile();
	if (!spec_make_dir(j->dir))
		j->dir[0] = 0;
	fflush(stdout);
	fflush(stderr);
	j->pid = j->out && j->dir[0] ? fork() : -1;
	if (j->pid == 0)
		child(p, i);
	if (j->pid < 0) {
		/* Reported by finish() as a file without a report. */
		j->done = true;
		j->status = -1;
	}
}

static void describe(int status, char *buf, size_t size)
{
	if (status == -1)
		snprintf(buf, size, "could not start (no temp file, temp folder or child process)");
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
		         strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "exited with status %d", WEXITSTATUS(status));
}

static void add(struct spec_report *total, const struct spec_report *r)
{
	total->passed += r->passed;
	total->failed += r->failed;
	total->skipped += r->skipped;
}

static void tally(struct pool *p, unsigned i, const struct spec_report *r)
{
	const struct spec_group *g = spec_group_of(p->files[i]);
	unsigned k = 0;

	if (!g)
		return;
	while (k < SPEC_MAX_GROUPS && p->by_group[k].group && p->by_group[k].group != g)
		k++;
	if (k == SPEC_MAX_GROUPS)
		return;
	p->by_group[k].group = g;
	p->by_group[k].files++;
	p->by_group[k].passed += r->passed;
	p->by_group[k].failed += r->failed;
	p->by_group[k].skipped += r->skipped;
}

static void finish(struct pool *p, unsigned i)
{
	struct job *j = &p->jobs[i];
	struct spec_report r = {0};
	bool clean = j->status == 0;
	char why[128];

	describe(j->status, why, sizeof why);
	if (j->out)
		rewind(j->out);
	if (!j->out || !report_read(&r, j->out)) {
		if (p->lines[i])
			report_file_fail(&r, "crashed at line %u: %s", p->lines[i], why);
		else
			report_file_fail(&r, "crashed before its first command: %s", why);
	} else if (!clean) {
		report_file_fail(&r, "child %s after its report (see its stderr)", why);
	}
	if (p->o->keep && j->dir[0])
		report_note(&r, "files kept in %s", j->dir);
	else if (j->dir[0])
		spec_remove_dir(j->dir);
	report_print(&r, p->labels[i], stdout);
	fflush(stdout);
	add(p->total, &r);
	tally(p, i, &r);
	report_free(&r);
	if (j->out)
		fclose(j->out);
}

static void reap(struct pool *p)
{
	int status;
	pid_t pid;

	while ((pid = wait(&status)) < 0 && errno == EINTR)
		;
	for (unsigned i = 0; pid > 0 && i < p->n; i++)
		if (p->jobs[i].pid == pid && !p->jobs[i].done) {
			p->jobs[i].done = true;
			p->jobs[i].status = status;
		}
}

void spec_run_all(const struct spec_options *o, char **files, char **labels, unsigned n,
                  struct spec_report *total, struct spec_tally *by_group)
{
	struct pool p = {o,    files, labels,  n, calloc(n ? n : 1, sizeof(struct job)),
	                 NULL, total, by_group};
	size_t shared = (n ? n : 1) * sizeof(uint32_t);
	void *lines = mmap(NULL, shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	unsigned next = 0, printed = 0, running = 0;

	if (lines == MAP_FAILED || !p.jobs) {
		fprintf(stderr, "w2n-spec: out of memory\n");
		total->failed += n;
		free(p.jobs);
		if (lines != MAP_FAILED)
			munmap(lines, shared);
		return;
	}
	p.lines = lines;
	while (printed < n) {
		while (next < n && running < o->jobs && next - printed < MAX_AHEAD) {
			start(&p, next++);
			running += !p.jobs[next - 1].done;
		}
		if (!p.jobs[printed].done) {
			reap(&p);
			running--;
		}
		while (printed < n && p.jobs[printed].done)
			finish(&p, printed++);
	}
	munmap(lines, shared);
	free(p.jobs);
}
