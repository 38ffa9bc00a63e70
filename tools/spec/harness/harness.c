/* harness.c — the driver inside every spec test executable (freestanding, no libc).
 *
 * The runner links one .wast file's compiled modules, the module list `w2n_spec_modules` and
 * this archive with the runtime into one executable, and starts it with the command table as
 * its argument (format: tools/spec/spec.h, "Command table"). The harness executes the table in
 * order through the runtime's host API (include/wasm2native/runtime.h) and prints one outcome
 * line per command, then `done`. It judges nothing: the runner compares the outcomes with the
 * script's expectations, so NaN classes, lane types and message prefixes live in one hosted
 * place (judge.c), and a crash here leaves every line printed so far on record (each line is
 * written with its own write(2), unbuffered).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sys.h"
#include "wasm2native/host.h"

/* Emitted by the runner with w2n_emit_module_list: the descriptors in module-number order. */
extern const struct w2n_module_desc *const w2n_spec_modules[];

/* Enough for any signature in the spec suite (func.wast's longest has a few dozen). */
#define MAX_SLOTS 1024

/* A name under which an instance's exports can be imported (the script's `register`). */
struct registration {
	const char *name;
	struct w2n_instance *inst;
};

struct harness {
	struct w2n_instance **insts; /* per module number; NULL until instantiated successfully */
	uint32_t nmodules;
	struct registration *regs; /* in registration order; later ones shadow earlier ones */
	uint32_t nregs, capregs;
	union w2n_val slots[MAX_SLOTS]; /* arguments in, results out */
};

/* ---- output: one line at a time ------------------------------------------------------------ */

struct line {
	char buf[8192];
	size_t n;
};

static void put(struct line *l, const char *s)
{
	while (*s && l->n < sizeof l->buf - 1)
		l->buf[l->n++] = *s++;
}

/* Messages come from the runtime; a newline in one must not split the outcome line. */
static void put_message(struct line *l, const char *s, size_t max)
{
	for (size_t i = 0; i < max && s[i] && l->n < sizeof l->buf - 1; i++)
		l->buf[l->n++] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
}

/* `bytes` little-endian bytes as a hex number, most significant digit first. */
static void put_hex_bytes(struct line *l, const uint8_t *p, unsigned bytes)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = bytes; i-- > 0 && l->n < sizeof l->buf - 2;) {
		l->buf[l->n++] = digits[p[i] >> 4];
		l->buf[l->n++] = digits[p[i] & 15];
	}
}

/* Starts a line "<word> <id>". */
static void begin(struct line *l, const char *word, const char *id)
{
	l->n = 0;
	put(l, word);
	put(l, " ");
	put(l, id);
}

static void emit(struct line *l)
{
	size_t off = 0;

	l->buf[l->n++] = '\n';
	while (off < l->n) {
		long w = sys_write(1, l->buf + off, l->n - off);

		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

static void say(const char *word, const char *id, const char *message)
{
	struct line l;

	begin(&l, word, id);
	if (message) {
		put(&l, " ");
		put(&l, message);
	}
	emit(&l);
}

/* ---- input: tokens of the command table ---------------------------------------------------- */

/* Cuts the next space-separated token out of *p (in place); "" at the end of the line. */
static char *token(char **p)
{
	char *s = *p, *e = s;

	while (*e && *e != ' ')
		e++;
	if (*e)
		*e++ = 0;
	*p = e;
	return s;
}

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool parse_dec(const char *s, uint32_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || (v = v * 10 + (uint64_t)(*s - '0')) > UINT32_MAX)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* A name is `x` and its bytes in hex; decoded in place. Names with a NUL byte cannot go through
 * the C-string API of runtime.h: refused. */
static bool parse_name_n(char *s, size_t *len)
{
	char *out = s, *start = s;

	if (*s++ != 'x')
		return false;
	for (; s[0] && s[1]; s += 2) {
		int hi = hex_digit(s[0]), lo = hex_digit(s[1]);

		if (hi < 0 || lo < 0)
			return false;
		*out++ = (char)(hi << 4 | lo);
	}
	*out = 0;
	*len = (size_t)(out - start);
	return *s == 0;
}

/* A name that must be a C string (registrations): no NUL bytes. */
static bool parse_name(char *s)
{
	size_t len;
	if (!parse_name_n(s, &len))
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] == 0)
			return false;
	return true;
}

/* A value is `TT:HEX`: its type byte and its bits as a hex number of up to 32 digits. */
static bool parse_value(const char *s, uint8_t *type, union w2n_val *v)
{
	int hi = hex_digit(s[0]), lo = hex_digit(s[1]);
	const char *end = s + 3;

	if (hi < 0 || lo < 0 || s[2] != ':' || !*end)
		return false;
	*type = (uint8_t)(hi << 4 | lo);
	while (*end)
		end++;
	if (end - (s + 3) > 32)
		return false;
	for (unsigned i = 0; i < 16; i++)
		v->v128[i] = 0;
	for (unsigned nib = 0; end-- > s + 3; nib++) {
		int d = hex_digit(*end);

		if (d < 0)
			return false;
		v->v128[nib / 2] |= (uint8_t)(d << (4 * (nib % 2)));
	}
	return true;
}

static unsigned value_bytes(uint8_t type)
{
	switch (type) {
	case W2N_I32:
	case W2N_F32:
		return 4;
	case W2N_V128:
		return 16;
	default: /* i64, f64, references */
		return 8;
	}
}

static void put_value(struct line *l, uint8_t type, const void *bits)
{
	put(l, " ");
	put_hex_bytes(l, &type, 1);
	put(l, ":");
	put_hex_bytes(l, bits, value_bytes(type));
}

/* ---- commands ------------------------------------------------------------------------------ */

/* spectest.shared_memory (threads): the reference interpreter's spectest has a shared memory
 * of one page besides its memory; spectest.wat cannot declare a second memory without
 * multi-memory, so the harness makes it, once, as a host would. */
static bool spectest_shared_memory(struct w2n_extern *out)
{
	static struct w2n_memory *mem;
	struct w2n_error err;

	if (mem == NULL)
		mem = w2n_shared_memory_new(1, 1, &err);
	out->kind = W2N_EXT_MEMORY;
	out->u.memory = mem;
	return mem != NULL;
}

static bool resolve(void *ctx, const char *module, const char *field, struct w2n_extern *out)
{
	struct harness *h = ctx;

	if (streq(module, "spectest") && streq(field, "shared_memory"))
		return spectest_shared_memory(out);
	for (uint32_t i = h->nregs; i-- > 0;)
		if (streq(h->regs[i].name, module))
			return w2n_instance_export(h->regs[i].inst, field, out);
	return false;
}

/* Reports an error (not trap, not link) outcome with the runtime's message. */
static void say_error(const char *id, const struct w2n_error *err)
{
	struct line l;
	const char *word = "error";

	if (err->kind == W2N_ERR_TRAP)
		word = "trap";
	else if (err->kind == W2N_ERR_LINK)
		word = "link";
	begin(&l, word, id);
	put(&l, " ");
	put_message(&l, err->message, sizeof err->message);
	emit(&l);
}

/* Parses the instance number of a command; says why not on failure. */
static struct w2n_instance *instance(struct harness *h, const char *id, char *tok, uint32_t *mod)
{
	if (!parse_dec(tok, mod) || *mod >= h->nmodules) {
		say("error", id, "bad module number in the command table");
		return NULL;
	}
	if (!h->insts[*mod])
		say("error", id, "module not instantiated");
	return h->insts[*mod];
}

static void cmd_inst(struct harness *h, const char *id, char *p)
{
	struct w2n_error err = {0};
	uint32_t mod;

	if (!parse_dec(token(&p), &mod) || mod >= h->nmodules) {
		say("error", id, "bad module number in the command table");
		return;
	}
	h->insts[mod] = w2n_instantiate(w2n_spec_modules[mod], resolve, h, &err);
	if (h->insts[mod])
		say("ok", id, NULL);
	else
		say_error(id, &err);
}

static void cmd_reg(struct harness *h, const char *id, char *p)
{
	uint32_t mod;
	struct w2n_instance *inst = instance(h, id, token(&p), &mod);
	char *name = token(&p);

	if (!inst)
		return;
	if (!parse_name(name)) {
		say("error", id, "bad or NUL-containing name in the command table");
		return;
	}
	if (h->nregs == h->capregs) {
		uint32_t cap = h->capregs ? 2 * h->capregs : 64;
		struct registration *regs = sys_alloc(cap * sizeof *regs);

		if (!regs) {
			say("error", id, "out of memory");
			return;
		}
		for (uint32_t i = 0; i < h->nregs; i++)
			regs[i] = h->regs[i];
		h->regs = regs; /* the old block is left mapped: a few kilobytes per test run */
		h->capregs = cap;
	}
	h->regs[h->nregs++] = (struct registration){name, inst};
	say("ok", id, NULL);
}

/* Looks up an export of the given kind (W2N_EXT_FUNC or W2N_EXT_GLOBAL); says why not on
 * failure. */
static bool export_of(struct harness *h, const char *id, char **p, uint32_t kind,
                      struct w2n_extern *ext)
{
	uint32_t mod;
	struct w2n_instance *inst = instance(h, id, token(p), &mod);
	char *name = token(p);

	if (!inst)
		return false;
	size_t len;
	if (!parse_name_n(name, &len)) {
		say("error", id, "bad export name in the command table");
		return false;
	}
	if (!w2n_instance_export_n(inst, name, len, ext) || ext->kind != kind) {
		say("error", id,
		    kind == W2N_EXT_FUNC ? "no function export of that name"
		                         : "no global export of that name");
		return false;
	}
	return true;
}

/* Reads the arguments into h->slots, checking them against the signature. */
static bool arguments(struct harness *h, const char *id, char *p, const struct w2n_desc_type *t)
{
	uint32_t n = 0;

	for (char *tok = token(&p); *tok; tok = token(&p), n++) {
		uint8_t type;

		if (n >= t->nparams || n >= MAX_SLOTS) {
			say("error", id, "more arguments than the function has parameters");
			return false;
		}
		if (!parse_value(tok, &type, &h->slots[n]) || type != t->types[n]) {
			say("error", id, "argument of the wrong type, or bad value in the command table");
			return false;
		}
	}
	if (n != t->nparams) {
		say("error", id, "fewer arguments than the function has parameters");
		return false;
	}
	return true;
}

static void cmd_call(struct harness *h, const char *id, char *p)
{
	struct w2n_extern ext;
	struct w2n_error err = {0};
	struct line l;

	if (!export_of(h, id, &p, W2N_EXT_FUNC, &ext))
		return;
	const struct w2n_desc_type *t = w2n_funcref_type(ext.u.func);
	if (t->nresults > MAX_SLOTS) {
		say("error", id, "too many results for the harness");
		return;
	}
	if (!arguments(h, id, p, t))
		return;
	if (!w2n_call(ext.u.func, h->slots, &err)) {
		say_error(id, &err);
		return;
	}
	begin(&l, "ret", id);
	for (uint32_t i = 0; i < t->nresults; i++)
		put_value(&l, t->types[t->nparams + i], &h->slots[i]);
	emit(&l);
}

static void cmd_get(struct harness *h, const char *id, char *p)
{
	struct w2n_extern ext;
	struct line l;

	if (!export_of(h, id, &p, W2N_EXT_GLOBAL, &ext))
		return;
	begin(&l, "ret", id);
	put_value(&l, (uint8_t)ext.u.global.type, ext.u.global.cell);
	emit(&l);
}

static void run_line(struct harness *h, char *p)
{
	char *verb = token(&p);
	char *id = token(&p);

	if (streq(verb, "inst"))
		cmd_inst(h, id, p);
	else if (streq(verb, "reg"))
		cmd_reg(h, id, p);
	else if (streq(verb, "call"))
		cmd_call(h, id, p);
	else if (streq(verb, "get"))
		cmd_get(h, id, p);
	else if (*verb)
		say("error", id, "unknown command in the command table");
}

/* ---- the table ----------------------------------------------------------------------------- */

/* Reads the whole file into fresh memory, NUL-terminated; NULL on failure. */
static char *read_table(const char *path)
{
	long fd = sys_open_read(path), size, got = 0;
	char *text;

	if (fd < 0)
		return NULL;
	size = sys_file_size((int)fd);
	text = size >= 0 && sys_rewind((int)fd) == 0 ? sys_alloc((size_t)size + 1) : NULL;
	while (text && got < size) {
		long r = sys_read((int)fd, text + got, (size_t)(size - got));

		if (r <= 0)
			text = NULL; /* the mapping leaks; we are about to exit */
		else
			got += r;
	}
	sys_close((int)fd);
	return text;
}

/* Header: "w2n-spec-table 1 NMODULES". */
static bool header(struct harness *h, char **p)
{
	char *line = *p, *end = line;

	while (*end && *end != '\n')
		end++;
	*p = *end ? end + 1 : end;
	*end = 0;
	if (!streq(token(&line), "w2n-spec-table") || !streq(token(&line), "1") ||
	    !parse_dec(token(&line), &h->nmodules))
		return false;
	h->insts = sys_alloc((h->nmodules + 1) * sizeof *h->insts);
	return h->insts != NULL;
}

static void fatal(const char *msg)
{
	struct line l = {.n = 0};

	put(&l, "w2n-spec harness: ");
	put(&l, msg);
	l.buf[l.n++] = '\n';
	sys_write(2, l.buf, l.n);
}

/* The runtime's entry point calls this instead of its default w2n_main (runtime/rt.h), which
 * the linker then leaves out. */
int w2n_main(int argc, char **argv, char **envp)
{
	static struct harness h;
	char *p;

	(void)envp;
	if (argc != 2) {
		fatal("usage: TEST-EXECUTABLE COMMAND-TABLE");
		return 2;
	}
	p = read_table(argv[1]);
	if (!p || !header(&h, &p)) {
		fatal("cannot read the command table, or its header is wrong");
		return 2;
	}
	while (*p) {
		char *line = p;

		while (*p && *p != '\n')
			p++;
		if (*p)
			*p++ = 0;
		run_line(&h, line);
	}
	sys_write(1, "done\n", 5);
	return 0;
}
