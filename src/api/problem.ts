import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
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
  400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error',
  503: 'Service Unavailable',
};

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
    type: `https://lfp.dev/problems/${code}`,
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
    const detail = error.validation.map((v) => `${v.instancePath || error.validationContext} ${v.message}`).join('; ');
    return sendProblem(request, reply, 400, 'invalid-request', detail);
  }
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'request failed');
  const detail = status === 500 ? 'an unexpected error occurred; the request id identifies it in the logs' : error.message;
  return sendProblem(request, reply, status, status === 500 ? 'internal' : (error.code ?? 'bad-request').toLowerCase(), detail);
}
