;; Dense-layer kernels in float64 with f64x2 SIMD and register blocking, plus SIMD tanh and sigmoid, and a fused
;; scalar whole-step (`tinyStep`) for networks too small for the blocked kernels.
;; Source of wasmBytes.ts: regenerate with `node src/kernels/generateWasmBytes.mjs` (in packages/core).
;;
;; Every pointer is a byte offset into the imported shared memory; every matrix is row-major:
;;   w  [outputs][inputs]   x, dx [batch][inputs]   z, dz [batch][outputs]   dw [outputs][inputs]
;; The memory is shared so that growing it never detaches the Float64Array views JavaScript holds.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Σ_k a[k]·b[k] over n doubles.
  (func $dot (param $a i32) (param $b i32) (param $n i32) (result f64)
    (local $k i32) (local $end i32) (local $acc v128) (local $s f64)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $vec
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $acc (f64x2.add (local.get $acc)
          (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $k)))
                     (v128.load (i32.add (local.get $b) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $vec)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $s (f64.add (local.get $s)
          (f64.mul (f64.load (i32.add (local.get $a) (local.get $end)))
                   (f64.load (i32.add (local.get $b) (local.get $end))))))))
    (local.get $s))

  ;; Bias of neuron o: none (bLen 0), one shared scalar (bLen 1) or one per neuron.
  (func $biasAt (param $b i32) (param $bLen i32) (param $o i32) (result f64)
    (if (result f64) (i32.eqz (local.get $bLen))
      (then (f64.const 0))
      (else
        (if (result f64) (i32.eq (local.get $bLen) (i32.const 1))
          (then (f64.load (local.get $b)))
          (else (f64.load (i32.add (local.get $b) (i32.shl (local.get $o) (i32.const 3)))))))))

  ;; z[r][o] = Σ_i x[r][i]·w[o][i] + bias(o) for r in [r0, r1), o in [o0, o1): one dot product each (edges of the blocked loop).
  (func $forwardRect (param $w i32) (param $b i32) (param $bLen i32) (param $x i32) (param $z i32)
                     (param $r0 i32) (param $r1 i32) (param $o0 i32) (param $o1 i32) (param $inputs i32) (param $outputs i32)
    (local $r i32) (local $o i32) (local $xr i32)
    (local.set $r (local.get $r0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $xr (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $inputs)) (i32.const 3))))
        (local.set $o (local.get $o0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $o) (local.get $o1)))
            (f64.store
              (i32.add (local.get $z) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $outputs)) (local.get $o)) (i32.const 3)))
              (f64.add
                (call $dot (local.get $xr)
                  (i32.add (local.get $w) (i32.shl (i32.mul (local.get $o) (local.get $inputs)) (i32.const 3)))
                  (local.get $inputs))
                (call $biasAt (local.get $b) (local.get $bLen) (local.get $o))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; z = x·wᵀ + b, blocked 4 neurons × 2 rows: 8 f64x2 accumulators run along the inputs. Neuron quads are the outer
  ;; loop so their weight rows stay in cache and their biases load once; each pair of accumulators reduces with one
  ;; shuffle-add into the two adjacent outputs it belongs to.
  (func (export "denseForward")
        (param $w i32) (param $b i32) (param $bLen i32) (param $x i32) (param $z i32)
        (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $xs i32) (local $zs i32) (local $end i32) (local $rows2 i32) (local $r i32) (local $o i32) (local $k i32)
    (local $x0 i32) (local $x1 i32) (local $z0 i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $vx0 v128) (local $vx1 v128) (local $vw v128) (local $bias01 v128) (local $bias23 v128)
    (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128)
    (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local.set $xs (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $zs (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $inputs) (i32.const -2)) (i32.const 3)))
    (local.set $rows2 (i32.and (local.get $batch) (i32.const -2)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $outputs)))
        (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $xs))))
        (local.set $w1 (i32.add (local.get $w0) (local.get $xs)))
        (local.set $w2 (i32.add (local.get $w1) (local.get $xs)))
        (local.set $w3 (i32.add (local.get $w2) (local.get $xs)))
        (if (i32.eqz (local.get $bLen))
          (then
            (local.set $bias01 (v128.const i64x2 0 0))
            (local.set $bias23 (v128.const i64x2 0 0)))
          (else
            (if (i32.eq (local.get $bLen) (i32.const 1))
              (then
                (local.set $bias01 (v128.load64_splat (local.get $b)))
                (local.set $bias23 (local.get $bias01)))
              (else
                (local.set $bias01 (v128.load offset=0 (i32.add (local.get $b) (i32.shl (local.get $o) (i32.const 3)))))
                (local.set $bias23 (v128.load offset=16 (i32.add (local.get $b) (i32.shl (local.get $o) (i32.const 3)))))))))
        (local.set $r (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $r) (local.get $rows2)))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
            (local.set $x1 (i32.add (local.get $x0) (local.get $xs)))
            (local.set $a00 (v128.const i64x2 0 0))
            (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a02 (v128.const i64x2 0 0))
            (local.set $a03 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0))
            (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a12 (v128.const i64x2 0 0))
            (local.set $a13 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $end)))
                (local.set $vx0 (v128.load (i32.add (local.get $x0) (local.get $k))))
                (local.set $vx1 (v128.load (i32.add (local.get $x1) (local.get $k))))
                (local.set $vw (v128.load (i32.add (local.get $w0) (local.get $k))))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load (i32.add (local.get $w1) (local.get $k))))
                (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load (i32.add (local.get $w2) (local.get $k))))
                (local.set $a02 (f64x2.add (local.get $a02) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a12 (f64x2.add (local.get $a12) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load (i32.add (local.get $w3) (local.get $k))))
                (local.set $a03 (f64x2.add (local.get $a03) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a13 (f64x2.add (local.get $a13) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $kLoop)))
            ;; Odd inputs: the last column joins lane 0 of every accumulator.
            (if (i32.and (local.get $inputs) (i32.const 1))
              (then
                (local.set $vx0 (v128.load64_splat (i32.add (local.get $x0) (local.get $end))))
                (local.set $vx1 (v128.load64_splat (i32.add (local.get $x1) (local.get $end))))
                (local.set $vw (v128.load64_zero (i32.add (local.get $w0) (local.get $end))))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load64_zero (i32.add (local.get $w1) (local.get $end))))
                (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load64_zero (i32.add (local.get $w2) (local.get $end))))
                (local.set $a02 (f64x2.add (local.get $a02) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a12 (f64x2.add (local.get $a12) (f64x2.mul (local.get $vx1) (local.get $vw))))
                (local.set $vw (v128.load64_zero (i32.add (local.get $w3) (local.get $end))))
                (local.set $a03 (f64x2.add (local.get $a03) (f64x2.mul (local.get $vx0) (local.get $vw))))
                (local.set $a13 (f64x2.add (local.get $a13) (f64x2.mul (local.get $vx1) (local.get $vw))))))
            (local.set $z0 (i32.add (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $zs))) (i32.shl (local.get $o) (i32.const 3))))
            (v128.store offset=0 (local.get $z0) (f64x2.add (local.get $bias01) (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a00) (local.get $a01))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a00) (local.get $a01)))))
            (v128.store offset=16 (local.get $z0) (f64x2.add (local.get $bias23) (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a02) (local.get $a03))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a02) (local.get $a03)))))
            (local.set $z0 (i32.add (local.get $z0) (local.get $zs)))
            (v128.store offset=0 (local.get $z0) (f64x2.add (local.get $bias01) (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a10) (local.get $a11))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a10) (local.get $a11)))))
            (v128.store offset=16 (local.get $z0) (f64x2.add (local.get $bias23) (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a12) (local.get $a13))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a12) (local.get $a13)))))
            (local.set $r (i32.add (local.get $r) (i32.const 2)))
            (br $pairs)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $quads)))
    ;; Leftover neurons (outputs mod 4), one at a time over row pairs with two accumulators.
    (block $singlesDone
      (loop $singles
        (br_if $singlesDone (i32.ge_u (local.get $o) (local.get $outputs)))
        (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $xs))))
        (local.set $bias01 (f64x2.splat (call $biasAt (local.get $b) (local.get $bLen) (local.get $o))))
        (local.set $r (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $r) (local.get $rows2)))
            (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
            (local.set $x1 (i32.add (local.get $x0) (local.get $xs)))
            (local.set $a00 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0))
            (local.set $k (i32.const 0))
            (block $kDone
              (loop $kLoop
                (br_if $kDone (i32.ge_u (local.get $k) (local.get $end)))
                (local.set $vw (v128.load (i32.add (local.get $w0) (local.get $k))))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (v128.load (i32.add (local.get $x0) (local.get $k))) (local.get $vw))))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (v128.load (i32.add (local.get $x1) (local.get $k))) (local.get $vw))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $kLoop)))
            (if (i32.and (local.get $inputs) (i32.const 1))
              (then
                (local.set $vw (v128.load64_zero (i32.add (local.get $w0) (local.get $end))))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (v128.load64_splat (i32.add (local.get $x0) (local.get $end))) (local.get $vw))))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (v128.load64_splat (i32.add (local.get $x1) (local.get $end))) (local.get $vw))))))
            ;; One shuffle-add gives [z[r][o], z[r+1][o]].
            (local.set $vx0 (f64x2.add (local.get $bias01) (f64x2.add
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a00) (local.get $a10))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a00) (local.get $a10)))))
            (local.set $z0 (i32.add (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $zs))) (i32.shl (local.get $o) (i32.const 3))))
            (f64.store (local.get $z0) (f64x2.extract_lane 0 (local.get $vx0)))
            (f64.store (i32.add (local.get $z0) (local.get $zs)) (f64x2.extract_lane 1 (local.get $vx0)))
            (local.set $r (i32.add (local.get $r) (i32.const 2)))
            (br $pairs)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $singles)))
    ;; The last row of an odd batch, every neuron.
    (call $forwardRect (local.get $w) (local.get $b) (local.get $bLen) (local.get $x) (local.get $z)
      (local.get $rows2) (local.get $batch) (i32.const 0) (local.get $outputs) (local.get $inputs) (local.get $outputs)))

  ;; dw[o][i] = Σ_r dz[r][o]·x[r][i] for o in [o0, o1), i in [i0, i1) (edges of the blocked loop): input pairs as
  ;; f64x2 against the splatted dz, then a last odd input on its own.
  (func $weightsRect (param $dz i32) (param $x i32) (param $dw i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
                     (param $o0 i32) (param $o1 i32) (param $i0 i32) (param $i1 i32)
    (local $o i32) (local $i i32) (local $r i32) (local $pz i32) (local $px i32) (local $acc v128)
    (local.set $o (local.get $o0))
    (block $oDone
      (loop $oLoop
        (br_if $oDone (i32.ge_u (local.get $o) (local.get $o1)))
        (local.set $i (local.get $i0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $i1)))
            (local.set $acc (v128.const i64x2 0 0))
            (local.set $pz (i32.add (local.get $dz) (i32.shl (local.get $o) (i32.const 3))))
            (local.set $px (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $r (i32.const 0))
            (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $i1))
              (then
                (block $rDone
                  (loop $rLoop
                    (br_if $rDone (i32.ge_u (local.get $r) (local.get $batch)))
                    (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load64_splat (local.get $pz)) (v128.load (local.get $px)))))
                    (local.set $pz (i32.add (local.get $pz) (i32.shl (local.get $outputs) (i32.const 3))))
                    (local.set $px (i32.add (local.get $px) (i32.shl (local.get $inputs) (i32.const 3))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rLoop)))
                (v128.store
                  (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $inputs)) (local.get $i)) (i32.const 3)))
                  (local.get $acc))
                (local.set $i (i32.add (local.get $i) (i32.const 2))))
              (else
                (block $rDone1
                  (loop $rLoop1
                    (br_if $rDone1 (i32.ge_u (local.get $r) (local.get $batch)))
                    (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load64_zero (local.get $pz)) (v128.load64_zero (local.get $px)))))
                    (local.set $pz (i32.add (local.get $pz) (i32.shl (local.get $outputs) (i32.const 3))))
                    (local.set $px (i32.add (local.get $px) (i32.shl (local.get $inputs) (i32.const 3))))
                    (local.set $r (i32.add (local.get $r) (i32.const 1)))
                    (br $rLoop1)))
                (f64.store
                  (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $inputs)) (local.get $i)) (i32.const 3)))
                  (f64x2.extract_lane 0 (local.get $acc)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br $iLoop)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $oLoop))))

  ;; dw = dzᵀ·x (overwrite), blocked 4 neurons × 4 inputs: per sample, two x vectors meet four splatted dz.
  (func (export "denseBackwardWeights")
        (param $dz i32) (param $x i32) (param $dw i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $xs i32) (local $zs i32) (local $i4 i32) (local $end i32) (local $o i32) (local $ib i32) (local $r i32)
    (local $px i32) (local $pz i32) (local $d0 i32)
    (local $v0 v128) (local $v1 v128) (local $d v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $xs (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $zs (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $i4 (i32.and (local.get $inputs) (i32.const -4)))
    (local.set $end (i32.shl (local.get $i4) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $outputs)))
        (local.set $d0 (i32.add (local.get $dw) (i32.mul (local.get $o) (local.get $xs))))
        (local.set $ib (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $ib) (local.get $end)))
            (local.set $a00 (v128.const i64x2 0 0)) (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0)) (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a20 (v128.const i64x2 0 0)) (local.set $a21 (v128.const i64x2 0 0))
            (local.set $a30 (v128.const i64x2 0 0)) (local.set $a31 (v128.const i64x2 0 0))
            (local.set $px (i32.add (local.get $x) (local.get $ib)))
            (local.set $pz (i32.add (local.get $dz) (i32.shl (local.get $o) (i32.const 3))))
            (local.set $r (i32.const 0))
            (block $rDone
              (loop $rLoop
                (br_if $rDone (i32.ge_u (local.get $r) (local.get $batch)))
                (local.set $v0 (v128.load offset=0 (local.get $px)))
                (local.set $v1 (v128.load offset=16 (local.get $px)))
                (local.set $d (v128.load64_splat offset=0 (local.get $pz)))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $d (v128.load64_splat offset=8 (local.get $pz)))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $d (v128.load64_splat offset=16 (local.get $pz)))
                (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $d (v128.load64_splat offset=24 (local.get $pz)))
                (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $px (i32.add (local.get $px) (local.get $xs)))
                (local.set $pz (i32.add (local.get $pz) (local.get $zs)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rLoop)))
            (local.set $px (i32.add (local.get $d0) (local.get $ib)))
            (v128.store offset=0 (local.get $px) (local.get $a00))
            (v128.store offset=16 (local.get $px) (local.get $a01))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a10))
            (v128.store offset=16 (local.get $px) (local.get $a11))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a20))
            (v128.store offset=16 (local.get $px) (local.get $a21))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a30))
            (v128.store offset=16 (local.get $px) (local.get $a31))
            (local.set $ib (i32.add (local.get $ib) (i32.const 32)))
            (br $cols)))
        (call $weightsRect (local.get $dz) (local.get $x) (local.get $dw) (local.get $batch) (local.get $inputs) (local.get $outputs)
          (local.get $o) (i32.add (local.get $o) (i32.const 4)) (local.get $i4) (local.get $inputs))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $quads)))
    (call $weightsRect (local.get $dz) (local.get $x) (local.get $dw) (local.get $batch) (local.get $inputs) (local.get $outputs)
      (local.get $o) (local.get $outputs) (i32.const 0) (local.get $inputs)))

  ;; dx[r][i] = Σ_o dz[r][o]·w[o][i] for r in [r0, r1), i in [i0, i1) (edges of the blocked loop): input pairs as
  ;; f64x2 against the splatted dz, then a last odd input on its own.
  (func $inputRect (param $w i32) (param $dz i32) (param $dx i32) (param $inputs i32) (param $outputs i32)
                   (param $r0 i32) (param $r1 i32) (param $i0 i32) (param $i1 i32)
    (local $r i32) (local $i i32) (local $o i32) (local $pz i32) (local $pw i32) (local $acc v128)
    (local.set $r (local.get $r0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $i (local.get $i0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $i1)))
            (local.set $acc (v128.const i64x2 0 0))
            (local.set $pz (i32.add (local.get $dz) (i32.shl (i32.mul (local.get $r) (local.get $outputs)) (i32.const 3))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $o (i32.const 0))
            (if (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $i1))
              (then
                (block $oDone
                  (loop $oLoop
                    (br_if $oDone (i32.ge_u (local.get $o) (local.get $outputs)))
                    (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load64_splat (local.get $pz)) (v128.load (local.get $pw)))))
                    (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
                    (local.set $pw (i32.add (local.get $pw) (i32.shl (local.get $inputs) (i32.const 3))))
                    (local.set $o (i32.add (local.get $o) (i32.const 1)))
                    (br $oLoop)))
                (v128.store
                  (i32.add (local.get $dx) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $inputs)) (local.get $i)) (i32.const 3)))
                  (local.get $acc))
                (local.set $i (i32.add (local.get $i) (i32.const 2))))
              (else
                (block $oDone1
                  (loop $oLoop1
                    (br_if $oDone1 (i32.ge_u (local.get $o) (local.get $outputs)))
                    (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load64_zero (local.get $pz)) (v128.load64_zero (local.get $pw)))))
                    (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
                    (local.set $pw (i32.add (local.get $pw) (i32.shl (local.get $inputs) (i32.const 3))))
                    (local.set $o (i32.add (local.get $o) (i32.const 1)))
                    (br $oLoop1)))
                (f64.store
                  (i32.add (local.get $dx) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $inputs)) (local.get $i)) (i32.const 3)))
                  (f64x2.extract_lane 0 (local.get $acc)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))))
            (br $iLoop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rLoop))))

  ;; dx = dz·w (overwrite), blocked 4 rows × 4 inputs: per neuron, two w vectors meet four splatted dz.
  (func (export "denseBackwardInput")
        (param $w i32) (param $dz i32) (param $dx i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $xs i32) (local $zs i32) (local $i4 i32) (local $end i32) (local $r i32) (local $ib i32) (local $o i32)
    (local $pw i32) (local $pz i32) (local $px i32)
    (local $v0 v128) (local $v1 v128) (local $d v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local.set $xs (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $zs (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $i4 (i32.and (local.get $inputs) (i32.const -4)))
    (local.set $end (i32.shl (local.get $i4) (i32.const 3)))
    (block $quadsDone
      (loop $quads
        (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $batch)))
        (local.set $ib (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $ib) (local.get $end)))
            (local.set $a00 (v128.const i64x2 0 0)) (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0)) (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a20 (v128.const i64x2 0 0)) (local.set $a21 (v128.const i64x2 0 0))
            (local.set $a30 (v128.const i64x2 0 0)) (local.set $a31 (v128.const i64x2 0 0))
            (local.set $pw (i32.add (local.get $w) (local.get $ib)))
            (local.set $pz (i32.add (local.get $dz) (i32.mul (local.get $r) (local.get $zs))))
            (local.set $o (i32.const 0))
            (block $oDone
              (loop $oLoop
                (br_if $oDone (i32.ge_u (local.get $o) (local.get $outputs)))
                (local.set $v0 (v128.load offset=0 (local.get $pw)))
                (local.set $v1 (v128.load offset=16 (local.get $pw)))
                (local.set $px (local.get $pz))
                (local.set $d (v128.load64_splat (local.get $px)))
                (local.set $a00 (f64x2.add (local.get $a00) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a01 (f64x2.add (local.get $a01) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $px (i32.add (local.get $px) (local.get $zs)))
                (local.set $d (v128.load64_splat (local.get $px)))
                (local.set $a10 (f64x2.add (local.get $a10) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a11 (f64x2.add (local.get $a11) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $px (i32.add (local.get $px) (local.get $zs)))
                (local.set $d (v128.load64_splat (local.get $px)))
                (local.set $a20 (f64x2.add (local.get $a20) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a21 (f64x2.add (local.get $a21) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $px (i32.add (local.get $px) (local.get $zs)))
                (local.set $d (v128.load64_splat (local.get $px)))
                (local.set $a30 (f64x2.add (local.get $a30) (f64x2.mul (local.get $d) (local.get $v0))))
                (local.set $a31 (f64x2.add (local.get $a31) (f64x2.mul (local.get $d) (local.get $v1))))
                (local.set $pw (i32.add (local.get $pw) (local.get $xs)))
                (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $oLoop)))
            (local.set $px (i32.add (i32.add (local.get $dx) (i32.mul (local.get $r) (local.get $xs))) (local.get $ib)))
            (v128.store offset=0 (local.get $px) (local.get $a00))
            (v128.store offset=16 (local.get $px) (local.get $a01))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a10))
            (v128.store offset=16 (local.get $px) (local.get $a11))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a20))
            (v128.store offset=16 (local.get $px) (local.get $a21))
            (local.set $px (i32.add (local.get $px) (local.get $xs)))
            (v128.store offset=0 (local.get $px) (local.get $a30))
            (v128.store offset=16 (local.get $px) (local.get $a31))
            (local.set $ib (i32.add (local.get $ib) (i32.const 32)))
            (br $cols)))
        (call $inputRect (local.get $w) (local.get $dz) (local.get $dx) (local.get $inputs) (local.get $outputs)
          (local.get $r) (i32.add (local.get $r) (i32.const 4)) (local.get $i4) (local.get $inputs))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quads)))
    (call $inputRect (local.get $w) (local.get $dz) (local.get $dx) (local.get $inputs) (local.get $outputs)
      (local.get $r) (local.get $batch) (i32.const 0) (local.get $inputs)))

  ;; ---- Activations: exp on non-positive arguments, two lanes at a time ----
  ;; t = k·ln2 + r with |r| ≤ ln2/2 (Cody–Waite split of ln2), e^r − 1 = q(r) by its Taylor series to r¹³
  ;; (truncation < 2e-17 relative), s = 2^k built in the exponent bits. Returns (s, q): e^t = s + s·q and
  ;; e^t − 1 = (s − 1) + s·q, both without cancellation. Needs −708 ≤ t ≤ 0 (callers clamp).
  (func $expParts (param $t v128) (result v128 v128)
    (local $k v128) (local $r v128) (local $q v128)
    (local.set $k (f64x2.nearest (f64x2.mul (local.get $t) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $t) (f64x2.mul (local.get $k) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01)))
      (f64x2.mul (local.get $k) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))))
    (local.set $q (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))
    (local.set $q (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 1.984126984126984e-04 1.984126984126984e-04) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 1.388888888888889e-03 1.388888888888889e-03) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 8.333333333333333e-03 8.333333333333333e-03) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 4.1666666666666664e-02 4.1666666666666664e-02) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 1.6666666666666666e-01 1.6666666666666666e-01) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r) (local.get $q))))
    (local.set $q (f64x2.mul (local.get $r) (local.get $q)))
    (i64x2.shl
      (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k))) (v128.const i64x2 1023 1023))
      (i32.const 52))
    (local.get $q))

  ;; tanh of two lanes: sign(x)·(−m)/(2 + m) with m = e^(−2|x|) − 1; |x| > 20 is ±1 to the last bit.
  (func $tanh2 (param $x v128) (result v128)
    (local $s v128) (local $q v128) (local $m v128)
    (call $expParts (f64x2.max (f64x2.mul (f64x2.abs (local.get $x)) (v128.const f64x2 -2 -2)) (v128.const f64x2 -40 -40)))
    (local.set $q)
    (local.set $s)
    (local.set $m (f64x2.add (f64x2.sub (local.get $s) (v128.const f64x2 1 1)) (f64x2.mul (local.get $s) (local.get $q))))
    (v128.or
      (f64x2.abs (f64x2.div (f64x2.neg (local.get $m)) (f64x2.add (v128.const f64x2 2 2) (local.get $m))))
      (v128.and (local.get $x) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))

  ;; 1/(1 + e^(−x)) of two lanes via e = e^(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) below; 0 under x = −708.
  (func $sigmoid2 (param $x v128) (result v128)
    (local $s v128) (local $q v128) (local $e v128) (local $t v128)
    (local.set $t (f64x2.neg (f64x2.abs (local.get $x))))
    (call $expParts (f64x2.max (local.get $t) (v128.const f64x2 -708 -708)))
    (local.set $q)
    (local.set $s)
    ;; andnot with `t < −708` (not and with `t ≥ −708`) so a NaN input stays NaN and divergence shows.
    (local.set $e (v128.andnot
      (f64x2.add (local.get $s) (f64x2.mul (local.get $s) (local.get $q)))
      (f64x2.lt (local.get $t) (v128.const f64x2 -708 -708))))
    (f64x2.div
      (v128.bitselect (v128.const f64x2 1 1) (local.get $e) (f64x2.ge (local.get $x) (v128.const f64x2 0 0)))
      (f64x2.add (v128.const f64x2 1 1) (local.get $e))))

  ;; a[k] = tanh(z[k]) for k < n, as $tanh2 computes it.
  ;; Four values an iteration as two interleaved f64x2 chains (the exp of $expParts, inlined): the Horner chain is
  ;; latency-bound, so two independent chains nearly halve the time; a tail of 0–3 values goes through $tanh2.
  (func $tanhForward (export "tanhForward") (param $z i32) (param $a i32) (param $n i32)
    (local $i i32) (local $end i32) (local $bytes i32)
    (local $x0 v128) (local $t0 v128) (local $k0 v128) (local $r0 v128) (local $q0 v128) (local $s0 v128) (local $m0 v128) (local $x1 v128) (local $t1 v128) (local $k1 v128) (local $r1 v128) (local $q1 v128) (local $s1 v128) (local $m1 v128)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x0 (v128.load offset=0 (i32.add (local.get $z) (local.get $i))))
        (local.set $x1 (v128.load offset=16 (i32.add (local.get $z) (local.get $i))))
        (local.set $t0 (f64x2.max (f64x2.mul (f64x2.abs (local.get $x0)) (v128.const f64x2 -2.0 -2.0)) (v128.const f64x2 -40.0 -40.0)))
        (local.set $t1 (f64x2.max (f64x2.mul (f64x2.abs (local.get $x1)) (v128.const f64x2 -2.0 -2.0)) (v128.const f64x2 -40.0 -40.0)))
        (local.set $k0 (f64x2.nearest (f64x2.mul (local.get $t0) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
        (local.set $k1 (f64x2.nearest (f64x2.mul (local.get $t1) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
        (local.set $r0 (f64x2.sub (f64x2.sub (local.get $t0) (f64x2.mul (local.get $k0) (v128.const f64x2 0.6931471803691238 0.6931471803691238))) (f64x2.mul (local.get $k0) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
        (local.set $r1 (f64x2.sub (f64x2.sub (local.get $t1) (f64x2.mul (local.get $k1) (v128.const f64x2 0.6931471803691238 0.6931471803691238))) (f64x2.mul (local.get $k1) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (local.get $r0) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (local.get $r1) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.mul (local.get $r0) (local.get $q0)))
        (local.set $q1 (f64x2.mul (local.get $r1) (local.get $q1)))
        (local.set $s0 (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k0))) (v128.const i64x2 1023 1023)) (i32.const 52)))
        (local.set $s1 (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k1))) (v128.const i64x2 1023 1023)) (i32.const 52)))
        (local.set $m0 (f64x2.add (f64x2.sub (local.get $s0) (v128.const f64x2 1.0 1.0)) (f64x2.mul (local.get $s0) (local.get $q0))))
        (local.set $m1 (f64x2.add (f64x2.sub (local.get $s1) (v128.const f64x2 1.0 1.0)) (f64x2.mul (local.get $s1) (local.get $q1))))
        (v128.store offset=0 (i32.add (local.get $a) (local.get $i))
          (v128.or (f64x2.abs (f64x2.div (f64x2.neg (local.get $m0)) (f64x2.add (v128.const f64x2 2.0 2.0) (local.get $m0)))) (v128.and (local.get $x0) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (v128.store offset=16 (i32.add (local.get $a) (local.get $i))
          (v128.or (f64x2.abs (f64x2.div (f64x2.neg (local.get $m1)) (f64x2.add (v128.const f64x2 2.0 2.0) (local.get $m1)))) (v128.and (local.get $x1) (v128.const i64x2 0x8000000000000000 0x8000000000000000))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store64_lane 0 (i32.add (local.get $a) (local.get $i))
          (call $tanh2 (v128.load64_zero (i32.add (local.get $z) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $tail))))

  ;; a[k] = 1/(1 + e^(−z[k])) for k < n, as $sigmoid2 computes it.
  ;; Four values an iteration as two interleaved f64x2 chains (the exp of $expParts, inlined): the Horner chain is
  ;; latency-bound, so two independent chains nearly halve the time; a tail of 0–3 values goes through $sigmoid2.
  (func $sigmoidForward (export "sigmoidForward") (param $z i32) (param $a i32) (param $n i32)
    (local $i i32) (local $end i32) (local $bytes i32)
    (local $x0 v128) (local $t0 v128) (local $k0 v128) (local $r0 v128) (local $q0 v128) (local $s0 v128) (local $m0 v128) (local $x1 v128) (local $t1 v128) (local $k1 v128) (local $r1 v128) (local $q1 v128) (local $s1 v128) (local $m1 v128)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 3)))
    (local.set $bytes (i32.shl (local.get $n) (i32.const 3)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $x0 (v128.load offset=0 (i32.add (local.get $z) (local.get $i))))
        (local.set $x1 (v128.load offset=16 (i32.add (local.get $z) (local.get $i))))
        (local.set $t0 (f64x2.neg (f64x2.abs (local.get $x0))))
        (local.set $t1 (f64x2.neg (f64x2.abs (local.get $x1))))
        (local.set $k0 (f64x2.nearest (f64x2.mul (f64x2.max (local.get $t0) (v128.const f64x2 -708.0 -708.0)) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
        (local.set $k1 (f64x2.nearest (f64x2.mul (f64x2.max (local.get $t1) (v128.const f64x2 -708.0 -708.0)) (v128.const f64x2 1.4426950408889634 1.4426950408889634))))
        (local.set $r0 (f64x2.sub (f64x2.sub (f64x2.max (local.get $t0) (v128.const f64x2 -708.0 -708.0)) (f64x2.mul (local.get $k0) (v128.const f64x2 0.6931471803691238 0.6931471803691238))) (f64x2.mul (local.get $k0) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
        (local.set $r1 (f64x2.sub (f64x2.sub (f64x2.max (local.get $t1) (v128.const f64x2 -708.0 -708.0)) (f64x2.mul (local.get $k1) (v128.const f64x2 0.6931471803691238 0.6931471803691238))) (f64x2.mul (local.get $k1) (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (local.get $r0) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.08767569878681e-09 2.08767569878681e-09) (f64x2.mul (local.get $r1) (v128.const f64x2 1.6059043836821613e-10 1.6059043836821613e-10))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.505210838544172e-08 2.505210838544172e-08) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.755731922398589e-07 2.755731922398589e-07) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.7557319223985893e-06 2.7557319223985893e-06) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 2.48015873015873e-05 2.48015873015873e-05) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.0001984126984126984 0.0001984126984126984) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.001388888888888889 0.001388888888888889) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.008333333333333333 0.008333333333333333) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.041666666666666664 0.041666666666666664) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.16666666666666666 0.16666666666666666) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r0) (local.get $q0))))
        (local.set $q1 (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r1) (local.get $q1))))
        (local.set $q0 (f64x2.mul (local.get $r0) (local.get $q0)))
        (local.set $q1 (f64x2.mul (local.get $r1) (local.get $q1)))
        (local.set $s0 (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k0))) (v128.const i64x2 1023 1023)) (i32.const 52)))
        (local.set $s1 (i64x2.shl (i64x2.add (i64x2.extend_low_i32x4_s (i32x4.trunc_sat_f64x2_s_zero (local.get $k1))) (v128.const i64x2 1023 1023)) (i32.const 52)))
        (local.set $m0 (v128.andnot (f64x2.add (local.get $s0) (f64x2.mul (local.get $s0) (local.get $q0))) (f64x2.lt (local.get $t0) (v128.const f64x2 -708.0 -708.0))))
        (local.set $m1 (v128.andnot (f64x2.add (local.get $s1) (f64x2.mul (local.get $s1) (local.get $q1))) (f64x2.lt (local.get $t1) (v128.const f64x2 -708.0 -708.0))))
        (v128.store offset=0 (i32.add (local.get $a) (local.get $i))
          (f64x2.div (v128.bitselect (v128.const f64x2 1.0 1.0) (local.get $m0) (f64x2.ge (local.get $x0) (v128.const f64x2 0.0 0.0))) (f64x2.add (v128.const f64x2 1.0 1.0) (local.get $m0))))
        (v128.store offset=16 (i32.add (local.get $a) (local.get $i))
          (f64x2.div (v128.bitselect (v128.const f64x2 1.0 1.0) (local.get $m1) (f64x2.ge (local.get $x1) (v128.const f64x2 0.0 0.0))) (f64x2.add (v128.const f64x2 1.0 1.0) (local.get $m1))))
        (local.set $i (i32.add (local.get $i) (i32.const 32)))
        (br $quads)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $bytes)))
        (v128.store64_lane 0 (i32.add (local.get $a) (local.get $i))
          (call $sigmoid2 (v128.load64_zero (i32.add (local.get $z) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $tail))))

  ;; ---- Fused step of a tiny network: forward, output delta, backward and SGD in one call, scalar loops. ----
  ;; Below ~4k multiply-adds a step the blocked SIMD kernels' setup and the JS→wasm calls cost more than the math.
  ;; Layer table: 12 i32 a layer at $t + 48·l: w, b, bLen, dw, db, z, a, d, inputs, outputs, act, biasTrainable.
  ;; act: 0 linear, 1 sigmoid, 2 tanh, 3 relu.

  ;; z[r][o] = bias(o) + Σ_i x[r][i]·w[o][i], summed in i order like the TypeScript kernel.
  (func $tinyForward (param $w i32) (param $b i32) (param $bLen i32) (param $x i32) (param $z i32)
        (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $r i32) (local $o i32) (local $i i32) (local $xr i32) (local $wo i32) (local $zo i32) (local $s f64) (local $bias f64)
    (local $rowBytes i32) (local $zStride i32)
    (local.set $rowBytes (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $zStride (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $wo (local.get $w))
    (block $outsDone (loop $outs
      (br_if $outsDone (i32.ge_u (local.get $o) (local.get $outputs)))
      (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (local.get $o)))
      (local.set $xr (local.get $x))
      (local.set $zo (i32.add (local.get $z) (i32.shl (local.get $o) (i32.const 3))))
      (local.set $r (i32.const 0))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $batch)))
        (local.set $s (local.get $bias))
        (local.set $i (i32.const 0))
        (block $insDone (loop $ins
          (br_if $insDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
          (local.set $s (f64.add (local.get $s)
            (f64.mul (f64.load (i32.add (local.get $xr) (local.get $i))) (f64.load (i32.add (local.get $wo) (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 8)))
          (br $ins)))
        (f64.store (local.get $zo) (local.get $s))
        (local.set $xr (i32.add (local.get $xr) (local.get $rowBytes)))
        (local.set $zo (i32.add (local.get $zo) (local.get $zStride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
      (local.set $wo (i32.add (local.get $wo) (local.get $rowBytes)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $outs))))

  ;; a = f(z) over n values.
  (func $activate (param $act i32) (param $z i32) (param $a i32) (param $n i32)
    (local $k i32) (local $v f64)
    (if (i32.eq (local.get $act) (i32.const 1)) (then (call $sigmoidForward (local.get $z) (local.get $a) (local.get $n)) (return)))
    (if (i32.eq (local.get $act) (i32.const 2)) (then (call $tanhForward (local.get $z) (local.get $a) (local.get $n)) (return)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $v (f64.load (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 3)))))
      (if (i32.eq (local.get $act) (i32.const 3))
        (then (if (i32.eqz (f64.gt (local.get $v) (f64.const 0))) (then (local.set $v (f64.const 0))))))
      (f64.store (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 3))) (local.get $v))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each))))

  ;; d ·= f'(z) over n values, written as the TypeScript activations write it.
  (func $derivative (param $act i32) (param $z i32) (param $a i32) (param $d i32) (param $n i32)
    (local $k i32) (local $off i32) (local $av f64)
    (if (i32.eqz (local.get $act)) (then (return)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $off (i32.shl (local.get $k) (i32.const 3)))
      (local.set $av (f64.load (i32.add (local.get $a) (local.get $off))))
      (if (i32.eq (local.get $act) (i32.const 1))
        (then (f64.store (i32.add (local.get $d) (local.get $off))
          (f64.mul (f64.mul (f64.load (i32.add (local.get $d) (local.get $off))) (local.get $av)) (f64.sub (f64.const 1) (local.get $av))))))
      (if (i32.eq (local.get $act) (i32.const 2))
        (then (f64.store (i32.add (local.get $d) (local.get $off))
          (f64.mul (f64.load (i32.add (local.get $d) (local.get $off))) (f64.sub (f64.const 1) (f64.mul (local.get $av) (local.get $av)))))))
      (if (i32.eq (local.get $act) (i32.const 3))
        (then (if (i32.eqz (f64.gt (f64.load (i32.add (local.get $z) (local.get $off))) (f64.const 0)))
          (then (f64.store (i32.add (local.get $d) (local.get $off)) (f64.const 0))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each))))

  ;; dw[o][i] = Σ_r d[r][o]·x[r][i] (overwritten); db per neuron, shared (grand sum) or none.
  (func $tinyGradients (param $d i32) (param $x i32) (param $dw i32) (param $db i32) (param $bLen i32)
        (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $r i32) (local $o i32) (local $i i32) (local $s f64) (local $g f64) (local $total f64)
    (local $dStride i32) (local $xStride i32) (local $dp i32) (local $xp i32) (local $dwp i32) (local $dEnd i32)
    (local.set $dStride (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $xStride (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $dwp (local.get $dw))
    (block $outsDone (loop $outs
      (br_if $outsDone (i32.ge_u (local.get $o) (local.get $outputs)))
      (local.set $dEnd (i32.add (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 3))) (i32.mul (local.get $batch) (local.get $dStride))))
      (local.set $i (i32.const 0))
      (block $insDone (loop $ins
        (br_if $insDone (i32.ge_u (local.get $i) (local.get $xStride)))
        (local.set $s (f64.const 0))
        (local.set $dp (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 3))))
        (local.set $xp (i32.add (local.get $x) (local.get $i)))
        (block $rowsDone (loop $rows
          (br_if $rowsDone (i32.ge_u (local.get $dp) (local.get $dEnd)))
          (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $dp)) (f64.load (local.get $xp)))))
          (local.set $dp (i32.add (local.get $dp) (local.get $dStride)))
          (local.set $xp (i32.add (local.get $xp) (local.get $xStride)))
          (br $rows)))
        (f64.store (local.get $dwp) (local.get $s))
        (local.set $dwp (i32.add (local.get $dwp) (i32.const 8)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $ins)))
      (local.set $g (f64.const 0))
      (local.set $dp (i32.add (local.get $d) (i32.shl (local.get $o) (i32.const 3))))
      (block $rowsDone (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $dp) (local.get $dEnd)))
        (local.set $g (f64.add (local.get $g) (f64.load (local.get $dp))))
        (local.set $dp (i32.add (local.get $dp) (local.get $dStride)))
        (br $rows)))
      (if (i32.gt_u (local.get $bLen) (i32.const 1))
        (then (f64.store (i32.add (local.get $db) (i32.shl (local.get $o) (i32.const 3))) (local.get $g))))
      (local.set $total (f64.add (local.get $total) (local.get $g)))
      (local.set $o (i32.add (local.get $o) (i32.const 1)))
      (br $outs)))
    (if (i32.eq (local.get $bLen) (i32.const 1)) (then (f64.store (local.get $db) (local.get $total)))))

  ;; dx[r][i] = Σ_o d[r][o]·w[o][i] (overwritten).
  (func $tinyInputGradient (param $w i32) (param $d i32) (param $dx i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $r i32) (local $o i32) (local $i i32) (local $s f64)
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $batch)))
      (local.set $i (i32.const 0))
      (block $insDone (loop $ins
        (br_if $insDone (i32.ge_u (local.get $i) (local.get $inputs)))
        (local.set $s (f64.const 0))
        (local.set $o (i32.const 0))
        (block $outsDone (loop $outs
          (br_if $outsDone (i32.ge_u (local.get $o) (local.get $outputs)))
          (local.set $s (f64.add (local.get $s)
            (f64.mul (f64.load (i32.add (local.get $d) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $outputs)) (local.get $o)) (i32.const 3))))
                     (f64.load (i32.add (local.get $w) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $inputs)) (local.get $i)) (i32.const 3)))))))
          (local.set $o (i32.add (local.get $o) (i32.const 1)))
          (br $outs)))
        (f64.store (i32.add (local.get $dx) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $inputs)) (local.get $i)) (i32.const 3))) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $ins)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; p[k] −= lr·g[k] for k < n.
  (func $sgd (param $p i32) (param $g i32) (param $n i32) (param $lr f64)
    (local $k i32) (local $off i32)
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $off (i32.shl (local.get $k) (i32.const 3)))
      (f64.store (i32.add (local.get $p) (local.get $off))
        (f64.sub (f64.load (i32.add (local.get $p) (local.get $off)))
                 (f64.mul (local.get $lr) (f64.load (i32.add (local.get $g) (local.get $off))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $each))))

  ;; One SGD step of the $layers-layer network in table $t on rows x [batch][inputs], targets y [batch][outputs].
  ;; Output delta scale·(a − y), times f' unless $combined (sigmoid with cross-entropy).
  (func (export "tinyStep") (param $t i32) (param $layers i32) (param $x i32) (param $y i32) (param $batch i32)
        (param $lr f64) (param $scale f64) (param $combined i32)
    (local $l i32) (local $p i32) (local $q i32) (local $in i32) (local $last i32) (local $n i32) (local $k i32) (local $off i32) (local $d i32) (local $a i32)
    (local.set $in (local.get $x))
    (block $fwdDone (loop $fwd
      (br_if $fwdDone (i32.ge_u (local.get $l) (local.get $layers)))
      (local.set $p (i32.add (local.get $t) (i32.mul (local.get $l) (i32.const 48))))
      (call $tinyForward (i32.load offset=0 (local.get $p)) (i32.load offset=4 (local.get $p))
        (i32.load offset=8 (local.get $p)) (local.get $in) (i32.load offset=20 (local.get $p))
        (local.get $batch) (i32.load offset=32 (local.get $p)) (i32.load offset=36 (local.get $p)))
      (call $activate (i32.load offset=40 (local.get $p)) (i32.load offset=20 (local.get $p))
        (i32.load offset=24 (local.get $p)) (i32.mul (local.get $batch) (i32.load offset=36 (local.get $p))))
      (local.set $in (i32.load offset=24 (local.get $p)))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br $fwd)))
    (local.set $last (i32.sub (local.get $layers) (i32.const 1)))
    (local.set $q (i32.add (local.get $t) (i32.mul (local.get $last) (i32.const 48))))
    (local.set $n (i32.mul (local.get $batch) (i32.load offset=36 (local.get $q))))
    (local.set $d (i32.load offset=28 (local.get $q)))
    (local.set $a (i32.load offset=24 (local.get $q)))
    (block $deltaDone (loop $delta
      (br_if $deltaDone (i32.ge_u (local.get $k) (local.get $n)))
      (local.set $off (i32.shl (local.get $k) (i32.const 3)))
      (f64.store (i32.add (local.get $d) (local.get $off))
        (f64.mul (local.get $scale) (f64.sub (f64.load (i32.add (local.get $a) (local.get $off))) (f64.load (i32.add (local.get $y) (local.get $off))))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $delta)))
    (if (i32.eqz (local.get $combined))
      (then (call $derivative (i32.load offset=40 (local.get $q)) (i32.load offset=20 (local.get $q))
        (local.get $a) (local.get $d) (local.get $n))))
    (local.set $l (local.get $last))
    (block $bwdDone (loop $bwd
      (br_if $bwdDone (i32.lt_s (local.get $l) (i32.const 0)))
      (local.set $p (i32.add (local.get $t) (i32.mul (local.get $l) (i32.const 48))))
      (local.set $q (i32.sub (local.get $p) (i32.const 48)))
      (local.set $in (if (result i32) (i32.eqz (local.get $l)) (then (local.get $x)) (else (i32.load offset=24 (local.get $q)))))
      (call $tinyGradients (i32.load offset=28 (local.get $p)) (local.get $in) (i32.load offset=12 (local.get $p))
        (i32.load offset=16 (local.get $p)) (i32.load offset=8 (local.get $p)) (local.get $batch)
        (i32.load offset=32 (local.get $p)) (i32.load offset=36 (local.get $p)))
      (if (i32.gt_s (local.get $l) (i32.const 0))
        (then
          (call $tinyInputGradient (i32.load offset=0 (local.get $p)) (i32.load offset=28 (local.get $p))
            (i32.load offset=28 (local.get $q)) (local.get $batch)
            (i32.load offset=32 (local.get $p)) (i32.load offset=36 (local.get $p)))
          (call $derivative (i32.load offset=40 (local.get $q))
            (i32.load offset=20 (local.get $q)) (i32.load offset=24 (local.get $q))
            (i32.load offset=28 (local.get $q))
            (i32.mul (local.get $batch) (i32.load offset=32 (local.get $p))))))
      (local.set $l (i32.sub (local.get $l) (i32.const 1)))
      (br $bwd)))
    (local.set $l (i32.const 0))
    (block $sgdDone (loop $update
      (br_if $sgdDone (i32.ge_u (local.get $l) (local.get $layers)))
      (local.set $p (i32.add (local.get $t) (i32.mul (local.get $l) (i32.const 48))))
      (call $sgd (i32.load offset=0 (local.get $p)) (i32.load offset=12 (local.get $p))
        (i32.mul (i32.load offset=32 (local.get $p)) (i32.load offset=36 (local.get $p))) (local.get $lr))
      (if (i32.load offset=44 (local.get $p))
        (then (call $sgd (i32.load offset=4 (local.get $p)) (i32.load offset=16 (local.get $p))
          (i32.load offset=8 (local.get $p)) (local.get $lr))))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br $update))))
)
