;; Loop versioning (compiler/loop_version.cpp): a loop whose addresses step by a constant runs
;; a copy with 64-bit addresses only when a check before the loop finds that none of them
;; wraps. Here the addresses do wrap, or stop just short of it, and each load is guarded by
;; `x < 65536`, so a copy entered wrongly would load 4 GiB too high and fault; the sums say
;; that every in-bounds word was read. The start addresses and counts are read from memory
;; (words at 64...), so that none is known when the loops are compiled (a loop of known count
;; is unrolled; a start with a known constant part is another case). Memory words 0..7 hold
;; 1..8 (sum 36).
;; expect-status: 0
;; expect-stderr-empty
(module
  (memory 1)
  (data (i32.const 0) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00"
                      "\05\00\00\00\06\00\00\00\07\00\00\00\08\00\00\00")
  ;; $arg 0..4, start addresses: 0, 0xfffffff0, 0xfffffff4, 8, 28; 5..10, counts: 8, 12, 4,
  ;; 6, 2, 257.
  (data (i32.const 64) "\00\00\00\00\f0\ff\ff\ff\f4\ff\ff\ff\08\00\00\00\1c\00\00\00"
                       "\08\00\00\00\0c\00\00\00\04\00\00\00\06\00\00\00\02\00\00\00"
                       "\01\01\00\00")
  (func $word (param $x i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $x) (i32.const 65536))
      (then (i32.load (local.get $x))) (else (i32.const 0))))
  ;; The words at a, a + 4, ... (n of them).
  (func $up (param $a i32) (param $n i32) (result i32)
    (local $k i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s)
        (call $word (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.ne (local.get $k) (local.get $n))))
    (local.get $s))
  ;; The words at a, a - 4, ... (n of them).
  (func $down (param $a i32) (param $n i32) (result i32)
    (local $k i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s)
        (call $word (i32.sub (local.get $a) (i32.shl (local.get $k) (i32.const 2))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.ne (local.get $k) (local.get $n))))
    (local.get $s))
;; The words at a, a - 16 MiB, ... (n of them): 256 steps go once around 4 GiB.
  (func $down_far (param $a i32) (param $n i32) (result i32)
    (local $k i32) (local $s i32)
    (loop $next
      (local.set $s (i32.add (local.get $s)
        (call $word (i32.sub (local.get $a) (i32.shl (local.get $k) (i32.const 24))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.ne (local.get $k) (local.get $n))))
    (local.get $s))
  ;; Two words per step, at x and x + 4 with x = a + k*8, as clang unrolls.
  (func $pairs (param $a i32) (param $n i32) (result i32)
    (local $k i32) (local $s i32) (local $x i32)
    (loop $next
      (local.set $x (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))))
      (local.set $s (i32.add (local.get $s) (call $word (local.get $x))))
      (local.set $s (i32.add (local.get $s)
        (call $word (i32.add (local.get $x) (i32.const 4)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $next (i32.ne (local.get $k) (local.get $n))))
    (local.get $s))
  (func $arg (param $i i32) (result i32)
    (i32.load offset=64 (i32.shl (local.get $i) (i32.const 2))))
  (func $expect (param $got i32) (param $want i32)
    (if (i32.ne (local.get $got) (local.get $want)) (then unreachable)))
  (func $up_no_wrap
    (call $expect (call $up (call $arg (i32.const 0)) (call $arg (i32.const 5))) (i32.const 36)))
  (func $up_wraps_to_zero
    (call $expect (call $up (call $arg (i32.const 1)) (call $arg (i32.const 6)))
                  (i32.const 36)))
  (func $up_ends_at_the_top
    (call $expect (call $up (call $arg (i32.const 1)) (call $arg (i32.const 7)))
                  (i32.const 0)))
  (func $down_no_wrap
    (call $expect (call $down (call $arg (i32.const 4)) (call $arg (i32.const 5)))
                  (i32.const 36)))
  (func $down_wraps_below_zero
    (call $expect (call $down (call $arg (i32.const 3)) (call $arg (i32.const 8)))
                  (i32.const 6)))
  (func $down_around_to_the_start
    ;; x = 8, then 255 addresses above the memory, then 8 again.
    (call $expect (call $down_far (call $arg (i32.const 3)) (call $arg (i32.const 10)))
                  (i32.const 6)))
  (func $pairs_no_wrap
    (call $expect (call $pairs (call $arg (i32.const 0)) (call $arg (i32.const 7)))
                  (i32.const 36)))
  (func $pairs_wrap_in_the_second_word
    ;; x = 0xfffffff4, 0xfffffffc; x + 4 = 0xfffffff8, then 0 (the word 1).
    (call $expect (call $pairs (call $arg (i32.const 2)) (call $arg (i32.const 9)))
                  (i32.const 1)))
  (func $pairs_end_at_the_top
    (call $expect (call $pairs (call $arg (i32.const 1)) (call $arg (i32.const 9)))
                  (i32.const 0)))
  (func (export "_start")
    (call $up_no_wrap)
    (call $up_wraps_to_zero)
    (call $up_ends_at_the_top)
    (call $down_no_wrap)
    (call $down_wraps_below_zero)
    (call $down_around_to_the_start)
    (call $pairs_no_wrap)
    (call $pairs_wrap_in_the_second_word)
    (call $pairs_end_at_the_top)))
