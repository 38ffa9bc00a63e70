;; --fuel stops an endless loop after its budget of instructions.
;; w2n-options: --fuel 100000
;; expect-status: 124
;; expect-stderr: wasm trap: all fuel consumed (in function count)
(module
  (global $n (mut i32) (i32.const 0))
  (func $count
    (loop
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br 0)))
  (func (export "_start") (call $count)))
