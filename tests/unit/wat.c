/* wat.c — runs wat2wasm on a temporary file (see wat.h). */
#include "wat.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

uint8_t *wat_to_wasm(const char *text, size_t *size)
{
	char dir[] = "/tmp/w2n-test-XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char wat[64], wasm[64], cmd[256];
	snprintf(wat, sizeof wat, "%s/m.wat", dir);
	snprintf(wasm, sizeof wasm, "%s/m.wasm", dir);
	FILE *f = fopen(wat, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "%s --no-check --enable-all --debug-names %s -o %s", W2N_WAT2WASM,
	         wat, wasm);
	ck_assert_msg(system(cmd) == 0, "wat2wasm failed on:\n%s", text);
	f = fopen(wasm, "rb");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	unlink(wat);
	unlink(wasm);
	rmdir(dir);
	*size = (size_t)n;
	return buf;
}
