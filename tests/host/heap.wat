;; heap.wat — a request handler with a 1 MiB heap (16 pages), a table, globals and data, for
;; the free/reset tests (test_cycles.c) and the throughput benchmark: `handle(n)` writes
;; 1, 2, ..., n into the first word of n pages of the heap and returns their sum plus the
;; first data byte, so every call dirties memory.
(module
  (memory (export "memory") 16 16)
  (global $calls (mut i32) (i32.const 0))
  (table 4 funcref)
  (elem (i32.const 0) $handle)
  (data (i32.const 0) "request handler state")
  (func $handle (export "handle") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 12)))
                   (i32.add (local.get $i) (i32.const 1)))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (i32.const 4096) (i32.shl (local.get $i) (i32.const 12))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $s) (i32.load8_u (i32.const 0))))
  (func (export "calls") (result i32) (global.get $calls))
  ;; For the pre-baked build of the throughput benchmark (tools/bench/serve.c --baked): fills
  ;; the heap after the data with a non-zero byte, so that the snapshot is a 1 MiB image.
  (func (export "wizer.initialize")
    (memory.fill (i32.const 64) (i32.const 0x5a) (i32.const 1048512)))
)
