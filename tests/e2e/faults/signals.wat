;; A guest that sleeps 400 ms in poll_oneoff, then computes for 600 ms (reading the clock only
;; every few million iterations, so nearly all that time is in generated code), then prints
;; "done".
;; faults.py sends it signals during both phases.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; subscription @0: clock (tag 0 @8), monotonic (id 1 @16), relative timeout 400 ms @24
  (data (i32.const 16) "\01")
  (data (i32.const 24) "\00\84\d7\17")
  ;; iovec @200 → "done\n" @256
  (data (i32.const 200) "\00\01\00\00\05")
  (data (i32.const 256) "done\n")
  (func $spin (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (local.get $n)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func $now (result i64)
    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 320)))
    (i64.load (i32.const 320)))
  (func (export "_start")
    (local $end i64)
    (if (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))
      (then unreachable))
    (local.set $end (i64.add (call $now) (i64.const 600000000)))
    (loop $l
      (i32.store (i32.const 300) (call $spin (i32.const 5000000)))
      (br_if $l (i64.lt_u (call $now) (local.get $end))))
    (drop (call $write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 304)))))
