;; Relaxed SIMD: the results wasm2native chooses where the spec allows several (docs/simd.md),
;; on inputs where the choices differ; the spec's own files accept any allowed result and have
;; no case at all for relaxed_trunc. The same choices on x86-64 and AArch64 (this file runs on
;; both; tools/simd-diff compares every operator across the targets). Operands are loaded from
;; memory so that LLVM cannot fold them. A wrong result traps in a function named after the check.
;; wat2wasm-options: --enable-relaxed-simd
;; expect-status: 0
;; expect-stderr-empty
(module
  (memory 1)
  (data (i32.const 0) "\00\00\c0\7f\5e\d0\32\4f\5e\d0\32\cf\00\00\c0\bf")
  (data (i32.const 16) "\00\00\00\00\ff\ff\ff\7f\00\00\00\80\ff\ff\ff\ff")
  (data (i32.const 32) "\00\00\c0\7f\f9\02\95\4f\00\00\c0\bf\ff\ff\7f\4f")
  (data (i32.const 48) "\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\ff\ff\ff")
  (data (i32.const 64) "\00\00\00\00\00\00\f8\7f\00\00\00\20\5f\a0\02\c2")
  (data (i32.const 80) "\00\00\00\00\00\00\00\80\00\00\00\00\00\00\00\00")
  (data (i32.const 96) "\9a\99\f9\ff\ff\ff\df\41\33\33\33\33\33\33\07\c0")
  (data (i32.const 112) "\ff\ff\ff\7f\fe\ff\ff\ff\00\00\00\00\00\00\00\00")
  (data (i32.const 128) "\00\00\00\00\00\00\f8\7f\00\00\00\20\5f\a0\02\42")
  (data (i32.const 144) "\00\00\00\00\ff\ff\ff\ff\00\00\00\00\00\00\00\00")
  (data (i32.const 160) "\00\00\c0\7f\00\00\00\00\00\00\00\80\00\00\80\3f")
  (data (i32.const 176) "\00\00\80\3f\01\00\c0\7f\00\00\00\00\00\00\00\80")
  (data (i32.const 192) "\00\00\80\3f\01\00\c0\7f\00\00\00\00\00\00\00\80")
  (data (i32.const 208) "\00\00\00\00\00\00\00\80\00\00\00\00\00\00\f8\7f")
  (data (i32.const 224) "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\40")
  (data (i32.const 240) "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\40")
  (data (i32.const 256) "\00\00\00\00\00\00\80\3f\00\00\c0\7f\00\00\00\40")
  (data (i32.const 272) "\00\00\00\80\01\00\c0\7f\00\00\80\3f\00\00\80\3f")
  (data (i32.const 288) "\00\00\00\80\01\00\c0\7f\00\00\80\3f\00\00\00\40")
  (data (i32.const 304) "\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\08\c0")
  (data (i32.const 320) "\01\00\00\00\00\00\f8\7f\00\00\00\00\00\00\00\40")
  (data (i32.const 336) "\01\00\00\00\00\00\f8\7f\00\00\00\00\00\00\08\c0")
  (data (i32.const 352) "\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11")
  (data (i32.const 368) "\22\22\22\22\22\22\22\22\22\22\22\22\22\22\22\22")
  (data (i32.const 384) "\ff\ff\00\00\00\00\00\80\ff\ff\ff\ff\00\00\00\00")
  (data (i32.const 400) "\11\11\22\22\22\22\22\22\11\11\11\11\22\22\22\22")
  (data (i32.const 416) "\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11\11")
  (data (i32.const 432) "\22\22\22\22\22\22\22\22\22\22\22\22\22\22\22\22")
  (data (i32.const 448) "\0f\80\7f\ff\0f\80\7f\ff\0f\80\7f\ff\0f\80\7f\ff")
  (data (i32.const 464) "\21\22\11\11\21\22\11\11\21\22\11\11\21\22\11\11")
  (data (i32.const 480) "\64\65\66\67\68\69\6a\6b\6c\6d\6e\6f\70\71\72\73")
  (data (i32.const 496) "\03\10\11\1f\20\7f\80\ff\0f\00\40\64\70\01\02\30")
  (data (i32.const 512) "\67\00\00\00\00\00\00\00\73\64\00\00\00\65\66\00")
  (data (i32.const 528) "\02\00\80\3f\02\00\80\3f\02\00\80\3f\02\00\80\3f")
  (data (i32.const 544) "\00\01\80\3f\00\01\80\3f\00\01\80\3f\00\01\80\3f")
  (data (i32.const 560) "\02\01\80\bf\02\01\80\bf\02\01\80\bf\02\01\80\bf")
  (data (i32.const 576) "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 592) "\02\00\80\bf\02\00\80\bf\02\00\80\bf\02\00\80\bf")
  (data (i32.const 608) "\00\01\80\3f\00\01\80\3f\00\01\80\3f\00\01\80\3f")
  (data (i32.const 624) "\02\01\80\bf\02\01\80\bf\02\01\80\bf\02\01\80\bf")
  (data (i32.const 640) "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 656) "\01\00\00\00\00\00\f0\3f\01\00\00\00\00\00\f0\3f")
  (data (i32.const 672) "\01\00\00\00\00\00\f0\3f\01\00\00\00\00\00\f0\3f")
  (data (i32.const 688) "\02\00\00\00\00\00\f0\bf\02\00\00\00\00\00\f0\bf")
  (data (i32.const 704) "\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 720) "\00\80\00\40\00\80\00\00\01\00\ff\ff\ff\7f\64\00")
  (data (i32.const 736) "\00\80\00\40\ff\7f\05\00\00\40\00\40\ff\7f\64\00")
  (data (i32.const 752) "\ff\7f\00\20\01\80\00\00\01\00\00\00\fe\7f\00\00")
  (data (i32.const 768) "\80\80\80\7f\01\02\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 784) "\80\80\81\7f\03\04\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 800) "\00\80\81\7e\0b\00\00\00\00\00\00\00\00\00\00\00")
  (data (i32.const 816) "\80\80\80\80\01\02\03\04\00\00\00\00\00\00\00\00")
  (data (i32.const 832) "\80\80\80\80\05\06\07\08\00\00\00\00\00\00\00\00")
  (data (i32.const 848) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00")
  (data (i32.const 864) "\01\00\ff\ff\48\00\00\00\03\00\00\00\04\00\00\00")
  ;; NaN → 0, 3e9 → INT32_MAX, -3e9 → INT32_MIN, -1.5 → -1 (trunc_sat; x86's cvttps2dq would give INT32_MIN for the first three)
  (func $trunc_f32x4_s
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_trunc_f32x4_s (v128.load (i32.const 0))) (v128.load (i32.const 16)))))
      (then unreachable)))
  ;; NaN → 0, 5e9 → UINT32_MAX, -1.5 → 0, the largest f32 below 2^32 exactly
  (func $trunc_f32x4_u
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_trunc_f32x4_u (v128.load (i32.const 32))) (v128.load (i32.const 48)))))
      (then unreachable)))
  ;; NaN → 0, -1e10 → INT32_MIN, upper lanes 0
  (func $trunc_f64x2_s_zero
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_trunc_f64x2_s_zero (v128.load (i32.const 64))) (v128.load (i32.const 80)))))
      (then unreachable)))
  ;; in range: truncation toward zero
  (func $trunc_f64x2_s_zero_in_range
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_trunc_f64x2_s_zero (v128.load (i32.const 96))) (v128.load (i32.const 112)))))
      (then unreachable)))
  ;; NaN → 0, 1e10 → UINT32_MAX, upper lanes 0
  (func $trunc_f64x2_u_zero
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_trunc_f64x2_u_zero (v128.load (i32.const 128))) (v128.load (i32.const 144)))))
      (then unreachable)))
  ;; a < b ? a : b: the second operand for NaN in either (bit for bit) and for two zeros
  (func $min_f32x4
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f32x4.relaxed_min (v128.load (i32.const 160)) (v128.load (i32.const 176))) (v128.load (i32.const 192)))))
      (then unreachable)))
  ;; a > b ? a : b: max(-0, +0) = +0 (b), max(NaN, 2) = 2
  (func $max_f64x2
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f64x2.relaxed_max (v128.load (i32.const 208)) (v128.load (i32.const 224))) (v128.load (i32.const 240)))))
      (then unreachable)))
  ;; max(+0, -0) = -0 (b), NaN second → it, NaN first → b, ordinary max
  (func $max_f32x4
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f32x4.relaxed_max (v128.load (i32.const 256)) (v128.load (i32.const 272))) (v128.load (i32.const 288)))))
      (then unreachable)))
  ;; min(1, NaN) = that NaN, min(-3, 2) = -3
  (func $min_f64x2
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f64x2.relaxed_min (v128.load (i32.const 304)) (v128.load (i32.const 320))) (v128.load (i32.const 336)))))
      (then unreachable)))
  ;; bit for bit (bitselect), even when the mask mixes bits in a lane
  (func $laneselect
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.relaxed_laneselect (v128.load (i32.const 352)) (v128.load (i32.const 368)) (v128.load (i32.const 384))) (v128.load (i32.const 400)))))
      (then unreachable)))
  ;; bitselect in byte lanes
  (func $laneselect_i8
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i8x16.relaxed_laneselect (v128.load (i32.const 416)) (v128.load (i32.const 432)) (v128.load (i32.const 448))) (v128.load (i32.const 464)))))
      (then unreachable)))
  ;; indices 16-127 give 0 like >= 128 (swizzle; x86's pshufb would take them modulo 16)
  (func $swizzle
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i8x16.relaxed_swizzle (v128.load (i32.const 480)) (v128.load (i32.const 496))) (v128.load (i32.const 512)))))
      (then unreachable)))
  ;; unfused: fused would give 0x2d000000 (the spec file's case)
  (func $madd_f32x4
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f32x4.relaxed_madd (v128.load (i32.const 528)) (v128.load (i32.const 544)) (v128.load (i32.const 560))) (v128.load (i32.const 576)))))
      (then unreachable)))
  ;; unfused, as madd
  (func $nmadd_f32x4
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f32x4.relaxed_nmadd (v128.load (i32.const 592)) (v128.load (i32.const 608)) (v128.load (i32.const 624))) (v128.load (i32.const 640)))))
      (then unreachable)))
  ;; (1 + 2^-52)^2 - (1 + 2^-51): 0 unfused, 2^-104 fused
  (func $madd_f64x2
    (if (i32.eqz (i8x16.all_true (i8x16.eq (f64x2.relaxed_madd (v128.load (i32.const 656)) (v128.load (i32.const 672)) (v128.load (i32.const 688))) (v128.load (i32.const 704)))))
      (then unreachable)))
  ;; saturating: -32768 * -32768 → 32767 (pmulhrsw alone would give -32768)
  (func $q15mulr
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i16x8.relaxed_q15mulr_s (v128.load (i32.const 720)) (v128.load (i32.const 736))) (v128.load (i32.const 752)))))
      (then unreachable)))
  ;; signed: (-128)^2 * 2 wraps to -32768; -128 * -127 + 127 * 127
  (func $dot
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i16x8.dot_i8x16_i7x16_s (v128.load (i32.const 768)) (v128.load (i32.const 784))) (v128.load (i32.const 800)))))
      (then unreachable)))
  ;; the i16 pair sums wrap before they are added: 2 * -32768 + 1
  (func $dot_add
    (if (i32.eqz (i8x16.all_true (i8x16.eq (i32x4.dot_i8x16_i7x16_add_s (v128.load (i32.const 816)) (v128.load (i32.const 832)) (v128.load (i32.const 848))) (v128.load (i32.const 864)))))
      (then unreachable)))
  (func (export "_start")
    (call $trunc_f32x4_s)
    (call $trunc_f32x4_u)
    (call $trunc_f64x2_s_zero)
    (call $trunc_f64x2_s_zero_in_range)
    (call $trunc_f64x2_u_zero)
    (call $min_f32x4)
    (call $max_f64x2)
    (call $max_f32x4)
    (call $min_f64x2)
    (call $laneselect)
    (call $laneselect_i8)
    (call $swizzle)
    (call $madd_f32x4)
    (call $nmadd_f32x4)
    (call $madd_f64x2)
    (call $q15mulr)
    (call $dot)
    (call $dot_add)))
