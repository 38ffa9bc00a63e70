;; memory.grow that the host cannot map (4 GiB under a 1 GiB address-space limit, with
;; --bounds-checks) returns -1, as when past the maximum; memory stays usable and can still
;; grow by one page.
(module
  (memory 1)
  (func $grow_refused_returns_minus_1
    (if (i32.ne (memory.grow (i32.const 65535)) (i32.const -1)) (then unreachable)))
  (func $small_grow_works
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const 1)) (then unreachable))
    (i32.store (i32.const 70000) (i32.const 7))
    (if (i32.ne (i32.load (i32.const 70000)) (i32.const 7)) (then unreachable)))
  (func (export "_start")
    (call $grow_refused_returns_minus_1)
    (call $small_grow_works)))
