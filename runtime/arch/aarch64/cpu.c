/* cpu.c — what this AArch64 CPU offers: Linux reports it in the auxiliary vector (AT_HWCAP,
 * AT_HWCAP2), so no system register is read (MRS of ID registers would trap on old kernels). */
#include "rt.h"

#define AT_NULL   0
#define AT_HWCAP  16
#define AT_HWCAP2 26

enum w2n_cpu_arch w2n_arch_cpu(const uintptr_t *auxv, uint64_t *have)
{
	uint64_t hwcap[W2N_HWCAP_WORDS] = {0};
	for (; auxv != NULL && auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_HWCAP)
			hwcap[W2N_HWCAP] = auxv[1];
		else if (auxv[0] == AT_HWCAP2)
			hwcap[W2N_HWCAP2] = auxv[1];
	}
	*have = w2n_cpu_arm64_have(hwcap);
	return W2N_CPU_ARCH_AARCH64;
}
