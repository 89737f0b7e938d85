/** The WHATWG text codecs exist in both Node and browsers; the package compiles without DOM or Node types. */
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBuffer | ArrayBufferView): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
