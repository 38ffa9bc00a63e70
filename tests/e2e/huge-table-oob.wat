;; Past the end of a huge table, call_indirect traps with "undefined element".
;; expect-status: 134
;; expect-stderr: undefined element
;; expect-stderr: call_past_end
(module
  (type $v_i (func (result i32)))
  (table $t 0 funcref)
  (func $call_past_end (result i32)
    (call_indirect $t (type $v_i) (i32.const 10000000)))
  (func (export "_start")
    (drop (table.grow $t (ref.null func) (i32.const 10000000)))
    (drop (call $call_past_end))))
