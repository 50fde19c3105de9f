import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';

/** A client's x-request-id is kept only when it is short and printable: it goes into every log line and a header. */
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's genReqId: the client's id when it is a safe one, else a new UUID. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && CLIENT_ID.test(given) ? given : randomUUID();
}
