;; type-mismatch.wat — a module that is well-formed but invalid, to show a diagnostic:
;; the function promises an i32 and leaves an i64.
;;
;;   $ wasm2native --check build/examples/invalid/type-mismatch.wasm
;;   build/examples/invalid/type-mismatch.wasm:0x00000026: error: type mismatch (end of function
;;   expects [i32] but got [i64])
;;
;; (assembled with `wat2wasm --no-check`, since wat2wasm itself would refuse it)
(module
  (func $answer (export "answer") (result i32)
    (i64.const 42)))
