;; A table grown to ten million entries: table.grow returns the old size, the new entries
;; hold the init value, call_indirect reaches the last one, and growing past the runtime's
;; limit returns -1.
;; expect-status: 0
(module
  (type $v_i (func (result i32)))
  (table $t 1 funcref)
  (elem declare func $seven)
  (func $seven (result i32) (i32.const 7))
  (func $check_grow
    (if (i32.ne (table.grow $t (ref.null func) (i32.const 9999999)) (i32.const 1))
      (then unreachable))
    (if (i32.ne (table.size $t) (i32.const 10000000)) (then unreachable)))
  (func $check_fill_and_call
    (table.fill $t (i32.const 9000000) (ref.func $seven) (i32.const 1000000))
    (if (i32.ne (call_indirect $t (type $v_i) (i32.const 9999999)) (i32.const 7))
      (then unreachable))
    (if (i32.eqz (ref.is_null (table.get $t (i32.const 8999999)))) (then unreachable)))
  (func $check_grow_fails_past_limit
    (if (i32.ne (table.grow $t (ref.null func) (i32.const 0x7fffffff)) (i32.const -1))
      (then unreachable))
    (if (i32.ne (table.size $t) (i32.const 10000000)) (then unreachable)))
  (func (export "_start")
    (call $check_grow)
    (call $check_fill_and_call)
    (call $check_grow_fails_past_limit)))
