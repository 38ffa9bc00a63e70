;; Address adds and wrap-around (compiler/lower_nowrap.cpp). An add that no earlier access
;; covers may wrap: at p = 0xfffffffc, p + 4 is address 0, a valid load (a failure there is
;; an `unreachable` trap). A pointer walk unrolled by two (the shape whose step the pass marks
;; nuw) traps where it leaves the memory. (The trap names _start: walk_to_end is inlined.)
;; expect-status: 134
;; expect-stderr: out of bounds memory access
(module
  (memory 1)
  (global $sum (mut i32) (i32.const 0))
  (func $load_after_wrap (param $p i32) (result i32)
    (i32.load (i32.add (local.get $p) (i32.const 4))))
  (func $check_wrap
    (i32.store (i32.const 0) (i32.const 42))
    (if (i32.ne (call $load_after_wrap (i32.const 0xfffffffc)) (i32.const 42))
      (then unreachable)))
  ;; Adds 1 per word from p on, two words per iteration, until a load traps.
  (func $walk_to_end (param $p i32)
    (loop $next
      (global.set $sum (i32.add (global.get $sum)
        (i32.add (i32.load (local.get $p))
                 (i32.load (i32.add (local.get $p) (i32.const 4))))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $next)))
  (func (export "_start")
    (call $check_wrap)
    (i32.store (i32.const 65520) (i32.const 1))
    (i32.store (i32.const 65524) (i32.const 1))
    (i32.store (i32.const 65528) (i32.const 1))
    (i32.store (i32.const 65532) (i32.const 1))
    (call $walk_to_end (i32.const 65520))))
