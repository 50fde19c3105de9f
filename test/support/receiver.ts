import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  server: Server;
  received: Received[];
  /** How the next request to `path` is answered: a status, or a wait then a status. */
  answer: (request: Received, index: number) => number | Promise<number>;
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records every request and answers as `answer` says (200 by default). */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: '',
    server: createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', async () => {
        const request = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
        received.push(request);
        const status = await receiver.answer(request, received.filter((r) => r.path === request.path).length - 1);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(`answered ${status}`);
      });
    }),
    received,
    answer: () => 200,
    close: () => new Promise((resolve) => {
      receiver.server.closeAllConnections();
      receiver.server.close(() => resolve());
    }),
  };
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
  return receiver;
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not come within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
