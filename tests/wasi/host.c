/* host.c — the WASI test host: a w2n_main for the test programs of tests/wasi/, linked with
 * the compiled module (`wasm2native prog.wasm -c`) and the runtime archive in place of the
 * archive's default main. It takes the grants on its own command line, so that the runner can
 * give each case exactly what it needs, and can force the fallback path resolution:
 *
 *     prog [--dir=HOST[::GUEST]] [--env=K=V] [--listen=ADDR:PORT] [--listen-fd=N]
 *          [--fallback] [--no-stdio] -- [guest arguments]
 *
 * The guest's argv[0] is the program's name. Exit status as for executables: the guest's
 * exit code, 134 for a trap, 1 if it cannot run. */
#include "rt.h"
#include "wasm2native/wasi.h"

extern const struct w2n_module_desc w2n_module;

#define MAX_GRANTS 32

/* If s starts with p: true, and *rest is what follows. */
static bool prefix(const char *s, const char *p, const char **rest)
{
	for (; *p != '\0'; p++, s++)
		if (*s != *p)
			return false;
	*rest = s;
	return true;
}

static struct w2n_wasi_dir dirs[MAX_GRANTS];
static const char *env[MAX_GRANTS];
static int sockets[MAX_GRANTS];

/* HOST[::GUEST], split in place. */
static void add_dir(struct w2n_wasi_config *cfg, char *v)
{
	char *guest = v;
	for (char *p = v; *p; p++) {
		if (p[0] == ':' && p[1] == ':') {
			*p = '\0';
			guest = p + 2;
			break;
		}
	}
	dirs[cfg->ndirs++] = (struct w2n_wasi_dir){v, guest};
}

static bool parse(int argc, char **argv, struct w2n_wasi_config *cfg)
{
	int i = 1;
	const char *v;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		struct w2n_error err;
		if (cfg->ndirs == MAX_GRANTS || cfg->nenv == MAX_GRANTS || cfg->nsockets == MAX_GRANTS)
			return false;
		if (prefix(argv[i], "--dir=", &v))
			add_dir(cfg, (char *)v);
		else if (prefix(argv[i], "--env=", &v))
			env[cfg->nenv++] = v;
		else if (prefix(argv[i], "--listen=", &v)) {
			int fd = w2n_wasi_listen(v, &err);
			if (fd < 0) {
				w2n_dprintf(2, "host: %s\n", err.message);
				return false;
			}
			sockets[cfg->nsockets++] = fd;
		} else if (prefix(argv[i], "--listen-fd=", &v)) {
			int fd = 0;
			for (; *v >= '0' && *v <= '9'; v++)
				fd = fd * 10 + (*v - '0');
			sockets[cfg->nsockets++] = fd;
		} else if (strcmp(argv[i], "--fallback") == 0)
			w2n_wasi_force_fallback(true);
		else if (strcmp(argv[i], "--no-stdio") == 0)
			cfg->stdio_closed = true;
		else {
			w2n_dprintf(2, "host: unknown option '%s'\n", argv[i]);
			return false;
		}
	}
	/* The guest's arguments: the program name, then what follows "--". */
	if (i < argc)
		argv[i] = argv[0];
	else
		i = 0, argc = 1;
	cfg->argc = argc - i;
	cfg->argv = (const char *const *)argv + i;
	cfg->env = env;
	cfg->dirs = dirs;
	cfg->sockets = sockets;
	return true;
}

static int report(const struct w2n_error *err)
{
	if (err->kind == W2N_ERR_EXIT)
		return (int)err->exit_code;
	if (err->kind == W2N_ERR_TRAP) {
		w2n_dprintf(2, "wasm trap: %s\n", err->message);
		return W2N_EXIT_TRAP;
	}
	w2n_dprintf(2, "host: %s\n", err->message);
	return 1;
}

int w2n_main(int argc, char **argv, char **envp)
{
	struct w2n_wasi_config cfg = {0};
	struct w2n_error err;
	if (!parse(argc, argv, &cfg))
		return 1;
	struct w2n_wasi *wasi = w2n_wasi_new(&cfg, &err);
	if (wasi == NULL)
		return report(&err);
	struct w2n_instance *inst = w2n_instantiate(&w2n_module, w2n_wasi_resolve, wasi, &err);
	if (inst == NULL)
		return report(&err);
	if (!w2n_wasi_bind(wasi, inst, &err))
		return report(&err);
	struct w2n_extern start;
	if (!w2n_instance_export(inst, "_start", &start) || start.kind != W2N_EXT_FUNC) {
		w2n_dprintf(2, "host: no _start\n");
		return 1;
	}
	union w2n_val vals[1];
	if (!w2n_call(start.u.func, vals, &err))
		return report(&err);
	return 0;
}
