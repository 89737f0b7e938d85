import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';

describe('decodeBase64', () => {
  it('decodes every padding length like Node does', () => {
    for (const text of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', '\u0000\u00ff\u0080 ~?']) {
      const encoded = Buffer.from(text, 'latin1').toString('base64');
      expect([...decodeBase64(encoded)]).toEqual([...Buffer.from(text, 'latin1')]);
    }
  });

  it('rejects a character outside the alphabet, naming it and its position', () => {
    expect(() => decodeBase64('ab$d')).toThrow("invalid base64 character '$' at 2");
  });
});
