import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tus from 'tus-js-client';
import { ConfigError, LfpError } from '../errors.js';
import type { ImportView } from '../imports/present.js';
import type { ParsedArgs } from './args.js';

/** How long the upload waits before each retry after a failure (a cut connection, a busy server). */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000];

/** What a running lfp answered: its problem's detail, code and status, as the local commands would have failed. */
export class RemoteError extends LfpError {}

interface FileUrlStorage {
  new (path: string): tus.UrlStorage;
}

/**
 * A running lfp, reached over its HTTP API with LFP_API_KEY: what the commands do with `--server URL` instead of
 * opening the database. Uploads go through tus (resumed after a cut connection, and after a new run of the same
 * command on the same file: their addresses are kept in ~/.cache/lfp/uploads.json).
 */
export class RemoteServer {
  readonly base: URL;

  constructor(server: string, private readonly apiKey = process.env.LFP_API_KEY) {
    const url = URL.canParse(server) ? new URL(server) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      throw new ConfigError(`--server: an http:// or https:// address of a running lfp, not ${JSON.stringify(server)}`);
    }
    this.base = url;
  }

  private headers(): Record<string, string> {
    return this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
  }

  private url(path: string): string {
    return new URL(path, this.base).toString();
  }

  async request<T>(method: 'GET' | 'POST', path: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), { method, headers: this.headers() });
    } catch (error) {
      throw new RemoteError(`cannot reach lfp at ${this.base.origin}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`, 'unreachable', 503);
    }
    if (!response.ok) throw await problemOf(response);
    return (await response.json()) as T;
  }

  /**
   * Uploads a file with tus and returns the import the server made of it. Import options travel in the upload's
   * metadata, with the names of the API's query.
   */
  async upload(path: string, metadata: Record<string, string>, onProgress: (sent: number, total: number) => void): Promise<ImportView> {
    const size = (await stat(path)).size;
    const storageDir = join(homedir(), '.cache', 'lfp');
    await mkdir(storageDir, { recursive: true });
    const { FileUrlStorage } = tus as unknown as { FileUrlStorage: FileUrlStorage };
    const location = await new Promise<string>((done, fail) => {
      let importLocation: string | null = null;
      const upload = new tus.Upload(createReadStream(resolve(path)), {
        endpoint: this.url('/api/uploads'),
        uploadSize: size,
        headers: this.headers(),
        metadata,
        retryDelays: RETRY_DELAYS_MS,
        urlStorage: new FileUrlStorage(join(storageDir, 'uploads.json')),
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress,
        onAfterResponse: (_request, response) => {
          importLocation = response.getHeader('Import-Location') ?? importLocation;
        },
        onSuccess: () => (importLocation ? done(importLocation) : fail(new RemoteError('the upload completed but the server named no import', 'bad-gateway', 502))),
        onError: (error) => {
          const response = error instanceof tus.DetailedError ? error.originalResponse : null;
          if (!response) return fail(new RemoteError(`cannot reach lfp at ${this.base.origin}: ${error.message}`, 'unreachable', 503));
          fail(problemFromText(response.getStatus(), response.getBody() ?? ''));
        },
      });
      void upload.findPreviousUploads().then((previous) => {
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      }, fail);
    });
    return this.request<ImportView>('GET', location);
  }

  /**
   * Follows an import's event stream until it ends, calling `onUpdate` with each change; returns the finished
   * import. A dropped stream is opened again.
   */
  async follow(id: number, onUpdate: (imp: ImportView) => void): Promise<ImportView> {
    for (let attempt = 0; ; attempt++) {
      try {
        const ended = await this.readEvents(id, onUpdate);
        if (ended) return ended;
      } catch (error) {
        if (error instanceof RemoteError && error.status < 500) throw error;
        if (attempt >= 5) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
    }
  }

  private async readEvents(id: number, onUpdate: (imp: ImportView) => void): Promise<ImportView | undefined> {
    const response = await fetch(this.url(`/api/imports/${id}/events`), { headers: { ...this.headers(), accept: 'text/event-stream' } })
      .catch((error: Error) => {
        throw new RemoteError(`cannot reach lfp at ${this.base.origin}: ${error.message}`, 'unreachable', 503);
      });
    if (!response.ok || !response.body) throw await problemOf(response);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const part of response.body) {
      buffered += decoder.decode(part as Uint8Array, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const name = /^event: (.*)$/m.exec(event)?.[1];
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!data) continue;
        const imp = JSON.parse(data) as ImportView;
        onUpdate(imp);
        if (name === 'end') return imp;
      }
    }
    return undefined;
  }
}

async function problemOf(response: Response): Promise<RemoteError> {
  return problemFromText(response.status, await response.text().catch(() => ''));
}

/** An RFC 9457 problem (or another answer) as an error: the problem's detail and code, or the status. */
function problemFromText(status: number, body: string): RemoteError {
  try {
    const problem = JSON.parse(body) as { type?: string; detail?: string };
    if (problem.detail) return new RemoteError(problem.detail, problem.type?.split('/').pop() ?? 'remote', status);
  } catch {
    // a tus error, or a proxy's page: plain text
  }
  const text = body.trim().split('\n')[0]?.slice(0, 300);
  return new RemoteError(text ? `${text} (${status})` : `the server answered ${status}`, 'remote', status);
}

/** The running lfp that --server names, if it names one. */
export function remoteOf(args: ParsedArgs): RemoteServer | undefined {
  const server = args.values.server;
  return typeof server === 'string' ? new RemoteServer(server) : undefined;
}
