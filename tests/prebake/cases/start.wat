;; The start function runs exactly once: at build time when baked, at start otherwise. Both
;; count into the same global; a second run of the start function would make it 3.
;; expect-stdout: {how} start 1 init 1 count 2
(module
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (global $starts (mut i32) (i32.const 0))
  (global $inits (mut i32) (i32.const 0))
  (func $start
    (global.set $starts (i32.add (global.get $starts) (i32.const 1)))
    (global.set $count (i32.add (global.get $count) (i32.const 1))))
  (start $start)
  (func $init (export "wizer.initialize")
    (global.set $inits (i32.add (global.get $inits) (i32.const 1)))
    (global.set $count (i32.add (global.get $count) (i32.const 1))))
  (func (export "_start")
    (call $print_how (global.get $inits))
    (if (i32.eqz (global.get $inits)) (then (call $init)))
    (call $print_text (i32.const 100) (i32.const 6))
    (call $print (global.get $starts))
    (call $print_text (i32.const 110) (i32.const 5))
    (call $print (global.get $inits))
    (call $print_text (i32.const 120) (i32.const 6))
    (call $print (global.get $count)))
  (data (i32.const 100) "start ")
  (data (i32.const 110) "init ")
  (data (i32.const 120) "count "))
