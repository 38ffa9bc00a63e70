;; baked.wat — a module compiled with --prebake for test_baked.c: its initialization
;; (wizer.initialize) overwrites its data segment, sets a global, grows its memory and fills a
;; table slot, so that the baked state differs from the declared one in every way reset must
;; restore; `mess` changes all of it again.
(module
  (type $get (func (result i32)))
  (memory (export "memory") 1 8)
  (global $g (export "g") (mut i32) (i32.const 1))
  (table 2 funcref)
  (data (i32.const 0) "declared")
  (elem declare func $seven)
  (func $seven (type $get) (i32.const 7))
  (func (export "wizer.initialize")
    (i64.store (i32.const 0) (i64.const 0x44454b4142414b45)) ;; "EKABAKED"
    (global.set $g (i32.const 42))
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 99))
    (table.set 0 (i32.const 1) (ref.func $seven)))
  (func (export "mess")
    (i64.store (i32.const 0) (i64.const -1))
    (global.set $g (i32.const -5))
    (drop (memory.grow (i32.const 3)))
    (i32.store (i32.const 65536) (i32.const 0))
    (table.set 0 (i32.const 1) (ref.null func)))
  (func (export "slot1") (result i32) (call_indirect (type $get) (i32.const 1)))
)
