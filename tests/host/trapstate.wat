;; trapstate.wat — the state a host sees after an out-of-bounds trap (test_trapstate.c,
;; docs/reliability.md "After a trap"). Compiled twice: with --bounds-checks, where the state is
;; the spec's exactly, and in guard-page mode, where it is exact except for the writes of the
;; trapping call itself.
(module
  (memory (export "memory") 1 1)
  (global (export "g") (mut i32) (i32.const 0))
  ;; The store and the global write come first: the spec keeps them after the trap.
  (func (export "store_then_load") (param $a i32) (result i32)
    (i32.store (i32.const 16) (i32.const 0x11111111))
    (global.set 0 (i32.const 1))
    (i32.load (local.get $a)))
  ;; The load comes first: the spec drops the store and the global write.
  (func (export "load_then_store") (param $a i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (local.get $a)))
    (i32.store (i32.const 32) (i32.const 0x22222222))
    (global.set 0 (i32.const 2))
    (local.get $v))
  ;; A store at a, then a load at a + 4: provably different bytes, so LLVM may load first.
  ;; With a = 65532 the store fits and the load does not: the store must stay.
  (func (export "neighbours") (param $a i32) (result i32)
    (i32.store (local.get $a) (i32.const 0x44444444))
    (i32.load offset=4 (local.get $a)))
  ;; The loaded value dies in an xor that is dropped (what difffuzz found).
  (func (export "dead_load") (param $a i32)
    (drop (i32.xor (i32.load (local.get $a)) (i32.const 1)))
    (i32.store (i32.const 48) (i32.const 0x33333333)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
