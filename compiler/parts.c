/* parts.c — a module as parts (parts.h): the plan (content-defined groups of functions), the
 * threads that compile parts one at a time or take them from the cache, and the relocatable
 * link that joins their objects. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parts.h"
#include "target.h"
#include "wasm2native/monitor.h"
#include "wasm2native/wasm2native.h"

/* Below this many instructions a module is one part: threads would cost more than they save
 * (--threads 2 or more splits it all the same). */
#define SPLIT_MIN_INSTRS 50000
/* Groups: at least GROUP_MIN instructions, then cut after a function whose bytes hash to 0
 * modulo GROUP_CUT (an average function is a few hundred instructions: groups of ~40,000),
 * at the latest at GROUP_MAX. Small enough that two threads' LLVM modules take some hundreds of
 * megabytes; large enough that a part's fixed costs (context, declarations, object file,
 * linker input) stay small. */
#define GROUP_MIN 20000
#define GROUP_CUT 64
#define GROUP_MAX 200000

/* ---- the plan ------------------------------------------------------------------------------- */

static uint32_t body_hash(const struct w2n_module *m, const struct w2n_code *c)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (uint32_t i = c->pos; i < c->end; i++)
		h = (h ^ m->bytes[i]) * 16777619u;
	return h;
}

static struct w2n_part *add_part(struct w2n_part **parts, unsigned *n, uint32_t begin, uint32_t end,
                                 uint64_t instrs)
{
	struct w2n_part *grown = realloc(*parts, (*n + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	*parts = grown;
	grown[*n] = (struct w2n_part){.begin = begin, .end = end, .split = true, .instrs = instrs};
	return &grown[(*n)++];
}

/* Content-defined groups: where a group ends depends only on the functions since the previous
 * end, so an edit moves at most the boundaries until the next cut that the edit leaves alone. */
static bool plan_groups(const struct w2n_module *m, struct w2n_part **parts, unsigned *n)
{
	uint32_t begin = m->nfunc_imports;
	uint64_t size = 0;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
		const struct w2n_code *c = &m->funcs[i].body;
		size += c->len;
		bool cut = (size >= GROUP_MIN && body_hash(m, c) % GROUP_CUT == 0) || size >= GROUP_MAX ||
		           i + 1 == m->nfuncs;
		if (!cut)
			continue;
		if (!add_part(parts, n, begin, i + 1, size))
			return false;
		begin = i + 1;
		size = 0;
	}
	return true;
}

/* Fewer groups than threads (a small module split on request): equal ranges instead. */
static bool plan_equal(const struct w2n_module *m, unsigned k, uint64_t total,
                       struct w2n_part **parts, unsigned *n)
{
	uint32_t i = m->nfunc_imports;
	uint64_t done = 0;
	for (unsigned g = 0; g < k && i < m->nfuncs; g++) {
		uint32_t begin = i;
		uint64_t goal = total * (g + 1) / k, size = 0;
		while (i < m->nfuncs && (g == k - 1 || done < goal)) {
			size += m->funcs[i].body.len;
			done += m->funcs[i++].body.len;
		}
		if (!add_part(parts, n, begin, i, size))
			return false;
	}
	return true;
}

static unsigned thread_count(const struct w2n_compile_options *opt)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = opt->threads > 0 ? (unsigned)opt->threads : cpus > 0 ? (unsigned)cpus : 1;
	return n > 16 ? 16 : n;
}

struct w2n_part *w2n_plan_parts(const struct w2n_module *m, const struct w2n_compile_options *opt,
                                unsigned threads, unsigned *n)
{
	uint64_t total = 0;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		total += m->funcs[i].body.len;
	uint32_t defined = m->nfuncs - m->nfunc_imports;
	struct w2n_part *parts = NULL;
	*n = 0;
	bool split = !opt->dump_ir && defined > 1 && (total >= SPLIT_MIN_INSTRS || opt->threads > 1);
	if (!split) {
		parts = add_part(&parts, n, m->nfunc_imports, m->nfuncs, total);
		if (parts)
			*parts = (struct w2n_part){
				.begin = m->nfunc_imports, .end = m->nfuncs, .main = true, .instrs = total};
		return parts;
	}
	struct w2n_part *main = add_part(&parts, n, m->nfunc_imports, m->nfunc_imports, 0);
	if (main)
		main->main = true;
	bool ok = main && plan_groups(m, &parts, n);
	if (ok && *n - 1 < threads) {
		*n = 1;
		ok = plan_equal(m, threads, total, &parts, n);
	}
	if (!ok) {
		free(parts);
		*n = 0;
		return NULL;
	}
	return parts;
}

/* ---- cache keys ----------------------------------------------------------------------------- */

/* A group's key covers the module's interface and its own bodies; the main part's (and a
 * single part's) covers the whole module, data and names included. */
static bool key_parts(const struct w2n_module *m, const struct w2n_compile_options *opt,
                      struct w2n_part *parts, unsigned n, struct w2n_diag *dg)
{
	struct w2n_cpu cpu;
	if (!w2n_cpu_resolve(w2n_target_find(opt->triple), opt->cpu, &cpu, dg))
		return false;
	struct w2n_keyer base;
	w2n_key_begin(&base, opt, cpu.name, cpu.features);
	w2n_cpu_dispose(&cpu);
	struct w2n_keyer iface = base;
	w2n_key_add_interface(&iface, m);
	for (unsigned k = 0; k < n; k++) {
		struct w2n_part *p = &parts[k];
		struct w2n_keyer key = p->main ? base : iface;
		w2n_key_add_u32(&key, p->main | p->split << 1);
		w2n_key_add_u32(&key, p->begin);
		w2n_key_add_u32(&key, p->end);
		if (p->main) {
			w2n_key_add(&key, m->bytes, m->size);
		} else {
			for (uint32_t i = p->begin; i < p->end; i++) {
				const struct w2n_code *c = &m->funcs[i].body;
				w2n_key_add(&key, m->bytes + c->pos, c->end - c->pos);
			}
		}
		w2n_key_end(&key, p->key);
	}
	return true;
}

/* ---- threads -------------------------------------------------------------------------------- */

struct work {
	const struct w2n_module *m;
	const struct w2n_compile_options *opt;
	struct w2n_part *parts;
	unsigned n;
	unsigned next;           /* the next part to take, under `lock` */
	pthread_mutex_t lock;    /* guards `next` and forwarding diagnostics */
	struct w2n_diag *parent; /* where the threads' diagnostics go */
};

static void forward(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	struct work *w = ctx;
	pthread_mutex_lock(&w->lock);
	w2n_report(w->parent, sev, file, offset, "%s", message);
	pthread_mutex_unlock(&w->lock);
}

/* From the cache, or compiled (and then stored). */
static bool do_part(struct work *w, LLVMTargetMachineRef tm, uint64_t required, struct w2n_part *p,
                    struct w2n_diag *dg)
{
	const char *cache = w->opt->cache_dir;
	struct w2n_monitor *mon = w->opt->monitor;
	struct w2n_stopwatch sw;
	if (cache) {
		w2n_phase_begin(mon, &sw, W2N_PHASE_CACHE);
		bool hit = w2n_cache_fetch(cache, p->key, p->path);
		w2n_phase_end(mon, &sw, 0);
		if (hit) {
			w2n_monitor_cached(mon, p->end - p->begin);
			return true;
		}
	}
	if (!w2n_compile_part(w->m, w->opt, tm, required, p, dg))
		return false;
	if (cache) {
		w2n_phase_begin(mon, &sw, W2N_PHASE_CACHE);
		w2n_cache_store(cache, p->key, p->path);
		w2n_phase_end(mon, &sw, 0);
	}
	return true;
}

/* One target machine per thread, reused for every part the thread takes. */
static void *worker(void *arg)
{
	struct work *w = arg;
	struct w2n_diag dg = {.fn = forward, .ctx = w};
	uint64_t required;
	LLVMTargetMachineRef tm = w2n_target_machine(w->opt, w->n > 1, &required, &dg);
	for (;;) {
		pthread_mutex_lock(&w->lock);
		unsigned k = w->next++;
		pthread_mutex_unlock(&w->lock);
		if (k >= w->n)
			break;
		w->parts[k].ok = tm && do_part(w, tm, required, &w->parts[k], &dg);
	}
	if (tm)
		LLVMDisposeTargetMachine(tm);
	return NULL;
}

static bool run_parts(struct work *w, unsigned threads)
{
	pthread_t ids[16];
	bool started[16] = {0};
	if (threads > w->n)
		threads = w->n;
	for (unsigned t = 1; t < threads; t++)
		started[t] = pthread_create(&ids[t], NULL, worker, w) == 0;
	worker(w); /* the calling thread works too, and alone if no thread could start */
	bool ok = true;
	for (unsigned t = 1; t < threads; t++)
		if (started[t])
			pthread_join(ids[t], NULL);
	for (unsigned k = 0; k < w->n; k++)
		ok = ok && w->parts[k].ok;
	return ok;
}

/* The main part first (it alone may be large for a module with many exports), then the
 * largest groups, so that no thread starts a big group when the others are done. */
static int by_size(const void *a, const void *b)
{
	const struct w2n_part *p = a, *q = b;
	if (p->main != q->main)
		return p->main ? -1 : 1;
	return p->instrs < q->instrs ? 1 : p->instrs > q->instrs ? -1 : 0;
}

/* ---- the module ----------------------------------------------------------------------------- */

static bool compile_split(struct work *w, unsigned threads, const char *out_path,
                          struct w2n_diag *dg)
{
	char dir[] = "/tmp/wasm2native-parts-XXXXXX";
	if (!mkdtemp(dir)) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot create a temporary folder");
		return false;
	}
	size_t len = sizeof dir + 24;
	char *names = malloc(w->n * len);
	const char **paths = malloc(w->n * sizeof *paths);
	bool ok = names && paths;
	for (unsigned k = 0; ok && k < w->n; k++) {
		snprintf(names + k * len, len, "%s/part%u.o", dir, k);
		w->parts[k].path = paths[k] = names + k * len;
	}
	/* Objects are joined in plan order (function order), whatever order they ran in. */
	struct w2n_part *run = ok ? malloc(w->n * sizeof *run) : NULL;
	ok = ok && run;
	if (ok) {
		memcpy(run, w->parts, w->n * sizeof *run);
		qsort(run, w->n, sizeof *run, by_size);
		struct w2n_part *planned = w->parts;
		w->parts = run;
		w2n_llvm_lean_codegen(true);
		ok = run_parts(w, threads);
		w2n_llvm_lean_codegen(false);
		w->parts = planned;
	}
	struct w2n_stopwatch sw;
	w2n_phase_begin(w->opt->monitor, &sw, W2N_PHASE_LINK);
	ok = ok && w2n_link_relocatable(paths, w->n, out_path, dg);
	w2n_phase_end(w->opt->monitor, &sw, 0);
	for (unsigned k = 0; paths && k < w->n; k++)
		unlink(paths[k]);
	rmdir(dir);
	free(run);
	free(paths);
	free(names);
	return ok;
}

bool w2n_compile_object(const struct w2n_module *m, const struct w2n_compile_options *opt,
                        const char *out_path, struct w2n_diag *dg)
{
	unsigned threads = thread_count(opt), n;
	struct w2n_part *parts = w2n_plan_parts(m, opt, threads, &n);
	if (!parts) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "out of memory");
		return false;
	}
	/* The cache holds parts of split modules only: a module of one part compiles in about a
	 * second, and examples built with the project do not fill the user's cache. */
	struct w2n_compile_options o = *opt;
	if (n == 1)
		o.cache_dir = NULL;
	bool ok = !o.cache_dir || key_parts(m, &o, parts, n, dg);
	struct work w = {.m = m, .opt = &o, .parts = parts, .n = n, .parent = dg};
	pthread_mutex_init(&w.lock, NULL);
	w2n_monitor_plan(opt->monitor, m->nfuncs - m->nfunc_imports, n, threads < n ? threads : n);
	if (ok && n == 1) {
		parts[0].path = out_path;
		ok = run_parts(&w, 1);
	} else if (ok) {
		ok = compile_split(&w, threads, out_path, dg);
	}
	pthread_mutex_destroy(&w.lock);
	free(parts);
	return ok;
}
