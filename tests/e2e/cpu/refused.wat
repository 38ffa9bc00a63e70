;; Compiled for a CPU with features the machine running it lacks (tests/e2e/meson.build picks
;; the pair: x86-64-v3 code on a Nehalem, Neoverse-N1 code on a Cortex-A53, both emulated by
;; qemu): the executable refuses to start, before any wasm code runs, instead of dying by SIGILL.
;; expect-status: 132
;; expect-stderr: wasm2native: this program needs CPU features that this machine lacks: 
(module
  (func (export "_start") unreachable))
