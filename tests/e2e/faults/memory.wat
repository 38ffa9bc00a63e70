;; One page of memory, written and read back: exits 0. faults.py runs it under an
;; address-space limit (RLIMIT_AS) too small for guard-page mode's 8 GiB reservation.
(module
  (memory 1)
  (func (export "_start")
    (i32.store (i32.const 100) (i32.const 42))
    (if (i32.ne (i32.load (i32.const 100)) (i32.const 42)) (then unreachable))))
