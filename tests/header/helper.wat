;; helper.wat — a second module in the same host (--prefix helper): it provides what
;; awkward.wat imports and a host function cannot be: a memory, and a function with two results.
(module
  (memory (export "memory") 1)
  (func (export "pair") (param i32) (result i32 i32)
    (i32.mul (local.get 0) (i32.const 10)) (local.get 0))
)
