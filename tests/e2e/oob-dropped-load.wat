;; A load whose value is never used still traps when out of bounds: wasm has no dead loads.
;; (In guard-page mode the trap comes from the fault, so the load must stay in the code.)
;; expect-status: 134
;; expect-stderr: out of bounds memory access
;; expect-stderr: dropped_load
(module
  (memory 1)
  (func $dropped_load (export "_start")
    (drop (i32.load (i32.const 70000)))))
