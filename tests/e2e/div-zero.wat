;; A trap names the wasm function it happened in (from the name section), and the executable
;; exits with the documented trap status.
;; expect-status: 134
;; expect-stderr: integer divide by zero
;; expect-stderr: divide
(module
  (func $divide (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "_start")
    (drop (call $divide (i32.const 1) (i32.const 0)))))
