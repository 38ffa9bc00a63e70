/* alloc.c — a small allocator over mmap for the runtime's own data (instances, tables,
 * registries). Not for wasm memories, which map their own pages.
 *
 * Blocks up to 32 KiB come from power-of-two size classes, carved from 1 MiB chunks and kept
 * on one free list per class; larger blocks are their own mapping (and realloc moves them with
 * mremap). Every block starts with a 16-byte header holding its size, so payloads stay 16-byte
 * aligned. Memory of a class is never returned to the kernel, but freed blocks are reused, so
 * a host that creates and frees instances in a loop stays at the same size. The free lists
 * and the current chunk are behind one lock (instances are created on several threads). */
#include "rt.h"

#define HDR       16u
#define MIN_SHIFT 5  /* 32-byte blocks: 16 of header, 16 of payload */
#define MAX_SHIFT 15 /* 32 KiB blocks */
#define NCLASSES  (MAX_SHIFT - MIN_SHIFT + 1)
#define CHUNK     (1u << 20)
#define OS_PAGE   4096u

struct block {
	size_t size; /* the whole block, header included */
	size_t pad;
	struct block *next; /* on a free list: the next free block (in the payload) */
};

static struct block *free_lists[NCLASSES];
static unsigned char *chunk_pos, *chunk_end;
static struct w2n_lock lock;

static unsigned class_of(size_t total)
{
	unsigned c = 0;
	while (((size_t)1 << (MIN_SHIFT + c)) < total)
		c++;
	return c;
}

static struct block *carve(size_t bsize)
{
	if (chunk_pos == NULL || (size_t)(chunk_end - chunk_pos) < bsize) {
		/* The rest of the old chunk is abandoned; it is smaller than one block. */
		unsigned char *c = w2n_sys_mmap(CHUNK, W2N_PROT_READ | W2N_PROT_WRITE, 0);
		if (c == NULL)
			return NULL;
		chunk_pos = c;
		chunk_end = c + CHUNK;
	}
	struct block *b = (struct block *)chunk_pos;
	chunk_pos += bsize;
	return b;
}

/* Allocates a block of `total` bytes or more (header included). `fresh` tells whether the
 * payload is known to be zero. */
static struct block *get_block(size_t total, bool *fresh)
{
	struct block *b;
	if (total <= ((size_t)1 << MAX_SHIFT)) {
		unsigned c = class_of(total);
		size_t bsize = (size_t)1 << (MIN_SHIFT + c);
		w2n_lock(&lock);
		b = free_lists[c];
		*fresh = b == NULL;
		if (b != NULL)
			free_lists[c] = b->next;
		else
			b = carve(bsize);
		w2n_unlock(&lock);
		if (b != NULL)
			b->size = bsize;
		return b;
	}
	size_t len = (total + OS_PAGE - 1) & ~(size_t)(OS_PAGE - 1);
	b = w2n_sys_mmap(len, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	*fresh = true;
	if (b != NULL)
		b->size = len;
	return b;
}

/* Sizes near SIZE_MAX would wrap when the header is added. */
static bool too_big(size_t size)
{
	return size > ((size_t)1 << 47);
}

void *w2n_malloc(size_t size)
{
	bool fresh;
	if (too_big(size))
		return NULL;
	struct block *b = get_block(size + HDR, &fresh);
	return b == NULL ? NULL : (unsigned char *)b + HDR;
}

void *w2n_calloc(size_t n, size_t size)
{
	bool fresh;
	if (size != 0 && n > ((size_t)1 << 47) / size)
		return NULL;
	struct block *b = get_block(n * size + HDR, &fresh);
	if (b == NULL)
		return NULL;
	unsigned char *p = (unsigned char *)b + HDR;
	if (!fresh)
		memset(p, 0, b->size - HDR);
	return p;
}

void w2n_free(void *p)
{
	if (p == NULL)
		return;
	struct block *b = (struct block *)((unsigned char *)p - HDR);
	if (b->size > ((size_t)1 << MAX_SHIFT)) {
		w2n_sys_munmap(b, b->size);
		return;
	}
	unsigned c = class_of(b->size);
	w2n_lock(&lock);
	b->next = free_lists[c];
	free_lists[c] = b;
	w2n_unlock(&lock);
}

void *w2n_realloc(void *p, size_t size)
{
	if (p == NULL)
		return w2n_malloc(size);
	if (too_big(size))
		return NULL;
	struct block *b = (struct block *)((unsigned char *)p - HDR);
	size_t total = size + HDR;
	if (total <= b->size)
		return p;
	if (b->size > ((size_t)1 << MAX_SHIFT)) {
		size_t len = (total + OS_PAGE - 1) & ~(size_t)(OS_PAGE - 1);
		struct block *nb = w2n_sys_mremap(b, b->size, len, W2N_MREMAP_MAYMOVE);
		if (nb == NULL)
			return NULL;
		nb->size = len;
		return (unsigned char *)nb + HDR;
	}
	void *q = w2n_malloc(size);
	if (q == NULL)
		return NULL;
	memcpy(q, p, b->size - HDR);
	w2n_free(p);
	return q;
}
