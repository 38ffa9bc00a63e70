/* data_image.c — whether a module's active data can start as memory images, and the images.
 *
 * Instantiation copies every active data segment into its memory, in order, after the element
 * segments, trapping at the first one out of bounds. An image per memory is the same thing
 * exactly when that copy cannot trap and writes only memories that nobody else sees before the
 * instance exists. So the rule (docs/prebake.md, "Data images") is: every active segment
 * (1) has a constant offset (`i32.const` or `i64.const`: no `global.get`, whose value is the
 * host's), (2) targets a memory the module defines (an imported memory's contents are its
 * owner's), and (3) lies inside that memory's initial size. Then the segments, applied in
 * order (a later one overwrites an earlier one), give each memory one fixed image, which
 * the runtime maps or copies in place of the data step. */
#include <stdlib.h>
#include <string.h>

#include "data_image.h"
#include "lower.h" /* w2n_xrealloc */

/* The segment's offset, if it is a constant (len 2: the instruction and `end`). */
static bool const_offset(const struct w2n_data *d, uint64_t *out)
{
	const struct w2n_expr *e = &d->offset;
	if (e->len != 2)
		return false;
	if (e->code[0].op == W2N_OP_I32_CONST)
		*out = (uint32_t)e->code[0].imm.u64;
	else if (e->code[0].op == W2N_OP_I64_CONST)
		*out = e->code[0].imm.u64;
	else
		return false;
	return true;
}

static uint64_t initial_bytes(const struct w2n_memtype *mem)
{
	return mem->limits.min > (UINT64_MAX >> W2N_PAGE_SHIFT) ? UINT64_MAX
	                                                        : mem->limits.min << W2N_PAGE_SHIFT;
}

/* Rules (1)-(3) for every active segment, and the bytes they hold. */
static bool equivalent(const struct w2n_module *m, uint64_t *total)
{
	*total = 0;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		uint64_t off;
		if (d->mode != W2N_SEG_ACTIVE)
			continue;
		if (d->memory < m->nmem_imports || !const_offset(d, &off))
			return false;
		uint64_t size = initial_bytes(&m->mems[d->memory]);
		if (off > size || d->bytes.len > size - off)
			return false;
		*total += d->bytes.len;
	}
	return true;
}

/* A page range [first, end) that some segment touches. */
struct range {
	uint64_t first, end;
};

static int by_first(const void *a, const void *b)
{
	const struct range *x = a, *y = b;
	return x->first < y->first ? -1 : x->first > y->first;
}

/* The range of r[0..n) (sorted, disjoint) that contains `page`: one does. */
static uint32_t containing(const struct range *r, uint32_t n, uint64_t page)
{
	uint32_t lo = 0, hi = n - 1;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (r[mid].end <= page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool zero_page(const uint8_t *p)
{
	for (size_t i = 0; i < W2N_PAGE_SIZE; i++)
		if (p[i] != 0)
			return false;
	return true;
}

/* Adds the runs of non-zero pages of buffer `buf` (`pages` pages from page `first`). */
static void add_runs(struct w2n_snap_memory *mem, const uint8_t *buf, uint64_t first,
                     uint64_t pages)
{
	for (uint64_t p = 0; p < pages;) {
		if (zero_page(buf + p * W2N_PAGE_SIZE)) {
			p++;
			continue;
		}
		uint64_t q = p + 1;
		while (q < pages && !zero_page(buf + q * W2N_PAGE_SIZE))
			q++;
		mem->runs = w2n_xrealloc(mem->runs, mem->nruns, mem->nruns + 1, sizeof *mem->runs);
		mem->runs[mem->nruns++] = (struct w2n_snap_run){
			.first = first + p, .pages = q - p, .bytes = buf + p * W2N_PAGE_SIZE};
		p = q;
	}
}

/* Memory `index`'s image: the pages its segments touch, merged into ranges, each filled by the
 * segments in order, then cut into runs of non-zero pages. */
static void build_memory(struct w2n_data_images *di, const struct w2n_module *m, uint32_t index)
{
	struct w2n_snap_memory *mem = &di->mems[index - m->nmem_imports];
	mem->pages = m->mems[index].limits.min;
	struct range *r = w2n_xrealloc(NULL, 0, m->ndatas ? m->ndatas : 1, sizeof *r);
	uint32_t n = 0;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		uint64_t off;
		if (d->mode == W2N_SEG_ACTIVE && d->memory == index && d->bytes.len > 0 &&
		    const_offset(d, &off))
			r[n++] =
				(struct range){off >> W2N_PAGE_SHIFT, (off + d->bytes.len - 1) / W2N_PAGE_SIZE + 1};
	}
	qsort(r, n, sizeof *r, by_first);
	uint32_t merged = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (merged > 0 && r[i].first <= r[merged - 1].end)
			r[merged - 1].end = r[i].end > r[merged - 1].end ? r[i].end : r[merged - 1].end;
		else
			r[merged++] = r[i];
	}
	uint32_t buf0 = di->nbufs;
	di->bufs = w2n_xrealloc(di->bufs, di->nbufs, di->nbufs + merged, sizeof *di->bufs);
	for (uint32_t k = 0; k < merged; k++) /* zeroed */
		di->bufs[buf0 + k] = w2n_xrealloc(NULL, 0, r[k].end - r[k].first, W2N_PAGE_SIZE);
	di->nbufs += merged;
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct w2n_data *d = &m->datas[i];
		uint64_t off;
		if (d->mode != W2N_SEG_ACTIVE || d->memory != index || d->bytes.len == 0 ||
		    !const_offset(d, &off))
			continue;
		uint32_t k = containing(r, merged, off >> W2N_PAGE_SHIFT);
		memcpy(di->bufs[buf0 + k] + (off - r[k].first * W2N_PAGE_SIZE), d->bytes.ptr, d->bytes.len);
	}
	for (uint32_t k = 0; k < merged; k++)
		add_runs(mem, di->bufs[buf0 + k], r[k].first, r[k].end - r[k].first);
	free(r);
}

struct w2n_data_images *w2n_data_images_build(const struct w2n_module *m)
{
	uint64_t total;
	if (!equivalent(m, &total) || total < W2N_DATA_IMAGE_MIN)
		return NULL;
	struct w2n_data_images *di = w2n_xrealloc(NULL, 0, 1, sizeof *di);
	*di = (struct w2n_data_images){.nmems = m->nmems - m->nmem_imports};
	di->mems = w2n_xrealloc(NULL, 0, di->nmems, sizeof *di->mems); /* zeroed */
	for (uint32_t i = m->nmem_imports; i < m->nmems; i++)
		build_memory(di, m, i);
	return di;
}

void w2n_data_images_free(struct w2n_data_images *di)
{
	if (di == NULL)
		return;
	for (uint32_t i = 0; i < di->nmems; i++)
		free(di->mems[i].runs);
	for (uint32_t i = 0; i < di->nbufs; i++)
		free(di->bufs[i]);
	free(di->bufs);
	free(di->mems);
	free(di);
}
