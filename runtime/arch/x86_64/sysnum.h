/* sysnum.h — x86-64 Linux syscall numbers the runtime uses (arch/x86_64/syscall_64.tbl). */
#ifndef W2N_RT_SYSNUM_H
#define W2N_RT_SYSNUM_H

#define W2N_SYS_write          1
#define W2N_SYS_mmap           9
#define W2N_SYS_mprotect       10
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

#endif
