;; memory64: an i64 address far past any guard region (2^40) traps "out of bounds memory
;; access" through the explicit check, in guard-page mode too; an access that is in bounds
;; after a grow works. Without the check the load would touch unmapped memory and crash.
;; wat2wasm-options: --enable-memory64
;; expect-status: 134
;; expect-stderr: out of bounds memory access
(module
  (memory i64 1)
  (global $sink (mut i32) (i32.const 0))
  (func $grown
    (if (i64.ne (memory.grow (i64.const 1)) (i64.const 1)) (then unreachable))
    (i32.store offset=0x10000 (i64.const 0) (i32.const 7))
    (if (i32.ne (i32.load (i64.const 0x10000)) (i32.const 7)) (then unreachable)))
  (func $far_load (result i32)
    (i32.load (i64.const 0x10000000000)))
  (func (export "_start")
    (call $grown)
    (global.set $sink (call $far_load))))
