;; Dense-layer kernels in float64 with f64x2 SIMD and register blocking.
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

  ;; z[r][o] = Σ_i x[r][i]·w[o][i] + bias(o) for rows [r, batch), all o, one dot product each.
  (func $forwardRows (param $w i32) (param $b i32) (param $bLen i32) (param $x i32) (param $z i32)
                     (param $r i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $o i32) (local $xr i32) (local $zr i32)
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $batch)))
        (local.set $xr (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $inputs)) (i32.const 3))))
        (local.set $zr (i32.add (local.get $z) (i32.shl (i32.mul (local.get $r) (local.get $outputs)) (i32.const 3))))
        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $o) (local.get $outputs)))
            (f64.store (i32.add (local.get $zr) (i32.shl (local.get $o) (i32.const 3)))
              (f64.add
                (call $dot (local.get $xr)
                  (i32.add (local.get $w) (i32.shl (i32.mul (local.get $o) (local.get $inputs)) (i32.const 3)))
                  (local.get $inputs))
                (call $biasAt (local.get $b) (local.get $bLen) (local.get $o))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $cols)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; z = x·wᵀ + b, blocked 2 rows × 4 neurons: 8 f64x2 accumulators run along the inputs.
  (func (export "denseForward")
        (param $w i32) (param $b i32) (param $bLen i32) (param $x i32) (param $z i32)
        (param $batch i32) (param $inputs i32) (param $outputs i32)
    (local $xs i32) (local $zs i32) (local $end i32) (local $r i32) (local $o i32) (local $k i32)
    (local $x0 i32) (local $x1 i32) (local $z0 i32) (local $z1 i32)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $vx0 v128) (local $vx1 v128) (local $vw v128)
    (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128)
    (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local $s00 f64) (local $s01 f64) (local $s02 f64) (local $s03 f64)
    (local $s10 f64) (local $s11 f64) (local $s12 f64) (local $s13 f64)
    (local $t0 f64) (local $t1 f64) (local $bias f64)
    (local.set $xs (i32.shl (local.get $inputs) (i32.const 3)))
    (local.set $zs (i32.shl (local.get $outputs) (i32.const 3)))
    (local.set $end (i32.shl (i32.and (local.get $inputs) (i32.const -2)) (i32.const 3)))
    (block $rowPairsDone
      (loop $rowPairs
        (br_if $rowPairsDone (i32.gt_u (i32.add (local.get $r) (i32.const 2)) (local.get $batch)))
        (local.set $x0 (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $xs))))
        (local.set $x1 (i32.add (local.get $x0) (local.get $xs)))
        (local.set $z0 (i32.add (local.get $z) (i32.mul (local.get $r) (local.get $zs))))
        (local.set $z1 (i32.add (local.get $z0) (local.get $zs)))
        (local.set $o (i32.const 0))
        (block $quadsDone
          (loop $quads
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $outputs)))
            (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $xs))))
            (local.set $w1 (i32.add (local.get $w0) (local.get $xs)))
            (local.set $w2 (i32.add (local.get $w1) (local.get $xs)))
            (local.set $w3 (i32.add (local.get $w2) (local.get $xs)))
            (local.set $a00 (v128.const i64x2 0 0)) (local.set $a01 (v128.const i64x2 0 0))
            (local.set $a02 (v128.const i64x2 0 0)) (local.set $a03 (v128.const i64x2 0 0))
            (local.set $a10 (v128.const i64x2 0 0)) (local.set $a11 (v128.const i64x2 0 0))
            (local.set $a12 (v128.const i64x2 0 0)) (local.set $a13 (v128.const i64x2 0 0))
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
            (local.set $s00 (f64.add (f64x2.extract_lane 0 (local.get $a00)) (f64x2.extract_lane 1 (local.get $a00))))
            (local.set $s01 (f64.add (f64x2.extract_lane 0 (local.get $a01)) (f64x2.extract_lane 1 (local.get $a01))))
            (local.set $s02 (f64.add (f64x2.extract_lane 0 (local.get $a02)) (f64x2.extract_lane 1 (local.get $a02))))
            (local.set $s03 (f64.add (f64x2.extract_lane 0 (local.get $a03)) (f64x2.extract_lane 1 (local.get $a03))))
            (local.set $s10 (f64.add (f64x2.extract_lane 0 (local.get $a10)) (f64x2.extract_lane 1 (local.get $a10))))
            (local.set $s11 (f64.add (f64x2.extract_lane 0 (local.get $a11)) (f64x2.extract_lane 1 (local.get $a11))))
            (local.set $s12 (f64.add (f64x2.extract_lane 0 (local.get $a12)) (f64x2.extract_lane 1 (local.get $a12))))
            (local.set $s13 (f64.add (f64x2.extract_lane 0 (local.get $a13)) (f64x2.extract_lane 1 (local.get $a13))))
            (if (i32.and (local.get $inputs) (i32.const 1))
              (then
                (local.set $t0 (f64.load (i32.add (local.get $x0) (local.get $end))))
                (local.set $t1 (f64.load (i32.add (local.get $x1) (local.get $end))))
                (local.set $bias (f64.load (i32.add (local.get $w0) (local.get $end))))
                (local.set $s00 (f64.add (local.get $s00) (f64.mul (local.get $t0) (local.get $bias))))
                (local.set $s10 (f64.add (local.get $s10) (f64.mul (local.get $t1) (local.get $bias))))
                (local.set $bias (f64.load (i32.add (local.get $w1) (local.get $end))))
                (local.set $s01 (f64.add (local.get $s01) (f64.mul (local.get $t0) (local.get $bias))))
                (local.set $s11 (f64.add (local.get $s11) (f64.mul (local.get $t1) (local.get $bias))))
                (local.set $bias (f64.load (i32.add (local.get $w2) (local.get $end))))
                (local.set $s02 (f64.add (local.get $s02) (f64.mul (local.get $t0) (local.get $bias))))
                (local.set $s12 (f64.add (local.get $s12) (f64.mul (local.get $t1) (local.get $bias))))
                (local.set $bias (f64.load (i32.add (local.get $w3) (local.get $end))))
                (local.set $s03 (f64.add (local.get $s03) (f64.mul (local.get $t0) (local.get $bias))))
                (local.set $s13 (f64.add (local.get $s13) (f64.mul (local.get $t1) (local.get $bias))))))
            (local.set $k (i32.shl (local.get $o) (i32.const 3)))
            (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (local.get $o)))
            (f64.store offset=0 (i32.add (local.get $z0) (local.get $k)) (f64.add (local.get $s00) (local.get $bias)))
            (f64.store offset=0 (i32.add (local.get $z1) (local.get $k)) (f64.add (local.get $s10) (local.get $bias)))
            (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (i32.add (local.get $o) (i32.const 1))))
            (f64.store offset=8 (i32.add (local.get $z0) (local.get $k)) (f64.add (local.get $s01) (local.get $bias)))
            (f64.store offset=8 (i32.add (local.get $z1) (local.get $k)) (f64.add (local.get $s11) (local.get $bias)))
            (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (i32.add (local.get $o) (i32.const 2))))
            (f64.store offset=16 (i32.add (local.get $z0) (local.get $k)) (f64.add (local.get $s02) (local.get $bias)))
            (f64.store offset=16 (i32.add (local.get $z1) (local.get $k)) (f64.add (local.get $s12) (local.get $bias)))
            (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (i32.add (local.get $o) (i32.const 3))))
            (f64.store offset=24 (i32.add (local.get $z0) (local.get $k)) (f64.add (local.get $s03) (local.get $bias)))
            (f64.store offset=24 (i32.add (local.get $z1) (local.get $k)) (f64.add (local.get $s13) (local.get $bias)))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $quads)))
        ;; Leftover neurons (outputs mod 4) of this row pair.
        (block $restDone
          (loop $rest
            (br_if $restDone (i32.ge_u (local.get $o) (local.get $outputs)))
            (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $o) (local.get $xs))))
            (local.set $bias (call $biasAt (local.get $b) (local.get $bLen) (local.get $o)))
            (local.set $k (i32.shl (local.get $o) (i32.const 3)))
            (f64.store (i32.add (local.get $z0) (local.get $k))
              (f64.add (call $dot (local.get $x0) (local.get $w0) (local.get $inputs)) (local.get $bias)))
            (f64.store (i32.add (local.get $z1) (local.get $k))
              (f64.add (call $dot (local.get $x1) (local.get $w0) (local.get $inputs)) (local.get $bias)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $rest)))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rowPairs)))
    (call $forwardRows (local.get $w) (local.get $b) (local.get $bLen) (local.get $x) (local.get $z)
      (local.get $r) (local.get $batch) (local.get $inputs) (local.get $outputs)))

  ;; dw[o][i] = Σ_r dz[r][o]·x[r][i] for o in [o0, o1), i in [i0, i1), scalar (edges of the blocked loop).
  (func $weightsRect (param $dz i32) (param $x i32) (param $dw i32) (param $batch i32) (param $inputs i32) (param $outputs i32)
                     (param $o0 i32) (param $o1 i32) (param $i0 i32) (param $i1 i32)
    (local $o i32) (local $i i32) (local $r i32) (local $pz i32) (local $px i32) (local $s f64)
    (local.set $o (local.get $o0))
    (block $oDone
      (loop $oLoop
        (br_if $oDone (i32.ge_u (local.get $o) (local.get $o1)))
        (local.set $i (local.get $i0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $i1)))
            (local.set $s (f64.const 0))
            (local.set $pz (i32.add (local.get $dz) (i32.shl (local.get $o) (i32.const 3))))
            (local.set $px (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $r (i32.const 0))
            (block $rDone
              (loop $rLoop
                (br_if $rDone (i32.ge_u (local.get $r) (local.get $batch)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $pz)) (f64.load (local.get $px)))))
                (local.set $pz (i32.add (local.get $pz) (i32.shl (local.get $outputs) (i32.const 3))))
                (local.set $px (i32.add (local.get $px) (i32.shl (local.get $inputs) (i32.const 3))))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $rLoop)))
            (f64.store
              (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (local.get $o) (local.get $inputs)) (local.get $i)) (i32.const 3)))
              (local.get $s))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
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

  ;; dx[r][i] = Σ_o dz[r][o]·w[o][i] for r in [r0, r1), i in [i0, i1), scalar (edges of the blocked loop).
  (func $inputRect (param $w i32) (param $dz i32) (param $dx i32) (param $inputs i32) (param $outputs i32)
                   (param $r0 i32) (param $r1 i32) (param $i0 i32) (param $i1 i32)
    (local $r i32) (local $i i32) (local $o i32) (local $pz i32) (local $pw i32) (local $s f64)
    (local.set $r (local.get $r0))
    (block $rDone
      (loop $rLoop
        (br_if $rDone (i32.ge_u (local.get $r) (local.get $r1)))
        (local.set $i (local.get $i0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $i1)))
            (local.set $s (f64.const 0))
            (local.set $pz (i32.add (local.get $dz) (i32.shl (i32.mul (local.get $r) (local.get $outputs)) (i32.const 3))))
            (local.set $pw (i32.add (local.get $w) (i32.shl (local.get $i) (i32.const 3))))
            (local.set $o (i32.const 0))
            (block $oDone
              (loop $oLoop
                (br_if $oDone (i32.ge_u (local.get $o) (local.get $outputs)))
                (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $pz)) (f64.load (local.get $pw)))))
                (local.set $pz (i32.add (local.get $pz) (i32.const 8)))
                (local.set $pw (i32.add (local.get $pw) (i32.shl (local.get $inputs) (i32.const 3))))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $oLoop)))
            (f64.store
              (i32.add (local.get $dx) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $inputs)) (local.get $i)) (i32.const 3)))
              (local.get $s))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
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

  ;; a[k] = tanh(z[k]) for k < n.
  (func (export "tanhForward") (param $z i32) (param $a i32) (param $n i32)
    (local $k i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (v128.store (i32.add (local.get $a) (local.get $k)) (call $tanh2 (v128.load (i32.add (local.get $z) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (v128.store64_lane 0 (i32.add (local.get $a) (local.get $end))
          (call $tanh2 (v128.load64_zero (i32.add (local.get $z) (local.get $end))))))))

  ;; a[k] = 1/(1 + e^(−z[k])) for k < n.
  (func (export "sigmoidForward") (param $z i32) (param $a i32) (param $n i32)
    (local $k i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3)))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (v128.store (i32.add (local.get $a) (local.get $k)) (call $sigmoid2 (v128.load (i32.add (local.get $z) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $pairs)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (v128.store64_lane 0 (i32.add (local.get $a) (local.get $end))
          (call $sigmoid2 (v128.load64_zero (i32.add (local.get $z) (local.get $end))))))))
)
