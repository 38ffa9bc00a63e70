/* test_splat_sink.c — compiler/splat_sink.cpp: at -O2, a splat of an odd vector width (the
 * <12 x float> the vectorizer builds from a loop the wasm unrolled by three) sits in the block
 * of the multiply that uses it, not before the loop, where the code generator would rebuild
 * part of it lane by lane on every iteration. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "lower_ir.h"
#include "wasm2native/compile.h"

/* c[j] += a * b[j] for j < 3n, three statements per iteration, as clang's wasm unrolls. */
static const char *const by_three =
	"(module (memory 1)"
	"  (func (export \"axpy\") (param $c i32) (param $b i32) (param $a f32) (param $n i32)"
	"    (local $k i32) (local $x i32) (local $y i32)"
	"    (loop $next"
	"      (local.set $x (i32.add (local.get $c) (i32.mul (local.get $k) (i32.const 12))))"
	"      (local.set $y (i32.add (local.get $b) (i32.mul (local.get $k) (i32.const 12))))"
	"      (f32.store (local.get $x) (f32.add (f32.load (local.get $x))"
	"        (f32.mul (local.get $a) (f32.load (local.get $y)))))"
	"      (f32.store offset=4 (local.get $x) (f32.add (f32.load offset=4 (local.get $x))"
	"        (f32.mul (local.get $a) (f32.load offset=4 (local.get $y)))))"
	"      (f32.store offset=8 (local.get $x) (f32.add (f32.load offset=8 (local.get $x))"
	"        (f32.mul (local.get $a) (f32.load offset=8 (local.get $y)))))"
	"      (local.set $k (i32.add (local.get $k) (i32.const 1)))"
	"      (br_if $next (i32.ne (local.get $k) (local.get $n))))))";

/* The label of the block that holds text[at]: the last line before it that starts in column 0
 * and ends with ':' (malloc'd). */
static char *block_of(const char *text, const char *at)
{
	const char *label = NULL;
	for (const char *line = text; line && line < at; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		const char *end = strchr(line, '\n');
		if (end && line[0] != ' ' && line[0] != '\n' && strchr(line, ':') &&
		    strchr(line, ':') < end)
			label = line;
		if (!end)
			break;
	}
	ck_assert_ptr_nonnull(label);
	return strndup(label, (size_t)(strchr(label, ':') - label));
}

START_TEST(odd_width_splat_is_next_to_its_use)
{
	struct w2n_compile_options opt = {.opt_level = 2};
	char *ir = wat_to_ir_opt(by_three, &opt);
	char *fn = ir_function(ir, "w2n_f0");
	const char *mul = strstr(fn, "fmul <12 x float>");
	const char *splat = strstr(fn, "<12 x i32> zeroinitializer");
	ck_assert_msg(mul && splat, "no <12 x float> multiply and splat:\n%.3000s", fn);
	char *mul_block = block_of(fn, mul), *splat_block = block_of(fn, splat);
	ck_assert_msg(strcmp(mul_block, splat_block) == 0, "splat in %s, multiply in %s", splat_block,
	              mul_block);
	free(mul_block);
	free(splat_block);
	free(fn);
	free(ir);
}
END_TEST

int main(void)
{
	const struct ir_test_group groups[] = {{"sunk", {odd_width_splat_is_next_to_its_use}}};
	return run_ir_suite("splat_sink", groups, sizeof groups / sizeof *groups);
}
