;; A reactor (exports _initialize, no _start): an executable runs its _initialize and exits.
;; Baked with --init-func _initialize, the initialization ran at build time and must not run
;; again at start: the baked executable prints nothing and exits 0, where running _initialize
;; a second time would print again and trap. (run.py, run_reactor.)
(module
  (memory (export "memory") 1)
  (global $runs (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
    (call $print_text (i32.const 100) (i32.const 12))
    (call $print (global.get $runs))
    (if (i32.gt_u (global.get $runs) (i32.const 1)) (then unreachable)))
  (data (i32.const 100) "initialized "))
