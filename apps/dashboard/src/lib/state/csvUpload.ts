import { datasetUploadedSchema, restErrorSchema } from '@liveprop/protocol';

/** How a CSV upload ended: accepted, or the server's (or the network's) sentence saying why not. */
export type CsvUploadResult = { ok: true } | { ok: false; message: string };

/** A header value must be Latin-1; a display name outside printable ASCII is left out rather than mangled. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The answer to an upload, read with protocol's schemas ([R38]): accepted, or the server's sentence for why not. */
function readAnswer(status: number, text: string): CsvUploadResult {
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: only the status is left to tell.
  }
  if (status === 200) return datasetUploadedSchema.safeParse(body).success ? { ok: true } : { ok: false, message: 'the server accepted the CSV but its answer is malformed' };
  const refused = restErrorSchema.safeParse(body);
  return { ok: false, message: refused.success ? refused.data.error.message : `the server answered ${status}` };
}

/**
 * Sends `file` to `POST /api/sessions/:id/dataset` ([R37]) with the edit token. XMLHttpRequest rather than fetch:
 * only it reports upload progress, as `onProgress(fraction sent)`.
 */
export function uploadCsv(sessionId: string, editToken: string, file: Blob, author: string | null, onProgress: (sent: number) => void): Promise<CsvUploadResult> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/sessions/${encodeURIComponent(sessionId)}/dataset`);
    xhr.setRequestHeader('authorization', `Bearer ${editToken}`);
    xhr.setRequestHeader('content-type', 'text/csv');
    if (author !== null && PRINTABLE_ASCII.test(author)) xhr.setRequestHeader('x-liveprop-name', author);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => resolve(readAnswer(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve({ ok: false, message: 'the upload failed: the connection to the server was lost' });
    xhr.send(file);
  });
}
