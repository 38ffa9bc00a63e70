/* compile.c — the code generation pipeline for one module: target machine, lowering,
 * verification, optimization (new pass manager) and object emission. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lower.h"
#include "target.h"
#include "wasm2native/monitor.h"
#include "wasm2native/wasm2native.h"

/* A target machine for the target and CPU the options name; in *required (if not NULL) the CPU
 * features the generated code will need (target.c). */
static LLVMTargetMachineRef target_machine(const struct w2n_compile_options *opt,
                                           uint64_t *required, struct w2n_diag *dg)
{
	const struct w2n_target *t = w2n_target_find(opt->triple);
	if (!t) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "unknown target '%s' (supported: %s)", opt->triple,
		           w2n_target_names());
		return NULL;
	}
	struct w2n_cpu cpu;
	if (!w2n_cpu_resolve(t, opt->cpu, &cpu, dg))
		return NULL;
	char *err = NULL;
	LLVMTargetRef target;
	if (LLVMGetTargetFromTriple(t->triple, &target, &err)) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "unsupported target '%s': %s", t->triple, err);
		LLVMDisposeMessage(err);
		w2n_cpu_dispose(&cpu);
		return NULL;
	}
	static const LLVMCodeGenOptLevel levels[] = {LLVMCodeGenLevelNone, LLVMCodeGenLevelLess,
	                                             LLVMCodeGenLevelDefault,
	                                             LLVMCodeGenLevelAggressive};
	int level = opt->opt_level < 0 ? 0 : opt->opt_level > 3 ? 3 : opt->opt_level;
	/* PIC: the same object serves static executables and host programs (-c). */
	LLVMTargetMachineRef tm =
		LLVMCreateTargetMachine(target, t->triple, cpu.name, cpu.features, levels[level],
	                            LLVMRelocPIC, LLVMCodeModelDefault);
	if (required)
		*required = cpu.required;
	w2n_cpu_dispose(&cpu);
	if (!tm)
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot create a target machine for '%s'", t->triple);
	return tm;
}

static void init_mx(struct mx *mx, const struct w2n_module *m,
                    const struct w2n_compile_options *opt, LLVMTargetMachineRef tm)
{
	memset(mx, 0, sizeof *mx);
	mx->m = m;
	mx->opt = opt;
	mx->ctx = LLVMContextCreate();
	mx->mod = LLVMModuleCreateWithNameInContext(m->filename ? m->filename : "wasm", mx->ctx);
	char *triple = LLVMGetTargetMachineTriple(tm);
	LLVMSetTarget(mx->mod, triple);
	LLVMDisposeMessage(triple);
	LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
	LLVMSetModuleDataLayout(mx->mod, dl);
	LLVMDisposeTargetData(dl);
	mx->b = LLVMCreateBuilderInContext(mx->ctx);
	mx->t_void = LLVMVoidTypeInContext(mx->ctx);
	mx->t_i1 = LLVMInt1TypeInContext(mx->ctx);
	mx->t_i8 = LLVMInt8TypeInContext(mx->ctx);
	mx->t_i16 = LLVMInt16TypeInContext(mx->ctx);
	mx->t_i32 = LLVMInt32TypeInContext(mx->ctx);
	mx->t_i64 = LLVMInt64TypeInContext(mx->ctx);
	mx->t_f32 = LLVMFloatTypeInContext(mx->ctx);
	mx->t_f64 = LLVMDoubleTypeInContext(mx->ctx);
	mx->t_v128 = LLVMVectorType(mx->t_i64, 2);
	mx->t_ptr = LLVMPointerTypeInContext(mx->ctx, 0);
}

static void dispose_mx(struct mx *mx)
{
	LLVMDisposeBuilder(mx->b);
	LLVMDisposeModule(mx->mod);
	LLVMContextDispose(mx->ctx);
}

static bool verify(struct mx *mx, struct w2n_diag *dg)
{
	char *msg = NULL;
	if (!LLVMVerifyModule(mx->mod, LLVMReturnStatusAction, &msg)) {
		LLVMDisposeMessage(msg);
		return true;
	}
	/* An invalid LLVM module from a valid wasm module is a compiler bug, not a user error. */
	w2n_report(dg, W2N_ERROR, mx->m->filename, -1,
	           "internal compiler error: LLVM module verification failed:\n%.2000s", msg);
	LLVMDisposeMessage(msg);
	return false;
}

static bool optimize(struct mx *mx, LLVMTargetMachineRef tm, struct w2n_diag *dg)
{
	int level = mx->opt->opt_level < 0 ? 0 : mx->opt->opt_level > 3 ? 3 : mx->opt->opt_level;
	char pipeline[32];
	snprintf(pipeline, sizeof pipeline, "default<O%d>", level);
	LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
	LLVMErrorRef err = LLVMRunPasses(mx->mod, pipeline, tm, po);
	LLVMDisposePassBuilderOptions(po);
	if (!err)
		return true;
	char *msg = LLVMGetErrorMessage(err);
	w2n_report(dg, W2N_ERROR, mx->m->filename, -1, "optimization failed: %s", msg);
	LLVMDisposeErrorMessage(msg);
	return false;
}

static bool emit(struct mx *mx, LLVMTargetMachineRef tm, const char *out_path, struct w2n_diag *dg)
{
	char *msg = NULL;
	if (mx->opt->dump_ir && LLVMPrintModuleToFile(mx->mod, mx->opt->dump_ir, &msg)) {
		w2n_report(dg, W2N_ERROR, mx->opt->dump_ir, -1, "cannot write IR: %s", msg);
		LLVMDisposeMessage(msg);
		return false;
	}
	if (LLVMTargetMachineEmitToFile(tm, mx->mod, out_path, LLVMObjectFile, &msg)) {
		w2n_report(dg, W2N_ERROR, out_path, -1, "cannot emit object: %s", msg);
		LLVMDisposeMessage(msg);
		return false;
	}
	return true;
}

/* One LLVM module: a contiguous range of defined functions, lowered, verified, optimized and
 * emitted on its own thread with its own context and target machine. */
struct part {
	const struct w2n_module *m;
	const struct w2n_compile_options *opt;
	uint32_t begin, end;
	bool split, main;
	const char *path;        /* the object file it writes */
	struct w2n_diag *parent; /* diagnostics are forwarded under `lock` */
	pthread_mutex_t *lock;
	bool ok;
};

static void forward(void *ctx, enum w2n_severity sev, const char *file, int64_t offset,
                    const char *message)
{
	struct part *p = ctx;
	pthread_mutex_lock(p->lock);
	w2n_report(p->parent, sev, file, offset, "%s", message);
	pthread_mutex_unlock(p->lock);
}

static void *compile_part(void *arg)
{
	struct part *p = arg;
	struct w2n_diag dg = {.fn = forward, .ctx = p};
	uint64_t required;
	LLVMTargetMachineRef tm = target_machine(p->opt, &required, &dg);
	if (!tm)
		return NULL;
	struct mx mx;
	init_mx(&mx, p->m, p->opt, tm);
	mx.part_begin = p->begin;
	mx.part_end = p->end;
	mx.split = p->split;
	mx.main_part = p->main;
	mx.aarch64 = w2n_target_find(p->opt->triple)->arch == W2N_ARCH_AARCH64;
	mx.cpu_features = required;
	struct w2n_monitor *mon = p->opt->monitor;
	struct w2n_stopwatch sw;
	uint32_t nfuncs = p->end - p->begin;
	w2n_phase_begin(mon, &sw, W2N_PHASE_LOWER);
	w2n_lower_module(&mx);
	w2n_cpu_record(mx.mod, required);
	bool ok = !p->opt->verify || verify(&mx, &dg);
	w2n_phase_end(mon, &sw, nfuncs);
	w2n_phase_begin(mon, &sw, W2N_PHASE_OPTIMIZE);
	ok = ok && optimize(&mx, tm, &dg);
	if (ok && p->opt->interruptible)
		w2n_insert_interrupt_checks(mx.mod);
	/* Again after the passes and our own insertions: the code generator fuzzer (and every
	 * test) holds the optimized IR to the verifier too. */
	ok = ok && (!p->opt->verify || verify(&mx, &dg));
	w2n_phase_end(mon, &sw, nfuncs);
	/* Freeing a large LLVM module takes a while: count it with the code generation. */
	w2n_phase_begin(mon, &sw, W2N_PHASE_CODEGEN);
	ok = ok && emit(&mx, tm, p->path, &dg);
	dispose_mx(&mx);
	LLVMDisposeTargetMachine(tm);
	w2n_phase_end(mon, &sw, nfuncs);
	p->ok = ok;
	return NULL;
}

/* Below this many instructions a module is one part: threads would cost more than they save. */
#define SPLIT_MIN_INSTRS 50000

static unsigned count_parts(const struct w2n_module *m, const struct w2n_compile_options *opt,
                            uint64_t total)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = opt->threads > 0 ? (unsigned)opt->threads : cpus > 0 ? (unsigned)cpus : 1;
	if (opt->threads == 0 && total < SPLIT_MIN_INSTRS)
		n = 1;
	if (opt->dump_ir)
		n = 1;
	uint32_t defined = m->nfuncs - m->nfunc_imports;
	if (n > defined)
		n = defined ? defined : 1;
	return n > 16 ? 16 : n;
}

/* Contiguous ranges of defined functions with about the same number of instructions. */
static void partition(const struct w2n_module *m, struct part *parts, unsigned n, uint64_t total)
{
	uint32_t i = m->nfunc_imports;
	uint64_t done = 0;
	for (unsigned k = 0; k < n; k++) {
		parts[k].begin = i;
		uint64_t goal = total * (k + 1) / n;
		while (i < m->nfuncs && (k == n - 1 || done < goal))
			done += m->funcs[i++].body.len;
		parts[k].end = i;
	}
}

static bool run_parts(struct part *parts, unsigned n)
{
	pthread_t threads[16];
	bool started[16] = {0};
	for (unsigned k = 1; k < n; k++)
		started[k] = pthread_create(&threads[k], NULL, compile_part, &parts[k]) == 0;
	compile_part(&parts[0]);
	bool ok = parts[0].ok;
	for (unsigned k = 1; k < n; k++) {
		if (started[k])
			pthread_join(threads[k], NULL);
		else
			compile_part(&parts[k]); /* no thread to be had: do it here */
		ok = ok && parts[k].ok;
	}
	return ok;
}

bool w2n_compile_object(const struct w2n_module *m, const struct w2n_compile_options *opt,
                        const char *out_path, struct w2n_diag *dg)
{
	uint64_t total = 0;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		total += m->funcs[i].body.len;
	unsigned n = count_parts(m, opt, total);
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct part parts[16];
	for (unsigned k = 0; k < n; k++)
		parts[k] = (struct part){
			.m = m, .opt = opt, .split = n > 1, .main = k == 0, .parent = dg, .lock = &lock};
	partition(m, parts, n, total);
	w2n_monitor_plan(opt->monitor, m->nfuncs - m->nfunc_imports, n, n);
	if (n == 1) {
		parts[0].path = out_path;
		compile_part(&parts[0]);
		return parts[0].ok;
	}
	char dir[] = "/tmp/wasm2native-parts-XXXXXX";
	if (!mkdtemp(dir)) {
		w2n_report(dg, W2N_ERROR, NULL, -1, "cannot create a temporary folder");
		return false;
	}
	char names[16][64];
	const char *paths[16];
	for (unsigned k = 0; k < n; k++) {
		snprintf(names[k], sizeof names[k], "%s/part%u.o", dir, k);
		parts[k].path = paths[k] = names[k];
	}
	bool ok = run_parts(parts, n);
	struct w2n_stopwatch sw;
	w2n_phase_begin(opt->monitor, &sw, W2N_PHASE_LINK);
	ok = ok && w2n_link_relocatable(paths, n, out_path, dg);
	w2n_phase_end(opt->monitor, &sw, 0);
	for (unsigned k = 0; k < n; k++)
		unlink(parts[k].path);
	rmdir(dir);
	return ok;
}

bool w2n_emit_module_list(const char *const *prefixes, size_t n, const char *symbol,
                          const struct w2n_compile_options *opt, const char *out_path,
                          struct w2n_diag *dg)
{
	LLVMTargetMachineRef tm = target_machine(opt, NULL, dg);
	if (!tm)
		return false;
	struct w2n_module empty = {.filename = "module-list"};
	struct mx mx;
	init_mx(&mx, &empty, opt, tm);
	LLVMValueRef *refs = calloc(n ? n : 1, sizeof *refs);
	for (size_t i = 0; refs && i < n; i++) {
		char name[96];
		snprintf(name, sizeof name, "%s_module", prefixes[i]);
		/* Declared as an external i8 global: only its address is used. */
		refs[i] = LLVMAddGlobal(mx.mod, mx.t_i8, name);
	}
	bool ok = refs != NULL;
	if (ok) {
		LLVMValueRef arr = LLVMConstArray2(mx.t_ptr, refs, n);
		LLVMValueRef g = LLVMAddGlobal(mx.mod, LLVMTypeOf(arr), symbol);
		LLVMSetInitializer(g, arr);
		LLVMSetGlobalConstant(g, 1);
		ok = emit(&mx, tm, out_path, dg);
	}
	free(refs);
	dispose_mx(&mx);
	LLVMDisposeTargetMachine(tm);
	return ok;
}
