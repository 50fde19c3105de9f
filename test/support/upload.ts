import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface UploadResponse {
  status: number;
  body: string;
  /** When the answer came, from the start of the request. */
  ms: number;
}

/**
 * POSTs `pieces` to `path` one after another, with `pauseMs` between them (chunked transfer encoding, as a client
 * that streams would), and resolves with the answer. The server may answer before the body is sent; writes after
 * that are dropped.
 */
export function uploadInPieces(
  url: string,
  path: string,
  pieces: Buffer[],
  options: { contentType?: string; pauseMs?: number; headers?: Record<string, string> } = {},
): Promise<UploadResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'text/csv', ...options.headers },
    }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, ms: performance.now() - started }));
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    void (async () => {
      for (const piece of pieces) {
        if (answered || req.destroyed) return;
        req.write(piece);
        if (options.pauseMs) await sleep(options.pauseMs);
      }
      if (!answered && !req.destroyed) req.end();
    })();
  });
}

/** A multipart/form-data body of the given parts, in order; a part with `filename` is a file. */
export function multipartBody(parts: { name: string; filename?: string; data: Buffer | string }[]): { body: Buffer; contentType: string } {
  const boundary = `----lfp-test-${Math.random().toString(16).slice(2)}`;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const type = part.filename ? 'Content-Type: application/octet-stream\r\n' : '';
    pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`), Buffer.from(part.data), Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(pieces), contentType: `multipart/form-data; boundary=${boundary}` };
}
