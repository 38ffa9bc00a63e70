/* sys.h — the few Linux system calls the spec harness makes itself (it has no libc): map the
 * command table, write result lines. Both targets of the project; numbers differ per arch. */
#ifndef W2N_SPEC_SYS_H
#define W2N_SPEC_SYS_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)
enum { SYS_READ = 0, SYS_WRITE = 1, SYS_CLOSE = 3, SYS_LSEEK = 8, SYS_MMAP = 9, SYS_OPENAT = 257 };

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
	                 : "=a"(ret)
	                 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
	                 : "rcx", "r11", "memory");
	return ret;
}
#elif defined(__aarch64__)
enum {
	SYS_READ = 63,
	SYS_WRITE = 64,
	SYS_CLOSE = 57,
	SYS_LSEEK = 62,
	SYS_MMAP = 222,
	SYS_OPENAT = 56
};

static inline long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc 0"
	                 : "+r"(x0)
	                 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
	                 : "memory");
	return x0;
}
#else
#error "the spec harness supports x86_64 and aarch64"
#endif

#define AT_FDCWD_         (-100)
#define PROT_RW_          3    /* PROT_READ | PROT_WRITE */
#define MAP_PRIVATE_ANON_ 0x22 /* MAP_PRIVATE | MAP_ANONYMOUS */
#define SEEK_END_         2

/* A negative return is -errno. */
static inline long sys_write(int fd, const void *buf, size_t n)
{
	return sys6(SYS_WRITE, fd, (long)buf, (long)n, 0, 0, 0);
}

static inline long sys_read(int fd, void *buf, size_t n)
{
	return sys6(SYS_READ, fd, (long)buf, (long)n, 0, 0, 0);
}

static inline long sys_open_read(const char *path)
{
	return sys6(SYS_OPENAT, AT_FDCWD_, (long)path, 0 /* O_RDONLY */, 0, 0, 0);
}

static inline long sys_close(int fd)
{
	return sys6(SYS_CLOSE, fd, 0, 0, 0, 0, 0);
}

static inline long sys_file_size(int fd)
{
	return sys6(SYS_LSEEK, fd, 0, SEEK_END_, 0, 0, 0);
}

static inline long sys_rewind(int fd)
{
	return sys6(SYS_LSEEK, fd, 0, 0 /* SEEK_SET */, 0, 0, 0);
}

/* Anonymous zeroed memory; returns NULL on failure. */
static inline void *sys_alloc(size_t n)
{
	long p = sys6(SYS_MMAP, 0, (long)n, PROT_RW_, MAP_PRIVATE_ANON_, -1, 0);

	return p < 0 && p > -4096 ? NULL : (void *)p;
}

#endif
