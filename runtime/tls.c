/* tls.c — thread-local storage for a freestanding executable's only thread.
 *
 * The runtime's per-thread state (thread.c) is a __thread variable. A C library would set up
 * the thread's TLS block and thread pointer before main; a freestanding executable has no C
 * library, so crt.c calls w2n_tls_init first thing: it finds the PT_TLS program header (the
 * initial image: .tdata to copy, .tbss to zero) through the auxiliary vector, and the
 * architecture lays the block out and sets the thread pointer (arch/<arch>/tls.c). Code that
 * reads TLS then uses the local-exec model the static link resolved. */
#include "rt.h"

#define AT_NULL  0
#define AT_PHDR  3
#define AT_PHENT 4
#define AT_PHNUM 5
#define PT_PHDR  6
#define PT_TLS   7

/* An ELF64 program header. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static uintptr_t aux(const uintptr_t *auxv, uintptr_t key)
{
	for (; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == key)
			return auxv[1];
	}
	return 0;
}

/* The image, kept for the threads that wasi-threads starts (wasi_threads.c). */
static struct w2n_tls_image image;
static bool have_image;

uintptr_t w2n_tls_new_block(void **area, size_t *size)
{
	return have_image ? w2n_arch_tls_block(&image, area, size) : 0;
}

bool w2n_tls_init(const uintptr_t *auxv)
{
	const uint8_t *ph = (const uint8_t *)aux(auxv, AT_PHDR);
	uintptr_t entsize = aux(auxv, AT_PHENT), n = aux(auxv, AT_PHNUM);
	const struct phdr *tls = NULL;
	uintptr_t bias = 0; /* non-zero only for a position-independent executable */
	for (uintptr_t i = 0; ph != NULL && i < n; i++) {
		const struct phdr *p = (const struct phdr *)(ph + i * entsize);
		if (p->type == PT_TLS)
			tls = p;
		else if (p->type == PT_PHDR)
			bias = (uintptr_t)ph - p->vaddr;
	}
	if (tls == NULL)
		return true; /* nothing linked uses TLS */
	image = (struct w2n_tls_image){
		.data = (const void *)(tls->vaddr + bias),
		.filesz = tls->filesz,
		.memsz = tls->memsz,
		.align = tls->align ? tls->align : 1,
	};
	have_image = true;
	return w2n_arch_tls_setup(&image);
}
