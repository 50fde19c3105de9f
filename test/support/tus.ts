import assert from 'node:assert/strict';

/** Upload-Metadata as tus encodes it: `key base64(value)`, comma-separated. */
export const tusMetadata = (fields: Record<string, string>) =>
  Object.entries(fields).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`).join(',');

/**
 * The requests of a tus 1.0 client, by hand, to /api/uploads of the server at `url()` (read at each request: a test
 * server starts after this is made), with its API key if it has one.
 */
export function tusClient(url: () => string, apiKey?: string) {
  const auth = { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), 'tus-resumable': '1.0.0' };
  const at = (location: string) => new URL(location, url());

  const create = (length: number, fields: Record<string, string> = { filename: 'resumed.csv' }): Promise<Response> =>
    fetch(at('/api/uploads'), { method: 'POST', headers: { ...auth, 'upload-length': String(length), 'upload-metadata': tusMetadata(fields) } });

  const head = (location: string): Promise<Response> => fetch(at(location), { method: 'HEAD', headers: auth });

  async function offsetOf(location: string): Promise<number> {
    const answer = await head(location);
    assert.equal(answer.status, 200);
    return Number(answer.headers.get('upload-offset'));
  }

  const patch = (location: string, offset: number, body: Buffer | Uint8Array | ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<Response> =>
    fetch(at(location), {
      method: 'PATCH',
      headers: { ...auth, 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
      body,
      signal,
      duplex: 'half',
    } as RequestInit);

  /** A PATCH that sends `data` and then hangs until `cut` is called, which cuts its connection. */
  function hangingPatch(location: string, offset: number, data: Buffer) {
    const abort = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(data));
      },
    });
    const sent = patch(location, offset, body, abort.signal).catch((error: Error) => error);
    return { sent, cut: () => abort.abort() };
  }

  return { auth, create, head, offsetOf, patch, hangingPatch };
}
