;; A trap inside a runtime builtin (memory.fill out of bounds) names the wasm function that
;; called it, also when the call is that function's last action: compiled as a tail call (a
;; jump), the builtin's return address would be in the caller's caller, which would be named.
;; (The call is indirect, through a mutable global, so that LLVM cannot inline the callee.)
;; expect-status: 134
;; expect-stderr: out of bounds memory access (in function fill_past_end)
(module
  (type $t (func (param i32)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $fill_past_end)
  (global $g (mut i32) (i32.const 0))
  (func $fill_past_end (type $t) (param i32)
    (memory.fill (local.get 0) (i32.const 0) (i32.const 16)))
  (func $caller (export "_start")
    (call_indirect (type $t) (i32.const 65530) (global.get $g))
    (global.set $g (i32.const 1))))
