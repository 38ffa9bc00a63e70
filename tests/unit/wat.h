/* wat.h — test helper: assemble WebAssembly text with wat2wasm so tests can be written in .wat. */
#ifndef W2N_TEST_WAT_H
#define W2N_TEST_WAT_H

#include <stddef.h>
#include <stdint.h>

/* Assembles `text` (with wat2wasm's validation off, so invalid modules can be
 * built, and with a name section for the names in the text).
 * Returns a malloc'd buffer and sets *size; aborts the test (ck_abort) if wat2wasm fails. */
uint8_t *wat_to_wasm(const char *text, size_t *size);

#endif
