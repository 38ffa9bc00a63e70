;; good.wat — a well-behaved plugin: sums 1..n, tells its host through the one import it is
;; given, and returns the sum.
(module
  (import "host" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "summing numbers")
  (func $run (export "run") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (call $log (i32.const 0) (i32.const 15))
    (block $done
      (loop $next
        (br_if $done (i32.gt_s (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))
)
