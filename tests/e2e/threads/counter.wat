;; wasi-threads: four threads spawned with `wasi` `thread-spawn` add 1 to a shared counter
;; 100,000 times each with i32.atomic.rmw.add and report their end with a notify; the main
;; thread sleeps in memory.atomic.wait32 until all four are done. A fifth thread takes part
;; in a handoff: it waits for the main thread's flag, answers, and the main thread waits for
;; the answer. Prints the counter (400000) and the handoff's steps; any lost increment or
;; missed wakeup changes the output or hangs (the 60 s limit of run.sh).
;; wat2wasm-options: --enable-threads
;; expect-status: 0
;; expect-stderr-empty
;; expect-stdout: counter 400000
;; expect-stdout: handoff: ping pong
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  ;; 0: counter, 4: threads done, 8: handoff flag (0, 1 ping, 2 pong),
  ;; 16: iovec, 32: bytes written, 64: text
  (global $workers i32 (i32.const 4))
  (global $rounds i32 (i32.const 100000))

  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $ptr))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32))))

  ;; "counter N\n" at 64
  (func $print_counter (param $n i32)
    (local $p i32)
    (i64.store (i32.const 64) (i64.const 0x207265746e756f63)) ;; "counter "
    (local.set $p (i32.const 90))
    (i32.store8 (local.get $p) (i32.const 10))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digits (local.get $n)))
    ;; move the digits right after "counter "
    (memory.copy (i32.const 72) (local.get $p) (i32.sub (i32.const 91) (local.get $p)))
    (call $print (i32.const 64) (i32.sub (i32.const 99) (local.get $p))))

  (func $count
    (local $i i32)
    (loop $more
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (global.get $rounds))))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  ;; waits while the i32 at $addr holds $value
  (func $wait_while (param $addr i32) (param $value i32)
    (loop $again
      (if (i32.eq (i32.atomic.load (local.get $addr)) (local.get $value))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $value) (i64.const -1)))
          (br $again)))))

  ;; the partner: waits for ping (1), answers pong (2)
  (func $partner
    (call $wait_while (i32.const 8) (i32.const 0))
    (i32.atomic.store (i32.const 8) (i32.const 2))
    (drop (memory.atomic.notify (i32.const 8) (i32.const 1))))

  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (if (local.get $arg) (then (call $partner)) (else (call $count))))

  (func $spawn_failed (unreachable))

  (func (export "_start")
    (local $i i32) (local $done i32)
    (loop $spawn_more
      (if (i32.le_s (call $spawn (i32.const 0)) (i32.const 0)) (then (call $spawn_failed)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spawn_more (i32.lt_u (local.get $i) (global.get $workers))))
    (if (i32.le_s (call $spawn (i32.const 1)) (i32.const 0)) (then (call $spawn_failed)))
    ;; all workers done
    (loop $not_yet
      (local.set $done (i32.atomic.load (i32.const 4)))
      (if (i32.ne (local.get $done) (global.get $workers))
        (then
          (drop (memory.atomic.wait32 (i32.const 4) (local.get $done) (i64.const -1)))
          (br $not_yet))))
    (call $print_counter (i32.atomic.load (i32.const 0)))
    ;; handoff
    (i64.store (i32.const 64) (i64.const 0x676e6970203a6666)) ;; "ff: ping"
    (i32.atomic.store (i32.const 8) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 8) (i32.const 1)))
    (call $wait_while (i32.const 8) (i32.const 1))
    (i64.store (i32.const 56) (i64.const 0x6f646e6168000000)) ;; "...hando"
    (i64.store (i32.const 72) (i64.const 0x0a676e6f7020)) ;; " pong\n"
    (call $print (i32.const 59) (i32.const 19))))
