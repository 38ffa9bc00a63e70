;; Without a maximum, memory can grow to 65536 pages (4 GiB) and not one page further; the
;; pages beyond the old size trap until they are grown.
;; expect-status: 0
(module
  (memory 0)
  (func $check_oob_before_grow (result i32)
    (i32.load (i32.const 0)))
  (func $check_grow_to_4gib
    (if (i32.ne (memory.grow (i32.const 65537)) (i32.const -1)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 65536)) (i32.const 0)) (then unreachable))
    (if (i32.ne (memory.size) (i32.const 65536)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable)))
  (func $check_last_byte
    (i32.store8 (i32.const 0xffffffff) (i32.const 5))
    (if (i32.ne (i32.load8_u (i32.const 0xffffffff)) (i32.const 5)) (then unreachable)))
  (func (export "_start")
    (call $check_grow_to_4gib)
    (call $check_last_byte)))
