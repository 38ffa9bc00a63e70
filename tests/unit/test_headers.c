/* test_headers.c — every public header in one translation unit: the compiler's (wasm2native.h,
 * module.h, compile.h, prebake.h), the runtime's host API (host.h, runtime.h, wasi.h) and the
 * shared ones (wasm.h, abi.h, descriptor.h, image.h, snapshot.h, grants.h, cpu.h). A tool that
 * decodes a module and instantiates it (a pre-baking step, a test host) needs both sides; a
 * name declared twice fails this file's compilation. The checks pin wasm.h to the binary format. */
#include <check.h>
#include <stdlib.h>

#include "wasm2native/abi.h"
#include "wasm2native/compile.h"
#include "wasm2native/cpu.h"
#include "wasm2native/descriptor.h"
#include "wasm2native/grants.h"
#include "wasm2native/host.h"
#include "wasm2native/image.h"
#include "wasm2native/module.h"
#include "wasm2native/prebake.h"
#include "wasm2native/runtime.h"
#include "wasm2native/snapshot.h"
#include "wasm2native/wasi.h"
#include "wasm2native/wasm.h"
#include "wasm2native/wasm2native.h"

/* The bytes of the binary format (spec §5.3.1-5.3.4, §5.5.5). */
START_TEST(binary_encoding)
{
	ck_assert_int_eq(W2N_I32, 0x7f);
	ck_assert_int_eq(W2N_I64, 0x7e);
	ck_assert_int_eq(W2N_F32, 0x7d);
	ck_assert_int_eq(W2N_F64, 0x7c);
	ck_assert_int_eq(W2N_V128, 0x7b);
	ck_assert_int_eq(W2N_FUNCREF, 0x70);
	ck_assert_int_eq(W2N_EXTERNREF, 0x6f);
	ck_assert_int_eq(W2N_EXT_FUNC, 0);
	ck_assert_int_eq(W2N_EXT_TABLE, 1);
	ck_assert_int_eq(W2N_EXT_MEMORY, 2);
	ck_assert_int_eq(W2N_EXT_GLOBAL, 3);
	ck_assert_int_eq(W2N_EXT_TAG, 4);
	ck_assert_int_eq(W2N_EXT_COUNT, 5);
	ck_assert_int_eq(W2N_EXNREF, 0x69);
	ck_assert_uint_eq(W2N_PAGE_SIZE, 65536);
	ck_assert_uint_eq(1u << W2N_PAGE_SHIFT, W2N_PAGE_SIZE);
	ck_assert_uint_eq((uint64_t)W2N_MAX_PAGES * W2N_PAGE_SIZE, 1ull << 32);
}
END_TEST

/* A decoded import and what a host resolves it to speak of its kind with the same names. */
START_TEST(one_vocabulary)
{
	struct w2n_import imp = {.kind = W2N_EXT_GLOBAL};
	struct w2n_global decl = {.type = W2N_I64, .mutable_ = true};
	struct w2n_desc_import desc = {.kind = imp.kind, .type = decl.type, .mutable_ = decl.mutable_};
	struct w2n_extern ext = {.kind = W2N_EXT_GLOBAL, .u.global = {NULL, W2N_I64, 1}};
	ck_assert_uint_eq(ext.kind, desc.kind);
	ck_assert_uint_eq(ext.u.global.type, desc.type);
	ck_assert_uint_eq(ext.u.global.mutable_, desc.mutable_);
	struct w2n_elem elem = {.mode = W2N_SEG_DECLARATIVE, .type = W2N_FUNCREF};
	struct w2n_desc_elem delem = {.mode = elem.mode, .elem_type = elem.type};
	ck_assert_uint_eq(delem.mode, W2N_SEG_DECLARATIVE);
	ck_assert_uint_eq(delem.elem_type, W2N_FUNCREF);
}
END_TEST

static Suite *headers_suite(void)
{
	Suite *s = suite_create("headers");
	TCase *tc = tcase_create("vocabulary");
	tcase_add_test(tc, binary_encoding);
	tcase_add_test(tc, one_vocabulary);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(headers_suite());
	srunner_run_all(sr, CK_ENV);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
