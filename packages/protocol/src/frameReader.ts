/** Reads a little-endian binary frame front to back; any read past the end throws a RangeError naming both sizes. */
export class FrameReader {
  offset = 0;
  constructor(readonly view: DataView) {}

  need(n: number): void {
    if (this.offset + n > this.view.byteLength) {
      throw new RangeError(`frame truncated: need ${this.offset + n} bytes, have ${this.view.byteLength}`);
    }
  }

  u8(): number { this.need(1); return this.view.getUint8(this.offset++); }
  u16(): number { this.need(2); const v = this.view.getUint16(this.offset, true); this.offset += 2; return v; }
  u32(): number { this.need(4); const v = this.view.getUint32(this.offset, true); this.offset += 4; return v; }
  f32(): number { this.need(4); const v = this.view.getFloat32(this.offset, true); this.offset += 4; return v; }
  f64(): number { this.need(8); const v = this.view.getFloat64(this.offset, true); this.offset += 8; return v; }

  /** `n` float32 values into a new array, checked against the frame's length before allocating. */
  f32s(n: number): Float64Array {
    this.need(4 * n);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.f32();
    return out;
  }

  /** A quantized block (f32 min, f32 max, u8 × n) into `out[start .. start+n)`. */
  block(out: Float32Array, start: number, n: number): void {
    const min = this.f32();
    const max = this.f32();
    this.need(n);
    const step = (max - min) / 255;
    for (let i = 0; i < n; i++) out[start + i] = min + this.view.getUint8(this.offset + i) * step;
    this.offset += n;
  }
}
