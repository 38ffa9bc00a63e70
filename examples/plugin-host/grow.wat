;; grow.wat — a plugin that wants all the memory it can get: it grows its memory a page at a
;; time until memory.grow fails (here at its declared maximum of 16 pages, 1 MiB), and
;; returns the pages it got.
(module
  (memory (export "memory") 1 16)
  (func $run (export "run") (param $n i32) (result i32)
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
)
