;; A large static offset: address + offset beyond 4 GiB must trap, not wrap around.
;; expect-status: 134
;; expect-stderr: out of bounds memory access
;; expect-stderr: far_load
(module
  (memory 1)
  (global $sink (mut i64) (i64.const 0))
  (func $far_load (export "_start")
    (global.set $sink (i64.load offset=0xfffffff0 (i32.const 0x20)))))
