import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { once } from 'node:events';
import type { App } from '../../app.js';
import { z } from 'zod';
import { cancelImport, requireImport, retryImport, RetryDialect, submitImport } from '../../imports/service.js';
import { presentImport } from '../../imports/present.js';
import { BadUploadError, ConflictError, UploadTooLargeError } from '../../errors.js';
import { resolveChoices } from '../../imports/profiles.js';
import { DEFAULT_OPTIONS } from '../../imports/options.js';
import { previewFile } from '../../csv/head.js';
import { openUrlSource } from '../../imports/url-source.js';
import { isInPlace, type InPlace } from '../../storage/store.js';
import { revertImport } from '../../imports/revert.js';
import { listImportErrors, summarizeImportErrors } from '../../imports/chunks.js';
import { isFinished, type ImportRecord } from '../../imports/model.js';
import { listImports, listLivelyImports } from '../../imports/store.js';
import { listNameChanges } from '../../ingest/preview.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { sendProblem } from '../problem.js';
import { spreadsheetField } from '../spreadsheet.js';
import {
  Cursor, ErrorSummary, FilePreview, Flag, IdParams, IdempotencyHeaders, Import, ImportError, Limit, NameChange, PreviewQuery, Problem, RevertConflict, RevertResult, SubmitProblem, SubmitQuery, page,
} from '../schemas.js';
import { UploadGuard, guarded, safeFileName } from '../upload.js';

const RAW_TYPES = ['text/csv', 'application/gzip', 'application/x-gzip', 'application/octet-stream'];
const EVENTS_POLL_MS = 500;
/** How much of a file's start a preview reads. */
export const PREVIEW_SAMPLE_BYTES = 1024 * 1024;
/** The stream of all imports sends what changed in this long: every unfinished import, and those finished lately. */
const LIVELY_SECONDS = 5;
const REASONS_SHOWN = 100;
const EVENTS_HEARTBEAT_MS = 15_000;
const problems = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 415: Problem, 503: Problem };

export function importRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { app } = context;
    // What the use cases log during a request carries its request id.
    const forRequest = (request: FastifyRequest) => ({ ...app, log: request.log as App['log'] });
    const present = async (imp: ImportRecord) => presentImport(imp, new Date(), await context.phaseCosts());
    // Upload bodies are streamed by the handler itself, never buffered by a parser.
    server.addContentTypeParser(RAW_TYPES, (_request, _payload, done) => done(null));

    api.post('/imports', {
      schema: {
        summary: 'Upload a file, or name one by URL, and queue its import',
        description: `The file as the raw body (${RAW_TYPES.join(', ')}) or as the "file" field of multipart/form-data; ` +
          'or application/json {"url": "https://host/path.csv.gz"} or {"url": "s3://bucket/key"} for a file where it already is, ' +
          'from hosts and buckets listed in LFP_SOURCE_HOSTS (loopback, private and link-local addresses refused unless listed exactly). ' +
          'Streams to storage while hashing (an s3:// object is read in place, at the ETag it has now); answers 202 once the upload is stored and its import queued, 200 when ' +
          'nothing new was queued: the Idempotency-Key was known (the first import, header Idempotent-Replayed: true) ' +
          'or the file was seen before and skipIfSeen was set (a skipped import). duplicateOf names an earlier ' +
          'succeeded import of the same file either way. A mapping (map.sku=...) naming a column the header lacks is ' +
          'refused with 422, listing the header (columns); a profile names saved options, under those given here.',
        querystring: SubmitQuery,
        headers: IdempotencyHeaders,
        response: { 200: Import, 202: Import, ...problems, 403: Problem, 422: SubmitProblem, 502: Problem, 504: Problem },
      },
    }, async (request, reply) => {
      if (!context.uploadLimiter.tryTake()) {
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'busy', 'too many uploads at once; try again shortly');
      }
      try {
        const { filename, ...query } = request.query;
        const choices = await resolveChoices(app.db.pool, query); // an unknown profile is refused before the upload
        const source = await uploadSource(request, app);
        if (!source) return sendProblem(request, reply, 415, 'unsupported-media-type', `send the file as ${RAW_TYPES.join(', ')} or multipart/form-data, or its URL as application/json`);
        const started = performance.now();
        // An object read in place is not received here: no upload guard for it (its size was checked when opened).
        const input = isInPlace(source.input) ? source.input : guarded(source.input, new UploadGuard(context.uploadBounds));
        const submitted = await app.uploadStore.saveFor(input, async (upload) => {
          await source.rest();
          if (upload.bytes === 0) throw new BadUploadError('the request has no body: send the file to import');
          return submitImport(forRequest(request), {
            sourceName: safeFileName(filename ?? source.name),
            upload,
            uploadMs: performance.now() - started,
            ...choices,
            idempotencyKey: request.headers['idempotency-key'],
          });
        }, source.bytes);
        context.metrics.uploads.inc();
        const imp = submitted.import;
        if (submitted.replayed) reply.header('idempotent-replayed', 'true');
        return reply
          .code(submitted.replayed || imp.status === 'skipped' ? 200 : 202) // a worker may have started it already
          .header('location', `/api/imports/${imp.id}`)
          .send(await present(imp));
      } finally {
        context.uploadLimiter.release();
      }
    });

    api.post('/imports/preview', {
      schema: {
        summary: 'How the start of a file would be imported, before submitting it: header, mapping suggestions, first 20 rows',
        description: `The first bytes of the file (at most ${PREVIEW_SAMPLE_BYTES} bytes) as the raw body; nothing is stored or ` +
          'queued. With a mapping (map.sku=...), the rows are read through it; problem says why they cannot be.',
        querystring: PreviewQuery,
        response: { 200: FilePreview, 400: Problem, 413: Problem, 415: Problem },
      },
    }, async (request, reply) => {
      const { complete, encoding, delimiter, 'map.sku': sku, 'map.name': name, 'map.description': description } = request.query;
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!RAW_TYPES.includes(type)) return sendProblem(request, reply, 415, 'unsupported-media-type', `send the file's start as ${RAW_TYPES.join(', ')}`);
      const pieces: Buffer[] = [];
      let bytes = 0;
      for await (const piece of request.raw as AsyncIterable<Buffer>) {
        bytes += piece.length;
        if (bytes > PREVIEW_SAMPLE_BYTES) throw new UploadTooLargeError(PREVIEW_SAMPLE_BYTES);
        pieces.push(piece);
      }
      const dialect = { encoding: encoding ?? DEFAULT_OPTIONS.encoding, delimiter: delimiter ?? DEFAULT_OPTIONS.delimiter };
      return previewFile(Buffer.concat(pieces), complete, dialect, { sku, name, description });
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
      const costs = await context.phaseCosts();
      return toPage(rows, request.query.limit, (imp) => [imp.id], (imp) => presentImport(imp, new Date(), costs));
    });

    api.get('/imports/:id', {
      schema: { summary: 'One import: status, counts, progress, timings', params: IdParams, response: { 200: Import, 404: Problem } },
    }, async (request) => present(await requireImport(app, request.params.id)));

    api.get('/imports/events', {
      schema: {
        summary: 'Server-Sent Events: every import (event "import") when it is submitted and whenever it changes, until the client leaves',
        description: 'On connecting, every unfinished import and those finished in the last few seconds; then each import again when it changes. ' +
          'A dashboard keeps its lists current from this one stream.',
      },
    }, async (request, reply) => streamAllEvents(context, request, reply));

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
        querystring: z.object({
          limit: Limit(1000, 100), cursor: Cursor, format: z.enum(['json', 'csv']).optional(),
          reason: z.string().max(1000).optional().describe('only the rows rejected for this reason (as /errors/summary names it)'),
        }),
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
            const batch = await listImportErrors(app.db.pool, imp.id, after, 1000, request.query.reason);
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
      const rows = await listImportErrors(app.db.pool, imp.id, after?.[0] ?? 0, request.query.limit + 1, request.query.reason);
      return toPage(rows, request.query.limit, (e) => [e.line], (e) => e);
    });

    api.get('/imports/:id/errors/summary', {
      schema: {
        summary: 'Rejected rows grouped by reason, with how many rows each reason rejected',
        params: IdParams,
        response: { 200: ErrorSummary, 404: Problem },
      },
    }, async (request) => {
      const imp = await requireImport(app, request.params.id);
      return summarizeImportErrors(app.db.pool, imp.id, REASONS_SHOWN);
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
      return { import: await present(result.import), kept: result.kept };
    });

    api.post('/imports/:id/cancel', {
      schema: { summary: 'Cancel a queued or running import', params: IdParams, response: { 200: Import, 404: Problem, 409: Problem } },
    }, async (request) => present(await cancelImport(forRequest(request), request.params.id)));

    api.post('/imports/:id/retry', {
      schema: {
        summary: 'Queue a failed or cancelled import again',
        description: 'dialect=suggested reads the file with the encoding and delimiter the import suggests (409 when it suggests none), ' +
          'dialect=detect detects both from the file; by default it is read as before.',
        params: IdParams,
        querystring: z.object({ dialect: RetryDialect.default('as-before') }),
        response: { 202: Import, 404: Problem, 409: Problem },
      },
    }, async (request, reply) => reply.code(202).send(await present(await retryImport(forRequest(request), request.params.id, request.query.dialect))));
  };
}

interface UploadSource {
  name: string | undefined;
  input: NodeJS.ReadableStream | InPlace;
  /** The file's length when known beforehand: a raw body's Content-Length, an object's size. */
  bytes?: number;
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
    return { ...source, rest: async () => {} };
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
    return { name: first.value.filename, input: first.value.file, rest };
  }
  if (!RAW_TYPES.includes(type)) return undefined;
  const length = request.headers['content-length'];
  return { name: undefined, input: request.raw, ...(length === undefined ? {} : { bytes: Number(length) }), rest: async () => {} };
}

/** One import's events: "progress" whenever it changes, "end" once it has finished. */
async function streamEvents(context: ApiContext, id: number, request: FastifyRequest, reply: FastifyReply) {
  let imp = await requireImport(context.app, id);
  let last = '';
  await eventStream(request, reply, async (send) => {
    const data = JSON.stringify(presentImport(imp, new Date(), await context.phaseCosts()));
    if (data !== last) send('progress', data);
    last = data;
    if (isFinished(imp.status)) {
      send('end', data);
      return false;
    }
    imp = await requireImport(context.app, id);
    return true;
  });
}

/** Every import's events: "import" for each import submitted or changed, for as long as the client stays. */
async function streamAllEvents(context: ApiContext, request: FastifyRequest, reply: FastifyReply) {
  const sent = new Map<number, string>();
  await eventStream(request, reply, async (send) => {
    const [imports, costs] = await Promise.all([listLivelyImports(context.app.db.pool, LIVELY_SECONDS), context.phaseCosts()]);
    const now = new Date();
    const seen = new Set<number>();
    for (const imp of imports) {
      const data = JSON.stringify(presentImport(imp, now, costs));
      seen.add(imp.id);
      if (sent.get(imp.id) !== data) send('import', data);
      sent.set(imp.id, data);
    }
    for (const id of sent.keys()) if (!seen.has(id)) sent.delete(id); // finished a while ago: its last state was sent
    return true;
  });
}

/**
 * Answers with an event stream, calling `tick` every EVENTS_POLL_MS until it returns false or the client leaves;
 * a comment goes out when nothing else did for EVENTS_HEARTBEAT_MS.
 */
async function eventStream(
  request: FastifyRequest,
  reply: FastifyReply,
  tick: (send: (event: string, data: string) => void) => Promise<boolean>,
) {
  reply.hijack();
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  reply.raw.write(': open\n\n'); // the headers go out now, not with the first event
  let closed = false;
  reply.raw.on('close', () => (closed = true));
  let lastWrite = Date.now();
  const send = (event: string, data: string) => {
    reply.raw.write(`event: ${event}\ndata: ${data}\n\n`);
    lastWrite = Date.now();
  };
  try {
    while (!closed) {
      if (!(await tick(send))) break;
      if (Date.now() - lastWrite > EVENTS_HEARTBEAT_MS) {
        reply.raw.write(': still running\n\n'); // a comment: keeps the idle-connection timeout and proxies away
        lastWrite = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, EVENTS_POLL_MS));
    }
  } catch (error) {
    request.log.error({ err: error }, 'event stream cut short'); // the client reconnects, as SSE clients do
  } finally {
    reply.raw.end();
  }
}
