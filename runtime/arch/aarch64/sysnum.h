/* sysnum.h — AArch64 Linux syscall numbers the runtime uses (the generic table,
 * include/uapi/asm-generic/unistd.h). AArch64 has only the *at forms of path calls (no open,
 * mkdir, stat, ...), so the runtime uses those on every architecture. Keep the same names as
 * arch/x86_64/sysnum.h: a name missing here breaks the AArch64 runtime build. */
#ifndef W2N_RT_SYSNUM_H
#define W2N_RT_SYSNUM_H

#define W2N_SYS_write          64
#define W2N_SYS_mmap           222
#define W2N_SYS_mprotect       226
#define W2N_SYS_madvise        233
#define W2N_SYS_munmap         215
#define W2N_SYS_rt_sigaction   134
#define W2N_SYS_rt_sigprocmask 135
#define W2N_SYS_mremap         216
#define W2N_SYS_getpid         172
#define W2N_SYS_sigaltstack    132
#define W2N_SYS_gettid         178
#define W2N_SYS_exit_group     94
#define W2N_SYS_tgkill         131
#define W2N_SYS_prlimit64      261
#define W2N_SYS_futex          98
#define W2N_SYS_madvise        233
#define W2N_SYS_mincore        232

/* Deadlines (limits.c): a POSIX timer per instance. */
#define W2N_SYS_timer_create  107
#define W2N_SYS_timer_settime 110
#define W2N_SYS_timer_delete  111

/* WASI (runtime/wasi/): files, directories, clocks, sockets, polling. */
#define W2N_SYS_read          63
#define W2N_SYS_close         57
#define W2N_SYS_lseek         62
#define W2N_SYS_ioctl         29
#define W2N_SYS_pread64       67
#define W2N_SYS_pwrite64      68
#define W2N_SYS_readv         65
#define W2N_SYS_writev        66
#define W2N_SYS_sched_yield   124
#define W2N_SYS_socket        198
#define W2N_SYS_sendmsg       211
#define W2N_SYS_recvmsg       212
#define W2N_SYS_shutdown      210
#define W2N_SYS_bind          200
#define W2N_SYS_listen        201
#define W2N_SYS_setsockopt    208
#define W2N_SYS_getsockopt    209
#define W2N_SYS_fcntl         25
#define W2N_SYS_fsync         82
#define W2N_SYS_fdatasync     83
#define W2N_SYS_ftruncate     46
#define W2N_SYS_getdents64    61
#define W2N_SYS_fadvise64     223
#define W2N_SYS_clock_gettime 113
#define W2N_SYS_clock_getres  114
#define W2N_SYS_openat        56
#define W2N_SYS_mkdirat       34
#define W2N_SYS_unlinkat      35
#define W2N_SYS_linkat        37
#define W2N_SYS_symlinkat     36
#define W2N_SYS_readlinkat    78
#define W2N_SYS_ppoll         73
#define W2N_SYS_utimensat     88
#define W2N_SYS_fallocate     47
#define W2N_SYS_accept4       242
#define W2N_SYS_dup3          24
#define W2N_SYS_preadv        69
#define W2N_SYS_pwritev       70
#define W2N_SYS_renameat2     276
#define W2N_SYS_getrandom     278
#define W2N_SYS_statx         291
#define W2N_SYS_openat2       437

/* Open flags whose values differ between architectures (arch/arm64/include/uapi/asm/fcntl.h). */
#define W2N_O_DIRECTORY 040000
#define W2N_O_NOFOLLOW  0100000

#endif
