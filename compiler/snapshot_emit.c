/* snapshot_emit.c — the baked state as an object for the final target: constant data
 * `const struct w2n_desc_snapshot <prefix>_snapshot` (include/wasm2native/image.h), which
 * the module's descriptor, compiled with co->prebake, points to.
 *
 * Each run of non-zero pages of a memory becomes one global of its own in W2N_IMAGE_SECTION,
 * aligned to W2N_IMAGE_ALIGN: the linker keeps that alignment in the file, which is what lets
 * the runtime map the bytes instead of copying them. The LLVM types below mirror image.h's
 * structs (natural layout on our 64-bit targets; image.h pins the C sizes). */
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "wasm2native/image.h"
#include "wasm2native/prebake.h"
#include "wasm2native/wasm2native.h"

struct sx {
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	LLVMTypeRef i8, i32, i64, ptr;
	LLVMTypeRef chunk, image, table; /* image.h's structs */
};

static LLVMValueRef u32(struct sx *sx, uint64_t v)
{
	return LLVMConstInt(sx->i32, v, 0);
}

static LLVMValueRef u64(struct sx *sx, uint64_t v)
{
	return LLVMConstInt(sx->i64, v, 0);
}

/* A private constant global holding `init` (NULL: a null pointer instead). */
static LLVMValueRef constant(struct sx *sx, LLVMValueRef init, const char *name)
{
	if (!init)
		return LLVMConstNull(sx->ptr);
	LLVMValueRef g = LLVMAddGlobal(sx->mod, LLVMTypeOf(init), name);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	return g;
}

static LLVMValueRef array(struct sx *sx, LLVMTypeRef elem, LLVMValueRef *vals, size_t n,
                          const char *name)
{
	return constant(sx, n ? LLVMConstArray2(elem, vals, n) : NULL, name);
}

static LLVMValueRef bytes(struct sx *sx, const void *p, size_t n, const char *name)
{
	return constant(sx, n ? LLVMConstStringInContext2(sx->ctx, p, n, 1) : NULL, name);
}

/* One chunk: the run's bytes in the image section, page-aligned. */
static LLVMValueRef chunk(struct sx *sx, const struct w2n_snap_run *r)
{
	uint64_t size = r->pages * W2N_IMAGE_ALIGN;
	LLVMValueRef g = bytes(sx, r->bytes, size, "image");
	LLVMSetSection(g, W2N_IMAGE_SECTION);
	LLVMSetAlignment(g, W2N_IMAGE_ALIGN);
	LLVMValueRef f[3] = {u64(sx, r->first * W2N_IMAGE_ALIGN), u64(sx, size), g};
	return LLVMConstNamedStruct(sx->chunk, f, 3);
}

static LLVMValueRef image(struct sx *sx, const struct w2n_snap_memory *mem)
{
	LLVMValueRef *chunks = calloc(mem->nruns ? mem->nruns : 1, sizeof *chunks);
	for (uint32_t i = 0; chunks && i < mem->nruns; i++)
		chunks[i] = chunk(sx, &mem->runs[i]);
	LLVMValueRef f[3] = {u64(sx, mem->pages), array(sx, sx->chunk, chunks, mem->nruns, "chunks"),
	                     u32(sx, mem->nruns)};
	free(chunks);
	return LLVMConstNamedStruct(sx->image, f, 3);
}

static LLVMValueRef table(struct sx *sx, const struct w2n_snap_table *t)
{
	LLVMValueRef *elems = calloc(t->size ? t->size : 1, sizeof *elems);
	for (uint32_t i = 0; elems && i < t->size; i++)
		elems[i] = u32(sx, t->elems[i]);
	LLVMValueRef f[2] = {array(sx, sx->i32, elems, t->size, "entries"), u32(sx, t->size)};
	free(elems);
	return LLVMConstNamedStruct(sx->table, f, 2);
}

/* union w2n_val: 16 bytes, 8-aligned, as two i64 words. */
static LLVMValueRef globals(struct sx *sx, const struct w2n_snapshot *s)
{
	LLVMTypeRef val = LLVMArrayType2(sx->i64, 2);
	LLVMValueRef *vals = calloc(s->nglobals ? s->nglobals : 1, sizeof *vals);
	for (uint32_t i = 0; vals && i < s->nglobals; i++) {
		uint64_t w[2];
		memcpy(w, s->globals[i], 16);
		LLVMValueRef words[2] = {u64(sx, w[0]), u64(sx, w[1])};
		vals[i] = LLVMConstArray2(sx->i64, words, 2);
	}
	LLVMValueRef g = array(sx, val, vals, s->nglobals, "globals");
	free(vals);
	return g;
}

static void define_types(struct sx *sx)
{
	sx->chunk = LLVMStructCreateNamed(sx->ctx, "w2n_desc_chunk");
	LLVMStructSetBody(sx->chunk, (LLVMTypeRef[]){sx->i64, sx->i64, sx->ptr}, 3, 0);
	sx->image = LLVMStructCreateNamed(sx->ctx, "w2n_desc_image");
	LLVMStructSetBody(sx->image, (LLVMTypeRef[]){sx->i64, sx->ptr, sx->i32}, 3, 0);
	sx->table = LLVMStructCreateNamed(sx->ctx, "w2n_desc_table_image");
	LLVMStructSetBody(sx->table, (LLVMTypeRef[]){sx->ptr, sx->i32}, 2, 0);
}

/* The whole snapshot as the exported constant `name`. */
static void define_snapshot(struct sx *sx, const struct w2n_snapshot *s, const char *name)
{
	size_t n = s->nmems > s->ntables ? s->nmems : s->ntables;
	LLVMValueRef *items = calloc(n ? n : 1, sizeof *items);
	for (uint32_t i = 0; items && i < s->nmems; i++)
		items[i] = image(sx, &s->mems[i]);
	LLVMValueRef mems = array(sx, sx->image, items, s->nmems, "images");
	for (uint32_t i = 0; items && i < s->ntables; i++)
		items[i] = table(sx, &s->tables[i]);
	LLVMValueRef tables = array(sx, sx->table, items, s->ntables, "tables");
	free(items);
	LLVMValueRef f[5] = {mems, tables, globals(sx, s),
	                     bytes(sx, s->elem_dropped, s->nelems, "elem_dropped"),
	                     bytes(sx, s->data_dropped, s->ndatas, "data_dropped")};
	LLVMValueRef init = LLVMConstStructInContext(sx->ctx, f, 5, 0);
	LLVMValueRef g = LLVMAddGlobal(sx->mod, LLVMTypeOf(init), name);
	LLVMSetInitializer(g, init);
	LLVMSetGlobalConstant(g, 1);
}

bool w2n_emit_snapshot(const struct w2n_module *m, const struct w2n_snapshot *s,
                       const struct w2n_compile_options *co, const char *out_path,
                       struct w2n_diag *dg)
{
	const struct w2n_target *t = w2n_target_find(co->triple);
	LLVMTargetMachineRef tm = t ? w2n_data_target_machine(t->triple, dg) : NULL;
	if (!tm)
		return false;
	struct sx sx = {.ctx = LLVMContextCreate()};
	sx.mod = LLVMModuleCreateWithNameInContext("snapshot", sx.ctx);
	LLVMSetTarget(sx.mod, t->triple);
	LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
	LLVMSetModuleDataLayout(sx.mod, dl);
	LLVMDisposeTargetData(dl);
	sx.i8 = LLVMInt8TypeInContext(sx.ctx);
	sx.i32 = LLVMInt32TypeInContext(sx.ctx);
	sx.i64 = LLVMInt64TypeInContext(sx.ctx);
	sx.ptr = LLVMPointerTypeInContext(sx.ctx, 0);
	define_types(&sx);
	char name[128];
	snprintf(name, sizeof name, "%s_snapshot", co->prefix ? co->prefix : "w2n");
	define_snapshot(&sx, s, name);
	char *msg = NULL;
	bool ok = !LLVMTargetMachineEmitToFile(tm, sx.mod, (char *)out_path, LLVMObjectFile, &msg);
	if (!ok) {
		w2n_report(dg, W2N_ERROR, out_path, -1, "cannot emit the snapshot object: %s", msg);
		LLVMDisposeMessage(msg);
	}
	LLVMDisposeModule(sx.mod);
	LLVMContextDispose(sx.ctx);
	LLVMDisposeTargetMachine(tm);
	return ok;
}
