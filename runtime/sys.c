/* sys.c — the Linux syscalls the runtime uses, typed. Failures come back from the kernel as
 * -errno; callers here only need to know that a call failed. */
#include "rt.h"
#include "sysnum.h"

static long sys3(long n, long a, long b, long c)
{
	return w2n_syscall(n, a, b, c, 0, 0, 0);
}

long w2n_sys_write(int fd, const void *buf, size_t n)
{
	return sys3(W2N_SYS_write, fd, (long)buf, (long)n);
}

_Noreturn void w2n_sys_exit(int status)
{
	for (;;)
		sys3(W2N_SYS_exit_group, status, 0, 0);
}

/* Kernel results in [-4095, -1] are errors; anything else is an address. */
static void *addr_or_null(long r)
{
	return (unsigned long)r >= -4095ul ? NULL : (void *)r;
}

void *w2n_sys_mmap(size_t len, int prot, int flags)
{
	long r = w2n_syscall(W2N_SYS_mmap, 0, (long)len, prot,
	                     flags | W2N_MAP_PRIVATE | W2N_MAP_ANONYMOUS, -1, 0);
	return addr_or_null(r);
}

int w2n_sys_munmap(void *addr, size_t len)
{
	return (int)sys3(W2N_SYS_munmap, (long)addr, (long)len, 0);
}

int w2n_sys_mprotect(void *addr, size_t len, int prot)
{
	return (int)sys3(W2N_SYS_mprotect, (long)addr, (long)len, prot);
}

void *w2n_sys_mremap(void *addr, size_t old_len, size_t new_len, int flags)
{
	long r = w2n_syscall(W2N_SYS_mremap, (long)addr, (long)old_len, (long)new_len, flags, 0, 0);
	return addr_or_null(r);
}

int w2n_sys_sigaction(int sig, const struct w2n_sigaction *act, struct w2n_sigaction *old)
{
	return (int)w2n_syscall(W2N_SYS_rt_sigaction, sig, (long)act, (long)old, sizeof(act->mask), 0,
	                        0);
}

int w2n_sys_sigaltstack(const struct w2n_sigstack *ss, struct w2n_sigstack *old)
{
	return (int)sys3(W2N_SYS_sigaltstack, (long)ss, (long)old, 0);
}

int w2n_sys_getrlimit(int resource, struct w2n_rlimit *out)
{
	return (int)w2n_syscall(W2N_SYS_prlimit64, 0, resource, 0, (long)out, 0, 0);
}

int w2n_sys_setrlimit(int resource, const struct w2n_rlimit *lim)
{
	return (int)w2n_syscall(W2N_SYS_prlimit64, 0, resource, (long)lim, 0, 0, 0);
}

void w2n_sys_raise(int sig)
{
	long pid = sys3(W2N_SYS_getpid, 0, 0, 0);
	long tid = sys3(W2N_SYS_gettid, 0, 0, 0);
	sys3(W2N_SYS_tgkill, pid, tid, sig);
}

long w2n_sys_gettid(void)
{
	return sys3(W2N_SYS_gettid, 0, 0, 0);
}

uint64_t w2n_sys_clock_ns(int clock)
{
	struct w2n_timespec ts = {0, 0};
	sys3(W2N_SYS_clock_gettime, clock, (long)&ts, 0);
	return (uint64_t)ts.sec * 1000000000u + (uint64_t)ts.nsec;
}

int w2n_sys_timer_create(int clock, struct w2n_sigevent *ev, int *timer)
{
	return (int)sys3(W2N_SYS_timer_create, clock, (long)ev, (long)timer);
}

int w2n_sys_timer_settime(int timer, const struct w2n_itimerspec *value)
{
	return (int)w2n_syscall(W2N_SYS_timer_settime, timer, 0, (long)value, 0, 0, 0);
}

int w2n_sys_timer_delete(int timer)
{
	return (int)sys3(W2N_SYS_timer_delete, timer, 0, 0);
}

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

void w2n_sys_futex_wait(uint32_t *addr, uint32_t expected)
{
	w2n_syscall(W2N_SYS_futex, (long)addr, FUTEX_WAIT_PRIVATE, expected, 0, 0, 0);
}

void w2n_sys_futex_wait_ns(uint32_t *addr, uint32_t expected, uint64_t ns)
{
	struct {
		long sec, nsec;
	} ts = {(long)(ns / 1000000000u), (long)(ns % 1000000000u)};
	w2n_syscall(W2N_SYS_futex, (long)addr, FUTEX_WAIT_PRIVATE, expected, (long)&ts, 0, 0);
}

void w2n_sys_futex_wake(uint32_t *addr, uint32_t n)
{
	w2n_syscall(W2N_SYS_futex, (long)addr, FUTEX_WAKE_PRIVATE, n, 0, 0, 0);
}

bool w2n_sys_is_main_thread(void)
{
	return sys3(W2N_SYS_gettid, 0, 0, 0) == sys3(W2N_SYS_getpid, 0, 0, 0);
}

int w2n_sys_madvise(void *addr, size_t len, int advice)
{
	return (int)sys3(W2N_SYS_madvise, (long)addr, (long)len, advice);
}

int w2n_sys_mincore(void *addr, size_t len, uint8_t *vec)
{
	return (int)sys3(W2N_SYS_mincore, (long)addr, (long)len, (long)vec);
}
