;; An out-of-bounds store is a trap in both memory modes (guard pages: a fault inside the
;; reservation; --bounds-checks: an explicit check), named after its function.
;; expect-status: 134
;; expect-stderr: out of bounds memory access
;; expect-stderr: poke
(module
  (memory 1)
  (func $poke (param i32) (i32.store (local.get 0) (i32.const 7)))
  (func (export "_start")
    (call $poke (i32.const 65532))  ;; the last word in bounds
    (call $poke (i32.const 65533)))) ;; one byte past the end
