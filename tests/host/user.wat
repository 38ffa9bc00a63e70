;; user.wat — imports everything lib.wat exports (test_link.c).
(module
  (import "lib" "mem" (memory 1))
  (import "lib" "tab" (table 2 funcref))
  (import "lib" "g" (global $g (mut i32)))
  (import "lib" "get" (func $get (result i32)))
  (func (export "run") (result i32)
    (i32.store (i32.const 0) (global.get $g))
    (i32.add (call $get) (call_indirect (result i32) (i32.const 0))))
)
