/** How a CSV upload ended: accepted, or the server's (or the network's) sentence saying why not. */
export type CsvUploadResult = { ok: true } | { ok: false; message: string };

/** A header value must be Latin-1; a display name outside printable ASCII is left out rather than mangled. */
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function errorMessage(status: number, text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not the server's JSON error: fall through to the status.
  }
  return `the server answered ${status}`;
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
    xhr.onload = () => resolve(xhr.status === 200 ? { ok: true } : { ok: false, message: errorMessage(xhr.status, xhr.responseText) });
    xhr.onerror = () => resolve({ ok: false, message: 'the upload failed: the connection to the server was lost' });
    xhr.send(file);
  });
}
