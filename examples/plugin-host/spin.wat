;; spin.wat — a plugin that never returns: its loop has no exit. Compiled with
;; `-c --interruptible`, its loop head checks the instance's interruption flag, so the host's
;; deadline stops it.
(module
  (func $run (export "run") (param $n i32) (result i32)
    (loop $forever (br $forever))
    (unreachable))
)
