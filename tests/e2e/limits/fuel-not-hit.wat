;; Enough fuel: 1000 iterations of a 7-instruction loop body fit in 10,000 units.
;; w2n-options: --fuel 10000
;; expect-status: 0
;; expect-stderr-empty
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "_start")
    (loop
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br_if 0 (i32.lt_u (global.get $n) (i32.const 1000))))))
