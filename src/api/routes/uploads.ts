import { Server as TusServer, type Upload } from '@tus/server';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.js';
import { BadUploadError, errorMessage, LfpError } from '../../errors.js';
import { resolveChoices } from '../../imports/profiles.js';
import { submitImport } from '../../imports/service.js';
import { findImportOfResumableUpload, getImport } from '../../imports/store.js';
import { isUploadKey } from '../../storage/store.js';
import type { ApiContext } from '../context.js';
import { UploadLocker } from '../upload-locks.js';
import { sendProblem } from '../problem.js';
import { UploadMetadata } from '../schemas.js';
import { guarded, safeFileName, UploadGuard } from '../upload.js';

const PATH = '/api/uploads';
const TUS_RESUMABLE = '1.0.0';

/**
 * Without a client's key, the import an upload makes is submitted with this one: two completions of one upload
 * racing (on two API processes, say) still make one import.
 */
const uploadKey = (uploadId: string) => `upload:${uploadId}`;

/** Upload-Metadata, decoded by the tus server: the file name, the import options and an idempotency key, as strings. */
function importRequestOf(upload: Upload) {
  const metadata = Object.fromEntries(Object.entries(upload.metadata ?? {}).filter(([, value]) => value !== null && value !== ''));
  const parsed = UploadMetadata.safeParse(metadata);
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

/**
 * Resumable uploads (tus 1.0): the parts of an upload gather where App.resumableUploads keeps them (beside the
 * stored uploads: a directory, or the bucket, where any API process reaches them), one request at a time whichever
 * process serves it (UploadLocker); once complete, the file streams
 * into upload storage while hashing, through the same bounds as POST /api/imports, its import is submitted, and the
 * partial copy goes. Uploads are named in URLs by a UUID; abandoned ones are the sweep's to remove.
 */
export function uploadRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const { app } = context;
    const resumable = app.resumableUploads;
    const locker = new UploadLocker(app.db.pool);
    server.addHook('onClose', () => locker.close());
    const tus = new TusServer({
      path: PATH,
      datastore: await resumable.datastore(),
      locker,
      maxSize: context.uploadBounds.maxBytes,
      exposedHeaders: ['Import-Location'],
      namingFunction: () => resumable.newStoreId(),
      generateUrl: (_request, { path, id }) => `${path}/${resumable.urlId(id)}`,
      getFileIdFromRequest: (_request, lastPath) => (lastPath === undefined ? undefined : resumable.storeIdOf(lastPath)),
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
          const imp = await submitCompleted(app, context, upload, request.headers.get('x-request-id'));
          return { headers: { 'Import-Location': `/api/imports/${imp.id}` } };
        } catch (error) {
          // A file that can never be imported (too large once decompressed, corrupt gzip, bad options, a reused
          // key) goes now; on a failure of storage it stays, for the client's retried PATCH to submit again.
          if (error instanceof LfpError && error.status < 500) await resumable.discard(upload.id).catch(() => {});
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
      if (id !== undefined && isUploadKey(id) && (request.method === 'PATCH' || request.method === 'HEAD')) {
        const submitted = await submittedImport(app, id);
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
 * The complete upload streamed into upload storage while hashing, and its import submitted, once: with the
 * client's idempotency key when Upload-Metadata has one (the same file uploaded again with it finds the first
 * import), with the upload's own otherwise (a second completion of this upload finds its import).
 */
async function submitCompleted(app: App, context: ApiContext, upload: Upload, requestId: string | null) {
  const { filename, idempotencyKey, ...choices } = importRequestOf(upload);
  const uploadId = app.resumableUploads.urlId(upload.id);
  const guard = new UploadGuard(context.uploadBounds);
  const created = upload.creation_date ? Date.parse(upload.creation_date) : Date.now();
  const source = await app.resumableUploads.read(upload.id);
  const submitted = await app.uploadStore.saveFor(guarded(source, guard), async (stored) => {
    if (stored.bytes === 0) throw new BadUploadError('the upload is empty: send the file to import');
    return submitImport(app, {
      sourceName: safeFileName(filename),
      upload: stored,
      uploadMs: Date.now() - created,
      ...(await resolveChoices(app.db.pool, choices)),
      idempotencyKey: idempotencyKey ?? uploadKey(uploadId),
      resumableUploadId: uploadId,
    });
  }, upload.size);
  if (!submitted.replayed) context.metrics.uploads.inc();
  app.log.info({ uploadId, importId: submitted.import.id, replayed: submitted.replayed, requestId }, 'resumable upload complete');
  await app.resumableUploads.discard(upload.id).catch(() => {}); // the sweep removes it if this fails
  return submitted.import;
}

/** The import of an upload that was completed and submitted, if it was: its partial copy is gone, or going. */
async function submittedImport(app: App, uploadId: string) {
  const importId = await findImportOfResumableUpload(app.db.pool, uploadId);
  return importId === undefined ? undefined : getImport(app.db.pool, importId);
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
