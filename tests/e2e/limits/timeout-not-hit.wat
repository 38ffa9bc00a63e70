;; A guest that finishes before its deadline runs to the end (10 million iterations).
;; w2n-options: --timeout 20s
;; expect-status: 0
;; expect-stderr-empty
(module
  (global $n (mut i32) (i32.const 0))
  (func (export "_start")
    (loop
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br_if 0 (i32.lt_u (global.get $n) (i32.const 10000000))))))
