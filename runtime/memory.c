/* memory.c — linear memories: creation, memory.grow, and the bulk memory builtins.
 *
 * Guard-page mode (the default): each memory reserves 8 GiB + 64 KiB of PROT_NONE address
 * space with MAP_NORESERVE and makes its current size readable and writable; memory.grow
 * mprotects more of it. Generated code adds an i32 address and a u32 offset to the base (at
 * most 2^33 - 2, plus an access of up to 16 bytes) without checking: every out-of-bounds
 * access lands in the reservation and faults, and signal.c turns that fault into a trap.
 *
 * Bounds-check mode (modules compiled with --bounds-checks): the mapping is exactly the
 * current size and grows with mremap, so the base may move; generated code checks every
 * access and reloads the base after anything that can grow memory. Nothing is reserved.
 *
 * Shared memories (threads) are reserved in both modes: other threads hold the base, so it
 * never moves; bounds-check code still checks against the size. memory.grow on them takes a
 * lock (docs/threads.md).
 *
 * The bulk builtins (memory.fill/copy/init) check their whole range first and trap before
 * writing anything, as Wasm 2.0 requires. The host's accessors (host.h) check the same way
 * and return false instead of trapping.
 *
 * A memory is freed with its instance (lifecycle.c): its mapping is unmapped, or, in
 * guard-page mode, scrubbed and kept for the next memory (recycle.c). Reset (pooling) scrubs it
 * and shrinks it back to its initial size. */
#include "rt.h"

#define RESERVATION ((8ull << 30) + W2N_PAGE_SIZE)

/* A memory and its place on the list of reservations the signal handler searches (guarded by
 * w2n_registry_lock: other threads create and free memories while a fault is looked up). */
struct mem_obj {
	struct w2n_memory m;
	struct mem_obj *next, *prev;
	bool file_mapped; /* image.c mapped part of [base, size) from the executable's file */
};

static struct mem_obj *reserved_list;

static __attribute__((format(printf, 2, 3))) struct w2n_memory *fail(struct w2n_error *err,
                                                                     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err->kind = W2N_ERR_RESOURCE;
	w2n_vfmt(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	return NULL;
}

/* Makes [0, size) of a reservation readable and writable and the rest of [0, committed)
 * inaccessible again (its pages dropped first). */
static bool commit(uint8_t *base, uint64_t committed, uint64_t size)
{
	if (size > committed)
		return w2n_sys_mprotect(base + committed, size - committed,
		                        W2N_PROT_READ | W2N_PROT_WRITE) == 0;
	if (size < committed)
		return w2n_sys_madvise(base + size, committed - size, W2N_MADV_DONTNEED) == 0 &&
		       w2n_sys_mprotect(base + size, committed - size, W2N_PROT_NONE) == 0;
	return true;
}

static void enlist(struct mem_obj *o)
{
	w2n_lock(&w2n_registry_lock);
	o->next = reserved_list;
	o->prev = NULL;
	if (reserved_list != NULL)
		reserved_list->prev = o;
	reserved_list = o;
	w2n_unlock(&w2n_registry_lock);
}

static void unlist(struct mem_obj *o)
{
	w2n_lock(&w2n_registry_lock);
	if (o->prev != NULL)
		o->prev->next = o->next;
	else
		reserved_list = o->next;
	if (o->next != NULL)
		o->next->prev = o->prev;
	w2n_unlock(&w2n_registry_lock);
}

/* Transparent huge pages for linear memory: large heaps with random access (hash tables,
 * column walks over matrices) spend much of their time in TLB misses on 4 KiB pages. A new
 * reservation starts at a 2 MiB boundary and is marked MADV_HUGEPAGE once, for its whole
 * length: the mark stays with the parts that mprotect makes accessible later, and with the
 * reservation when recycle.c keeps it for the next memory, so instantiation pays nothing more.
 * The kernel backs a 2 MiB-aligned stretch with a huge page only where the whole stretch is
 * accessible, so a memory below 2 MiB (the many small instances of a host) stays on 4 KiB
 * pages and its resident size does not change; a large memory may become resident 2 MiB at a
 * time where the program touches it. Copy-on-write images (image.c, exe_image.c) are file
 * mappings placed over the reservation, which THP does not cover. A kernel without THP
 * (EINVAL) or with THP disabled ignores the advice. docs/runtime.md "Huge pages". */
#define HUGE_ALIGN (2ull << 20)

static uint8_t *map_new_reservation(void)
{
	uint8_t *raw = w2n_sys_mmap(RESERVATION + HUGE_ALIGN, W2N_PROT_NONE, W2N_MAP_NORESERVE);
	if (raw == NULL)
		return NULL;
	uint8_t *base = (uint8_t *)(((uintptr_t)raw + HUGE_ALIGN - 1) & ~(uintptr_t)(HUGE_ALIGN - 1));
	if (base != raw)
		w2n_sys_munmap(raw, (size_t)(base - raw));
	w2n_sys_munmap(base + RESERVATION, (size_t)(raw + HUGE_ALIGN - base));
	w2n_sys_madvise(base, RESERVATION, W2N_MADV_HUGEPAGE);
	return base;
}

/* A reservation from the cache of freed ones (recycle.c: already zero), or a new one. */
static bool map_reserved(struct mem_obj *o, uint64_t size, struct w2n_error *err)
{
	uint64_t committed = 0;
	uint8_t *base = w2n_reservation_take(&committed);
	if (base == NULL)
		base = map_new_reservation();
	if (base == NULL) {
		fail(err,
		     "cannot reserve %llu bytes of address space for a linear memory (is the "
		     "address space limited by ulimit -v or a container?); compile with "
		     "--bounds-checks to map memories at their size instead",
		     (unsigned long long)RESERVATION);
		return false;
	}
	if (!commit(base, committed, size)) {
		w2n_sys_munmap(base, RESERVATION);
		fail(err, "cannot commit %llu bytes of linear memory", (unsigned long long)size);
		return false;
	}
	o->m.base = base;
	o->m.reserved = RESERVATION;
	enlist(o);
	return true;
}

void w2n_memory_file_mapped(struct w2n_memory *mem)
{
	((struct mem_obj *)mem)->file_mapped = true;
}

/* Makes [0, size) read as zero again for the next user of the pages. Where an image is mapped
 * from the executable's file, the range becomes fresh anonymous memory instead of being
 * scrubbed: zeroing a file-mapped page in place first copies it (a copy-on-write fault per
 * page of the image: 1 MiB of image cost 0.5 ms per free or reset), and MADV_DONTNEED on a
 * page that was not copied, or was swapped out, shows the file's bytes again, not zeros. */
static bool scrub(struct mem_obj *o)
{
	struct w2n_memory *mem = &o->m;
	if (!o->file_mapped)
		return w2n_scrub(mem->base, mem->size);
	if (!w2n_exe_unmap(mem->base, mem->size))
		return false;
	/* The new mapping does not inherit the reservation's MADV_HUGEPAGE (memory.c above). */
	w2n_sys_madvise(mem->base, mem->size, W2N_MADV_HUGEPAGE);
	o->file_mapped = false;
	return true;
}

void w2n_memory_free(struct w2n_memory *mem)
{
	struct mem_obj *o = (struct mem_obj *)mem;
	if (mem->reserved != 0) {
		unlist(o);
		if (!w2n_reservation_room() || !scrub(o) || !w2n_reservation_give(mem->base, mem->size))
			w2n_sys_munmap(mem->base, mem->reserved);
	} else if (mem->base != NULL)
		w2n_sys_munmap(mem->base, mem->size);
	w2n_free(o);
}

/* Zeroes the memory in place (recycle.c) and shrinks it back to its initial size. */
bool w2n_memory_reset(struct w2n_memory *mem, uint64_t min_pages)
{
	uint64_t size = min_pages * W2N_PAGE_SIZE;
	if (mem->size != 0 && !scrub((struct mem_obj *)mem))
		return false;
	if (mem->reserved != 0) {
		if (!commit(mem->base, mem->size, size))
			return false;
	} else if (mem->size > size) {
		uint8_t *base =
			size == 0 ? NULL : w2n_sys_mremap(mem->base, mem->size, size, W2N_MREMAP_MAYMOVE);
		if (size == 0)
			w2n_sys_munmap(mem->base, mem->size);
		else if (base == NULL)
			return false;
		mem->base = base;
	}
	mem->size = size;
	return true;
}

/* A 32-bit memory stops one page short of 4 GiB (abi.h, W2N_MAX_PAGES32_REACHED: generated
 * code relies on it). */
static uint64_t reachable_pages(bool is64)
{
	return is64 ? W2N_MAX_PAGES64 : W2N_MAX_PAGES32_REACHED;
}

static struct w2n_memory *memory_new(uint64_t min, uint64_t max_pages, bool is64, bool reserve,
                                     bool shared, struct w2n_error *err)
{
	uint64_t limit = is64 ? W2N_MAX_PAGES64 : W2N_MAX_PAGES;
	if (!is64 && min > W2N_MAX_PAGES32_REACHED)
		return fail(err,
		            "memory of %llu pages is too large (a 32-bit memory holds at most "
		            "%u pages here)",
		            (unsigned long long)min, W2N_MAX_PAGES32_REACHED);
	/* A memory64 memory lives in the same reservation as a 32-bit one (its base never
	 * moves); generated code checks its accesses, and it cannot grow past the reservation. */
	if (min > limit || (reserve && min * W2N_PAGE_SIZE > RESERVATION))
		return fail(err, "memory of %llu pages is too large", (unsigned long long)min);
	struct mem_obj *o = w2n_calloc(1, sizeof *o);
	if (o == NULL)
		return fail(err, "out of memory allocating a memory of %llu pages",
		            (unsigned long long)min);
	uint64_t size = min * W2N_PAGE_SIZE; /* below 2^64: min < 2^48 */
	o->m.size = size;
	o->m.max_pages = max_pages < limit ? max_pages : limit;
	o->m.is64 = is64;
	o->m.shared = shared;
	if (reserve || shared) {
		if (!map_reserved(o, size, err)) {
			w2n_free(o);
			return NULL;
		}
	} else if (size != 0) {
		o->m.base = w2n_sys_mmap(size, W2N_PROT_READ | W2N_PROT_WRITE, 0);
		if (o->m.base == NULL) {
			w2n_free(o);
			return fail(err, "cannot map %llu bytes of linear memory", (unsigned long long)size);
		}
	}
	return &o->m;
}

struct w2n_memory *w2n_memory_new(uint64_t min, uint64_t max_pages, bool reserve, bool shared,
                                  struct w2n_error *err)
{
	return memory_new(min, max_pages, false, reserve, shared, err);
}

struct w2n_memory *w2n_memory_of_type(const struct w2n_desc_limits *l, uint64_t min, bool reserve,
                                      struct w2n_error *err)
{
	uint64_t none = l->is64 ? W2N_MAX_PAGES64 : W2N_MAX_PAGES;
	return memory_new(min, l->has_max ? l->max : none, l->is64, reserve, l->shared, err);
}

uint64_t w2n_memory_page_limit(const struct w2n_memory *mem)
{
	return mem->is64 ? W2N_MAX_PAGES64 : W2N_MAX_PAGES;
}

/* Threads: two threads growing one shared memory at once must not both commit from the same
 * old size; one lock for all shared memories is enough (growing is rare). */
static struct w2n_lock shared_grow_lock;

static int64_t grow(struct w2n_memory *mem, uint64_t delta);

int64_t w2n_memory_grow(struct w2n_memory *mem, uint64_t delta)
{
	if (!mem->shared)
		return grow(mem, delta);
	w2n_lock(&shared_grow_lock);
	int64_t r = grow(mem, delta);
	w2n_unlock(&shared_grow_lock);
	return r;
}

static int64_t grow(struct w2n_memory *mem, uint64_t delta)
{
	uint64_t old_pages = mem->size / W2N_PAGE_SIZE;
	uint64_t reachable = reachable_pages(mem->is64);
	uint64_t limit = mem->max_pages < reachable ? mem->max_pages : reachable;
	if (delta == 0)
		return (int64_t)old_pages;
	if (delta > limit - old_pages) /* written so that it cannot wrap */
		return -1;
	uint64_t pages = old_pages + delta;
	uint64_t size = pages * W2N_PAGE_SIZE;
	/* The host's cap (limits.h): the spec lets memory.grow fail for any reason. */
	if (mem->limit_bytes != 0 && size > mem->limit_bytes)
		return -1;
	if (mem->reserved != 0) {
		if (size > mem->reserved || w2n_sys_mprotect(mem->base + mem->size, size - mem->size,
		                                             W2N_PROT_READ | W2N_PROT_WRITE) != 0)
			return -1;
	} else {
		uint8_t *base = mem->base == NULL
		                    ? w2n_sys_mmap(size, W2N_PROT_READ | W2N_PROT_WRITE, 0)
		                    : w2n_sys_mremap(mem->base, mem->size, size, W2N_MREMAP_MAYMOVE);
		if (base == NULL)
			return -1;
		mem->base = base;
	}
	/* Other threads read the size without the lock (bounds checks, memory.size): they see
	 * the new size only once the pages are accessible. */
	__atomic_store_n(&mem->size, size, __ATOMIC_RELEASE);
	return (int64_t)old_pages;
}

struct w2n_memory *w2n_shared_memory_new(uint64_t min_pages, uint64_t max_pages,
                                         struct w2n_error *err)
{
	return w2n_memory_new(min_pages, max_pages, true, true, err);
}

void w2n_shared_memory_free(struct w2n_memory *mem)
{
	w2n_memory_free(mem);
}

bool w2n_memory_reserved(uintptr_t addr)
{
	for (struct mem_obj *o = reserved_list; o != NULL; o = o->next) {
		if (addr - (uintptr_t)o->m.base < o->m.reserved)
			return true;
	}
	return false;
}

/* [start, start + n) lies within `size` bytes; written so that no sum can wrap (memory64
 * operands are full u64). */
static bool in_bounds(uint64_t start, uint64_t n, uint64_t size)
{
	return start <= size && n <= size - start;
}

/* ---- the host's accessors (host.h): every range checked against the current size -------- */

uint64_t w2n_memory_size(const struct w2n_memory *mem)
{
	return mem->size;
}

/* True if [offset, offset + n) is inside mem; written so that no sum can wrap. */
static bool span_ok(const struct w2n_memory *mem, uint64_t offset, uint64_t n)
{
	return mem != NULL && offset <= mem->size && n <= mem->size - offset;
}

bool w2n_memory_read(const struct w2n_memory *mem, uint64_t offset, void *dst, size_t n)
{
	if (!span_ok(mem, offset, n))
		return false;
	memcpy(dst, mem->base + offset, n);
	return true;
}

bool w2n_memory_write(struct w2n_memory *mem, uint64_t offset, const void *src, size_t n)
{
	if (!span_ok(mem, offset, n))
		return false;
	memcpy(mem->base + offset, src, n);
	return true;
}

void *w2n_memory_span(struct w2n_memory *mem, uint64_t offset, uint64_t n)
{
	return span_ok(mem, offset, n) ? mem->base + offset : NULL;
}

/* memory.init of segment `seg` of inst into `mem`. */
static bool init_into(struct w2n_instance *inst, struct w2n_memory *mem, uint32_t seg, uint64_t dst,
                      uint32_t src, uint32_t n)
{
	const struct w2n_desc_data *d = &inst->desc->datas[seg];
	if (!in_bounds(src, n, inst->data_sizes[seg]) || !in_bounds(dst, n, mem->size))
		return false;
	memcpy(mem->base + dst, d->bytes + src, n);
	return true;
}

bool w2n_memory_init_checked(struct w2n_instance *inst, uint32_t seg, uint64_t dst, uint32_t src,
                             uint32_t n)
{
	return init_into(inst, inst->mems[inst->desc->datas[seg].memory], seg, dst, src, n);
}

/* ---- builtins called by generated code (memory 0 of the caller; *_at: any memory) ------- */

int32_t w2n_rt_memory_grow(struct w2n_vmctx *vmctx, uint32_t delta_pages)
{
	return (int32_t)w2n_memory_grow(vmctx->memory, delta_pages);
}

void w2n_rt_memory_fill(struct w2n_vmctx *vmctx, uint32_t dst, uint32_t value, uint32_t n)
{
	struct w2n_memory *mem = vmctx->memory;
	if (!in_bounds(dst, n, mem->size))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
	memset(mem->base + dst, (int)(uint8_t)value, n);
}

void w2n_rt_memory_copy(struct w2n_vmctx *vmctx, uint32_t dst, uint32_t src, uint32_t n)
{
	struct w2n_memory *mem = vmctx->memory;
	if (!in_bounds(dst, n, mem->size) || !in_bounds(src, n, mem->size))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
	memmove(mem->base + dst, mem->base + src, n);
}

void w2n_rt_memory_init(struct w2n_vmctx *vmctx, uint32_t seg, uint32_t dst, uint32_t src,
                        uint32_t n)
{
	if (!w2n_memory_init_checked(vmctx->instance, seg, dst, src, n))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
}

void w2n_rt_data_drop(struct w2n_vmctx *vmctx, uint32_t seg)
{
	vmctx->instance->data_sizes[seg] = 0;
}

int64_t w2n_rt_memory_grow_at(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t delta_pages)
{
	return w2n_memory_grow(vmctx->memories[mem], delta_pages);
}

void w2n_rt_memory_fill_at(struct w2n_vmctx *vmctx, uint32_t mem, uint64_t dst, uint32_t value,
                           uint64_t n)
{
	struct w2n_memory *m = vmctx->memories[mem];
	if (!in_bounds(dst, n, m->size))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
	memset(m->base + dst, (int)(uint8_t)value, n);
}

/* The two memories may be one, or two distinct ones: memmove serves both. */
void w2n_rt_memory_copy_at(struct w2n_vmctx *vmctx, uint32_t dst_mem, uint32_t src_mem,
                           uint64_t dst, uint64_t src, uint64_t n)
{
	struct w2n_memory *d = vmctx->memories[dst_mem], *s = vmctx->memories[src_mem];
	if (!in_bounds(dst, n, d->size) || !in_bounds(src, n, s->size))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
	memmove(d->base + dst, s->base + src, n);
}

void w2n_rt_memory_init_at(struct w2n_vmctx *vmctx, uint32_t mem, uint32_t seg, uint64_t dst,
                           uint32_t src, uint32_t n)
{
	if (!init_into(vmctx->instance, vmctx->memories[mem], seg, dst, src, n))
		w2n_trap_from(vmctx, W2N_TRAP_MEMORY_OOB, __builtin_return_address(0));
}
