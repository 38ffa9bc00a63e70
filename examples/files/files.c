/* files.c — files in a granted directory. Built with
 *
 *     wasm2native files.wasm -o files --dir data::/data
 *
 * the guest sees the host folder `data` (relative to the working directory at launch) as
 * /data, and no other part of the host's file system: not through absolute paths, not
 * through "..". A missing grant is an ordinary error (errno ENOTCAPABLE: "Capabilities
 * insufficient"), never a crash.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int write_file(const char *path, const char *mode, const char *text)
{
	FILE *f = fopen(path, mode);
	if (!f) {
		printf("cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	fputs(text, f);
	return fclose(f) != 0;
}

static void show_file(const char *path)
{
	char line[256];
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("cannot open %s: %s\n", path, strerror(errno));
		return;
	}
	printf("%s:\n", path);
	while (fgets(line, sizeof line, f))
		printf("  %s", line);
	fclose(f);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the folder's entries sorted by name (readdir's order is the host file system's). */
static void list(const char *path)
{
	char *names[64];
	int n = 0;
	DIR *d = opendir(path);
	if (!d) {
		printf("cannot list %s: %s\n", path, strerror(errno));
		return;
	}
	for (struct dirent *e; n < 64 && (e = readdir(d));)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	printf("%s holds:", path);
	for (int i = 0; i < n; i++)
		printf(" %s", names[i]);
	printf("\n");
}

int main(void)
{
	if (write_file("/data/notes.txt", "w", "first line\n") ||
	    write_file("/data/notes.txt", "a", "second line\n"))
		return 1;
	show_file("/data/notes.txt");
	rename("/data/notes.txt", "/data/kept.txt");
	list("/data");
	/* Outside the grant: both fail, whatever the host holds there. */
	show_file("/etc/passwd");
	show_file("/data/../../etc/passwd");
	return 0;
}
