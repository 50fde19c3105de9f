import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { once } from 'node:events';
import type { App } from '../../app.js';
import { z } from 'zod';
import { cancelImport, requireImport, retryImport, submitImport } from '../../imports/service.js';
import { presentImport } from '../../imports/present.js';
import { ConflictError } from '../../errors.js';
import { fromRequest } from '../../imports/options.js';
import { openUrlSource } from '../../imports/url-source.js';
import { revertImport } from '../../imports/revert.js';
import { listImportErrors } from '../../imports/chunks.js';
import { isFinished } from '../../imports/model.js';
import { listImports } from '../../imports/store.js';
import { listNameChanges } from '../../ingest/preview.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { sendProblem } from '../problem.js';
import { spreadsheetField } from '../spreadsheet.js';
import {
  Cursor, Flag, IdempotencyConflict, IdempotencyHeaders, IdParams, Import, ImportError, Limit, NameChange, page, Problem, RevertConflict, RevertResult, SubmitQuery,
} from '../schemas.js';
import { BadUploadError, UploadGuard, guarded, safeFileName } from '../upload.js';

const RAW_TYPES = ['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream'];
const EVENTS_POLL_MS = 500;
const EVENTS_HEARTBEAT_MS = 15_000;
const problems = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 503: Problem };

export function importRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { app } = context;
    // What the use cases log during a request carries its request id.
    const forRequest = (request: FastifyRequest) => ({ ...app, log: request.log as App['log'] });
    // Upload bodies are streamed by the handler itself, never buffered by a parser.
    server.addContentTypeParser(RAW_TYPES, (_request, _payload, done) => done(null));

    api.post('/imports', {
      schema: {
        summary: 'Upload a file, or name one by URL, and queue its import',
        description: `The file as the raw body (${RAW_TYPES.join(', ')}) or as the "file" field of multipart/form-data; ` +
          'or application/json {"url": "https://host/path.csv.gz"} or {"url": "s3://bucket/key"} for a file where it already is, ' +
          'from hosts and buckets listed in LFP_SOURCE_HOSTS (loopback, private and link-local addresses refused unless listed exactly). ' +
          'Streams to storage while hashing; answers 202 once the upload is stored and its import queued, 200 when ' +
          'nothing new was queued: the Idempotency-Key was known (the first import, header Idempotent-Replayed: true) ' +
          'or the file was seen before and skipIfSeen was set (a skipped import). duplicateOf names an earlier ' +
          'succeeded import of the same file either way.',
        querystring: SubmitQuery,
        headers: IdempotencyHeaders,
        response: { 200: Import, 202: Import, ...problems, 403: Problem, 422: IdempotencyConflict, 502: Problem, 504: Problem },
      },
    }, async (request, reply) => {
      if (!context.uploadLimiter.tryTake()) {
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'busy', 'too many uploads at once; try again shortly');
      }
      try {
        const source = await uploadSource(request, app);
        if (!source) return sendProblem(request, reply, 415, 'unsupported-media-type', `send the file as ${RAW_TYPES.join(', ')} or multipart/form-data, or its URL as application/json`);
        const started = performance.now();
        const guard = new UploadGuard(context.uploadBounds);
        const { filename, ...choices } = request.query;
        const submitted = await app.uploadStore.saveFor(guarded(source.stream, guard), async (upload) => {
          await source.rest();
          if (upload.bytes === 0) throw new BadUploadError('the request has no body: send the file to import');
          return submitImport(forRequest(request), {
            sourceName: safeFileName(filename ?? source.name),
            upload,
            uploadMs: performance.now() - started,
            ...fromRequest(choices),
            idempotencyKey: request.headers['idempotency-key'],
          });
        });
        context.metrics.uploads.inc();
        const imp = submitted.import;
        if (submitted.replayed) reply.header('idempotent-replayed', 'true');
        return reply
          .code(submitted.replayed || imp.status === 'skipped' ? 200 : 202) // a worker may have started it already
          .header('location', `/api/imports/${imp.id}`)
          .send(presentImport(imp, new Date()));
      } finally {
        context.uploadLimiter.release();
      }
    });

    api.get('/imports', {
      schema: {
        summary: 'List imports, newest first',
        querystring: z.object({ limit: Limit(200, 50), cursor: Cursor }),
        response: { 200: page(Import), 400: Problem },
      },
    }, async (request) => {
      const before = decodeCursor(request.query.cursor, z.tuple([z.number().int().positive()]));
      const rows = await listImports(app.db.pool, request.query.limit + 1, before?.[0]);
      return toPage(rows, request.query.limit, (imp) => [imp.id], (imp) => presentImport(imp, new Date()));
    });

    api.get('/imports/:id', {
      schema: { summary: 'One import: status, counts, progress, timings', params: IdParams, response: { 200: Import, 404: Problem } },
    }, async (request) => presentImport(await requireImport(app, request.params.id), new Date()));

    api.get('/imports/:id/events', {
      schema: {
        summary: 'Server-Sent Events: the import (event "progress") whenever it changes, until it ends (event "end")',
        params: IdParams,
        response: { 404: Problem },
      },
    }, async (request, reply) => streamEvents(context, request.params.id, request, reply));

    api.get('/imports/:id/errors', {
      schema: {
        summary: 'Rejected rows, by line; ?format=csv (or Accept: text/csv) downloads them all as CSV',
        params: IdParams,
        querystring: z.object({ limit: Limit(1000, 100), cursor: Cursor, format: z.enum(['json', 'csv']).optional() }),
        response: { 200: page(ImportError), 400: Problem, 404: Problem },
      },
    }, async (request, reply) => {
      const imp = await requireImport(app, request.params.id);
      const csv = request.query.format === 'csv' || (request.query.format === undefined && request.headers.accept?.includes('text/csv'));
      if (csv) {
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="import-${imp.id}-errors.csv"`,
        });
        reply.raw.write('line,reason,raw\n');
        try {
          for (let after = 0; !reply.raw.destroyed; ) {
            const batch = await listImportErrors(app.db.pool, imp.id, after, 1000);
            const text = batch.map((e) => `${e.line},${spreadsheetField(e.reason)},${spreadsheetField(e.raw)}\n`).join('');
            if (!reply.raw.write(text)) await once(reply.raw, 'drain'); // a slow client is not buffered for
            if (batch.length < 1000) break;
            after = batch[batch.length - 1]!.line;
          }
        } catch (error) {
          request.log.error({ err: error }, 'error download cut short'); // the status line is already sent
        } finally {
          reply.raw.end();
        }
        return reply;
      }
      const after = decodeCursor(request.query.cursor, z.tuple([z.number().int().nonnegative()]));
      const rows = await listImportErrors(app.db.pool, imp.id, after?.[0] ?? 0, request.query.limit + 1);
      return toPage(rows, request.query.limit, (e) => [e.line], (e) => e);
    });

    api.get('/imports/:id/name-changes', {
      schema: {
        summary: 'A dry run: the names whose product count the import would change, with their counts before and after',
        params: IdParams,
        querystring: z.object({ limit: Limit(1000, 100), cursor: Cursor }),
        response: { 200: page(NameChange), 400: Problem, 404: Problem, 409: Problem },
      },
    }, async (request) => {
      const imp = await requireImport(app, request.params.id);
      if (!imp.options.dryRun) throw new ConflictError(`import ${imp.id} is not a dry run: it lists no name changes`);
      const after = decodeCursor(request.query.cursor, z.tuple([z.string()]));
      const rows = await listNameChanges(app.db.pool, imp.id, after?.[0], request.query.limit + 1);
      return toPage(rows, request.query.limit, (c) => [c.name], (c) => c);
    });

    api.post('/imports/:id/revert', {
      schema: {
        summary: 'Undo an import: every product it created or changed goes back to its state before it',
        description: 'Refuses (409, listing the SKUs) when products the import wrote were written since, unless ' +
          'force=true: then those are kept as they are and the others reverted. Aggregates stay exact.',
        params: IdParams,
        querystring: z.object({ force: Flag }),
        response: { 200: RevertResult, 404: Problem, 409: RevertConflict },
      },
    }, async (request) => {
      const result = await revertImport(forRequest(request), request.params.id, request.query.force);
      return { import: presentImport(result.import, new Date()), kept: result.kept };
    });

    api.post('/imports/:id/cancel', {
      schema: { summary: 'Cancel a queued or running import', params: IdParams, response: { 200: Import, 404: Problem, 409: Problem } },
    }, async (request) => presentImport(await cancelImport(forRequest(request), request.params.id), new Date()));

    api.post('/imports/:id/retry', {
      schema: { summary: 'Queue a failed or cancelled import again', params: IdParams, response: { 202: Import, 404: Problem, 409: Problem } },
    }, async (request, reply) => reply.code(202).send(presentImport(await retryImport(forRequest(request), request.params.id), new Date())));
  };
}

interface UploadSource {
  name: string | undefined;
  stream: NodeJS.ReadableStream;
  /** Once the file is read: checks that nothing else follows it in the body. */
  rest(): Promise<void>;
}

const ONE_FILE_PART = 'the multipart body must have exactly one part, the file, named "file"';

/** A URL import's body. */
const UrlImport = z.object({ url: z.string().min(1).max(2000) });

async function uploadSource(request: FastifyRequest, app: App): Promise<UploadSource | undefined> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    const body = UrlImport.safeParse(request.body);
    if (!body.success) throw new BadUploadError('a JSON body names the file to import: {"url": "https://..."} or {"url": "s3://bucket/key"}');
    const source = await openUrlSource(app, body.data.url);
    return { name: source.name, stream: source.stream, rest: async () => {} };
  }
  if (type === 'multipart/form-data') {
    // Busboy's limits (server.ts) refuse any field and a second file, so nothing but the file is ever buffered.
    const parts = request.parts()[Symbol.asyncIterator]();
    const next = () => parts.next().catch((error: Error) => {
      throw new BadUploadError(/limit/i.test(error.message) ? ONE_FILE_PART : `the multipart body cannot be read: ${error.message}`);
    });
    const first = await next();
    if (first.done || first.value.type !== 'file' || first.value.fieldname !== 'file') throw new BadUploadError(ONE_FILE_PART);
    const rest = async () => {
      if (!(await next()).done) throw new BadUploadError(ONE_FILE_PART);
    };
    return { name: first.value.filename, stream: first.value.file, rest };
  }
  return RAW_TYPES.includes(type) ? { name: undefined, stream: request.raw, rest: async () => {} } : undefined;
}

async function streamEvents(context: ApiContext, id: number, request: FastifyRequest, reply: FastifyReply) {
  let imp = await requireImport(context.app, id);
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  let closed = false;
  reply.raw.on('close', () => (closed = true));
  let last = '';
  let lastWrite = Date.now();
  try {
    while (!closed) {
      const data = JSON.stringify(presentImport(imp, new Date()));
      if (data !== last) {
        reply.raw.write(`event: progress\ndata: ${data}\n\n`);
        lastWrite = Date.now();
      } else if (Date.now() - lastWrite > EVENTS_HEARTBEAT_MS) {
        reply.raw.write(': still running\n\n'); // a comment: keeps the idle-connection timeout and proxies away
        lastWrite = Date.now();
      }
      last = data;
      if (isFinished(imp.status)) {
        reply.raw.write(`event: end\ndata: ${data}\n\n`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, EVENTS_POLL_MS));
      imp = await requireImport(context.app, id);
    }
  } catch (error) {
    request.log.error({ err: error }, 'event stream cut short'); // the client reconnects, as SSE clients do
  } finally {
    reply.raw.end();
  }
}
