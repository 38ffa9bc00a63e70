;; A baked module that traps later still names the function: the table entry the
;; initialization set leads to $boom, whose name comes from the name section.
;; expect-stdout: {how} before
;; expect-status: 134
;; expect-stderr: wasm trap: unreachable (in function boom)
(module
  (memory (export "memory") 1)
  (type $v (func))
  (table $t 1 funcref)
  (global $inited (mut i32) (i32.const 0))
  (func $fine)
  (func $boom (unreachable))
  (elem declare func $boom)
  (elem (i32.const 0) func $fine)
  (func $init (export "wizer.initialize")
    (if (global.get $inited) (then (return)))
    (table.set $t (i32.const 0) (ref.func $boom))
    (global.set $inited (i32.const 1)))
  (func (export "_start")
    (call $print_how (global.get $inited))
    (call $init)
    (call $print_text (i32.const 100) (i32.const 7))
    (call_indirect $t (type $v) (i32.const 0)))
  (data (i32.const 100) "before\n"))
