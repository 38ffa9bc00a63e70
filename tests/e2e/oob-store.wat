;; An out-of-bounds store is a trap in both memory modes (guard pages: a fault inside the
;; reservation; --bounds-checks: an explicit check), named after its function. (The trapping
;; access is in the named function itself: a fault is attributed by its address, so after
;; inlining it would belong to the caller.)
;; expect-status: 134
;; expect-stderr: out of bounds memory access
;; expect-stderr: poke_past_end
(module
  (memory 1)
  (func $poke_past_end (export "_start")
    (i32.store (i32.const 65532) (i32.const 7))   ;; the last word in bounds
    (i32.store (i32.const 65533) (i32.const 7)))) ;; one byte past the end
