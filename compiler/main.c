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

#include <unistd.h>

#include "progress.h"
#include "wasm2native/compile.h"
#include "wasm2native/grants.h"
#include "wasm2native/monitor.h"
#include "wasm2native/prebake.h"
#include "wasm2native/wasm2native.h"

#define PROG "wasm2native"

/* What the command line asked for. */
struct options {
	const char *input;  /* the .wasm file */
	const char *output; /* -o; NULL: derived from the input later */
	const char *target; /* --target: the target's LLVM triple; NULL: the host's */
	const char *cpu;    /* --cpu NAME|native|help; NULL: the target's portable default */
	const char *ir;     /* --emit-llvm FILE: also write the optimized LLVM IR */
	const char *prefix; /* --prefix NAME: descriptor symbol NAME_module (default w2n) */
	const char *header; /* --header FILE: also write the module's C header (with -c) */
	bool verify;        /* --verify: run the LLVM verifier on the generated IR */
	int threads;        /* --threads N: code generation threads (0: automatic) */
	bool strip;         /* -s / --strip: strip symbols even with -g */
	bool debug;         /* -g: keep symbols and debug info (default: stripped) */
	char **grants;      /* build-time grants, spelled --name=value (grants.h) */
	size_t ngrants;
	int opt_level;         /* -O0..-O3 */
	bool check;            /* --check: decode and validate only */
	bool object;           /* -c: emit an object file, do not link */
	bool bounds_checks;    /* --bounds-checks: explicit memory bounds checks */
	bool no_fast_libc;     /* --no-fast-libc: no fast paths for recognized libc routines */
	bool interruptible;    /* --interruptible (or --timeout): interruption checks */
	bool fuel;             /* --fuel-metering (or --fuel): fuel metering */
	const char *limit;     /* the first limit among the grants (--timeout=2s), for messages */
	bool prebake;          /* --prebake: run the initialization now, ship its state */
	const char *init_func; /* --init-func NAME: the export that initializes */
	const char *emit_wasm; /* --emit-wasm FILE: also write the pre-initialized module */
	char **init_grants;    /* --prebake-dir/--prebake-env, spelled --dir=/--env= */
	size_t ninit_grants;
	int64_t prebake_timeout_ms; /* --prebake-timeout in ms; -1: not given (the default) */
	bool quiet;                 /* -q: no progress line, no warnings */
	bool time_report;           /* --time-report: print each phase's times at the end */
	bool no_cache;              /* --no-cache: neither use nor fill the cache of compiled parts */
	uint64_t cache_size;        /* --cache-size, else $WASM2NATIVE_CACHE_SIZE: the cache's cap */
	uint64_t features_off;      /* --disable-FEATURE, --wasm2-only: bit 1 << W2N_FEAT_x */
	bool help, version;
};

static void usage(FILE *out)
{
	fputs(
		"OVERVIEW: WebAssembly to native code ahead-of-time compiler\n"
		"\n"
		"USAGE: " PROG " [options] FILE.wasm [-o OUTPUT]\n"
		"\n"
		"OPTIONS:\n"
		"  -o FILE              Write the output to FILE\n"
		"  --check              Decode and validate the module only; exit 1 if it is invalid.\n"
		"                       Prints the features the module uses, each with its first use\n"
		"  --disable-FEATURE    Refuse modules that use FEATURE (a name as --check prints it:\n"
		"                       tail-call, simd, multi-value, ...; docs/features.md)\n"
		"  --wasm2-only         Refuse modules that use anything after WebAssembly 2.0\n"
		"  -c                   Emit an object file instead of an executable\n"
		"  --target TARGET      Target to compile for: x86_64-linux, aarch64-linux (default:\n"
		"                       this machine's; amd64, arm64 and GNU triples work too)\n"
		"  -O0, -O1, -O2, -O3   Optimization level (default: -O2)\n"
		"  --bounds-checks      Check memory accesses explicitly instead of using guard pages\n"
		"  --no-fast-libc       Run the module's own memcpy, strlen, ... even where they are\n"
		"                       recognized as wasi-libc's (docs/libc-routines.md)\n"
		"  --cpu NAME           Generate code for CPU NAME and require its features at run\n"
		"                       time ('native': this machine; 'help': list the CPUs;\n"
		"                       default: x86-64-v2, or generic ARMv8.0 for aarch64)\n"
		"  --prefix NAME        Name the module descriptor NAME_module (default: w2n)\n"
		"  --header FILE        With -c: also write a C header for a host: typed wrappers\n"
		"                       for the exports, the imports to provide (named NAME_...)\n"
		"  --emit-llvm FILE     Also write the optimized LLVM IR to FILE\n"
		"  --verify             Run the LLVM IR verifier (for compiler development)\n"
		"  --threads N          Code generation threads (default: one per CPU)\n"
		"  --no-cache           Do not use the cache of compiled parts of large modules\n"
		"                       ($XDG_CACHE_HOME/wasm2native, else ~/.cache/wasm2native)\n"
		"  --cache-size SIZE    Keep that cache under SIZE (512M, 4G; 0: no cap), least\n"
		"                       recently used parts out first (default: $WASM2NATIVE_CACHE_SIZE,\n"
		"                       else 2G)\n"
		"  -g                   Keep symbols and debug info in the executable\n"
		"  -s, --strip          Strip symbols and debug info (the default without -g)\n"
		"  -q, --quiet          No progress line and no warnings (errors still print)\n"
		"  --time-report        Print the wall and CPU time of each phase at the end\n"
		"  --version            Print version information and exit\n"
		"  -h, --help           Print this help and exit\n"
		"\n"
		"GRANTS (baked into the executable; the guest gets nothing else by default):\n"
		"  --dir HOST[::GUEST]  Preopen host directory HOST as GUEST (default: HOST)\n"
		"  --env NAME=VALUE     Set NAME in the guest's environment\n"
		"  --env NAME           Pass NAME through from the launching environment\n"
		"  --listen ADDR:PORT   Listen on a TCP socket at launch, for sock_accept\n"
		"  --listen-fd N        Pass the inherited listening socket N to the guest\n"
		"  --no-launch-grants   Ignore " W2N_GRANTS_ENV " at launch\n"
		"  At launch, " W2N_GRANTS_ENV "='--dir=... --env=...' adds grants\n"
		"\n"
		"LIMITS (baked in like grants; " W2N_GRANTS_ENV " can override them at launch):\n"
		"  --max-memory SIZE    Cap each linear memory at SIZE bytes (64K, 16M, 1G): memory.grow\n"
		"                       past it returns -1\n"
		"  --max-table N        Cap each table at N elements\n"
		"  --max-stack SIZE     Native stack for the guest: deeper recursion traps\n"
		"  --timeout DURATION   Stop the guest after DURATION (500us, 200ms, 2s, 1min); exit\n"
		"                       status 124. Implies --interruptible\n"
		"  --fuel N             Stop the guest after about N wasm instructions; exit status\n"
		"                       124. Implies --fuel-metering\n"
		"  --interruptible      Compile in the checks deadlines need (also with -c: hosts set\n"
		"                       timeouts and interrupt instances through the API)\n"
		"  --fuel-metering      Compile in fuel counting (also with -c)\n"
		"\n"
		"PRE-BAKING (run the initialization at build time; its state is the output's start):\n"
		"  --prebake            Run the init export now, on this machine, and bake the\n"
		"                       state it leaves (memories, globals, tables) into the output\n"
		"  --init-func NAME     The export that initializes (default: " W2N_DEFAULT_INIT_FUNC ")\n"
		"  --prebake-dir HOST[::GUEST]  Preopen HOST for the initialization only\n"
		"  --prebake-env NAME[=VALUE]   Set (or pass through) NAME for the initialization only\n"
		"  --prebake-timeout SECONDS    Refuse to bake if the initialization runs longer\n"
		"                               (default: 600; 0: no limit)\n"
		"  --emit-wasm FILE     Also write the pre-initialized module as a plain .wasm\n"
		"\n"
		"EXAMPLES:\n"
		"  " PROG " --check app.wasm\n"
		"  " PROG " app.wasm -o app\n"
		"  " PROG " app.wasm -o app --target aarch64-linux\n"
		"  " PROG " app.wasm -o app --dir ./data::/data --env HOME=/data\n"
		"  " PROG " app.wasm -o app --prebake --prebake-dir ./config\n"
		"  " PROG " plugin.wasm -c -o plugin.o --header plugin.h --prefix plugin\n",
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

/* Grant options and their kinds (grants.h); each takes a value except --no-launch-grants. */
static const struct {
	const char *option;
	enum w2n_grant_kind kind;
} grant_options[] = {
	{"--dir", W2N_GRANT_DIR},
	{"--env", W2N_GRANT_ENV},
	{"--listen-fd", W2N_GRANT_LISTEN_FD},
	{"--listen", W2N_GRANT_LISTEN},
	{"--max-memory", W2N_GRANT_MAX_MEMORY},
	{"--max-table", W2N_GRANT_MAX_TABLE},
	{"--max-stack", W2N_GRANT_MAX_STACK},
	{"--timeout", W2N_GRANT_TIMEOUT},
	{"--fuel", W2N_GRANT_FUEL},
};

/* Appends one grant to a list, spelled as the runtime reads it: "--name=value" (or
 * "--name"). */
static bool add_to(char ***list, size_t *n, const char *option, const char *value)
{
	size_t len = strlen(option) + (value ? strlen(value) + 2 : 1);
	char *item = malloc(len);
	char **grown = realloc(*list, (*n + 1) * sizeof *grown);
	if (grown)
		*list = grown;
	if (!item || !grown) {
		free(item);
		return false;
	}
	snprintf(item, len, value ? "%s=%s" : "%s", option, value);
	(*list)[(*n)++] = item;
	return true;
}

static bool add_grant(struct options *o, const char *option, const char *value)
{
	return add_to(&o->grants, &o->ngrants, option, value);
}

/* Limits are grants too (grants.h); --timeout and --fuel also need code that checks them. */
static void note_limit(struct options *o, enum w2n_grant_kind kind)
{
	if (kind < W2N_GRANT_MAX_MEMORY)
		return;
	if (!o->limit)
		o->limit = o->grants[o->ngrants - 1];
	o->interruptible |= kind == W2N_GRANT_TIMEOUT;
	o->fuel |= kind == W2N_GRANT_FUEL;
}

/* Matches a grant option at argv[*i]: 1 matched, 0 not a grant, -1 error (printed). */
static int grant_option(int argc, char **argv, int *i, struct options *o)
{
	const char *v;
	if (!strcmp(argv[*i], "--no-launch-grants"))
		return add_grant(o, argv[*i], NULL) ? 1 : -1;
	for (size_t k = 0; k < sizeof grant_options / sizeof *grant_options; k++) {
		const char *name = grant_options[k].option;
		if (!value_option(argc, argv, i, name, &v))
			continue;
		if (!v) {
			arg_error("argument to '%s' is missing", name);
			return -1;
		}
		const char *why = w2n_grant_check(grant_options[k].kind, v);
		if (why) {
			arg_error("invalid %s '%s %s': %s",
			          grant_options[k].kind >= W2N_GRANT_MAX_MEMORY ? "limit" : "grant", name, v,
			          why);
			return -1;
		}
		if (!add_grant(o, name, v))
			return -1;
		note_limit(o, grant_options[k].kind);
		return 1;
	}
	return 0;
}

/* Matches --prebake-dir and --prebake-env at argv[*i], the grants of the initialization
 * (spelled as the runtime's --dir and --env): 1 matched, 0 not one, -1 error (printed). */
static int init_grant_option(int argc, char **argv, int *i, struct options *o)
{
	static const struct {
		const char *option, *as;
		enum w2n_grant_kind kind;
	} kinds[] = {{"--prebake-dir", "--dir", W2N_GRANT_DIR},
	             {"--prebake-env", "--env", W2N_GRANT_ENV}};
	const char *v;
	for (size_t k = 0; k < 2; k++) {
		if (!value_option(argc, argv, i, kinds[k].option, &v))
			continue;
		if (!v) {
			arg_error("argument to '%s' is missing", kinds[k].option);
			return -1;
		}
		const char *why = w2n_grant_check(kinds[k].kind, v);
		if (why) {
			arg_error("invalid grant '%s %s': %s", kinds[k].option, v, why);
			return -1;
		}
		return add_to(&o->init_grants, &o->ninit_grants, kinds[k].as, v) ? 1 : -1;
	}
	return 0;
}

/* Options that only mean something with --prebake. */
static int check_prebake_args(const struct options *o)
{
	const char *needs = o->init_func                 ? "--init-func"
	                    : o->emit_wasm               ? "--emit-wasm"
	                    : o->ninit_grants            ? "--prebake-dir/--prebake-env"
	                    : o->prebake_timeout_ms >= 0 ? "--prebake-timeout"
	                                                 : NULL;
	if (needs && !o->prebake)
		return arg_error("'%s' is an option of pre-baking: add --prebake", needs);
	if (o->prebake && o->check)
		return arg_error("--prebake and --check cannot be combined");
	return 0;
}

/* --disable-FLAG: FLAG is a feature's command-line name (features.def). The MVP cannot be. */
static bool disable_feature(const char *flag, struct options *o)
{
	enum w2n_feature f;
	if (!w2n_feature_by_flag(flag, &f) || f == W2N_FEAT_MVP) {
		char names[512];
		size_t n = 0;
		names[0] = 0;
		for (unsigned k = W2N_FEAT_MVP + 1; k < W2N_FEAT_COUNT && n < sizeof names; k++)
			n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", k > 1 ? ", " : "",
			                      w2n_feature_flag((enum w2n_feature)k));
		arg_error("unknown feature '%s' in '--disable-%s'; features: %s", flag, flag, names);
		return false;
	}
	o->features_off |= 1ull << f;
	return true;
}

/* Fills `o` from argv; returns 0, or 1 after printing a command-line error. */
static int parse_args(int argc, char **argv, struct options *o)
{
	*o = (struct options){
		.opt_level = 2, .cache_size = W2N_CACHE_DEFAULT_MAX, .prebake_timeout_ms = -1};
	const char *env_size = getenv("WASM2NATIVE_CACHE_SIZE");
	if (env_size && env_size[0] && !w2n_parse_size(env_size, &o->cache_size))
		return arg_error("WASM2NATIVE_CACHE_SIZE must be a size (512M, 4G; 0: no cap)");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		int g;
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
		else if (!strcmp(a, "--no-fast-libc"))
			o->no_fast_libc = true;
		else if (!strcmp(a, "--interruptible"))
			o->interruptible = true;
		else if (!strcmp(a, "--fuel-metering"))
			o->fuel = true;
		else if (!strcmp(a, "--prebake"))
			o->prebake = true;
		else if (!strcmp(a, "--verify"))
			o->verify = true;
		else if (!strcmp(a, "-s") || !strcmp(a, "--strip"))
			o->strip = true;
		else if (!strcmp(a, "-g"))
			o->debug = true;
		else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
			o->quiet = true;
		else if (!strcmp(a, "--time-report"))
			o->time_report = true;
		else if (!strcmp(a, "--no-cache"))
			o->no_cache = true;
		else if (!strcmp(a, "--wasm2-only"))
			o->features_off |= W2N_FEATURES_AFTER_2_0;
		else if (!strncmp(a, "--disable-", 10)) {
			if (!disable_feature(a + 10, o))
				return 1;
		} else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3])
			o->opt_level = a[2] - '0';
		else if (value_option(argc, argv, &i, "-o", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a file name)", a);
			o->output = v;
		} else if (value_option(argc, argv, &i, "--target", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a target)", a);
			const struct w2n_target *t = w2n_target_find(v);
			if (!t)
				return arg_error("unknown target '%s'; supported targets: %s", v,
				                 w2n_target_names());
			o->target = t->triple;
		} else if (value_option(argc, argv, &i, "--cpu", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a CPU name)", a);
			o->cpu = v;
		} else if (value_option(argc, argv, &i, "--emit-llvm", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a file name)", a);
			o->ir = v;
		} else if (value_option(argc, argv, &i, "--threads", &v)) {
			char *end;
			long n = v ? strtol(v, &end, 10) : -1;
			if (!v || *end || n < 1 || n > 16)
				return arg_error("argument to '%s' must be a number from 1 to 16", a);
			o->threads = (int)n;
		} else if (value_option(argc, argv, &i, "--prebake-timeout", &v)) {
			char *end;
			double secs = v ? strtod(v, &end) : -1;
			if (!v || end == v || *end || !(secs >= 0 && secs <= 4000000))
				return arg_error("argument to '%s' must be seconds (0.5, 60; 0: no limit)", a);
			o->prebake_timeout_ms = (int64_t)(secs * 1000 + 0.5);
		} else if (value_option(argc, argv, &i, "--cache-size", &v)) {
			if (!v || !w2n_parse_size(v, &o->cache_size))
				return arg_error("argument to '%s' must be a size (512M, 4G; 0: no cap)", a);
		} else if (value_option(argc, argv, &i, "--prefix", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a name)", a);
			o->prefix = v;
		} else if (value_option(argc, argv, &i, "--init-func", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected an export name)", a);
			o->init_func = v;
		} else if (value_option(argc, argv, &i, "--emit-wasm", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a file name)", a);
			o->emit_wasm = v;
		} else if ((g = init_grant_option(argc, argv, &i, o)) != 0) {
			if (g < 0)
				return 1;
		} else if (value_option(argc, argv, &i, "--header", &v)) {
			if (!v)
				return arg_error("argument to '%s' is missing (expected a file name)", a);
			o->header = v;
		} else if ((g = grant_option(argc, argv, &i, o)) != 0) {
			if (g < 0)
				return 1;
		} else if (a[0] == '-' && a[1] != '\0')
			return arg_error("unknown argument '%s'", a);
		else if (o->input)
			return arg_error("more than one input file given ('%s')", a);
		else
			o->input = a;
	}
	if (o->object && o->limit)
		return arg_error("limits ('%s') apply to executables, not to objects (-c): a host gives "
		                 "them to instances (w2n_instantiate_limited); compile the checks in "
		                 "with --interruptible and --fuel-metering",
		                 o->limit);
	if (o->object && o->ngrants)
		return arg_error("grants ('%s') apply to executables, not to objects (-c)", o->grants[0]);
	if (o->header && !o->object)
		return arg_error("'--header' describes an object file: it needs '-c'");
	if (o->header && o->prefix && !w2n_header_prefix_ok(o->prefix))
		return arg_error("'--prefix %s' cannot start C identifiers (letters, digits and '_', "
		                 "starting with a letter), which '--header' needs",
		                 o->prefix);
	return check_prebake_args(o);
}

/* Default output: the input's name without ".wasm" (plus ".o" with -c). */
static char *default_output(const char *input, bool object)
{
	const char *base = strrchr(input, '/') ? strrchr(input, '/') + 1 : input;
	size_t n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".wasm"))
		n -= 5;
	char *out = malloc(n + 3);
	if (out)
		snprintf(out, n + 3, "%.*s%s", (int)n, base, object ? ".o" : "");
	return out;
}

/* A new empty temporary file named from `tmpl` (ending in XXXXXX.o); false if none. */
static bool temp_object(char *tmpl)
{
	int fd = mkstemps(tmpl, 2);
	if (fd < 0) {
		fprintf(stderr, PROG ": error: cannot create a temporary file\n");
		return false;
	}
	close(fd);
	return true;
}

/* Links the module's objects (and the grants', if any) with the runtime into `out`. Stripped
 * unless -g: users ship these executables, and the runtime's debug info is most of the size. */
static bool link_executable(const struct options *o, const char **objs, size_t n, const char *out,
                            struct w2n_diag *dg)
{
	/* The runtime's program runs `w2n_module`; --prefix NAME named the descriptor NAME_module. */
	char module[160];
	snprintf(module, sizeof module, "w2n_module=%s_module", o->prefix);
	const char *defsyms[] = {module, NULL};
	struct w2n_link_options lo = {.triple = o->target,
	                              .strip = o->strip || !o->debug,
	                              .defsyms =
	                                  o->prefix && strcmp(o->prefix, "w2n") ? defsyms : NULL};
	if (!o->ngrants)
		return w2n_link(objs, n, out, &lo, dg);
	char grants[] = "/tmp/wasm2native-grants-XXXXXX.o";
	if (!temp_object(grants))
		return false;
	const char *inputs[3] = {objs[0], n > 1 ? objs[1] : NULL, NULL};
	inputs[n] = grants;
	bool ok = w2n_emit_grants((const char *const *)o->grants, o->ngrants, o->target, grants, dg) &&
	          w2n_link(inputs, n + 1, out, &lo, dg);
	unlink(grants);
	return ok;
}

/* The output from the module's object and, when pre-baked, the snapshot's: an object (-c;
 * two are merged with ld.lld -r) or an executable. Timed as the link phase. */
static bool finish(const struct options *o, const char **objs, size_t n, const char *out,
                   struct w2n_monitor *mon, struct w2n_diag *dg)
{
	struct w2n_stopwatch sw;
	w2n_phase_begin(mon, &sw, W2N_PHASE_LINK);
	bool ok =
		o->object ? w2n_link_relocatable(objs, n, out, dg) : link_executable(o, objs, n, out, dg);
	w2n_phase_end(mon, &sw, 0);
	return ok;
}

/* Temporary files of a pre-baked build, in one folder. */
struct bake_files {
	char dir[40];
	char host[64], target[64], snapshot[64];
};

static bool bake_files(struct bake_files *f)
{
	snprintf(f->dir, sizeof f->dir, "/tmp/wasm2native-XXXXXX");
	if (!mkdtemp(f->dir)) {
		fprintf(stderr, PROG ": error: cannot create a temporary folder\n");
		return false;
	}
	snprintf(f->host, sizeof f->host, "%s/host.o", f->dir);
	snprintf(f->target, sizeof f->target, "%s/target.o", f->dir);
	snprintf(f->snapshot, sizeof f->snapshot, "%s/snapshot.o", f->dir);
	return true;
}

static void remove_bake_files(const struct bake_files *f)
{
	unlink(f->host);
	unlink(f->target);
	unlink(f->snapshot);
	rmdir(f->dir);
}

/* The module's name without folder or ".wasm": argv[0] of the initialization. */
static char *guest_name(const char *input)
{
	char *name = default_output(input, false);
	return name ? name : strdup("init");
}

/* Pre-baking (docs/prebake.md): the module compiled for this machine runs its initialization;
 * then the target's object (the same one when the target is this machine), the snapshot's
 * object, and the output. Nothing is written to `out` unless everything before succeeded. */
static bool generate_baked(const struct options *o, const struct w2n_module *m,
                           const struct w2n_compile_options *co, const char *out,
                           struct w2n_diag *dg)
{
	struct w2n_prebake_options po = {.init_func = o->init_func,
	                                 .grants = (const char *const *)o->init_grants,
	                                 .ngrants = o->ninit_grants,
	                                 .guest_name = guest_name(o->input),
	                                 .timeout_ms = o->prebake_timeout_ms >= 0
	                                                   ? (uint32_t)o->prebake_timeout_ms
	                                                   : W2N_PREBAKE_DEFAULT_TIMEOUT_MS};
	struct bake_files f;
	if (!po.guest_name || !w2n_prebake_check(m, &po, dg) || !bake_files(&f)) {
		free((char *)po.guest_name);
		return false;
	}
	bool native = w2n_target_find(co->triple) == w2n_target_find(NULL);
	struct w2n_compile_options host = *co;
	host.triple = w2n_target_find(NULL)->triple;
	if (!native) {
		host.cpu = NULL; /* the target's --cpu means nothing here */
		host.dump_ir = NULL;
	}
	struct w2n_snapshot *s = NULL;
	if (w2n_compile_object(m, &host, f.host, dg))
		s = w2n_prebake(m, &host, f.host, &po, dg);
	const char *objs[2] = {native ? f.host : f.target, f.snapshot};
	bool ok = s && (!o->emit_wasm || w2n_write_wasm(m, s, o->init_func, o->emit_wasm, dg)) &&
	          (native || w2n_compile_object(m, co, f.target, dg)) &&
	          w2n_emit_snapshot(m, s, co, f.snapshot, dg) &&
	          finish(o, objs, 2, out, co->monitor, dg);
	w2n_snapshot_free(s);
	remove_bake_files(&f);
	free((char *)po.guest_name);
	return ok;
}

/* Code generation: an object (-c), or an object in a temporary file linked into an
 * executable with the runtime; with --prebake, after running the initialization. */
static bool generate(const struct options *o, const struct w2n_module *m, struct w2n_monitor *mon,
                     struct w2n_diag *dg)
{
	struct w2n_compile_options co = {.triple = o->target,
	                                 .cpu = o->cpu,
	                                 .opt_level = o->opt_level,
	                                 .bounds_checks = o->bounds_checks,
	                                 .no_fast_libc = o->no_fast_libc,
	                                 .interruptible = o->interruptible,
	                                 .fuel = o->fuel,
	                                 .prefix = o->prefix,
	                                 .verify = o->verify,
	                                 .dump_ir = o->ir,
	                                 .threads = o->threads,
	                                 .prebake = o->prebake,
	                                 .monitor = mon,
	                                 .cache_dir = o->no_cache ? NULL : w2n_default_cache_dir()};
	char *out = o->output ? strdup(o->output) : default_output(o->input, o->object);
	if (!out) {
		free((char *)co.cache_dir);
		return false;
	}
	bool ok;
	if (o->prebake) {
		ok = generate_baked(o, m, &co, out, dg);
	} else if (o->object) {
		ok = w2n_compile_object(m, &co, out, dg);
	} else {
		char obj[] = "/tmp/wasm2native-XXXXXX.o";
		const char *objs[1] = {obj};
		ok = temp_object(obj);
		if (ok) {
			ok = w2n_compile_object(m, &co, obj, dg) && finish(o, objs, 1, out, mon, dg);
			unlink(obj);
		}
	}
	if (ok && o->header)
		ok = w2n_write_header(m, o->prefix, o->header, dg);
	w2n_cache_trim(co.cache_dir, o->cache_size);
	free((char *)co.cache_dir);
	free(out);
	return ok;
}

/* Reports library diagnostics about the command line (an unknown --cpu) as command-line errors. */
static void cli_diag(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                     const char *message)
{
	arg_error("%s", message);
}

/* --cpu help: the CPUs LLVM knows for the target. */
static int list_cpus(const struct options *o)
{
	const struct w2n_target *t = w2n_target_find(o->target);
	char *list = w2n_target_cpus(t);
	if (!list)
		return 1;
	printf("CPUs for %s (default %s; 'native' is this machine's on %s):\n%s\n", t->name,
	       t->default_cpu, w2n_target_find(NULL)->name, list);
	free(list);
	return 0;
}

/* Checks --cpu before any work, so that a wrong name is one command-line error. */
static bool cpu_ok(const struct options *o)
{
	struct w2n_diag dg = {.fn = cli_diag};
	struct w2n_cpu cpu;
	if (!w2n_cpu_resolve(w2n_target_find(o->target), o->cpu, &cpu, &dg))
		return false;
	w2n_cpu_dispose(&cpu);
	return true;
}

/* Read, decode and validate, each timed. Returns the valid module (its bytes in *bytes, to free
 * after it), or NULL after reporting. */
static struct w2n_module *load(const char *input, uint64_t off, struct w2n_monitor *mon,
                               struct w2n_diag *dg, uint8_t **bytes)
{
	struct w2n_stopwatch sw;
	size_t size;
	w2n_phase_begin(mon, &sw, W2N_PHASE_READ);
	*bytes = w2n_read_file(input, &size, dg);
	w2n_phase_end(mon, &sw, 0);
	if (!*bytes)
		return NULL;
	w2n_phase_begin(mon, &sw, W2N_PHASE_DECODE);
	struct w2n_module *m = w2n_decode_features(*bytes, size, input, off, dg);
	w2n_phase_end(mon, &sw, 0);
	if (!m)
		return NULL;
	w2n_phase_begin(mon, &sw, W2N_PHASE_VALIDATE);
	bool ok = w2n_validate_features(m, off, dg);
	w2n_phase_end(mon, &sw, 0);
	if (ok)
		return m;
	w2n_module_free(m);
	return NULL;
}

/* --check's report on stdout: the module's WebAssembly version and each feature it uses after
 * the MVP, with its first use, in file order. */
static void feature_report(const char *input, const struct w2n_module *m)
{
	struct w2n_feature_uses u;
	w2n_module_features(m, &u);
	const char *version = !(u.mask & W2N_FEATURES_AFTER_2_0)   ? "2.0"
	                      : !(u.mask & W2N_FEATURES_AFTER_3_0) ? "3.0"
	                                                           : "3.0 + proposals";
	printf("%s: valid WebAssembly %s\n", input, version);
	bool done[W2N_FEAT_COUNT] = {0};
	for (;;) {
		int next = -1;
		for (int f = 0; f < W2N_FEAT_COUNT; f++)
			if (u.mask & 1ull << f && !done[f] && (next < 0 || u.pos[f] < u.pos[next]))
				next = f;
		if (next < 0)
			break;
		done[next] = true;
		printf("  %-24s 0x%08x  %s\n", w2n_feature_flag((enum w2n_feature)next), u.pos[next],
		       u.what[next]);
	}
}

/* The pipeline, top to bottom, watched by a monitor for the progress line and --time-report.
 * Returns the process exit status. */
static int compile(const struct options *o)
{
	struct w2n_monitor mon;
	w2n_monitor_init(&mon);
	struct progress pg;
	progress_start(&pg, &mon, o->input, o->quiet);
	struct w2n_diag dg = {.fn = progress_diag, .ctx = &pg};
	uint8_t *bytes = NULL;
	struct w2n_module *m = load(o->input, o->features_off, &mon, &dg, &bytes);
	bool ok = m != NULL;
	if (ok && o->check)
		feature_report(o->input, m);
	if (ok && !o->check)
		ok = generate(o, m, &mon, &dg);
	progress_stop(&pg);
	if (o->time_report)
		time_report(stderr, &pg);
	if (m)
		w2n_module_free(m);
	free(bytes);
	w2n_monitor_destroy(&mon);
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
	if (o.cpu && strcmp(o.cpu, "help") == 0)
		return list_cpus(&o);
	if (!o.input)
		return arg_error("no input file");
	if (!o.check && !cpu_ok(&o))
		return 1;
	return compile(&o);
}
