/* snapshot_emit.c — the baked state as an object for the final target: constant data
 * `const struct w2n_desc_snapshot <prefix>_snapshot` (include/wasm2native/image.h), which
 * the module's descriptor, compiled with co->prebake, points to. Also the active data
 * segments' bytes as an object of their own, for the snapshot driver only (lower_desc.h).
 *
 * Each run of non-zero pages of a memory becomes one global of its own in W2N_IMAGE_SECTION,
 * aligned to W2N_IMAGE_ALIGN: the linker keeps that alignment in the file, which is what lets
 * the runtime map the bytes instead of copying them. The structs' LLVM types and field indices
 * come from image.h's field lists, as the descriptor's do (lower_desc.h). */
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h" /* w2n_xrealloc */
#include "lower_desc.h"
#include "target.h"
#include "wasm2native/prebake.h"
#include "wasm2native/wasm2native.h"

W2N_DESC_FIELD_INDICES(chunk, W2N_DESC_CHUNK_FIELDS);
W2N_DESC_FIELD_INDICES(image, W2N_DESC_IMAGE_FIELDS);
W2N_DESC_FIELD_INDICES(table_image, W2N_DESC_TABLE_IMAGE_FIELDS);
W2N_DESC_FIELD_INDICES(snapshot, W2N_DESC_SNAPSHOT_FIELDS);

struct sx {
	LLVMContextRef ctx;
	LLVMModuleRef mod;
	struct w2n_desc_types t;
	const char *prefix; /* co->prefix, or "w2n" */
};

static LLVMValueRef u32(struct sx *sx, uint64_t v)
{
	return LLVMConstInt(sx->t.i32, v, 0);
}

static LLVMValueRef u64(struct sx *sx, uint64_t v)
{
	return LLVMConstInt(sx->t.i64, v, 0);
}

/* A private constant global holding `init` (NULL: a null pointer instead). */
static LLVMValueRef constant(struct sx *sx, LLVMValueRef init, const char *name)
{
	if (!init)
		return LLVMConstNull(sx->t.ptr);
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

/* Room for n values. Out of host memory aborts, as in lowering (lower.h says why): the
 * snapshot is valid by now, and LLVM, which holds most of the memory here, aborts anyway. */
static LLVMValueRef *values(size_t n)
{
	return w2n_xrealloc(NULL, 0, n, sizeof(LLVMValueRef));
}

/* One chunk: the run's bytes in the image section, page-aligned. */
static LLVMValueRef chunk(struct sx *sx, const struct w2n_snap_run *r)
{
	uint64_t size = r->pages * W2N_IMAGE_ALIGN;
	LLVMValueRef g = bytes(sx, r->bytes, size, "image");
	LLVMSetSection(g, W2N_IMAGE_SECTION);
	LLVMSetAlignment(g, W2N_IMAGE_ALIGN);
	LLVMValueRef f[chunk_nfields] = {
		[chunk_offset] = u64(sx, r->first * W2N_IMAGE_ALIGN),
		[chunk_size] = u64(sx, size),
		[chunk_bytes] = g,
	};
	return LLVMConstStructInContext(sx->ctx, f, chunk_nfields, 0);
}

static LLVMValueRef image(struct sx *sx, const struct w2n_snap_memory *mem)
{
	LLVMValueRef *chunks = values(mem->nruns);
	for (uint32_t i = 0; i < mem->nruns; i++)
		chunks[i] = chunk(sx, &mem->runs[i]);
	LLVMValueRef f[image_nfields] = {
		[image_pages] = u64(sx, mem->pages),
		[image_chunks] = array(sx, sx->t.chunk, chunks, mem->nruns, "chunks"),
		[image_nchunks] = u32(sx, mem->nruns),
	};
	free(chunks);
	return LLVMConstStructInContext(sx->ctx, f, image_nfields, 0);
}

static LLVMValueRef table(struct sx *sx, const struct w2n_snap_table *t)
{
	LLVMValueRef *elems = values(t->size);
	for (uint32_t i = 0; i < t->size; i++)
		elems[i] = u32(sx, t->elems[i]);
	LLVMValueRef f[table_image_nfields] = {
		[table_image_elems] = array(sx, sx->t.i32, elems, t->size, "entries"),
		[table_image_size] = u32(sx, t->size),
	};
	free(elems);
	return LLVMConstStructInContext(sx->ctx, f, table_image_nfields, 0);
}

/* union w2n_val: 16 bytes, 8-aligned, as two i64 words. */
static LLVMValueRef globals(struct sx *sx, const struct w2n_snapshot *s)
{
	LLVMValueRef *vals = values(s->nglobals);
	for (uint32_t i = 0; i < s->nglobals; i++) {
		uint64_t w[2];
		memcpy(w, s->globals[i], 16);
		LLVMValueRef words[2] = {u64(sx, w[0]), u64(sx, w[1])};
		vals[i] = LLVMConstArray2(sx->t.i64, words, 2);
	}
	LLVMValueRef g = array(sx, sx->t.val, vals, s->nglobals, "globals");
	free(vals);
	return g;
}

LLVMValueRef w2n_image_constant(LLVMContextRef ctx, LLVMModuleRef mod,
                                const struct w2n_desc_types *t, const struct w2n_snap_memory *mem)
{
	struct sx sx = {.ctx = ctx, .mod = mod, .t = *t};
	return image(&sx, mem);
}

/* The whole snapshot as the exported constant `name`. */
static void define_snapshot(struct sx *sx, const struct w2n_snapshot *s, const char *name)
{
	LLVMValueRef *items = values(s->nmems > s->ntables ? s->nmems : s->ntables);
	for (uint32_t i = 0; i < s->nmems; i++)
		items[i] = image(sx, &s->mems[i]);
	LLVMValueRef mems = array(sx, sx->t.image, items, s->nmems, "images");
	for (uint32_t i = 0; i < s->ntables; i++)
		items[i] = table(sx, &s->tables[i]);
	LLVMValueRef tables = array(sx, sx->t.table_image, items, s->ntables, "tables");
	free(items);
	LLVMValueRef f[snapshot_nfields] = {
		[snapshot_mems] = mems,
		[snapshot_tables] = tables,
		[snapshot_globals] = globals(sx, s),
		[snapshot_elem_dropped] = bytes(sx, s->elem_dropped, s->nelems, "elem_dropped"),
		[snapshot_data_dropped] = bytes(sx, s->data_dropped, s->ndatas, "data_dropped"),
		[snapshot_init_func] = u64(sx, (uint64_t)s->init_func),
	};
	LLVMValueRef g = LLVMAddGlobal(sx->mod, sx->t.snapshot, name);
	LLVMSetInitializer(g, LLVMConstStructInContext(sx->ctx, f, snapshot_nfields, 0));
	LLVMSetGlobalConstant(g, 1);
}

static bool emit(struct sx *sx, LLVMTargetMachineRef tm, const char *out_path, struct w2n_diag *dg)
{
	char *msg = NULL;
	if (!LLVMTargetMachineEmitToFile(tm, sx->mod, (char *)out_path, LLVMObjectFile, &msg))
		return true;
	w2n_report(dg, W2N_ERROR, out_path, -1, "cannot emit the snapshot object: %s", msg);
	LLVMDisposeMessage(msg);
	return false;
}

/* An object for co->triple whose contents `define` adds to the module. */
static bool emit_object(const struct w2n_compile_options *co, const char *out_path,
                        void (*define)(struct sx *, const void *), const void *arg,
                        struct w2n_diag *dg)
{
	const struct w2n_target *t = w2n_target_find(co->triple);
	LLVMTargetMachineRef tm = t ? w2n_data_target_machine(t->triple, dg) : NULL;
	if (!tm)
		return false;
	struct sx sx = {.ctx = LLVMContextCreate(), .prefix = co->prefix ? co->prefix : "w2n"};
	sx.mod = LLVMModuleCreateWithNameInContext("snapshot", sx.ctx);
	LLVMSetTarget(sx.mod, t->triple);
	LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(tm);
	LLVMSetModuleDataLayout(sx.mod, dl);
	w2n_desc_types_init(sx.ctx, &sx.t);
	/* A mismatch between image.h and its LLVM mirror is a compiler bug. */
	bool ok = w2n_desc_layout_mismatch(dl, &sx.t) == NULL;
	LLVMDisposeTargetData(dl);
	if (ok) {
		define(&sx, arg);
		ok = emit(&sx, tm, out_path, dg);
	} else {
		w2n_report(dg, W2N_ERROR, NULL, -1, "internal error: image.h and its LLVM mirror differ");
	}
	LLVMDisposeModule(sx.mod);
	LLVMContextDispose(sx.ctx);
	LLVMDisposeTargetMachine(tm);
	return ok;
}

static void define_snapshot_of(struct sx *sx, const void *s)
{
	char name[128];
	snprintf(name, sizeof name, "%s_snapshot", sx->prefix);
	define_snapshot(sx, s, name);
}

bool w2n_emit_snapshot(const struct w2n_module *m, const struct w2n_snapshot *s,
                       const struct w2n_compile_options *co, const char *out_path,
                       struct w2n_diag *dg)
{
	(void)m;
	return emit_object(co, out_path, define_snapshot_of, s, dg);
}

/* Every active data segment's bytes under the name the pre-baking descriptor refers to. */
static void define_active_data(struct sx *sx, const void *arg)
{
	const struct w2n_module *m = arg;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		if (d->mode != W2N_SEG_ACTIVE || d->bytes.len == 0)
			continue;
		char name[128];
		snprintf(name, sizeof name, W2N_ACTIVE_DATA_NAME, sx->prefix, i);
		LLVMValueRef g = LLVMAddGlobal(
			sx->mod, LLVMArrayType2(LLVMInt8TypeInContext(sx->ctx), d->bytes.len), name);
		LLVMSetInitializer(
			g, LLVMConstStringInContext2(sx->ctx, (const char *)d->bytes.ptr, d->bytes.len, 1));
		LLVMSetGlobalConstant(g, 1);
	}
}

bool w2n_emit_active_data(const struct w2n_module *m, const struct w2n_compile_options *co,
                          const char *out_path, struct w2n_diag *dg)
{
	return emit_object(co, out_path, define_active_data, m, dg);
}
