/* compile.c — the code generation pipeline for one part of a module: target machine,
 * lowering, verification, optimization (new pass manager) and object emission. How a module
 * is split into parts, and the parts run and joined, is parts.c. */
#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lower.h"
#include "parts.h"
#include "pipeline.h"
#include "target.h"
#include "wasm2native/monitor.h"
#include "wasm2native/wasm2native.h"

LLVMTargetMachineRef w2n_target_machine(const struct w2n_compile_options *opt, bool split,
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
	/* -O1 is the fast mode: no optimizing code generation at all (FastISel and the fast
	 * register allocator), see optimize(). */
	static const LLVMCodeGenOptLevel levels[] = {LLVMCodeGenLevelNone, LLVMCodeGenLevelNone,
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
	/* Instruction selection is the largest cost of a large module (docs/benchmarks.md, "Big
	 * modules"): FastISel does most of it at a fraction of SelectionDAG's cost, and the greedy
	 * register allocator and the machine passes still run. */
	else if (split && level >= 2)
		w2n_llvm_fast_isel(tm);
	if (tm && level >= 2)
		w2n_llvm_loop_alignment(tm, W2N_LOOP_ALIGN);
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

/* The pipeline for a part of a large module at -O2 and -O3. Its code comes from an optimizing
 * compiler (clang -O2/-O3, often with LTO), so LLVM's module pipeline would mostly redo that
 * work: its inliner and interprocedural passes, run on every part, cost more than half of the
 * optimization time for no measurable gain. What lowering adds is cleaned up function by
 * function: locals to SSA (sroa), redundant loads of vmctx fields and addresses (early-cse),
 * trap checks and control flow (instcombine, simplifycfg), loop invariants (licm); the loop
 * vectorizer stays, since wasm without SIMD leaves vectorizable loops to the target, and costs
 * little in functions without loops. GVN, the SLP vectorizer and a second instcombine cost 40 %
 * of this pipeline's time and gained nothing measurable on SQLite, Lua and QuickJS
 * (docs/benchmarks.md, "Big modules"). */
#define PIPELINE_LARGE                                                             \
	"function(sroa,early-cse<memssa>,simplifycfg,instcombine<no-verify-fixpoint>," \
	"loop-mssa(licm),loop-vectorize,simplifycfg)"
/* -O1, the fast mode: locals to SSA and the cheapest clean-ups, for the fast register
 * allocator's sake. instsimplify, not instcombine: on the big module instcombine took 10 of
 * -O1's 24.5 s of optimization, and the kernels run as fast without it (1.68x of -O2 either
 * way; docs/benchmarks.md, "-O1, the fast mode"). */
#define PIPELINE_FAST "function(sroa,early-cse,instsimplify,simplifycfg)"

const char *w2n_pipeline(int opt_level, bool split, char *buf, size_t size)
{
	int level = opt_level < 0 ? 0 : opt_level > 3 ? 3 : opt_level;
	if (level == 1)
		return PIPELINE_FAST;
	if (level >= 2 && split)
		return PIPELINE_LARGE;
	snprintf(buf, size, "default<O%d>", level);
	return buf;
}

/* At -O2 and -O3, the address adds that cannot wrap are marked first (lower_nowrap.cpp), which
 * needs the locals in SSA form: sroa, which the pipeline would run first anyway. */
static bool optimize(struct mx *mx, LLVMTargetMachineRef tm, struct w2n_diag *dg)
{
	char buf[32];
	LLVMErrorRef err = NULL;
	if (mx->opt->opt_level >= 2) {
		err = w2n_run_pipeline(mx->mod, tm, "function(sroa)");
		if (!err)
			w2n_mark_nowrap_adds(mx->mod);
	}
	if (!err)
		err = w2n_run_pipeline(mx->mod, tm,
		                       w2n_pipeline(mx->opt->opt_level, mx->split, buf, sizeof buf));
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

/* One part: its functions lowered, verified, optimized and emitted into its object file,
 * with a context of its own (parts.c runs several at once on its threads). */
bool w2n_compile_part(const struct w2n_module *m, const struct w2n_compile_options *opt,
                      LLVMTargetMachineRef tm, uint64_t required, const struct w2n_part *p,
                      struct w2n_diag *dg)
{
	struct mx mx;
	init_mx(&mx, m, opt, tm);
	mx.part_begin = p->begin;
	mx.part_end = p->end;
	mx.split = p->split;
	mx.main_part = p->main;
	mx.aarch64 = w2n_target_find(opt->triple)->arch == W2N_ARCH_AARCH64;
	mx.cpu_features = required;
	struct w2n_monitor *mon = opt->monitor;
	struct w2n_stopwatch sw;
	uint32_t nfuncs = p->end - p->begin;
	w2n_phase_begin(mon, &sw, W2N_PHASE_LOWER);
	w2n_lower_module(&mx);
	w2n_cpu_record(mx.mod, required);
	bool ok = !opt->verify || verify(&mx, dg);
	w2n_phase_end(mon, &sw, nfuncs);
	w2n_phase_begin(mon, &sw, W2N_PHASE_OPTIMIZE);
	ok = ok && optimize(&mx, tm, dg);
	if (ok && opt->interruptible)
		w2n_insert_interrupt_checks(mx.mod);
	/* Again after the passes and our own insertions: the code generator fuzzer (and every
	 * test) holds the optimized IR to the verifier too. */
	ok = ok && (!opt->verify || verify(&mx, dg));
	w2n_phase_end(mon, &sw, nfuncs);
	/* Freeing a large LLVM module takes a while: count it with the code generation. */
	w2n_phase_begin(mon, &sw, W2N_PHASE_CODEGEN);
	ok = ok && emit(&mx, tm, p->path, dg);
	dispose_mx(&mx);
	w2n_phase_end(mon, &sw, nfuncs);
	return ok;
}

bool w2n_emit_module_list(const char *const *prefixes, size_t n, const char *symbol,
                          const struct w2n_compile_options *opt, const char *out_path,
                          struct w2n_diag *dg)
{
	LLVMTargetMachineRef tm = w2n_target_machine(opt, false, NULL, dg);
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
