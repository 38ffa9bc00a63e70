;; Without a maximum, a 32-bit memory grows to 65535 pages (4 GiB - 64 KiB) and not one page
;; further: wasm2native keeps it below 4 GiB so that no address add after an access that did
;; not trap can have wrapped (compiler/lower_nowrap.cpp; the spec lets memory.grow fail). The
;; pages beyond the old size trap until they are grown.
;; expect-status: 0
(module
  (memory 0)
  (func $check_grow_below_4gib
    (if (i32.ne (memory.grow (i32.const 65536)) (i32.const -1)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 65535)) (i32.const 0)) (then unreachable))
    (if (i32.ne (memory.size) (i32.const 65535)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable)))
  (func $check_last_byte
    (i32.store8 (i32.const 0xfffeffff) (i32.const 5))
    (if (i32.ne (i32.load8_u (i32.const 0xfffeffff)) (i32.const 5)) (then unreachable)))
  (func (export "_start")
    (call $check_grow_below_4gib)
    (call $check_last_byte)))
