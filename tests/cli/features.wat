;; features.wat — a module that uses one feature of each kind features_used.c finds: a
;; function type with two results (multi-value), an extended constant, a passive data segment
;; and memory.fill (bulk memory), return_call (tail calls), i32.extend8_s (sign extension).
;; tests/cli/features.sh checks --check's report of them and --disable-FEATURE.
(module
  (import "m" "g" (global $g i32))
  (memory 1)
  (global $h i32 (i32.add (global.get $g) (i32.const 2)))
  (data "abc")
  (func $f (result i32 i32) (i32.const 1) (i32.const 2))
  (func (export "t") (param i32) (result i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
    (return_call $k (local.get 0)))
  (func $k (param i32) (result i32) (i32.extend8_s (local.get 0)))
)
