/* sysnum.h — x86-64 Linux syscall numbers the runtime uses (arch/x86_64/syscall_64.tbl). */
#ifndef W2N_RT_SYSNUM_H
#define W2N_RT_SYSNUM_H

#define W2N_SYS_write          1
#define W2N_SYS_mmap           9
#define W2N_SYS_mprotect       10
#define W2N_SYS_madvise        28
#define W2N_SYS_munmap         11
#define W2N_SYS_rt_sigaction   13
#define W2N_SYS_rt_sigprocmask 14
#define W2N_SYS_mremap         25
#define W2N_SYS_getpid         39
#define W2N_SYS_sigaltstack    131
#define W2N_SYS_gettid         186
#define W2N_SYS_exit_group     231
#define W2N_SYS_tgkill         234
#define W2N_SYS_prlimit64      302
#define W2N_SYS_futex          202
#define W2N_SYS_arch_prctl     158
#define W2N_SYS_madvise        28
#define W2N_SYS_mincore        27

/* Deadlines (limits.c): a POSIX timer per instance. */
#define W2N_SYS_timer_create  222
#define W2N_SYS_timer_settime 223
#define W2N_SYS_timer_delete  226

/* WASI (runtime/wasi/): files, directories, clocks, sockets, polling. */
#define W2N_SYS_read          0
#define W2N_SYS_close         3
#define W2N_SYS_lseek         8
#define W2N_SYS_ioctl         16
#define W2N_SYS_pread64       17
#define W2N_SYS_pwrite64      18
#define W2N_SYS_readv         19
#define W2N_SYS_writev        20
#define W2N_SYS_sched_yield   24
#define W2N_SYS_socket        41
#define W2N_SYS_sendmsg       46
#define W2N_SYS_recvmsg       47
#define W2N_SYS_shutdown      48
#define W2N_SYS_bind          49
#define W2N_SYS_listen        50
#define W2N_SYS_setsockopt    54
#define W2N_SYS_getsockopt    55
#define W2N_SYS_fcntl         72
#define W2N_SYS_fsync         74
#define W2N_SYS_fdatasync     75
#define W2N_SYS_ftruncate     77
#define W2N_SYS_getdents64    217
#define W2N_SYS_fadvise64     221
#define W2N_SYS_clock_gettime 228
#define W2N_SYS_clock_getres  229
#define W2N_SYS_openat        257
#define W2N_SYS_mkdirat       258
#define W2N_SYS_unlinkat      263
#define W2N_SYS_linkat        265
#define W2N_SYS_symlinkat     266
#define W2N_SYS_readlinkat    267
#define W2N_SYS_ppoll         271
#define W2N_SYS_utimensat     280
#define W2N_SYS_fallocate     285
#define W2N_SYS_accept4       288
#define W2N_SYS_dup3          292
#define W2N_SYS_preadv        295
#define W2N_SYS_pwritev       296
#define W2N_SYS_renameat2     316
#define W2N_SYS_getrandom     318
#define W2N_SYS_statx         332
#define W2N_SYS_openat2       437

/* Open flags whose values differ between architectures (the rest are in wasi/internal.h). */
#define W2N_O_DIRECTORY 0200000
#define W2N_O_NOFOLLOW  0400000

#endif
