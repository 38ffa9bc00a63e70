/* grants.c — what an executable's guest may use: the grants baked in at build time
 * (`w2n_grants`, written by compiler/grants.c) plus, unless the build said
 * --no-launch-grants, those in the WASM2NATIVE_GRANTS environment variable, turned into the
 * WASI configuration and the instance's limits. Both use the spellings of
 * include/wasm2native/grants.h; this is their only parser (with grants.h's for limits). Everything not granted is denied: the guest's environment starts empty and no
 * directory or socket is preopened.
 *
 * Allocations live as long as the process (the configuration is built once, at start-up). */
#include "wasm2native/grants.h"
#include "rt.h"
#include "wasm2native/wasi.h"

/* The baked grants; weak, so that an executable built without grants has none. */
extern const char w2n_grants[] __attribute__((weak));

static const struct {
	const char *name;
	bool value;
} kinds[W2N_GRANT_COUNT] = {
#define W2N_GRANT_ROW(ID, NAME, VALUE) [W2N_GRANT_##ID] = {NAME, VALUE},
	W2N_GRANT_KINDS(W2N_GRANT_ROW)
#undef W2N_GRANT_ROW
};

/* The configuration being built, with its arrays' capacities. */
struct builder {
	struct w2n_wasi_config *cfg;
	struct w2n_instance_limits *limits;
	char **envp;      /* the launching environment, for --env=NAME */
	const char *from; /* where the grant being read comes from, for messages */
	bool sealed;      /* --no-launch-grants was baked in */
	size_t env_cap, dirs_cap, sockets_cap;
};

/* Grows the array `*array` points to (of `size`-byte items, `n` used, capacity `*cap`) to
 * hold one more. `array` is the address of one of cfg's array pointers. */
static bool reserve(void *array, size_t n, size_t *cap, size_t size)
{
	void **p = array;
	if (n < *cap)
		return true;
	size_t want = *cap ? *cap * 2 : 8;
	void *grown = w2n_realloc(*p, want * size);
	if (grown == NULL)
		return false;
	*p = grown;
	*cap = want;
	return true;
}

static char *copy(const char *s, size_t n)
{
	char *c = w2n_malloc(n + 1);
	if (c != NULL) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

/* The length of the variable name in "NAME=VALUE" (or "NAME"). */
static size_t name_len(const char *entry)
{
	size_t n = 0;
	while (entry[n] != '\0' && entry[n] != '=')
		n++;
	return n;
}

/* The launching environment's "NAME=VALUE" entry for a NAME of length n, or NULL. */
static const char *lookup(char **envp, const char *name, size_t n)
{
	for (; *envp != NULL; envp++)
		if (name_len(*envp) == n && memcmp(*envp, name, n) == 0)
			return *envp;
	return NULL;
}

static bool fail(const struct builder *b, const char *item, const char *why)
{
	w2n_dprintf(2, "wasm2native: %s: invalid grant '%s': %s\n", b->from, item, why);
	return false;
}

/* Adds "NAME=VALUE", replacing an earlier grant of the same NAME (a launch-time grant thus
 * overrides a baked one). */
static bool grant_env(struct builder *b, const char *entry)
{
	struct w2n_wasi_config *cfg = b->cfg;
	size_t n = name_len(entry);
	for (size_t i = 0; i < cfg->nenv; i++) {
		if (name_len(cfg->env[i]) == n && memcmp(cfg->env[i], entry, n) == 0) {
			((const char **)cfg->env)[i] = entry;
			return true;
		}
	}
	if (!reserve(&cfg->env, cfg->nenv, &b->env_cap, sizeof *cfg->env))
		return fail(b, entry, "out of memory");
	((const char **)cfg->env)[cfg->nenv++] = entry;
	return true;
}

/* HOST[::GUEST]: the guest name defaults to the host path, as written. */
static bool grant_dir(struct builder *b, const char *item, const char *value)
{
	struct w2n_wasi_config *cfg = b->cfg;
	const char *sep = value;
	while (*sep != '\0' && !(sep[0] == ':' && sep[1] == ':'))
		sep++;
	if (sep == value || (*sep != '\0' && sep[2] == '\0'))
		return fail(b, item, "expected HOST or HOST::GUEST");
	if (!reserve(&cfg->dirs, cfg->ndirs, &b->dirs_cap, sizeof *cfg->dirs))
		return fail(b, value, "out of memory");
	char *host = copy(value, (size_t)(sep - value));
	if (host == NULL)
		return fail(b, value, "out of memory");
	struct w2n_wasi_dir *dirs = (struct w2n_wasi_dir *)cfg->dirs;
	dirs[cfg->ndirs++] = (struct w2n_wasi_dir){host, *sep ? sep + 2 : host};
	return true;
}

static bool add_socket(struct builder *b, int fd, const char *value)
{
	struct w2n_wasi_config *cfg = b->cfg;
	if (!reserve(&cfg->sockets, cfg->nsockets, &b->sockets_cap, sizeof *cfg->sockets))
		return fail(b, value, "out of memory");
	((int *)cfg->sockets)[cfg->nsockets++] = fd;
	return true;
}

static bool grant_listen(struct builder *b, const char *value)
{
	struct w2n_error err;
	int fd = w2n_wasi_listen(value, &err);
	if (fd < 0) {
		w2n_dprintf(2, "wasm2native: %s: cannot listen on '%s': %s\n", b->from, value, err.message);
		return false;
	}
	return add_socket(b, fd, value);
}

static bool grant_listen_fd(struct builder *b, const char *item, const char *value)
{
	long fd = 0;
	const char *p = value;
	for (; *p >= '0' && *p <= '9' && fd < 0x10000000; p++)
		fd = fd * 10 + (*p - '0');
	if (p == value || *p != '\0' || fd >= 0x10000000)
		return fail(b, item, "expected a file descriptor number");
	return add_socket(b, (int)fd, value);
}

/* Which grant `item` ("--name" or "--name=value") is; W2N_GRANT_COUNT if none. `*value` is
 * what follows '=', or NULL. */
static enum w2n_grant_kind classify(const char *item, const char **value)
{
	if (item[0] != '-' || item[1] != '-')
		return W2N_GRANT_COUNT;
	const char *name = item + 2;
	size_t n = name_len(name);
	for (int k = 0; k < W2N_GRANT_COUNT; k++) {
		if (strlen(kinds[k].name) == n && memcmp(kinds[k].name, name, n) == 0) {
			*value = name[n] == '=' ? name + n + 1 : NULL;
			return (enum w2n_grant_kind)k;
		}
	}
	return W2N_GRANT_COUNT;
}

/* Applies one grant. `item` must outlive the process's use of the configuration. */
static bool apply(struct builder *b, const char *item, bool baked)
{
	const char *value = NULL;
	enum w2n_grant_kind kind = classify(item, &value);
	if (kind == W2N_GRANT_COUNT)
		return fail(b, item,
		            "unknown (expected --dir, --env, --listen, --listen-fd, --max-memory, "
		            "--max-table, --max-stack, --timeout or --fuel)");
	if (kinds[kind].value && value == NULL)
		return fail(b, item, "the value is missing");
	switch (kind) {
	case W2N_GRANT_DIR:
		return grant_dir(b, item, value);
	case W2N_GRANT_ENV:
		if (*value == '\0' || *value == '=')
			return fail(b, item, "expected NAME or NAME=VALUE");
		if (value[name_len(value)] == '\0') {
			const char *inherited = lookup(b->envp, value, name_len(value));
			return inherited == NULL || grant_env(b, inherited);
		}
		return grant_env(b, value);
	case W2N_GRANT_LISTEN:
		return grant_listen(b, value);
	case W2N_GRANT_LISTEN_FD:
		return grant_listen_fd(b, item, value);
	case W2N_GRANT_MAX_MEMORY:
	case W2N_GRANT_MAX_TABLE:
	case W2N_GRANT_MAX_STACK:
	case W2N_GRANT_TIMEOUT:
	case W2N_GRANT_FUEL: {
		const char *why = w2n_grant_limit(kind, value, b->limits);
		return why == NULL || fail(b, item, why);
	}
	case W2N_GRANT_NO_LAUNCH_GRANTS:
		if (!baked)
			return fail(b, item, "a build-time option (wasm2native --no-launch-grants)");
		b->sealed = true;
		return true;
	case W2N_GRANT_COUNT:
		break;
	}
	return false;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The next word of WASM2NATIVE_GRANTS at *s, unquoted into `out` (which has room for all of
 * *s): words are separated by blanks; '...' is literal, "..." and a bare backslash escape the
 * next character, as in a shell, so paths with spaces can be granted. NULL at the end, or
 * with *bad set on an unterminated quote. */
static char *next_word(const char **s, char *out, bool *bad)
{
	const char *p = *s;
	while (is_space(*p))
		p++;
	if (*p == '\0')
		return NULL;
	char *o = out, quote = 0;
	for (; *p != '\0' && (quote || !is_space(*p)); p++) {
		if (quote == '\'' && *p == '\'')
			quote = 0;
		else if (quote == '"' && *p == '"')
			quote = 0;
		else if (!quote && (*p == '\'' || *p == '"'))
			quote = *p;
		else if (*p == '\\' && quote != '\'' && p[1] != '\0')
			*o++ = *++p;
		else
			*o++ = *p;
	}
	*o = '\0';
	*bad = quote != 0;
	*s = p;
	return out;
}

/* Launch-time grants: words of the variable, each a grant, "--name value" accepted for
 * "--name=value" as on the compiler's command line. */
static bool apply_launch(struct builder *b, const char *text)
{
	const char *all = text;
	bool bad = false;
	char *buf = w2n_malloc(strlen(text) + 1), *word;
	if (buf == NULL)
		return fail(b, text, "out of memory");
	while ((word = next_word(&text, buf, &bad)) != NULL && !bad) {
		size_t n = strlen(word);
		const char *value;
		enum w2n_grant_kind kind = classify(word, &value);
		if (kind != W2N_GRANT_COUNT && kinds[kind].value && value == NULL) {
			/* A separate value: "--dir" "/srv" becomes "--dir=/srv". */
			char *next = w2n_malloc(strlen(text) + 1);
			if (next == NULL || next_word(&text, next, &bad) == NULL || bad)
				return fail(b, word, "the value is missing");
			char *item = w2n_malloc(n + strlen(next) + 2);
			if (item == NULL)
				return fail(b, word, "out of memory");
			w2n_fmt(item, n + strlen(next) + 2, "%s=%s", word, next);
			word = item;
		} else {
			word = copy(word, n);
		}
		if (word == NULL || !apply(b, word, false))
			return false;
	}
	return bad ? fail(b, all, "unterminated quote") : true;
}

bool w2n_grants_config(int argc, char **argv, char **envp, struct w2n_wasi_config *cfg,
                       struct w2n_instance_limits *limits)
{
	*cfg = (struct w2n_wasi_config){.argc = argc, .argv = (const char *const *)argv};
	*limits = (struct w2n_instance_limits){0};
	struct builder b = {.cfg = cfg, .limits = limits, .envp = envp, .from = "built-in grants"};
	for (const char *item = w2n_grants; item != NULL && *item != '\0'; item += strlen(item) + 1)
		if (!apply(&b, item, true))
			return false;
	const char *launch = lookup(envp, W2N_GRANTS_ENV, sizeof W2N_GRANTS_ENV - 1);
	if (launch == NULL)
		return true;
	if (b.sealed) {
		w2n_dprintf(2, "wasm2native: " W2N_GRANTS_ENV " ignored: this executable was built "
		               "with --no-launch-grants\n");
		return true;
	}
	b.from = W2N_GRANTS_ENV;
	return apply_launch(&b, launch + sizeof W2N_GRANTS_ENV);
}
