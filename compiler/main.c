/* main.c — the wasm2native command line: parse options, then run the pipeline.
 *
 * Diagnostics about the command line itself are `wasm2native: error: ...` (as clang prints
 * them); diagnostics about the input are `file.wasm:0xOFFSET: error: ...` from the library.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm2native/wasm2native.h"

#define PROG "wasm2native"

/* What the command line asked for. */
struct options {
	const char *input;  /* the .wasm file */
	const char *output; /* -o; NULL: derived from the input later */
	const char *target; /* --target triple; NULL: the host */
	int opt_level;      /* -O0..-O3 */
	bool check;         /* --check: decode and validate only */
	bool object;        /* -c: emit an object file, do not link */
	bool bounds_checks; /* --bounds-checks: explicit memory bounds checks */
	bool help, version;
};

static void usage(FILE *out)
{
	fputs("OVERVIEW: WebAssembly to native code ahead-of-time compiler\n"
	      "\n"
	      "USAGE: " PROG " [options] FILE.wasm [-o OUTPUT]\n"
	      "\n"
	      "OPTIONS:\n"
	      "  -o FILE              Write the output to FILE\n"
	      "  --check              Decode and validate the module only; exit 1 if it is invalid\n"
	      "  -c                   Emit an object file instead of an executable\n"
	      "  --target TRIPLE      Target to compile for: x86_64-linux (default), aarch64-linux\n"
	      "  -O0, -O1, -O2, -O3   Optimization level (default: -O2)\n"
	      "  --bounds-checks      Check memory accesses explicitly instead of using guard pages\n"
	      "  --version            Print version information and exit\n"
	      "  -h, --help           Print this help and exit\n"
	      "\n"
	      "EXAMPLES:\n"
	      "  " PROG " --check app.wasm\n"
	      "  " PROG " app.wasm -o app\n",
	      out);
}

/* Reports a command-line error the way clang does; returns the exit status 1. */
static int __attribute__((format(printf, 1, 2))) arg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, PROG ": error: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n" PROG ": note: run '" PROG " --help' for usage\n");
	va_end(ap);
	return 1;
}

/* Matches `--name VALUE` and `--name=VALUE`; advances *i past a separate value. */
static bool value_option(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *arg = argv[*i];
	if (strncmp(arg, name, n) != 0)
		return false;
	if (arg[n] == '=') {
		*value = arg + n + 1;
		return true;
	}
	if (arg[n] != '\0')
		return false;
	*value = *i + 1 < argc ? argv[++*i] : NULL;
	return true;
}

/* Fills `o` from argv; returns 0, or 1 after printing a command-line error. */
static int parse_args(int argc, char **argv, struct options *o)
{
	*o = (struct options){.opt_level = 2};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			o->help = true;
		else if (!strcmp(a, "--version"))
			o->version = true;
		else if (!strcmp(a, "--check"))
			o->check = true;
		else if (!strcmp(a, "-c"))
			o->object = true;
		else if (!strcmp(a, "--bounds-checks"))
			o->bounds_checks = true;
		else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3])
			o->opt_level = a[2] - '0';
		else if (value_option(argc, argv, &i, "-o", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a file name)", a);
			o->output = v;
		} else if (value_option(argc, argv, &i, "--target", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a target)", a);
			o->target = v;
		} else if (a[0] == '-' && a[1] != '\0')
			return arg_error("unknown argument '%s'", a);
		else if (o->input)
			return arg_error("more than one input file given ('%s')", a);
		else
			o->input = a;
	}
	return 0;
}

/* The pipeline, top to bottom. Returns the process exit status. */
static int compile(const struct options *o)
{
	struct w2n_diag dg = {0};
	size_t size;
	uint8_t *bytes = w2n_read_file(o->input, &size, &dg);
	if (!bytes)
		return 1;
	struct w2n_module *m = w2n_decode(bytes, size, o->input, &dg);
	bool ok = m && w2n_validate(m, &dg);
	if (ok && !o->check) {
		fprintf(stderr, PROG ": error: code generation is not implemented yet (use --check)\n");
		ok = false;
	}
	if (m)
		w2n_module_free(m);
	free(bytes);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct options o;
	if (parse_args(argc, argv, &o))
		return 1;
	if (o.help) {
		usage(stdout);
		return 0;
	}
	if (o.version) {
		printf(PROG " %s (LLVM 19)\n", W2N_VERSION);
		return 0;
	}
	if (!o.input)
		return arg_error("no input file");
	return compile(&o);
}
