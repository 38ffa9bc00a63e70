/* tls.c — the AArch64 TLS block of a freestanding executable's thread (TLS variant I, the
 * AArch64 ELF ABI): tpidr_el0 points at a 16-byte thread control block; the TLS image starts
 * after it, at tp + round_up(16, align). */
#include "rt.h"

#define TCB_SIZE 16

uintptr_t w2n_arch_tls_block(const struct w2n_tls_image *img, void **area, size_t *size)
{
	size_t offset = (TCB_SIZE + img->align - 1) & ~(img->align - 1);
	size_t total = img->align + offset + img->memsz;
	uint8_t *p = w2n_sys_mmap(total, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (p == NULL)
		return 0;
	uintptr_t tp = ((uintptr_t)p + img->align - 1) & ~(uintptr_t)(img->align - 1);
	memcpy((uint8_t *)tp + offset, img->data, img->filesz); /* fresh pages: .tbss is zero */
	*area = p;
	*size = total;
	return tp;
}

bool w2n_arch_tls_setup(const struct w2n_tls_image *img)
{
	void *area;
	size_t size;
	uintptr_t tp = w2n_arch_tls_block(img, &area, &size);
	if (tp == 0)
		return false;
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(tp) : "memory");
	return true;
}
