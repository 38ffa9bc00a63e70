;; Tail calls between functions of different signatures run in constant stack: a state
;; machine of three states, each taking other parameters (one takes eleven, more than the
;; argument registers of x86-64 and AArch64 hold for its integers, so some pass on the
;; stack), ten million calls deep, through return_call and through return_call_indirect,
;; under a 64 KiB stack cap that a few thousand ordinary frames would exhaust. Each state
;; checks the values it was passed; a wrong value or count traps in a function named after
;; the check. (return_call_ref: tail-calls-ref.py, which writes bytes wabt cannot.)
;; wat2wasm-options: --enable-tail-call
;; w2n-options: --max-stack 64K
;; expect-status: 0
;; expect-stderr-empty
(module
  (type $ta (func (param i64) (result i32)))
  (type $tb (func (param f64 i64 i32) (result i32)))
  (type $tc (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64 i64 f32) (result i32)))
  (table funcref (elem $a_i $b_i $c_i))
  ;; Direct: a(n) -> b(1.5, n-1, 7) -> c(7, n-1, 1..8, 2.5) -> a(n-1); n = 0 returns the state.
  (func $a (type $ta)
    (if (i64.eqz (local.get 0)) (then (return (i32.const 0))))
    (return_call $b (f64.const 1.5) (i64.sub (local.get 0) (i64.const 1)) (i32.const 7)))
  (func $b (type $tb)
    (if (i32.or (f64.ne (local.get 0) (f64.const 1.5)) (i32.ne (local.get 2) (i32.const 7)))
      (then (call $b_got_its_arguments)))
    (if (i64.eqz (local.get 1)) (then (return (i32.const 1))))
    (return_call $c (i32.const 7) (i64.sub (local.get 1) (i64.const 1))
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (i64.const 7) (i64.const 8) (f32.const 2.5)))
  (func $c (type $tc)
    (call $c_check (local.get 0) (local.get 2) (local.get 3) (local.get 4) (local.get 5)
      (local.get 6) (local.get 7) (local.get 8) (local.get 9) (local.get 10))
    (if (i64.eqz (local.get 1)) (then (return (i32.const 2))))
    (return_call $a (i64.sub (local.get 1) (i64.const 1))))
  ;; The same through the table: a_i, b_i, c_i at 0, 1, 2.
  (func $a_i (type $ta)
    (if (i64.eqz (local.get 0)) (then (return (i32.const 0))))
    (return_call_indirect (type $tb)
      (f64.const 1.5) (i64.sub (local.get 0) (i64.const 1)) (i32.const 7) (i32.const 1)))
  (func $b_i (type $tb)
    (if (i32.or (f64.ne (local.get 0) (f64.const 1.5)) (i32.ne (local.get 2) (i32.const 7)))
      (then (call $b_got_its_arguments)))
    (if (i64.eqz (local.get 1)) (then (return (i32.const 1))))
    (return_call_indirect (type $tc) (i32.const 7) (i64.sub (local.get 1) (i64.const 1))
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (i64.const 7) (i64.const 8) (f32.const 2.5) (i32.const 2)))
  (func $c_i (type $tc)
    (call $c_check (local.get 0) (local.get 2) (local.get 3) (local.get 4) (local.get 5)
      (local.get 6) (local.get 7) (local.get 8) (local.get 9) (local.get 10))
    (if (i64.eqz (local.get 1)) (then (return (i32.const 2))))
    (return_call_indirect (type $ta) (i64.sub (local.get 1) (i64.const 1)) (i32.const 0)))
  (func $b_got_its_arguments unreachable)
  (func $c_got_its_arguments unreachable)
  (func $c_check (param i32 i64 i64 i64 i64 i64 i64 i64 i64 f32)
    (if (i32.or (i32.ne (local.get 0) (i32.const 7)) (f32.ne (local.get 9) (f32.const 2.5)))
      (then (call $c_got_its_arguments)))
    (if (i64.ne (i64.const 0x0807060504030201)
          (i64.or (i64.or (i64.or (local.get 1) (i64.shl (local.get 2) (i64.const 8)))
                          (i64.or (i64.shl (local.get 3) (i64.const 16)) (i64.shl (local.get 4) (i64.const 24))))
                  (i64.or (i64.or (i64.shl (local.get 5) (i64.const 32)) (i64.shl (local.get 6) (i64.const 40)))
                          (i64.or (i64.shl (local.get 7) (i64.const 48)) (i64.shl (local.get 8) (i64.const 56))))))
      (then (call $c_got_its_arguments))))
  ;; Ten million calls from a: the state after 10^7 calls is 10^7 mod 3 = 1 (b).
  (func $direct_ends_in_b (if (i32.ne (call $a (i64.const 10000000)) (i32.const 1)) (then unreachable)))
  (func $direct_ends_in_c (if (i32.ne (call $a (i64.const 10000001)) (i32.const 2)) (then unreachable)))
  (func $indirect_ends_in_b (if (i32.ne (call $a_i (i64.const 10000000)) (i32.const 1)) (then unreachable)))
  (func $indirect_ends_in_a (if (i32.ne (call $a_i (i64.const 9999999)) (i32.const 0)) (then unreachable)))
  (func (export "_start")
    (call $direct_ends_in_b)
    (call $direct_ends_in_c)
    (call $indirect_ends_in_b)
    (call $indirect_ends_in_a)))
