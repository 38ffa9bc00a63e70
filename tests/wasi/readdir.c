/* readdir.c — fd_readdir: cookies resume exactly after the last entry read, a buffer too
 * small for an entry gets it cut off (and the reader retries with a bigger one), d_type and
 * d_ino agree with path_filestat_get, "." and ".." are listed, rewinding works.
 * Granted: --dir=sandbox::/sandbox. */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"

#define NFILES 300

static unsigned char seen[NFILES];
static int dots, subdirs, others, mismatches;

/* Reads the whole directory with raw fd_readdir calls into a buffer of `size` bytes, growing
 * it only when not even one entry fits. Returns the number of calls. */
static int scan(__wasi_fd_t fd, size_t size, int check_types)
{
	uint8_t *buf = malloc(size);
	__wasi_dircookie_t cookie = 0;
	int calls = 0;
	for (;;) {
		__wasi_size_t used;
		calls++;
		int e = __wasi_fd_readdir(fd, buf, size, cookie, &used);
		if (e != 0) {
			printf("fd_readdir: %s\n", ename(e));
			break;
		}
		size_t pos = 0;
		int complete = 0;
		while (pos + sizeof(__wasi_dirent_t) <= used) {
			__wasi_dirent_t d;
			memcpy(&d, buf + pos, sizeof d);
			if (pos + sizeof d + d.d_namlen > used)
				break; /* cut off: read it again from its cookie */
			char name[256] = {0};
			memcpy(name, buf + pos + sizeof d, d.d_namlen);
			int n;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				dots++;
			else if (sscanf(name, "f%d", &n) == 1 && n >= 0 && n < NFILES)
				seen[n]++;
			else if (!strcmp(name, "subdir") && d.d_type == __WASI_FILETYPE_DIRECTORY)
				subdirs++;
			else
				others++;
			if (check_types && sscanf(name, "f%d", &n) == 1) {
				__wasi_filestat_t st;
				__wasi_path_filestat_get(fd, 0, name, &st);
				if (st.ino != d.d_ino || d.d_type != __WASI_FILETYPE_REGULAR_FILE)
					mismatches++;
			}
			cookie = d.d_next;
			pos += sizeof d + d.d_namlen;
			complete++;
		}
		if (used < size)
			break; /* a buffer not filled up: the end */
		if (complete == 0)
			buf = realloc(buf, size *= 2);
	}
	free(buf);
	return calls;
}

static void report(const char *what, int calls, int many_calls)
{
	int once = 1;
	for (int i = 0; i < NFILES; i++) {
		once &= seen[i] == 1;
		seen[i] = 0;
	}
	printf("%s: every file once: %s, dots: %d, subdirs: %d, others: %d, several calls: %s\n", what,
	       once ? "yes" : "no", dots, subdirs, others,
	       (calls > 1) == many_calls ? "as expected" : "no");
	dots = subdirs = others = 0;
}

int main(void)
{
	mkdir("/sandbox/many", 0755);
	mkdir("/sandbox/many/subdir", 0755);
	for (int i = 0; i < NFILES; i++) {
		char path[64];
		snprintf(path, sizeof path, "/sandbox/many/f%03d", i);
		close(open(path, O_CREAT | O_WRONLY, 0644));
	}
	int fd = open("/sandbox/many", O_RDONLY | O_DIRECTORY);
	show_libc("open directory", fd);
	report("4 KiB buffer", scan(fd, 4096, 1), 1);
	printf("d_ino and d_type agree with path_filestat_get: %s\n", mismatches ? "no" : "yes");
	report("64 KiB buffer", scan(fd, 65536, 0), 0);
	/* 30 bytes: every entry is cut off at first, so each one is read twice. */
	report("30-byte buffer", scan(fd, 30, 0), 1);
	report("24-byte buffer", scan(fd, 24, 0), 1);

	/* wasi-libc's readdir, seekdir and rewinddir on top of the same cookies. */
	DIR *d = fdopendir(fd);
	int n = 0;
	long mark = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (++n == 100)
			mark = telldir(d);
	}
	printf("readdir entries: %d\n", n);
	seekdir(d, mark);
	int rest = 0;
	while (readdir(d) != NULL)
		rest++;
	printf("after seekdir to entry 100: %d more\n", rest);
	rewinddir(d);
	n = 0;
	while (readdir(d) != NULL)
		n++;
	printf("after rewinddir: %d\n", n);

	/* An old cookie (neither of the last two read) keeps its place when an entry before it
	 * goes away, as telldir's does: the runtime resumes from the kernel's position of a mark
	 * near it, where counting entries again from the start would land one entry too far. */
	rewinddir(d);
	char early[256] = "", after[256] = "";
	n = 0;
	while ((e = readdir(d)) != NULL) {
		n++;
		if (early[0] == '\0' && e->d_name[0] == 'f')
			snprintf(early, sizeof early, "/sandbox/many/%s", e->d_name);
		if (n == 200)
			mark = telldir(d);
		if (n == 201)
			snprintf(after, sizeof after, "%s", e->d_name);
	}
	show_libc("remove an early entry", unlink(early));
	seekdir(d, mark);
	e = readdir(d);
	printf("after seekdir to entry 200: the same entry 201: %s\n",
	       e != NULL && !strcmp(e->d_name, after) ? "yes" : "no");
	closedir(d);

	uint8_t buf[256];
	__wasi_size_t used;
	show("fd_readdir on a file", (__wasi_fd_readdir(1, buf, sizeof buf, 0, &used)));
	return 0;
}
