;; A large static offset: address + offset beyond 4 GiB must trap, not wrap around.
;; expect-status: 134
;; expect-stderr: out of bounds memory access
;; expect-stderr: far_load
(module
  (memory 1)
  (func $far_load (param i32) (result i64)
    (i64.load offset=0xfffffff0 (local.get 0)))
  (func (export "_start")
    (drop (call $far_load (i32.const 0x20)))))
