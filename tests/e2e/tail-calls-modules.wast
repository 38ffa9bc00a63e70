;; tail-calls-modules.wast — run by spec_wast.sh (tests/e2e/meson.build) in every target and memory mode.
;; A module without tail calls (C convention only) and modules with them (tailcc bodies),
;; calling each other through imports, a shared table, and tail calls across modules.
(module $plain
  (type $t (func (param i64) (result i64)))
  (type $t2 (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (table $tab (export "tab") 4 funcref)
  (func $inc (export "inc") (param i64) (result i64) (i64.add (local.get 0) (i64.const 1)))
  (elem (i32.const 0) $inc)
  ;; a 2.0 caller of what tail modules put in slots 1 and 2 (their C-convention entries)
  (func (export "call1") (param i64) (result i64)
    (call_indirect (type $t) (local.get 0) (i32.const 1)))
  (func (export "call2") (param i64) (result i64)
    (call_indirect (type $t2) (i32.const 0) (local.get 0)
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (i64.const 7) (i32.const 2))))
(register "plain" $plain)

(module $tail1
  (type $t (func (param i64) (result i64)))
  (type $t2 (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "plain" "inc" (func $inc (type $t)))
  (import "plain" "tab" (table $tab 4 funcref))
  ;; tail calls into the 2.0 module: no tailcc entry there, an ordinary call
  (func (export "to_import") (param i64) (result i64) (return_call $inc (local.get 0)))
  (func (export "to_table") (param i64) (result i64)
    (return_call_indirect $tab (type $t) (local.get 0) (i32.const 0)))
  ;; slot 1: n -> slot 2 (another signature, in module tail2) with n - 1; 0 -> 0
  (func $ping (export "ping") (param i64) (result i64)
    (if (i64.eqz (local.get 0)) (then (return (i64.const 0))))
    (return_call_indirect $tab (type $t2) (i32.const 0) (i64.sub (local.get 0) (i64.const 1))
      (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6)
      (i64.const 7) (i32.const 2)))
  (elem (table $tab) (i32.const 1) func $ping))
(register "tail1" $tail1)

(module $tail2
  (type $t (func (param i64) (result i64)))
  (type $t2 (func (param i32 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (import "plain" "tab" (table $tab 4 funcref))
  (import "tail1" "ping" (func $ping (type $t)))
  ;; slot 2: n -> slot 1 with n - 1, checking the arguments; 0 -> 1
  (func $pong (param i32 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (if (i64.ne (i64.add (local.get 8) (local.get 2)) (i64.const 8)) (then unreachable))
    (if (i64.eqz (local.get 1)) (then (return (i64.const 1))))
    (return_call_indirect $tab (type $t) (i64.sub (local.get 1) (i64.const 1)) (i32.const 1)))
  (elem (table $tab) (i32.const 2) func $pong)
  ;; into the other tail module's import directly: its tailcc entry
  (func (export "ping_import") (param i64) (result i64) (return_call $ping (local.get 0))))

(assert_return (invoke $tail1 "to_import" (i64.const 41)) (i64.const 42))
(assert_return (invoke $tail1 "to_table" (i64.const 41)) (i64.const 42))
;; ten million tail calls alternating between two modules and two signatures
(assert_return (invoke $tail1 "ping" (i64.const 10000000)) (i64.const 0))
(assert_return (invoke $tail1 "ping" (i64.const 10000001)) (i64.const 1))
(assert_return (invoke $tail2 "ping_import" (i64.const 10000000)) (i64.const 0))
;; a module without tail calls calls both through the table
(assert_return (invoke $plain "call1" (i64.const 10000000)) (i64.const 0))
(assert_return (invoke $plain "call2" (i64.const 9999999)) (i64.const 0))
