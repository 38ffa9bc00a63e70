/* exe_image.c — maps bytes of the running executable copy-on-write from its file, for memory
 * images (image.c, docs/prebake.md "Copy-on-write memory images").
 *
 * A baked chunk's bytes are a 64 KiB-aligned global in a loaded, read-only section of the
 * executable. Their file offset is found from the executable's program headers (AT_PHDR in the
 * auxiliary vector): the PT_LOAD segment containing the address gives
 * offset = p_offset + (address - (p_vaddr + load bias)). /proc/self/exe is opened once and the
 * bytes are mapped MAP_PRIVATE | MAP_FIXED over the destination: reading them shares the page
 * cache, writing one page copies that page only, and nothing ever reaches the file.
 *
 * Anything that makes this impossible — no /proc, an address outside the executable's file (a
 * host that put the module in a shared library), a segment whose offsets are not congruent
 * modulo the page size — makes w2n_exe_map return false, and the caller copies instead. */
#include "rt.h"
#include "sysnum.h"

#define AT_NULL    0
#define AT_PHDR    3
#define AT_PHNUM   5
#define AT_PAGESZ  6
#define PT_LOAD    1
#define PT_PHDR    6
#define MAP_FIXED  0x10
#define O_RDONLY   0
#define O_CLOEXEC  02000000
#define AT_FDCWD   (-100)
#define AUXV_WORDS 128

/* The ELF64 program header (the only ELF structure needed). */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

const uintptr_t *w2n_auxv; /* set by crt.c; NULL in a host program (its libc has the start) */

static struct {
	bool looked;              /* the fields below are final */
	int fd;                   /* /proc/self/exe, or -1 */
	const struct phdr *phdrs; /* the executable's program headers */
	uint32_t nphdrs;
	uintptr_t bias;    /* load address minus link address (PIE) */
	uint64_t pagesize; /* the kernel's */
} exe = {.fd = -1};

/* A host program's auxiliary vector, read from /proc/self/auxv (its libc had the stack). */
static const uintptr_t *read_auxv(void)
{
	static uintptr_t words[AUXV_WORDS];
	long fd = w2n_syscall(W2N_SYS_openat, AT_FDCWD, (long)"/proc/self/auxv", O_RDONLY | O_CLOEXEC,
	                      0, 0, 0);
	if (fd < 0)
		return NULL;
	long n =
		w2n_syscall(W2N_SYS_read, fd, (long)words, sizeof words - 2 * sizeof words[0], 0, 0, 0);
	w2n_syscall(W2N_SYS_close, fd, 0, 0, 0, 0, 0);
	return n > 0 ? words : NULL; /* the static array ends in zeros: AT_NULL */
}

static void look_up_executable(void)
{
	const uintptr_t *auxv = w2n_auxv != NULL ? w2n_auxv : read_auxv();
	exe.looked = true;
	exe.pagesize = 4096;
	if (auxv == NULL)
		return;
	for (; auxv[0] != AT_NULL; auxv += 2) {
		if (auxv[0] == AT_PHDR)
			exe.phdrs = (const struct phdr *)auxv[1];
		else if (auxv[0] == AT_PHNUM)
			exe.nphdrs = (uint32_t)auxv[1];
		else if (auxv[0] == AT_PAGESZ && auxv[1] != 0)
			exe.pagesize = auxv[1];
	}
	if (exe.phdrs == NULL)
		return;
	/* PT_PHDR gives the bias; a static executable without one is not relocated (bias 0). */
	for (uint32_t i = 0; i < exe.nphdrs; i++)
		if (exe.phdrs[i].type == PT_PHDR)
			exe.bias = (uintptr_t)exe.phdrs - exe.phdrs[i].vaddr;
	long fd = w2n_syscall(W2N_SYS_openat, AT_FDCWD, (long)"/proc/self/exe", O_RDONLY | O_CLOEXEC, 0,
	                      0, 0);
	exe.fd = fd < 0 ? -1 : (int)fd;
}

/* The file offset of [addr, addr + size) in the executable, or -1 if it is not all file
 * contents of one loaded segment. */
static int64_t file_offset(uintptr_t addr, uint64_t size)
{
	for (uint32_t i = 0; i < exe.nphdrs; i++) {
		const struct phdr *p = &exe.phdrs[i];
		uintptr_t start = p->vaddr + exe.bias;
		if (p->type == PT_LOAD && addr >= start && addr - start <= p->filesz &&
		    size <= p->filesz - (addr - start))
			return (int64_t)(p->offset + (addr - start));
	}
	return -1;
}

/* Makes [dst, dst + size) fresh anonymous memory: readable, writable, zero. */
static bool anonymous(uint8_t *dst, uint64_t size)
{
	return w2n_syscall(W2N_SYS_mmap, (long)dst, (long)size, W2N_PROT_READ | W2N_PROT_WRITE,
	                   W2N_MAP_PRIVATE | W2N_MAP_ANONYMOUS | MAP_FIXED, -1, 0) == (long)dst;
}

bool w2n_exe_unmap(uint8_t *dst, uint64_t size)
{
	return anonymous(dst, size);
}

bool w2n_exe_map(uint8_t *dst, const uint8_t *src, uint64_t size)
{
	if (!exe.looked)
		look_up_executable();
	if (exe.fd < 0 || size == 0)
		return false;
	int64_t off = file_offset((uintptr_t)src, size);
	uint64_t mask = exe.pagesize - 1;
	if (off < 0 || ((uint64_t)off & mask) != 0 || ((uintptr_t)dst & mask) != 0 ||
	    (size & mask) != 0)
		return false;
	long r = w2n_syscall(W2N_SYS_mmap, (long)dst, (long)size, W2N_PROT_READ | W2N_PROT_WRITE,
	                     W2N_MAP_PRIVATE | MAP_FIXED, exe.fd, off);
	if (r == (long)dst)
		return true;
	/* A failed MAP_FIXED may have unmapped the range already: make it fresh memory again, for
	 * the caller's copy (it was readable, writable and zero). */
	anonymous(dst, size);
	return false;
}
