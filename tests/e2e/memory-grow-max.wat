;; memory.grow beyond the declared maximum (and beyond 4 GiB) returns -1 and changes nothing;
;; within the maximum it returns the old size and the new pages are zeroed and usable.
;; Each check traps with `unreachable` in a function named after what failed.
;; expect-status: 0
(module
  (memory 1 3)
  (func $check_grow_within_max
    (if (i32.ne (memory.grow (i32.const 2)) (i32.const 1)) (then unreachable))
    (if (i32.ne (memory.size) (i32.const 3)) (then unreachable)))
  (func $check_grow_beyond_max
    (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
    (if (i32.ne (memory.grow (i32.const 65536)) (i32.const -1)) (then unreachable))
    (if (i32.ne (memory.size) (i32.const 3)) (then unreachable)))
  (func $check_new_pages_zeroed_and_writable
    (if (i32.ne (i32.load (i32.const 196604)) (i32.const 0)) (then unreachable))
    (i32.store (i32.const 196604) (i32.const 99))
    (if (i32.ne (i32.load (i32.const 196604)) (i32.const 99)) (then unreachable)))
  (func (export "_start")
    (call $check_grow_within_max)
    (call $check_grow_beyond_max)
    (call $check_new_pages_zeroed_and_writable)))
