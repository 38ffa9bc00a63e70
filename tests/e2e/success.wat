;; A module whose _start returns normally: exit status 0, nothing on stderr.
;; expect-status: 0
;; expect-stderr-empty
(module
  (memory 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 1))))
