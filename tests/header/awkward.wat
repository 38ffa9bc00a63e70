;; awkward.wat — a module whose export names are not C identifiers, with every value type,
;; several results and every kind of import, for `wasm2native -c --header` (tests/header).
;; host.c calls it through the generated header; expected.txt is what it prints.
(module
  (import "env" "log" (func $log (param i32)))                      ;; a host function
  (import "env" "scale" (func $scale (param f64 v128) (result v128))) ;; v128 through a vector
  (import "env" "pair" (func $pair (param i32) (result i32 i32)))   ;; several results
  (import "env" "print" (func $print (param i32 i32)))              ;; reads the caller's memory
  (import "env" "memory" (memory 1))
  (import "env" "g" (global $g (mut i32)))
  (import "1st" "int" (func $first))                                ;; member import_1st_int
  (import "env" "log" (func $log_again (param i32)))                ;; the same names again
  (import "wasi_snapshot_preview1" "fd_write"                       ;; left to the fallback
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (global $counter (export "counter") (mut i64) (i64.const 5))
  (global (export "pi") f32 (f32.const 3.25))
  (global (export "vec") (mut v128) (v128.const i32x4 1 2 3 4))
  (global (export "fref") funcref (ref.func $add))
  (table (export "tab") 2 funcref)
  (elem declare func $add)
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "add-one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "add.one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 2)))
  (func (export "add_one") (param i32) (result i32) (i32.add (local.get 0) (i32.const 3)))
  (func (export "a\00b") (result i32) (i32.const 7))
  (func (export "π") (result f64) (f64.const 3.5))
  (func (export "1st") (result i32) (i32.const 1))
  (func (export "int") (result i32) (i32.const 2))
  (func (export "return") (result i32) (i32.const 3))
  (func (export "call") (result i32) (i32.const 4))           ;; w2n_call is the runtime's
  (func (export "module") (result i32) (i32.const 5))         ;; w2n_module is the descriptor
  (func (export "instantiate") (result i32) (i32.const 6))    ;; w2n_instantiate is too
  (func (export "new") (result i32) (i32.const 8))            ;; w2n_new is the header's
  (func (export "swap") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
  (func (export "swap_result") (result i32) (i32.const 9))    ;; clashes with swap's struct
  (func (export "three") (result f32 f64 i64) (f32.const 1.5) (f64.const 2.5) (i64.const -3))
  (func (export "all")
    (param i32 i64 f32 f64 v128 funcref externref) (result externref) (local.get 6))
  (func (export "mix") (param i32 i64 f32 f64) (result f64)
    (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (f64.convert_i64_s (local.get 1)))
             (f64.add (f64.promote_f32 (local.get 2)) (local.get 3))))
  (func (export "v") (param v128) (result v128) (i8x16.add (local.get 0) (local.get 0)))
  (func (export "r") (result funcref) (ref.func $add))
  (func (export "get counter") (result i64) (global.get $counter))
  (func (export "call log") (param i32) (call $log (local.get 0)) (call $log_again (i32.const -1)))
  (func (export "call scale") (param f64 v128) (result v128)
    (call $scale (local.get 0) (local.get 1)))
  (func (export "call pair") (param i32) (result i32)
    (call $pair (local.get 0)) (i32.sub))
  (func (export "call 1st") (call $first))
  (func (export "say") (param i32 i32) (call $print (local.get 0) (local.get 1)))
  (func (export "read g") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func $boom (export "boom") (result i32) (unreachable))
  (export "memory" (memory 0))                                 ;; struct w2n_memory is taken
  (data (i32.const 16) "\64\00\00\00\10\00\00\00")            ;; iovec: 16 bytes at 100
  (data (i32.const 100) "hello from WASI\n")
  (func (export "hello") (result i32)
    (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32)))
  (export "log again" (func $log))                             ;; a host function re-exported
  (export "" (func $first))
)
