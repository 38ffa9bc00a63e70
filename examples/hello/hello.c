/* hello.c — the smallest WASI program: print a line and exit 0.
 *
 * Build it to wasm:   clang-19 --target=wasm32-wasi -O2 -o hello.wasm hello.c
 * Compile it natively (once code generation lands):   wasm2native hello.wasm -o hello
 */
#include <stdio.h>

int main(void)
{
	puts("Hello, world!");
	return 0;
}
