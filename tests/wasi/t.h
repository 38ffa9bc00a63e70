/* t.h — helpers for the WASI test programs (compiled to wasm32-wasi with wasi-libc). Every
 * check prints one line, "what: result", so that the expected-output file says exactly what
 * each call returned; errno values print as their WASI names. */
#ifndef WASI_TEST_H
#define WASI_TEST_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* The WASI errno names, by value (wasi-libc's errno values are the WASI ones). */
static const char *const errno_names[] = {
	"success",     "2big",           "acces",       "addrinuse",   "addrnotavail",
	"afnosupport", "again",          "already",     "badf",        "badmsg",
	"busy",        "canceled",       "child",       "connaborted", "connrefused",
	"connreset",   "deadlk",         "destaddrreq", "dom",         "dquot",
	"exist",       "fault",          "fbig",        "hostunreach", "idrm",
	"ilseq",       "inprogress",     "intr",        "inval",       "io",
	"isconn",      "isdir",          "loop",        "mfile",       "mlink",
	"msgsize",     "multihop",       "nametoolong", "netdown",     "netreset",
	"netunreach",  "nfile",          "nobufs",      "nodev",       "noent",
	"noexec",      "nolck",          "nolink",      "nomem",       "nomsg",
	"noprotoopt",  "nospc",          "nosys",       "notconn",     "notdir",
	"notempty",    "notrecoverable", "notsock",     "notsup",      "notty",
	"nxio",        "overflow",       "ownerdead",   "perm",        "pipe",
	"proto",       "protonosupport", "prototype",   "range",       "rofs",
	"spipe",       "srch",           "stale",       "timedout",    "txtbsy",
	"xdev",        "notcapable",
};

static inline const char *ename(int e)
{
	return e >= 0 && e < (int)(sizeof errno_names / sizeof *errno_names) ? errno_names[e] : "?";
}

/* A raw WASI call's errno. */
static inline void show(const char *what, int e)
{
	printf("%s: %s\n", what, ename(e));
}

/* A libc call's result: "ok" for r >= 0, else errno's name. */
static inline void show_libc(const char *what, long r)
{
	printf("%s: %s\n", what, r >= 0 ? "ok" : ename(errno));
}

/* The raw imports, for calls whose pointers and lengths the tests choose themselves (wasi-libc's
 * wrappers take C strings and valid pointers). */
#define RAW(NAME) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#NAME)))
RAW(path_open)
int32_t raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t len, int32_t oflags,
                      int64_t base, int64_t inheriting, int32_t fdflags, int32_t opened);
RAW(fd_write) int32_t raw_fd_write(int32_t fd, int32_t iovs, int32_t n, int32_t written);
RAW(fd_read) int32_t raw_fd_read(int32_t fd, int32_t iovs, int32_t n, int32_t nread);
RAW(args_get) int32_t raw_args_get(int32_t argv, int32_t buf);
RAW(args_sizes_get) int32_t raw_args_sizes_get(int32_t argc, int32_t size);
RAW(environ_get) int32_t raw_environ_get(int32_t env, int32_t buf);
RAW(clock_time_get) int32_t raw_clock_time_get(int32_t id, int64_t precision, int32_t time);
RAW(random_get) int32_t raw_random_get(int32_t buf, int32_t len);
RAW(fd_prestat_dir_name) int32_t raw_fd_prestat_dir_name(int32_t fd, int32_t buf, int32_t len);
RAW(fd_readdir)
int32_t raw_fd_readdir(int32_t fd, int32_t buf, int32_t len, int64_t cookie, int32_t used);
RAW(poll_oneoff) int32_t raw_poll_oneoff(int32_t in, int32_t out, int32_t n, int32_t nevents);
RAW(path_filestat_get)
int32_t raw_path_filestat_get(int32_t fd, int32_t flags, int32_t path, int32_t len, int32_t buf);
RAW(fd_filestat_get) int32_t raw_fd_filestat_get(int32_t fd, int32_t buf);
RAW(fd_fdstat_get) int32_t raw_fd_fdstat_get(int32_t fd, int32_t buf);

/* An address past the end of any test program's memory (they use a few pages). */
#define FAR 0xfffffff0u

/* The first preopen (WASI fd 3), as the runner grants it. */
#define SANDBOX 3

#endif
