import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { LfpError } from '../errors.js';

/** RFC 9457 problem details: every error of the API has this shape and media type. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 409: 'Conflict',
  413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type', 421: 'Misdirected Request',
  422: 'Unprocessable Content', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/**
 * Problem types are relative references (RFC 9457 allows them), so they name a URI of the lfp being asked, not a
 * domain the project would have to hold.
 */
export function problemType(code: string): string {
  return `/problems/${code}`;
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extensions: Record<string, unknown> = {},
) {
  // Answered before the body was read to its end (a 413 mid-upload): the connection cannot serve another request.
  if (!request.raw.complete) reply.header('connection', 'close');
  const problem: Problem = {
    ...extensions,
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url,
    requestId: request.id,
  };
  return reply.code(status).type('application/problem+json').send(problem);
}

/** Maps every error to a problem: ours by their code and status, validation to 400, the unknown to 500. */
export function problemHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof LfpError) return sendProblem(request, reply, error.status, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = error.validation
      .map((v) => `${v.instancePath === '/' ? error.validationContext : v.instancePath} ${plainMessage(v.keyword, v.params, v.message ?? 'is not valid')}`)
      .join('; ');
    return sendProblem(request, reply, 400, 'invalid-request', detail);
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'request failed');
  const detail = status === 500 ? 'an unexpected error occurred; the request id identifies it in the logs' : error.message;
  return sendProblem(request, reply, status, status === 500 ? 'internal' : (error.code ?? 'bad-request').toLowerCase(), detail);
}

/** How zod's own messages begin ("Too big: expected number to be <=200", "Invalid option: ..."). */
const ZOD_WORDING = /^(Too (big|small)|Invalid|Unrecognized)/;

/**
 * A validation issue in plain words ("must be at most 1000", "is required") instead of the validator's own ("Too
 * big: expected number to be <=1000"); messages the schemas word themselves (a refine's) are kept as they are.
 */
export function plainMessage(code: string, params: Record<string, unknown>, message: string): string {
  const { origin, maximum, minimum, expected, input, values, format } = params as {
    origin?: string; maximum?: number | bigint; minimum?: number | bigint; expected?: string; input?: unknown; values?: unknown[]; format?: string;
  };
  if (!ZOD_WORDING.test(message)) return message; // a schema's own wording ("is empty") is kept
  switch (code) {
    case 'too_big':
      return origin === 'string' ? `is longer than ${maximum} characters` : origin === 'array' ? `has more than ${maximum} items` : `must be at most ${maximum}`;
    case 'too_small':
      if (origin === 'string') return Number(minimum) <= 1 ? 'must not be empty' : `is shorter than ${minimum} characters`;
      return origin === 'array' ? `needs at least ${minimum} items` : `must be at least ${minimum}`;
    case 'invalid_type':
      return input === undefined ? 'is required' : `must be ${expected === 'int' ? 'a whole number' : `a ${expected}`}`;
    case 'invalid_value':
      return values && values.length > 0 ? `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` : message;
    case 'invalid_format':
      return format === 'regex' ? 'is not in the form expected' : `is not a valid ${format}`;
    case 'unrecognized_keys':
      return `has fields it does not take: ${((params as { keys?: string[] }).keys ?? []).join(', ')}`;
    default:
      return message;
  }
}

/**
 * Fastify's clientErrorHandler: what Node's HTTP parser refuses before there is a request (headers over the limit,
 * a malformed request line, a client too slow to send its headers) is answered as a problem too.
 */
export function clientErrorHandler(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const requestId = randomUUID();
  this.log.debug({ err: error, requestId }, 'client error');
  const detail = status === 431 ? 'the request headers are too large' : status === 408 ? 'the request headers took too long' : 'the request cannot be parsed as HTTP';
  const code = status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'bad-request';
  const body = JSON.stringify({ type: problemType(code), title: TITLES[status], status, detail, requestId });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${TITLES[status]}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
