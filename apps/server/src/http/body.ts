import type { IncomingMessage } from 'node:http';
import type { Result } from '@liveprop/core';

/** Reads a JSON request body of at most `maxBytes`; too large or not JSON is a result, never a throw. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Result<unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: Result<unknown>): void => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        finish({ ok: false, code: 'too_large', message: `request body over ${maxBytes} bytes` });
        req.resume();
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return finish({ ok: true, value: {} });
      try {
        finish({ ok: true, value: JSON.parse(text) });
      } catch (err) {
        finish({ ok: false, code: 'bad_json', message: `request body is not JSON: ${(err as Error).message}` });
      }
    });
    req.on('error', (err) => finish({ ok: false, code: 'bad_request', message: err.message }));
  });
}
