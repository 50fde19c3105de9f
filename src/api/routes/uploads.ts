import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { ERRORS, Server as TusServer, type Upload } from '@tus/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import { errorMessage, LfpError } from '../../errors.js';
import { resolveChoices } from '../../imports/profiles.js';
import { submitImport } from '../../imports/service.js';
import { findByIdempotencyKey, getImport } from '../../imports/store.js';
import type { ApiContext } from '../context.js';
import { sendProblem } from '../problem.js';
import { SubmitQuery } from '../schemas.js';
import { BadUploadError, guarded, safeFileName, UploadGuard } from '../upload.js';

const PATH = '/api/uploads';
const TUS_RESUMABLE = '1.0.0';

/** The import an upload makes is submitted with this idempotency key: a retried final PATCH finds it again. */
const importKey = (uploadId: string) => `upload:${uploadId}`;

/**
 * Resumable uploads (tus 1.0): the parts of an upload gather in `<dataDir>/resumable` on the API's disk, as
 * @tus/file-store keeps them; once complete, the file streams into upload storage (filesystem or S3) while hashing,
 * through the same bounds as POST /api/imports, its import is submitted, and the partial copy goes. An upload not
 * completed within `expiryMs` of its creation is removed by `expire`.
 */
export class ResumableUploads {
  readonly store: FileStore;

  constructor(dataDir: string, readonly expiryMs: number) {
    this.store = new FileStore({ directory: join(dataDir, 'resumable'), expirationPeriodInMilliseconds: expiryMs });
  }

  /** Removes uploads abandoned before they were complete; returns how many. */
  expire(): Promise<number> {
    return this.store.deleteExpired();
  }
}

/** Upload-Metadata, decoded by the tus server: the file name and the import options, as strings. */
function importRequestOf(upload: Upload) {
  const metadata = Object.fromEntries(Object.entries(upload.metadata ?? {}).filter(([, value]) => value !== null && value !== ''));
  const parsed = SubmitQuery.safeParse(metadata);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadUploadError(`Upload-Metadata ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** A failure as tus answers it: the status of lfp's typed errors, their message as the body. */
function tusError(error: unknown): { status_code: number; body: string } {
  if (error instanceof LfpError) return { status_code: error.status, body: `${error.message}\n` };
  return { status_code: 500, body: `${errorMessage(error)}\n` };
}

export function uploadRoutes(context: ApiContext, resumable: ResumableUploads): FastifyPluginAsync {
  return async (server) => {
    const { app } = context;
    const tus = new TusServer({
      path: PATH,
      datastore: resumable.store,
      maxSize: context.uploadBounds.maxBytes,
      relativeLocation: true,
      exposedHeaders: ['Import-Location'],
      namingFunction: () => randomUUID(),
      async onUploadCreate(_request, upload) {
        try {
          importRequestOf(upload); // bad options are refused before any byte is sent
        } catch (error) {
          throw tusError(error);
        }
        return {};
      },
      async onUploadFinish(request, upload) {
        try {
          const imp = await submitCompleted(app, context, resumable, upload, request.headers.get('x-request-id'));
          return { headers: { 'Import-Location': `/api/imports/${imp.id}` } };
        } catch (error) {
          // A file that can never be imported (too large once decompressed, corrupt gzip, bad options) goes now;
          // on a failure of storage it stays, for the client's retried PATCH to submit again.
          if (error instanceof LfpError && error.status < 500) await resumable.store.remove(upload.id).catch(() => {});
          throw tusError(error);
        }
      },
      onResponseError(_request, error) {
        return error instanceof LfpError ? tusError(error) : undefined;
      },
    });

    // The body of a PATCH is streamed to the file by tus itself, never parsed.
    server.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

    const handle = async (request: FastifyRequest<{ Params: { id?: string } }>, reply: FastifyReply) => {
      const id = request.params.id;
      if (id !== undefined && (request.method === 'PATCH' || request.method === 'HEAD')) {
        const submitted = await submittedImport(app, resumable, id);
        if (submitted) return answerSubmitted(reply, request.method, submitted);
      }
      // A PATCH (or a creation) carries the file's bytes: it takes an upload slot, as POST /api/imports does.
      const sendsData = request.method === 'PATCH' || request.method === 'POST';
      if (sendsData && !context.uploadLimiter.tryTake()) {
        reply.header('retry-after', '5');
        return sendProblem(request, reply, 503, 'busy', 'too many uploads at once; try again shortly');
      }
      // The slot is free when the response is done or the connection gone: a cut connection ends no handler promptly.
      if (sendsData) reply.raw.once('close', () => context.uploadLimiter.release());
      reply.hijack();
      await tus.handle(request.raw, reply.raw);
    };
    const route = { schema: { hide: true }, exposeHeadRoute: false };
    server.route({ method: ['POST', 'OPTIONS'], url: '/uploads', ...route, handler: handle });
    server.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: '/uploads/:id', ...route, handler: handle });
  };
}

/**
 * The complete upload streamed into upload storage while hashing, and its import submitted, once: a second
 * completion of the same upload (a retried final PATCH) finds the first import by its idempotency key.
 */
async function submitCompleted(app: App, context: ApiContext, resumable: ResumableUploads, upload: Upload, requestId: string | null) {
  const { filename, ...choices } = importRequestOf(upload);
  const guard = new UploadGuard(context.uploadBounds);
  const created = upload.creation_date ? Date.parse(upload.creation_date) : Date.now();
  const submitted = await app.uploadStore.saveFor(guarded(resumable.store.read(upload.id), guard), async (stored) => {
    if (stored.bytes === 0) throw new BadUploadError('the upload is empty: send the file to import');
    return submitImport(app, {
      sourceName: safeFileName(filename),
      upload: stored,
      uploadMs: Date.now() - created,
      ...(await resolveChoices(app.db.pool, choices)),
      idempotencyKey: importKey(upload.id),
    });
  });
  if (!submitted.replayed) context.metrics.uploads.inc();
  app.log.info({ uploadId: upload.id, importId: submitted.import.id, requestId }, 'resumable upload complete');
  await resumable.store.remove(upload.id).catch(() => {}); // a concurrent completion may have removed it
  return submitted.import;
}

/** The import of an upload that was completed and submitted (its partial copy gone), if it was. */
async function submittedImport(app: App, resumable: ResumableUploads, id: string) {
  const exists = await resumable.store.getUpload(id).then(() => true, (error: unknown) => error !== ERRORS.FILE_NOT_FOUND);
  if (exists) return undefined;
  const first = await findByIdempotencyKey(app.db.pool, importKey(id));
  return first ? getImport(app.db.pool, first.id) : undefined;
}

/** A HEAD or a retried final PATCH of a submitted upload: complete, and where its import is. */
function answerSubmitted(reply: FastifyReply, method: string, imp: NonNullable<Awaited<ReturnType<typeof getImport>>>) {
  const bytes = String(imp.sourceBytes ?? 0);
  reply.headers({
    'tus-resumable': TUS_RESUMABLE,
    'upload-offset': bytes,
    'upload-length': bytes,
    'import-location': `/api/imports/${imp.id}`,
    'cache-control': 'no-store',
    'access-control-expose-headers': 'Upload-Offset, Upload-Length, Tus-Resumable, Import-Location',
  });
  return reply.code(method === 'HEAD' ? 200 : 204).send();
}
