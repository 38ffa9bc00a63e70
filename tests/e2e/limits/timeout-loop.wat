;; --timeout stops (loop (br 0)) at its deadline: the interruption check at the loop header.
;; w2n-options: --timeout 200ms
;; expect-status: 124
;; expect-stderr: wasm trap: interrupted: deadline exceeded (in function
;; expect-seconds-under: 1
(module
  (func $spin (loop (br 0)))
  (func (export "_start") (call $spin)))
