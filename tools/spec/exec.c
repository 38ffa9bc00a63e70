/* exec.c — the execution backend (the default mode): compile, link, run, judge.
 *
 * For one script: every module the script instantiates goes through the real pipeline (decode,
 * validate, lower with LLVMVerifyModule, optimize, emit) into m<N>.o with the descriptor symbol
 * m<N>_module; module 0 is the `spectest` host module (spectest.wat, compiled like any other).
 * A module list object names them all, and ld.lld links them with the harness and the runtime
 * into one test executable. Commands that need execution go into a command table (format:
 * spec.h, "table.c"); the executable runs it and prints one outcome per command, which judge.c
 * compares with the script. assert_malformed / assert_invalid need no execution: the frontend
 * alone judges them (frontend.c), as in --validate-only.
 *
 * Reports are written in command order at the end, whichever stage decided each command.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "wasm2native/compile.h"
#include "wasm2native/wasm2native.h"

/* IDs 0 and 1 in the table instantiate and register spectest; command i has ID i + SETUP. */
enum { SETUP_INST, SETUP_REG, SETUP };

#define MODULE_LIST "w2n_spec_modules"

/* What planning decided for one command. */
enum verdict_kind {
	V_FRONTEND, /* judged by the frontend alone, at report time */
	V_TABLE,    /* in the command table: judged by its outcome */
	V_FAIL,     /* failed before execution; `why` says how */
	V_SKIP,     /* skipped; `why` is the reason (a literal) */
	V_PASS      /* passed without execution (a module definition that compiled) */
};

struct verdict {
	enum verdict_kind kind;
	char *why; /* V_FAIL: malloc'd; V_SKIP: a literal */
};

/* A module as commands refer to it: its number, or why there is none. */
struct modref {
	int mod;          /* module number, -1: none */
	uint32_t line;    /* the module command's line (0: no module yet) */
	const char *skip; /* mod -1 because it uses a feature not implemented: the reason */
};

struct named {
	const char *name; /* "$name" */
	struct modref ref;
	const char *definition; /* a `module definition`: its file, compiled anew per instance */
};

struct exec {
	const struct spec_options *o;
	const struct spec_script *s;
	struct verdict *v; /* per command */
	char **prefixes;   /* per module: "m<N>" */
	unsigned nmodules;
	struct named *names; /* later entries shadow earlier ones */
	unsigned nnames;
	struct modref current; /* the module actions without a name refer to */
	/* Names registered for a skipped module: a module importing from one is skipped too. */
	struct skipped_reg {
		const char *as, *reason;
	} *skipped_regs;
	unsigned nskipped_regs;
	FILE *table; /* the body of the command table */
	char *table_text;
	size_t table_len;
	unsigned ntable; /* commands in the table */
};

static void fail(struct exec *x, uint32_t i, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct exec *x, uint32_t i, const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(x->v[i].why);
	x->v[i] = (struct verdict){V_FAIL, strdup(buf)};
}

/* A file of our own: in the private work folder, never beside the script. */
static void path_in(const struct exec *x, const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", x->s->work, name);
}

/* ---- compiling modules --------------------------------------------------------------------- */

static struct w2n_compile_options compile_options(const struct exec *x, const char *prefix)
{
	return (struct w2n_compile_options){
		.triple = x->o->target,
		.opt_level = x->o->opt_level,
		.bounds_checks = x->o->bounds_checks,
		.prefix = prefix,
		.verify = true, /* every module of the suite passes LLVMVerifyModule, or fails here */
	};
}

/* Compiles a valid module as the next module number; -1 with the reason in l->msg if not. */
static int compile(struct exec *x, struct spec_loaded *l)
{
	char prefix[32], name[48], path[PATH_MAX];
	char **grown = realloc(x->prefixes, (x->nmodules + 1) * sizeof *grown);

	if (!grown) {
		snprintf(l->msg, sizeof l->msg, "out of memory");
		return -1;
	}
	x->prefixes = grown;
	snprintf(prefix, sizeof prefix, "m%u", x->nmodules);
	snprintf(name, sizeof name, "%s.o", prefix);
	path_in(x, name, path, sizeof path);
	struct w2n_compile_options opt = compile_options(x, prefix);
	struct w2n_diag dg = spec_capture(l);
	if (!w2n_compile_object(l->module, &opt, path, &dg)) {
		if (!l->msg[0])
			snprintf(l->msg, sizeof l->msg, "compilation failed without a diagnostic");
		return -1;
	}
	x->prefixes[x->nmodules] = strdup(prefix);
	return x->prefixes[x->nmodules] ? (int)x->nmodules++ : -1;
}

/* The skip reason if module `m` imports from a name registered for a skipped module. */
static const char *imports_skipped(const struct exec *x, const struct w2n_module *m)
{
	for (uint32_t k = 0; k < m->nimports; k++)
		for (unsigned r = 0; r < x->nskipped_regs; r++) {
			const struct w2n_bytes *name = &m->imports[k].module;

			if (strlen(x->skipped_regs[r].as) == name->len &&
			    memcmp(x->skipped_regs[r].as, name->ptr, name->len) == 0)
				return x->skipped_regs[r].reason;
		}
	return NULL;
}

/* Loads and compiles `filename` for command i; -1 after failing the command. */
static int module_of(struct exec *x, uint32_t i, const char *filename)
{
	const struct spec_cmd *c = &x->s->cmds[i];
	struct spec_loaded l;
	int mod = -1;

	if (c->text) {
		fail(x, i, "a text-format module where a binary one was expected");
		return -1;
	}
	if (!filename) {
		fail(x, i, "no module file in the JSON");
		return -1;
	}
	if (spec_load_module(x->s, filename, &l) != SPEC_VALID && spec_feature_skip(x->s, &l))
		x->v[i] = (struct verdict){V_SKIP, (char *)spec_feature_skip(x->s, &l)};
	else if (l.stage != SPEC_VALID)
		fail(x, i, "valid module rejected: %s", l.msg);
	else if (imports_skipped(x, l.module))
		x->v[i] = (struct verdict){V_SKIP, (char *)imports_skipped(x, l.module)};
	else if ((mod = compile(x, &l)) < 0)
		fail(x, i, "compilation failed: %s", l.msg);
	spec_unload_module(&l);
	return mod;
}

/* ---- planning: what each command becomes --------------------------------------------------- */

static struct modref lookup(const struct exec *x, const char *name)
{
	if (!name)
		return x->current;
	for (unsigned k = x->nnames; k-- > 0;)
		if (strcmp(x->names[k].name, name) == 0)
			return x->names[k].ref;
	return (struct modref){-1, 0, NULL};
}

static void bind(struct exec *x, const char *name, struct modref ref, const char *definition)
{
	struct named *grown = realloc(x->names, (x->nnames + 1) * sizeof *grown);

	if (grown) {
		x->names = grown;
		x->names[x->nnames++] = (struct named){name, ref, definition};
	}
}

/* The file of the module definition named `name`, or NULL. */
static const char *definition_of(const struct exec *x, const char *name)
{
	for (unsigned k = x->nnames; name && k-- > 0;)
		if (strcmp(x->names[k].name, name) == 0)
			return x->names[k].definition;
	return NULL;
}

/* The module a command refers to; -1 after failing the command. */
static int target(struct exec *x, uint32_t i, const char *name)
{
	struct modref ref = lookup(x, name);

	if (ref.mod >= 0)
		return ref.mod;
	if (ref.skip) /* its module was skipped: so is what uses it, for the same reason */
		x->v[i] = (struct verdict){V_SKIP, (char *)ref.skip};
	else if (ref.line)
		fail(x, i, "its module (line %u) was not compiled", ref.line);
	else if (name)
		fail(x, i, "no module named %s", name);
	else
		fail(x, i, "no module defined before it");
	return -1;
}

/* `(module definition $M ...)`: compiled (so that it is checked), not instantiated; each
 * `(module instance $I $M)` compiles it again as a module of its own, so that every instance
 * has its own state as the spec requires. */
static void plan_definition(struct exec *x, uint32_t i)
{
	const struct spec_cmd *c = &x->s->cmds[i];

	if (module_of(x, i, c->filename) < 0) {
		if (c->name && x->v[i].kind == V_SKIP) /* instances of it are skipped too */
			bind(x, c->name, (struct modref){-1, c->line, x->v[i].why}, NULL);
		return;
	}
	x->v[i].kind = V_PASS;
	if (c->name)
		bind(x, c->name, (struct modref){-1, c->line, NULL}, c->filename);
}

static void plan_module(struct exec *x, uint32_t i)
{
	const struct spec_cmd *c = &x->s->cmds[i];
	const char *file = c->kind == SPEC_MODULE_INSTANCE ? definition_of(x, c->of) : c->filename;
	int mod;

	if (c->kind == SPEC_MODULE_INSTANCE && !file) {
		struct modref def = lookup(x, c->of);

		if (def.skip)
			x->v[i] = (struct verdict){V_SKIP, (char *)def.skip};
		else
			fail(x, i, "no module definition named %s", c->of ? c->of : "(none)");
		if (c->name)
			bind(x, c->name, (struct modref){-1, c->line, def.skip}, NULL);
		return;
	}
	mod = module_of(x, i, file);
	if (c->kind == SPEC_MODULE || c->kind == SPEC_MODULE_INSTANCE) {
		/* A module that did not compile is still the current one: what refers to it fails. */
		const char *skip = x->v[i].kind == V_SKIP ? x->v[i].why : NULL;

		x->current = (struct modref){mod, c->line, skip};
		if (c->name)
			bind(x, c->name, x->current, NULL);
	}
	if (mod < 0)
		return;
	table_inst(x->table, i + SETUP, (unsigned)mod);
	x->v[i].kind = V_TABLE;
	x->ntable++;
}

static void plan_register(struct exec *x, uint32_t i)
{
	const struct spec_cmd *c = &x->s->cmds[i];
	int mod = target(x, i, c->name);

	if (mod < 0 && x->v[i].kind == V_SKIP && c->as) {
		struct skipped_reg *grown =
			realloc(x->skipped_regs, (x->nskipped_regs + 1) * sizeof *grown);

		if (grown) {
			x->skipped_regs = grown;
			x->skipped_regs[x->nskipped_regs++] = (struct skipped_reg){c->as, x->v[i].why};
		}
	}
	if (mod < 0)
		return;
	/* Registered anew for a module that runs: imports from that name are fine again. */
	for (unsigned r = x->nskipped_regs; c->as && r-- > 0;)
		if (strcmp(x->skipped_regs[r].as, c->as) == 0)
			x->skipped_regs[r] = x->skipped_regs[--x->nskipped_regs];
	if (!c->as) {
		fail(x, i, "register without a name (\"as\")");
		return;
	}
	table_reg(x->table, i + SETUP, (unsigned)mod, c->as, strlen(c->as));
	x->v[i].kind = V_TABLE;
	x->ntable++;
}

static void plan_action(struct exec *x, uint32_t i)
{
	const struct spec_cmd *c = &x->s->cmds[i];
	int mod = target(x, i, c->action.module);

	if (mod < 0)
		return;
	if (!table_action(x->table, i + SETUP, (unsigned)mod, &c->action)) {
		fail(x, i, "an argument the harness cannot pass (a non-null funcref or a NaN class)");
		return;
	}
	x->v[i].kind = V_TABLE;
	x->ntable++;
}

static void plan(struct exec *x, uint32_t i, volatile uint32_t *line)
{
	const struct spec_cmd *c = &x->s->cmds[i];

	if (line)
		*line = c->line;
	switch (c->kind) {
	case SPEC_ASSERT_MALFORMED:
	case SPEC_ASSERT_INVALID:
	case SPEC_ASSERT_MALFORMED_CUSTOM:
	case SPEC_ASSERT_INVALID_CUSTOM:
		x->v[i].kind = V_FRONTEND;
		break;
	case SPEC_MODULE:
		if (c->definition)
			plan_definition(x, i);
		else
			plan_module(x, i);
		break;
	case SPEC_MODULE_INSTANCE:
	case SPEC_ASSERT_UNLINKABLE:
	case SPEC_ASSERT_UNINSTANTIABLE:
		plan_module(x, i);
		break;
	case SPEC_REGISTER:
		plan_register(x, i);
		break;
	default: /* action, assert_return, assert_trap, assert_exhaustion */
		plan_action(x, i);
	}
}

/* Module 0: spectest (spectest.ml's exports: print*, globals of 666, a table, a memory). */
static bool plan_spectest(struct exec *x, char *err, size_t errsize)
{
	struct spec_loaded l;
	int mod = -1;
	struct spec_script host = *x->s;

	/* The host module is not part of the script under test: it is read with the 3.0 rules,
	 * whatever the script's (its "table64" export is a 64-bit table). */
	host.wasm3 = true;
	if (spec_load_module(&host, x->o->spectest, &l) == SPEC_VALID)
		mod = compile(x, &l);
	if (mod < 0)
		snprintf(err, errsize, "the spectest module (%s): %s", x->o->spectest, l.msg);
	spec_unload_module(&l);
	if (mod < 0)
		return false;
	table_inst(x->table, SETUP_INST, (unsigned)mod);
	table_reg(x->table, SETUP_REG, (unsigned)mod, "spectest", strlen("spectest"));
	return true;
}

/* ---- link and run -------------------------------------------------------------------------- */

/* Links dir/test from the modules, their list, the harness and the runtime. */
static bool link_test(struct exec *x, char *err, size_t errsize)
{
	struct spec_loaded l; /* only its message buffer */
	struct w2n_diag dg = spec_capture(&l);
	struct w2n_compile_options copt = compile_options(x, NULL);
	struct w2n_link_options lopt = {.triple = x->o->target};
	char path[PATH_MAX], exe[PATH_MAX];
	const char **inputs = calloc(x->nmodules + 2, sizeof *inputs);
	bool ok = inputs != NULL;

	path_in(x, "modules.o", path, sizeof path);
	path_in(x, "test", exe, sizeof exe);
	ok = ok && w2n_emit_module_list((const char *const *)x->prefixes, x->nmodules, MODULE_LIST,
	                                &copt, path, &dg);
	for (unsigned m = 0; ok && m < x->nmodules; m++) {
		char name[48];

		snprintf(name, sizeof name, "%s/%s.o", x->s->work, x->prefixes[m]);
		inputs[m] = strdup(name);
		ok = inputs[m] != NULL;
	}
	if (ok) {
		inputs[x->nmodules] = path;
		inputs[x->nmodules + 1] = x->o->harness;
		ok = w2n_link(inputs, x->nmodules + 2, exe, &lopt, &dg);
	}
	if (!ok)
		snprintf(err, errsize, "%s", l.msg[0] ? l.msg : "out of memory");
	for (unsigned m = 0; inputs && m < x->nmodules; m++)
		free((char *)inputs[m]);
	free(inputs);
	return ok;
}

static bool write_table(struct exec *x, char *err, size_t errsize)
{
	char path[PATH_MAX];
	FILE *f;

	path_in(x, "commands.txt", path, sizeof path);
	f = fopen(path, "w");
	if (f) {
		table_header(f, x->nmodules);
		fwrite(x->table_text, 1, x->table_len, f);
	}
	if (!f || fclose(f) != 0) {
		snprintf(err, errsize, "cannot write %s", path);
		return false;
	}
	return true;
}

/* The last non-empty line of the executable's stderr, for crash reports. */
static void stderr_tail(const struct exec *x, char *buf, size_t size)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	buf[0] = 0;
	path_in(x, "stderr.txt", path, sizeof path);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0])
			snprintf(buf, size, "; stderr: %s", line);
	}
	if (f)
		fclose(f);
}

/* Runs the test executable; fills outcomes[ID]. */
static struct spec_exit run_test(struct exec *x, struct spec_outcome *out, unsigned n, bool *done,
                                 char *err, size_t errsize)
{
	char exe[PATH_MAX], table[PATH_MAX], sout[PATH_MAX], serr[PATH_MAX];
	char *argv[4];
	unsigned k = 0;

	path_in(x, "test", exe, sizeof exe);
	path_in(x, "commands.txt", table, sizeof table);
	path_in(x, "stdout.txt", sout, sizeof sout);
	path_in(x, "stderr.txt", serr, sizeof serr);
	if (x->o->qemu)
		argv[k++] = (char *)x->o->qemu;
	argv[k++] = exe;
	argv[k++] = table;
	argv[k] = NULL;
	struct spec_exit e = spec_run_process(argv, sout, serr, x->o->timeout);
	FILE *f = fopen(sout, "r");

	*done = false;
	err[0] = 0;
	if (f) {
		table_read_outcomes(f, out, n, done, err, errsize);
		fclose(f);
	}
	return e;
}

/* ---- reporting ----------------------------------------------------------------------------- */

/* Fails every command that went into the table when there is no executable to run. */
static void fail_table(struct exec *x, const char *what)
{
	for (uint32_t i = 0; i < x->s->ncmds; i++)
		if (x->v[i].kind == V_TABLE)
			fail(x, i, "%s", what);
}

/* Table commands without an outcome after a crash: the first is where it happened. */
static void fail_unanswered(struct exec *x, const struct spec_outcome *out, const char *how)
{
	uint32_t crash_line = 0;

	for (uint32_t i = 0; i < x->s->ncmds; i++) {
		if (x->v[i].kind != V_TABLE || out[i + SETUP].kind != SPEC_OUT_NONE)
			continue;
		if (!crash_line) {
			crash_line = x->s->cmds[i].line;
			fail(x, i, "the test executable %s here", how);
		} else {
			fail(x, i, "not run: the test executable %s at line %u", how, crash_line);
		}
	}
}

static void report_all(struct exec *x, const struct spec_outcome *out, struct spec_report *r)
{
	char why[4096];

	for (uint32_t i = 0; i < x->s->ncmds; i++) {
		const struct spec_cmd *c = &x->s->cmds[i];
		const struct verdict *v = &x->v[i];

		if (r->line)
			*r->line = c->line;
		if (v->kind == V_FRONTEND)
			spec_frontend_cmd(x->o, x->s, c, r);
		else if (v->kind == V_SKIP)
			report_skip(r, c, v->why);
		else if (v->kind == V_FAIL)
			report_fail(r, c, "%s", v->why);
		else if (v->kind == V_PASS)
			report_pass(r);
		else if (spec_judge(c, &out[i + SETUP], why, sizeof why))
			report_pass(r);
		else
			report_fail(r, c, "%s", why);
	}
}

/* Links, runs and reads back; every table command ends with an outcome or a V_FAIL. */
static void execute(struct exec *x, struct spec_outcome *out, unsigned n, struct spec_report *r)
{
	char err[2048], how[256], tail[600];
	bool done;

	if (!link_test(x, err, sizeof err) || !write_table(x, err, sizeof err)) {
		report_file_fail(r, "cannot build the test executable: %s", err);
		fail_table(x, "not run: no test executable");
		return;
	}
	struct spec_exit e = run_test(x, out, n, &done, err, sizeof err);
	if (err[0])
		report_file_fail(r, "test executable: %s", err);
	if (out[SETUP_INST].kind != SPEC_OUT_OK || out[SETUP_REG].kind != SPEC_OUT_OK)
		report_file_fail(r, "the spectest module did not instantiate: %s",
		                 out[SETUP_INST].message ? out[SETUP_INST].message : "no outcome");
	spec_describe_exit(e, x->o->timeout, how, sizeof how);
	stderr_tail(x, tail, sizeof tail);
	if (!done) {
		char both[1024];

		snprintf(both, sizeof both, "%s%s", how, tail);
		fail_unanswered(x, out, both);
	} else if (e.status != 0 || e.timed_out) {
		report_file_fail(r, "the test executable finished its table, then %s%s", how, tail);
	}
}

void spec_execute(const struct spec_options *o, const struct spec_script *s, struct spec_report *r)
{
	struct exec x = {.o = o, .s = s, .current = {-1, 0}};
	unsigned n = s->ncmds + SETUP;
	struct spec_outcome *out = calloc(n, sizeof *out);
	char err[2048];

	x.v = calloc(s->ncmds ? s->ncmds : 1, sizeof *x.v);
	x.table = open_memstream(&x.table_text, &x.table_len);
	if (!out || !x.v || !x.table) {
		report_file_fail(r, "out of memory");
	} else {
		bool setup = plan_spectest(&x, err, sizeof err);

		if (!setup)
			report_file_fail(r, "%s", err);
		for (uint32_t i = 0; i < s->ncmds; i++)
			plan(&x, i, r->line);
		fclose(x.table);
		x.table = NULL;
		if (!setup)
			fail_table(&x, "not run: no spectest module");
		else if (x.ntable)
			execute(&x, out, n, r);
		report_all(&x, out, r);
	}
	if (x.table)
		fclose(x.table);
	for (uint32_t i = 0; x.v && i < s->ncmds; i++)
		if (x.v[i].kind == V_FAIL)
			free(x.v[i].why);
	for (unsigned m = 0; m < x.nmodules; m++)
		free(x.prefixes[m]);
	table_free_outcomes(out, n);
	free(out);
	free(x.v);
	free(x.prefixes);
	free(x.names);
	free(x.skipped_regs);
	free(x.table_text);
}
