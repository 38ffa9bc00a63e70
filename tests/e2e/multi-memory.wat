;; Two memories (multi-memory), each with its own size and its own guard region or bounds
;; checks: an active data segment in memory 1, memory.copy and memory.fill between and in
;; them, growth of one alone; then an access past the end of the smaller memory traps although
;; the larger one has that address. (A failed check traps "unreachable" instead; which function
;; the trap names depends on inlining in guard-page mode, so it is not checked.)
;; wat2wasm-options: --enable-multi-memory
;; expect-status: 134
;; expect-stderr: out of bounds memory access
(module
  (memory $big 3)
  (memory $small 1)
  (data (memory $small) (i32.const 8) "\2a")
  (func $data_in_small
    (if (i32.ne (i32.load8_u $small (i32.const 8)) (i32.const 42)) (then unreachable))
    (if (i32.ne (i32.load8_u $big (i32.const 8)) (i32.const 0)) (then unreachable)))
  (func $copy_small_to_big
    (memory.copy $big $small (i32.const 100) (i32.const 8) (i32.const 1))
    (if (i32.ne (i32.load8_u (i32.const 100)) (i32.const 42)) (then unreachable)))
  (func $fill_small
    (memory.fill $small (i32.const 0) (i32.const 7) (i32.const 4))
    (if (i32.ne (i32.load $small (i32.const 0)) (i32.const 0x07070707)) (then unreachable))
    (if (i32.ne (i32.load $big (i32.const 0)) (i32.const 0)) (then unreachable)))
  (func $grow_small
    (if (i32.ne (memory.grow $small (i32.const 1)) (i32.const 1)) (then unreachable))
    (if (i32.ne (memory.size $small) (i32.const 2)) (then unreachable))
    (if (i32.ne (memory.size $big) (i32.const 3)) (then unreachable))
    (i32.store $small offset=4 (i32.const 70000) (i32.const 99))
    (if (i32.ne (i32.load $small (i32.const 70004)) (i32.const 99)) (then unreachable)))
  (func $past_small (result i32)
    (i32.store $big (i32.const 131072) (i32.const 1))
    (i32.load $small (i32.const 131072)))
  (global $sink (mut i32) (i32.const 0))
  (func (export "_start")
    (call $data_in_small)
    (call $copy_small_to_big)
    (call $fill_small)
    (call $grow_small)
    (global.set $sink (call $past_small))))
