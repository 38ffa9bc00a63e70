/* main.c — w2n-spec: runs the WebAssembly spec test suite through wasm2native.
 *
 *   w2n-spec [--validate-only] [--target TRIPLE] [--bounds-checks] [-O N] [--jobs N]
 *            [--timeout SEC] [--skip PATTERN=REASON] [--spec-dir DIR] [--spec3-dir DIR]
 *            [--keep] [-v] PATH...
 *
 * Prints one line per file, its failures and skips, and finally "N passed, N failed, N skipped".
 * Exit status: 0 when nothing failed, 1 when something did, 2 for usage errors.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec.h"
#include "wasm2native/compile.h"

#ifndef W2N_SPEC_DIR
#define W2N_SPEC_DIR NULL
#endif
/* The 3.0 suite's pre-converted JSON folder (../shared/spec-testsuite-3.0/json). */
#ifndef W2N_SPEC3_DIR
#define W2N_SPEC3_DIR NULL
#endif
/* Built next to w2n-spec (tools/spec/meson.build): the harness object per target, spectest. */
#ifndef W2N_SPEC_HARNESS_X86_64
#define W2N_SPEC_HARNESS_X86_64 NULL
#endif
#ifndef W2N_SPEC_HARNESS_AARCH64
#define W2N_SPEC_HARNESS_AARCH64 NULL
#endif
#ifndef W2N_SPECTEST
#define W2N_SPECTEST NULL
#endif
/* The qemu-aarch64 found at build time, else the one on PATH. */
#ifndef W2N_QEMU_AARCH64
#define W2N_QEMU_AARCH64 "qemu-aarch64"
#endif

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: w2n-spec [options] [PATH...]\n"
	        "Runs .wast files of the 2.0 spec test suite and pre-converted .json files of the\n"
	        "3.0 suite (or every such file directly inside a folder). Relative PATHs missing\n"
	        "from the current folder are looked up in the spec folders; without PATH the\n"
	        "whole top level of the 2.0 spec folder runs.\n"
	        "\n"
	        "  --validate-only     decode and validate only; skip commands that need execution\n"
	        "  --target TARGET     target to compile for (default: this machine's), as in\n"
	        "                      wasm2native; aarch64 executables run under qemu-aarch64\n"
	        "                      on other hosts\n"
	        "  --bounds-checks     compile with explicit bounds checks (execution)\n"
	        "  -O N                optimization level 0..3 (default: 2)\n"
	        "  -j, --jobs N        files in parallel (default: number of CPUs)\n"
	        "  --timeout SEC       time limit per test executable (default: 120)\n"
	        "  --skip PAT=REASON   skip (and count) every command of files named like PAT\n"
	        "  --spec-dir DIR      the 2.0 spec folder (default: $W2N_SPEC_DIR, else %s)\n"
	        "  --spec3-dir DIR     the 3.0 suite's json folder (default: $W2N_SPEC3_DIR,\n"
	        "                      else %s)\n"
	        "  --keep              keep each file's work folder: JSON, modules, objects, test\n"
	        "                      executable, commands.txt, stdout.txt (its path is printed)\n"
	        "  --wast2json PROG    the wast2json to run (default: wast2json on PATH)\n"
	        "  --harness FILE      the harness object to link (default: the built one)\n"
	        "  --spectest FILE     the spectest module (default: the built spectest.wasm)\n"
	        "  --qemu PROG         emulator for foreign test executables (default: qemu-aarch64)\n"
	        "  -v, --verbose       also list passed assertions with our diagnostic\n"
	        "  -h, --help          this text\n",
	        W2N_SPEC_DIR ? W2N_SPEC_DIR : "(none built in)",
	        W2N_SPEC3_DIR ? W2N_SPEC3_DIR : "(none built in)");
}

enum {
	OPT_VALIDATE = 256,
	OPT_TARGET,
	OPT_BOUNDS,
	OPT_SPEC_DIR,
	OPT_SPEC3_DIR,
	OPT_KEEP,
	OPT_WAST2JSON,
	OPT_TIMEOUT,
	OPT_SKIP,
	OPT_HARNESS,
	OPT_SPECTEST,
	OPT_QEMU
};

static const struct option longopts[] = {
	{"validate-only", no_argument, NULL, OPT_VALIDATE},
	{"target", required_argument, NULL, OPT_TARGET},
	{"bounds-checks", no_argument, NULL, OPT_BOUNDS},
	{"jobs", required_argument, NULL, 'j'},
	{"spec-dir", required_argument, NULL, OPT_SPEC_DIR},
	{"spec3-dir", required_argument, NULL, OPT_SPEC3_DIR},
	{"keep", no_argument, NULL, OPT_KEEP},
	{"wast2json", required_argument, NULL, OPT_WAST2JSON},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"skip", required_argument, NULL, OPT_SKIP},
	{"harness", required_argument, NULL, OPT_HARNESS},
	{"spectest", required_argument, NULL, OPT_SPECTEST},
	{"qemu", required_argument, NULL, OPT_QEMU},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static bool parse_number(const char *s, long min, long max, unsigned *out)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == 0 || *end || n < min || n > max)
		return false;
	*out = (unsigned)n;
	return true;
}

/* --skip PATTERN=REASON */
static bool parse_skip(char *arg, struct spec_options *o)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1] ||
	    o->nskip_files == sizeof o->skip_files / sizeof o->skip_files[0])
		return false;
	*eq = 0;
	o->skip_files[o->nskip_files++] = (struct spec_file_skip){arg, eq + 1};
	return true;
}

static int bad_value(const char *opt, const char *want, const char *arg)
{
	fprintf(stderr, "w2n-spec: %s wants %s, not '%s'\n", opt, want, arg);
	return 2;
}

/* Returns -1 to go on, otherwise the exit status. */
static int parse_option(int c, struct spec_options *o)
{
	switch (c) {
	case OPT_VALIDATE:
		o->validate_only = true;
		break;
	case OPT_TARGET: {
		const struct w2n_target *t = w2n_target_find(optarg);

		if (!t) {
			fprintf(stderr, "w2n-spec: unknown target '%s'; supported targets: %s\n", optarg,
			        w2n_target_names());
			return 2;
		}
		o->target = t->triple;
		break;
	}
	case OPT_BOUNDS:
		o->bounds_checks = true;
		break;
	case OPT_SPEC_DIR:
		o->spec_dir = optarg;
		break;
	case OPT_SPEC3_DIR:
		o->spec3_dir = optarg;
		break;
	case OPT_KEEP:
		o->keep = true;
		break;
	case OPT_WAST2JSON:
		o->wast2json = optarg;
		break;
	case 'v':
		o->verbose = true;
		break;
	case 'h':
		usage(stdout);
		return 0;
	case OPT_HARNESS:
		o->harness = optarg;
		break;
	case OPT_SPECTEST:
		o->spectest = optarg;
		break;
	case OPT_QEMU:
		o->qemu = optarg;
		break;
	case OPT_SKIP:
		if (!parse_skip(optarg, o))
			return bad_value("--skip", "PATTERN=REASON (at most 8)", optarg);
		break;
	case OPT_TIMEOUT:
		if (!parse_number(optarg, 1, 86400, &o->timeout))
			return bad_value("--timeout", "seconds from 1 to 86400", optarg);
		break;
	case 'O': {
		unsigned level;

		if (!parse_number(optarg, 0, 3, &level))
			return bad_value("-O", "a level from 0 to 3", optarg);
		o->opt_level = (int)level;
		break;
	}
	case 'j':
		if (!parse_number(optarg, 1, 4096, &o->jobs))
			return bad_value("--jobs", "a number from 1 to 4096", optarg);
		break;
	default:
		usage(stderr);
		return 2;
	}
	return -1;
}

static void defaults(struct spec_options *o)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	const char *env = getenv("W2N_SPEC_DIR");
	const char *env3 = getenv("W2N_SPEC3_DIR");

	*o = (struct spec_options){
		.wast2json = "wast2json",
		.spec_dir = env && *env ? env : W2N_SPEC_DIR,
		.spec3_dir = env3 && *env3 ? env3 : W2N_SPEC3_DIR,
		.jobs = cpus > 0 ? (unsigned)cpus : 1,
		.spectest = W2N_SPECTEST,
		.timeout = 120,
		.opt_level = 2,
	};
}

/* Defaults that depend on the target; false (after saying why) if execution cannot work. */
static bool exec_defaults(struct spec_options *o)
{
	bool aarch64 = w2n_target_find(o->target)->arch == W2N_ARCH_AARCH64;
	/* A target other than this machine's: its executables run under qemu-aarch64 here. */
	bool foreign = w2n_target_find(o->target) != w2n_target_find(NULL);

	if (!o->harness)
		o->harness = aarch64 ? W2N_SPEC_HARNESS_AARCH64 : W2N_SPEC_HARNESS_X86_64;
	if (!o->qemu && foreign)
		o->qemu = W2N_QEMU_AARCH64;
	if (!o->harness || access(o->harness, R_OK) != 0) {
		fprintf(stderr, "w2n-spec: no harness object for this target (%s); use --harness\n",
		        o->harness ? o->harness : "none built");
		return false;
	}
	if (!o->spectest || access(o->spectest, R_OK) != 0) {
		fprintf(stderr, "w2n-spec: no spectest module (%s); use --spectest\n",
		        o->spectest ? o->spectest : "none built");
		return false;
	}
	return true;
}

static bool collect(int argc, char **argv, const struct spec_options *o, struct spec_files *f)
{
	const char *const dirs[SPEC_NDIRS] = {o->spec_dir, o->spec3_dir};

	if (optind == argc) {
		if (!o->spec_dir) {
			fprintf(stderr, "w2n-spec: no PATH and no spec folder (use --spec-dir)\n");
			return false;
		}
		return spec_add_path(f, o->spec_dir, dirs);
	}
	for (int i = optind; i < argc; i++)
		if (!spec_add_path(f, argv[i], dirs))
			return false;
	return true;
}

/* Per feature group of the 3.0 suite, in the order of the group table (groups.c). */
static void print_groups(const struct spec_tally *by_group)
{
	const struct spec_group *g;

	if (!by_group[0].group)
		return;
	printf("by feature group:\n");
	for (unsigned i = 0; (g = spec_group_at(i)) != NULL; i++)
		for (unsigned k = 0; k < SPEC_MAX_GROUPS && by_group[k].group; k++)
			if (by_group[k].group == g) {
				const char *skip = spec_group_skip(g);
				printf("  %s: %u files, %u passed, %u failed, %u skipped%s%s\n", g->label,
				       by_group[k].files, by_group[k].passed, by_group[k].failed,
				       by_group[k].skipped, skip ? " -- skipped: " : "", skip ? skip : "");
			}
}

int main(int argc, char **argv)
{
	struct spec_options o;
	struct spec_files files = {0};
	struct spec_report total = {0};
	struct spec_tally by_group[SPEC_MAX_GROUPS] = {0};
	int c, rc;

	defaults(&o);
	while ((c = getopt_long(argc, argv, "j:O:vh", longopts, NULL)) != -1)
		if ((rc = parse_option(c, &o)) >= 0)
			return rc;
	if (!o.validate_only && !exec_defaults(&o))
		return 2;
	if (!collect(argc, argv, &o, &files)) {
		spec_files_free(&files);
		return 2;
	}
	spec_run_all(&o, files.paths, files.labels, files.n, &total, by_group);
	print_groups(by_group);
	printf("%u passed, %u failed, %u skipped\n", total.passed, total.failed, total.skipped);
	spec_files_free(&files);
	return total.failed ? 1 : 0;
}
