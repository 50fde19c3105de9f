// The API client: JSON requests, uploads with progress, live import events and downloads, all with the API
// key when one is stored. Every failure becomes an ApiError whose message is the problem's `detail`, which is
// what the pages show.
import { authHeaders, keyRejected } from './auth';
import { DetailedError, Upload as TusUpload } from 'tus-js-client';
import { SseParser } from './sse';
import { isActive, type FilePreview, type Import } from './types';

export class ApiError extends Error {
  /**
   * `problem` is the whole problem document when there was one: its `type` and extension members (the SKUs of a
   * revert conflict, say).
   */
  constructor(readonly status: number, readonly title: string, detail: string, readonly problem: Record<string, unknown> = {}) {
    super(detail);
  }

  /** A 0 (no answer) or a 5xx: the same request may well succeed if sent again. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

type Query = Record<string, string | number | null | undefined>;

/** `/api` + path + the query's non-empty values. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  if (response.status === 401) keyRejected();
  const text = await response.text().catch(() => '');
  return problemError(response.status, response.statusText, text);
}

/** An RFC 9457 problem (or whatever else came back) as an ApiError. */
function problemError(status: number, statusText: string, body: string): ApiError {
  try {
    const problem = JSON.parse(body) as { title?: string; detail?: string } & Record<string, unknown>;
    if (problem.detail) return new ApiError(status, problem.title ?? statusText, problem.detail, problem);
  } catch {
    // not JSON: a proxy's error page, say
  }
  return new ApiError(status, statusText || 'Error', `the server answered ${status}${statusText ? ` ${statusText}` : ''}`);
}

const unreachable = () => new ApiError(0, 'Network error', 'the server cannot be reached; check that lfp is running');

async function send(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { ...authHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw unreachable();
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function getJson<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return (await send('GET', apiUrl(path, query), undefined, signal)).json() as Promise<T>;
}

/** POST, PUT, PATCH or DELETE; resolves to the JSON answer, or undefined for 204. */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, query?: Query): Promise<T> {
  const response = await send(method, apiUrl(path, query), body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** How much of a file's start a preview sends (the server reads at most 1 MiB). */
const PREVIEW_BYTES = 1024 * 1024;

/** How the start of `file` would be imported with these options (its dialect and mapping); nothing is submitted. */
export async function previewFile(file: File, query: Query, signal?: AbortSignal): Promise<FilePreview> {
  const complete = file.size <= PREVIEW_BYTES;
  let response: Response;
  try {
    response = await fetch(apiUrl('/imports/preview', { ...query, complete: complete ? 'true' : undefined }), {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': /\.gz$/i.test(file.name) ? 'application/gzip' : 'text/csv' },
      body: complete ? file : file.slice(0, PREVIEW_BYTES),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw unreachable();
  }
  if (!response.ok) throw await errorOf(response);
  return response.json() as Promise<FilePreview>;
}

/** How long a resumable upload waits before each retry after a failure (a cut connection, a busy server). */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000];

export interface UploadEvents {
  onProgress(sent: number, total: number): void;
  /** An earlier upload of the same file and options (stopped by a page reload, or given up) is continued: the server had `received` bytes. */
  onResume(received: number): void;
}

/**
 * Uploads a file with the tus protocol (POST /api/uploads, then PATCHes), reporting bytes sent. A cut connection is
 * retried from the byte the server has; the upload's address is kept in localStorage under a fingerprint of the
 * file and its options, so that the same file chosen again after a page reload resumes instead of starting over
 * (`onResume` says so). The server submits the import once, whatever is retried, and says where it is
 * (Import-Location).
 */
export function uploadFile(file: File, query: Query, events: UploadEvents, signal?: AbortSignal): Promise<Import> {
  const metadata: Record<string, string> = { filename: file.name };
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') metadata[name] = String(value);
  return new Promise((resolve, reject) => {
    let importLocation: string | null = null;
    // Set while the upload continues one found in localStorage, until the server answers where that one stands.
    let continuingEarlier = false;
    const upload = new TusUpload(file, {
      endpoint: apiUrl('/uploads'),
      headers: authHeaders(),
      metadata,
      retryDelays: RETRY_DELAYS_MS,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: async (f) => ['lfp', f.name, f.size, (f as File).lastModified, JSON.stringify(metadata)].join(':'),
      onProgress: events.onProgress,
      onAfterResponse: (request, response) => {
        importLocation = response.getHeader('Import-Location') ?? importLocation;
        // tus retries a locked upload's HEAD; any other failure (the earlier upload expired) starts a new upload.
        if (continuingEarlier && request.getMethod() === 'HEAD' && response.getStatus() !== 423) {
          continuingEarlier = false;
          if (response.getStatus() < 300) events.onResume(Number(response.getHeader('Upload-Offset')));
        }
      },
      onSuccess: () => {
        if (!importLocation?.startsWith('/api/imports/')) return reject(new ApiError(502, 'Bad Gateway', 'the upload completed but the server named no import'));
        fetch(importLocation, { headers: authHeaders() })
          .then(async (response) => (response.ok ? resolve((await response.json()) as Import) : reject(await errorOf(response))))
          .catch(() => reject(unreachable()));
      },
      onError: (error) => {
        const response = error instanceof DetailedError ? error.originalResponse : null;
        if (!response) return reject(unreachable());
        if (response.getStatus() === 401) keyRejected();
        reject(problemError(response.getStatus(), '', response.getBody() ?? ''));
      },
    });
    signal?.addEventListener('abort', () => {
      void upload.abort();
      reject(new DOMException('upload aborted', 'AbortError'));
    });
    void upload.findPreviousUploads().then((previous) => {
      if (previous[0]) {
        continuingEarlier = true;
        upload.resumeFromPreviousUpload(previous[0]);
      }
      upload.start();
    });
  });
}

/**
 * Browsers open about six connections to one server; each event stream holds one for as long as its import runs.
 * Past this many streams, imports are polled instead, so that the rest of the dashboard keeps its connections.
 */
const MAX_STREAMS = 3;
const POLL_MS = 1000;
let openStreams = 0;

/** Calls `onUpdate` with the import whenever it changes, until it has finished (or `signal` aborts). */
export async function watchImport(id: number, onUpdate: (imp: Import) => void, signal: AbortSignal): Promise<void> {
  if (openStreams < MAX_STREAMS) {
    openStreams++;
    try {
      if (await streamEvents(id, onUpdate, signal)) return;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof ApiError && error.status !== 0) throw error; // 404, 401: polling would not help
    } finally {
      openStreams--;
    }
  }
  // A stream cut short (a restarted server, a proxy timeout) or none to spare: poll until the import ends.
  while (!signal.aborted) {
    const imp = await getJson<Import>(`/imports/${id}`, undefined, signal).catch((error) => {
      if (signal.aborted) return undefined;
      throw error;
    });
    if (!imp) return;
    onUpdate(imp);
    if (!isActive(imp.status)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Reads the import's event stream; true when it saw the import end. */
async function streamEvents(id: number, onUpdate: (imp: Import) => void, signal: AbortSignal): Promise<boolean> {
  const response = await send('GET', apiUrl(`/imports/${id}/events`), undefined, signal);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return false;
      for (const event of parser.push(value)) {
        onUpdate(JSON.parse(event.data) as Import);
        if (event.event === 'end') return true;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Saves what a GET answers as a file. Through fetch, so that the API key goes along. */
export async function download(path: string, query: Query, fileName: string): Promise<void> {
  const blob = await (await send('GET', apiUrl(path, query))).blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
