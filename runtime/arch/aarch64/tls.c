/* tls.c — the AArch64 TLS block of a freestanding executable's thread (TLS variant I, the
 * AArch64 ELF ABI): tpidr_el0 points at a 16-byte thread control block; the TLS image starts
 * after it, at tp + round_up(16, align). */
#include "rt.h"

#define TCB_SIZE 16

bool w2n_arch_tls_setup(const struct w2n_tls_image *img)
{
	size_t offset = (TCB_SIZE + img->align - 1) & ~(img->align - 1);
	size_t total = img->align + offset + img->memsz;
	uint8_t *area = w2n_sys_mmap(total, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (area == NULL)
		return false;
	uintptr_t tp = ((uintptr_t)area + img->align - 1) & ~(uintptr_t)(img->align - 1);
	memcpy((uint8_t *)tp + offset, img->data, img->filesz); /* fresh pages: .tbss is zero */
	__asm__ volatile("msr tpidr_el0, %0" ::"r"(tp) : "memory");
	return true;
}
