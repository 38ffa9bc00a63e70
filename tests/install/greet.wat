;; greet.wat — the plugin of docs/embedding.md's host (host.c): prints through the one import
;; its host offers, returns a number, and traps when asked to greet nobody.
(module
  (import "host" "print" (func $print (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello from the guest")
  (func $greet (export "greet") (param $times i32) (result i32)
    (local $i i32)
    (if (i32.le_s (local.get $times) (i32.const 0)) (then unreachable))
    (loop $again
      (call $print (i32.const 0) (i32.const 20))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_s (local.get $i) (local.get $times))))
    (i32.mul (local.get $times) (i32.const 10)))
)
