/* recycle.c — reusing a linear memory's pages and address space instead of returning them to
 * the kernel and asking again: what makes w2n_instance_reset and a free followed by a new
 * instance cheap (docs/embedding.md "Pooling").
 *
 * Scrubbing makes memory read as zero again. Dropping pages with MADV_DONTNEED would do it,
 * but every page the next request touches then faults in again (a fault and a page of zeros
 * each: most of a small request's cost). So the pages the guest wrote in the first
 * KEEP_RESIDENT bytes stay in place and are zeroed; mincore tells which pages are resident,
 * and a resident page that is already zero was not written since the last scrub. Everything
 * else, including any page mincore does not report (never touched, or swapped out: its
 * contents must not survive either), is dropped with MADV_DONTNEED. The cost of a scrub is a
 * few syscalls plus one pass over the pages written.
 *
 * The reservation cache keeps up to CACHE_MAX freed 8 GiB reservations (scrubbed, their
 * committed size recorded) for the next memory to take, so a fresh instance costs no mmap and
 * no munmap, whose page-table walk over 8 GiB is the largest part of freeing. The cache is
 * bounded, so the address space stays flat however many instances come and go. */
#include "rt.h"

#define KEEP_RESIDENT (1u << 20)
#define CHUNK_PAGES   256 /* pages per mincore call */
#define CACHE_MAX     16

/* The kernel's page size, found once: mprotect accepts only page-aligned addresses, so the
 * smallest of 4, 16 and 64 KiB that it accepts inside a fresh mapping is the page size. */
static uint64_t os_page(void)
{
	static uint64_t page;
	if (page != 0)
		return page;
	uint64_t found = 65536;
	uint8_t *probe = w2n_sys_mmap(2 * 65536, W2N_PROT_NONE, W2N_MAP_NORESERVE);
	for (uint64_t p = 4096; probe != NULL && p < 65536; p *= 4) {
		if (w2n_sys_mprotect(probe + p, p, W2N_PROT_NONE) == 0) {
			found = p;
			break;
		}
	}
	if (probe != NULL)
		w2n_sys_munmap(probe, 2 * 65536);
	__atomic_store_n(&page, found, __ATOMIC_RELAXED);
	return found;
}

static bool is_zero(const uint8_t *p, uint64_t n)
{
	const uint64_t *w = (const uint64_t *)p;
	for (uint64_t i = 0; i < n / 8; i++) {
		if (w[i] != 0)
			return false;
	}
	return true;
}

/* Drops [from, to) of a chunk's pages (to > from), i.e. of pages not kept in place. */
static bool drop(uint8_t *base, uint64_t page, uint64_t from, uint64_t to)
{
	return w2n_sys_madvise(base + from * page, (to - from) * page, W2N_MADV_DONTNEED) == 0;
}

/* Scrubs up to CHUNK_PAGES pages at base: the resident pages that are not zero are zeroed and
 * kept; runs of all others are dropped. A page kept resident but found zero at the next scrub
 * was not written in between, so it is dropped then: what stays resident follows what the
 * guest writes on every run, and the next scrub does not read pages for nothing. */
static bool scrub_chunk(uint8_t *base, uint64_t npages, uint64_t page)
{
	uint8_t vec[CHUNK_PAGES];
	if (w2n_sys_mincore(base, npages * page, vec) != 0)
		return w2n_sys_madvise(base, npages * page, W2N_MADV_DONTNEED) == 0;
	uint64_t run = 0; /* start of the current run of pages to drop */
	for (uint64_t i = 0; i < npages; i++) {
		uint8_t *p = base + i * page;
		if (!(vec[i] & 1) || is_zero(p, page))
			continue;
		if (run < i && !drop(base, page, run, i))
			return false;
		run = i + 1;
		memset(p, 0, page);
	}
	return run >= npages || drop(base, page, run, npages);
}

bool w2n_scrub(uint8_t *base, uint64_t len)
{
	uint64_t page = os_page();
	uint64_t keep = len < KEEP_RESIDENT ? len : KEEP_RESIDENT;
	keep -= keep % page;
	for (uint64_t off = 0; off < keep; off += CHUNK_PAGES * page) {
		uint64_t n = (keep - off) / page;
		if (!scrub_chunk(base + off, n < CHUNK_PAGES ? n : CHUNK_PAGES, page))
			return false;
	}
	return len <= keep || w2n_sys_madvise(base + keep, len - keep, W2N_MADV_DONTNEED) == 0;
}

/* ---- the reservation cache ---------------------------------------------------------------- */

static struct {
	uint8_t *base;
	uint64_t committed; /* bytes readable and writable, from base */
} cache[CACHE_MAX];
static uint32_t ncached;
static struct w2n_lock lock;

uint8_t *w2n_reservation_take(uint64_t *committed)
{
	uint8_t *base = NULL;
	w2n_lock(&lock);
	if (ncached > 0) {
		ncached--;
		base = cache[ncached].base;
		*committed = cache[ncached].committed;
	}
	w2n_unlock(&lock);
	return base;
}

bool w2n_reservation_room(void)
{
	return __atomic_load_n(&ncached, __ATOMIC_RELAXED) < CACHE_MAX;
}

bool w2n_reservation_give(uint8_t *base, uint64_t committed)
{
	bool kept = false;
	w2n_lock(&lock);
	if (ncached < CACHE_MAX) {
		cache[ncached].base = base;
		cache[ncached].committed = committed;
		ncached++;
		kept = true;
	}
	w2n_unlock(&lock);
	return kept;
}
