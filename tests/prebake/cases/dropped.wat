;; Segments dropped by the initialization stay dropped: memory.init from the dropped passive
;; data segment traps in the function that does it, baked or not (called through a table, so
;; that the optimizer cannot inline it into its caller, which the trap would then name; the
;; store after memory.init keeps the builtin's call out of tail position for the same reason).
;; expect-stdout: {how} ok
;; expect-status: 134
;; expect-stderr: wasm trap: out of bounds memory access (in function use_dropped)
(module
  (memory (export "memory") 1)
  (type $v (func))
  (table 1 funcref)
  (elem (i32.const 0) func $use_dropped)
  (global $inited (mut i32) (i32.const 0))
  (data $gone "abc")
  (func $init (export "wizer.initialize")
    (if (global.get $inited) (then (return)))
    (data.drop $gone)
    (global.set $inited (i32.const 1)))
  (func $use_dropped
    (memory.init $gone (i32.const 0) (i32.const 0) (i32.const 1))
    (i32.store8 (i32.const 0) (i32.const 1)))
  (func (export "_start")
    (call $print_how (global.get $inited))
    (call $init)
    (call $print_text (i32.const 100) (i32.const 3))
    (call_indirect (type $v) (i32.const 0)))
  (data (i32.const 100) "ok\n"))
