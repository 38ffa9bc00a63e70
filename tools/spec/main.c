/* main.c — w2n-spec: runs the WebAssembly spec test suite through wasm2native.
 *
 *   w2n-spec [--validate-only] [--target TRIPLE] [--bounds-checks] [--jobs N] [--spec-dir DIR]
 *            [--keep] [--wast2json PROG] [-v] PATH...
 *
 * Prints one line per file, its failures and skips, and finally "N passed, N failed, N skipped".
 * Exit status: 0 when nothing failed, 1 when something did, 2 for usage errors.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec.h"

#ifndef W2N_SPEC_DIR
#define W2N_SPEC_DIR NULL
#endif

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: w2n-spec [options] [PATH...]\n"
	        "Runs .wast files (or every *.wast directly inside a folder) of the spec test suite.\n"
	        "Relative PATHs missing from the current folder are looked up in the spec folder;\n"
	        "without PATH the whole top level of the spec folder runs.\n"
	        "\n"
	        "  --validate-only     decode and validate only; skip commands that need execution\n"
	        "  --target TRIPLE     target to compile for (execution)\n"
	        "  --bounds-checks     compile with explicit bounds checks (execution)\n"
	        "  -j, --jobs N        files in parallel (default: number of CPUs)\n"
	        "  --spec-dir DIR      the spec folder (default: $W2N_SPEC_DIR, else %s)\n"
	        "  --keep              keep the converted files (their folder is printed)\n"
	        "  --wast2json PROG    the wast2json to run (default: wast2json on PATH)\n"
	        "  -v, --verbose       also list passed assertions with our diagnostic\n"
	        "  -h, --help          this text\n",
	        W2N_SPEC_DIR ? W2N_SPEC_DIR : "(none built in)");
}

enum { OPT_VALIDATE = 256, OPT_TARGET, OPT_BOUNDS, OPT_SPEC_DIR, OPT_KEEP, OPT_WAST2JSON };

static const struct option longopts[] = {
	{"validate-only", no_argument, NULL, OPT_VALIDATE},
	{"target", required_argument, NULL, OPT_TARGET},
	{"bounds-checks", no_argument, NULL, OPT_BOUNDS},
	{"jobs", required_argument, NULL, 'j'},
	{"spec-dir", required_argument, NULL, OPT_SPEC_DIR},
	{"keep", no_argument, NULL, OPT_KEEP},
	{"wast2json", required_argument, NULL, OPT_WAST2JSON},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static bool parse_jobs(const char *s, unsigned *jobs)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == 0 || *end || n < 1 || n > 4096)
		return false;
	*jobs = (unsigned)n;
	return true;
}

/* Returns -1 to go on, otherwise the exit status. */
static int parse_option(int c, struct spec_options *o)
{
	switch (c) {
	case OPT_VALIDATE:
		o->validate_only = true;
		break;
	case OPT_TARGET:
		o->target = optarg;
		break;
	case OPT_BOUNDS:
		o->bounds_checks = true;
		break;
	case OPT_SPEC_DIR:
		o->spec_dir = optarg;
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
	case 'j':
		if (parse_jobs(optarg, &o->jobs))
			break;
		fprintf(stderr, "w2n-spec: --jobs wants a number from 1 to 4096, not '%s'\n", optarg);
		return 2;
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

	*o = (struct spec_options){
		.wast2json = "wast2json",
		.spec_dir = env && *env ? env : W2N_SPEC_DIR,
		.jobs = cpus > 0 ? (unsigned)cpus : 1,
	};
}

static bool collect(int argc, char **argv, const struct spec_options *o, struct spec_files *f)
{
	if (optind == argc) {
		if (!o->spec_dir) {
			fprintf(stderr, "w2n-spec: no PATH and no spec folder (use --spec-dir)\n");
			return false;
		}
		return spec_add_path(f, o->spec_dir, o->spec_dir);
	}
	for (int i = optind; i < argc; i++)
		if (!spec_add_path(f, argv[i], o->spec_dir))
			return false;
	return true;
}

int main(int argc, char **argv)
{
	struct spec_options o;
	struct spec_files files = {0};
	struct spec_report total = {0};
	int c, rc;

	defaults(&o);
	while ((c = getopt_long(argc, argv, "j:vh", longopts, NULL)) != -1)
		if ((rc = parse_option(c, &o)) >= 0)
			return rc;
	if (!o.validate_only) {
		fprintf(stderr, "w2n-spec: execution is not implemented yet; use --validate-only\n");
		return 2;
	}
	if (!collect(argc, argv, &o, &files)) {
		spec_files_free(&files);
		return 2;
	}
	spec_run_all(&o, files.paths, files.labels, files.n, &total);
	printf("%u passed, %u failed, %u skipped\n", total.passed, total.failed, total.skipped);
	spec_files_free(&files);
	return total.failed ? 1 : 0;
}
