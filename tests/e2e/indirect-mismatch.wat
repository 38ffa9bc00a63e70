;; call_indirect checks the signature; the trap names the caller.
;; expect-status: 134
;; expect-stderr: indirect call type mismatch
;; expect-stderr: dispatch
(module
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (table funcref (elem $answer))
  (func $answer (result i32) (i32.const 42))
  (func $dispatch (result i32)
    (call_indirect (type $i_i) (i32.const 1) (i32.const 0)))
  (func (export "_start") (drop (call $dispatch))))
