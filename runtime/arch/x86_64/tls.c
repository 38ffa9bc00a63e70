/* tls.c — the x86-64 TLS block of a freestanding executable's thread (TLS variant II, the
 * x86-64 psABI): the thread pointer (fs base) points at the thread control block, whose first
 * word points at itself; the TLS image ends just below it, at fs - round_up(memsz, align). */
#include "rt.h"
#include "sysnum.h"

#define ARCH_SET_FS 0x1002
#define TCB_SIZE    64

uintptr_t w2n_arch_tls_block(const struct w2n_tls_image *img, void **area, size_t *size)
{
	size_t below = (img->memsz + img->align - 1) & ~(img->align - 1);
	size_t total = img->align + below + TCB_SIZE;
	uint8_t *p = w2n_sys_mmap(total, W2N_PROT_READ | W2N_PROT_WRITE, 0);
	if (p == NULL)
		return 0;
	uintptr_t tp = ((uintptr_t)p + below + img->align - 1) & ~(uintptr_t)(img->align - 1);
	memcpy((uint8_t *)tp - below, img->data, img->filesz); /* fresh pages: .tbss is zero */
	*(uintptr_t *)tp = tp;
	*area = p;
	*size = total;
	return tp;
}

bool w2n_arch_tls_setup(const struct w2n_tls_image *img)
{
	void *area;
	size_t size;
	uintptr_t tp = w2n_arch_tls_block(img, &area, &size);
	return tp != 0 && w2n_syscall(W2N_SYS_arch_prctl, ARCH_SET_FS, (long)tp, 0, 0, 0, 0) == 0;
}
