import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What these handlers use of a Koa context. */
interface Context {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
}
export type Middleware = (ctx: Context, next: () => Promise<void>) => Promise<void>;

/**
 * The calls of the S3 multipart protocol that s3rver lacks and @tus/s3-store makes (ListParts, AbortMultipartUpload)
 * or a test makes to see what is left (ListMultipartUploads), answered over HTTP as S3 answers them, from the
 * uploads s3rver itself keeps: `<directory>/<bucket>/._S3rver_uploads/<uploadId>/` holds the object's `key`, and
 * each part `<n>` with its `<n>.md5` once it is written. To be mounted before s3rver's router; a response body that
 * is a plain object is written as XML by s3rver.
 */
export function multipartExtras(directory: string): Middleware {
  const uploadsOf = (bucket: string) => join(directory, bucket, '._S3rver_uploads');

  async function upload(bucket: string, key: string, uploadId: string): Promise<string | undefined> {
    if (!/^[0-9a-f]+$/.test(uploadId)) return undefined;
    const dir = join(uploadsOf(bucket), uploadId);
    const stored = await readFile(join(dir, 'key'), 'utf8').catch(() => undefined);
    return stored === key ? dir : undefined;
  }

  const noSuchUpload = (ctx: Context, uploadId: string) => {
    ctx.status = 404;
    ctx.body = { Error: { Code: 'NoSuchUpload', Message: 'The specified upload does not exist.', UploadId: uploadId } };
  };

  async function listParts(ctx: Context, bucket: string, key: string, uploadId: string) {
    const dir = await upload(bucket, key, uploadId);
    if (!dir) return noSuchUpload(ctx, uploadId);
    const marker = Number(ctx.query['part-number-marker'] ?? 0);
    const maxParts = Math.min(Number(ctx.query['max-parts'] ?? 1000), 1000);
    const numbers = (await readdir(dir)).filter((name) => /^\d+\.md5$/.test(name)).map((name) => Number.parseInt(name, 10))
      .filter((n) => n > marker).sort((a, b) => a - b);
    const listed = numbers.slice(0, maxParts);
    const parts = await Promise.all(listed.map(async (n) => {
      const [file, md5] = await Promise.all([stat(join(dir, String(n))), readFile(join(dir, `${n}.md5`), 'utf8')]);
      return { PartNumber: n, LastModified: file.mtime.toISOString(), ETag: JSON.stringify(md5), Size: file.size };
    }));
    ctx.body = {
      ListPartsResult: {
        Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker, NextPartNumberMarker: listed.at(-1) ?? marker,
        MaxParts: maxParts, IsTruncated: numbers.length > listed.length, StorageClass: 'STANDARD', Part: parts,
      },
    };
  }

  async function abort(ctx: Context, bucket: string, key: string, uploadId: string) {
    const dir = await upload(bucket, key, uploadId);
    if (!dir) return noSuchUpload(ctx, uploadId);
    await rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = null;
  }

  async function listUploads(ctx: Context, bucket: string) {
    const prefix = String(ctx.query.prefix ?? '');
    const ids = await readdir(uploadsOf(bucket)).catch(() => [] as string[]);
    const uploads = [];
    for (const uploadId of ids) {
      const keyFile = join(uploadsOf(bucket), uploadId, 'key');
      const key = await readFile(keyFile, 'utf8').catch(() => undefined);
      if (key === undefined || !key.startsWith(prefix)) continue;
      uploads.push({ Key: key, UploadId: uploadId, Initiated: (await stat(keyFile)).mtime.toISOString(), StorageClass: 'STANDARD' });
    }
    uploads.sort((a, b) => a.Key.localeCompare(b.Key) || a.UploadId.localeCompare(b.UploadId));
    ctx.body = { ListMultipartUploadsResult: { Bucket: bucket, Prefix: prefix, MaxUploads: 1000, IsTruncated: false, Upload: uploads } };
  }

  return async (ctx, next) => {
    const [bucket, ...rest] = ctx.path.slice(1).split('/').map((segment) => decodeURIComponent(segment));
    const key = rest.join('/');
    const uploadId = typeof ctx.query.uploadId === 'string' ? ctx.query.uploadId : undefined;
    if (!bucket) return next();
    if (key && uploadId !== undefined && ctx.method === 'GET') return listParts(ctx, bucket, key, uploadId);
    if (key && uploadId !== undefined && ctx.method === 'DELETE') return abort(ctx, bucket, key, uploadId);
    if (!key && 'uploads' in ctx.query && ctx.method === 'GET') return listUploads(ctx, bucket);
    return next();
  };
}
