import { posix } from 'node:path';
import { finished } from 'node:stream';
import type { App } from '../app.js';
import { ForbiddenError, HostNotAllowedError, UnsupportedUrlError, UploadTooLargeError } from '../errors.js';
import { describeUrl, expectOk, guardedFetch } from '../net/outbound.js';
import type { S3Store } from '../storage/s3.js';
import { objectUrl, type InPlace } from '../storage/store.js';

/** How long a source may take to answer, and to send each part of its body. */
const SOURCE_TIMEOUT_MS = 30_000;

export interface UrlSource {
  name: string;
  /** What UploadStore.saveFor takes: the body to copy into upload storage while hashing, or the object to read in place. */
  input: NodeJS.ReadableStream | InPlace;
  /** The body's length, when known beforehand (an object's, from HeadObject). */
  bytes?: number;
}

/** Whether an argument names a URL to import from rather than a local file. */
export function isSourceUrl(text: string): boolean {
  return /^(s3|https?):\/\//i.test(text);
}

/** The name an import from a URL shows: the last segment of its path. */
export function sourceName(url: string): string {
  const path = URL.canParse(url) ? new URL(url).pathname : '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // not valid percent-encoding: the name as written
  }
  return posix.basename(decoded) || 'download.csv';
}

/**
 * Opens a file to import where it already is: `https://...` (or http) through the outbound guard (the host must be
 * listed in LFP_SOURCE_HOSTS; loopback, private and link-local addresses refused after DNS unless listed exactly;
 * redirects checked again; a timeout and the upload size limit), which the caller streams into upload storage while
 * hashing; or `s3://bucket/key`, when LFP_SOURCE_HOSTS lists `s3://bucket`. With S3 upload storage, its client
 * reaches the object on the store's endpoint, so it is read in place, never copied; with filesystem storage, a
 * client on the standard AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials) reads it for the caller to copy.
 * Its size (checked against the limit) and ETag are taken now: the import, or the copy, reads that version or fails.
 */
export async function openUrlSource(app: App, text: string): Promise<UrlSource> {
  const hosts = app.config.sourceHosts;
  if (hosts.length === 0) throw new ForbiddenError('imports from a URL are off: list the hosts (or s3://buckets) they may read from in LFP_SOURCE_HOSTS');
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url) throw new UnsupportedUrlError(`not a URL: ${JSON.stringify(text.slice(0, 200))}`);
  const name = sourceName(text);
  if (url.protocol === 's3:') return openObject(app, url, name);
  const response = expectOk(await guardedFetch(url, {
    policy: { allowedHosts: hosts.filter((h) => !h.startsWith('s3://')), allowPrivate: false },
    timeoutMs: SOURCE_TIMEOUT_MS,
    maxBytes: app.config.maxUploadBytes,
  }));
  app.log.info({ source: describeUrl(url), address: response.address }, 'reading an import from a URL');
  return { name, input: response.body };
}

/**
 * An `s3://bucket/key` source: with S3 upload storage, read in place with the store's client; otherwise copied with a
 * client of its own, closed once the copy has read the object (or at once if it cannot be read).
 */
async function openObject(app: App, url: URL, name: string): Promise<UrlSource> {
  const bucket = url.host;
  const key = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!app.config.sourceHosts.includes(`s3://${bucket}`)) throw new HostNotAllowedError(`the bucket ${bucket} is not listed in LFP_SOURCE_HOSTS (as s3://${bucket})`, bucket);
  if (key === '') throw new UnsupportedUrlError('an s3:// URL names an object: s3://bucket/key');
  const { S3Store } = await import('../storage/s3.js'); // the AWS SDK is loaded only when an s3:// URL is read
  const head = async (store: S3Store) => {
    const object = await store.headObject(bucket, key);
    if (object.bytes > app.config.maxUploadBytes) throw new UploadTooLargeError(app.config.maxUploadBytes);
    const inPlace = store === app.uploadStore;
    app.log.info({ source: objectUrl(object.inPlace), etag: object.inPlace.etag, bytes: object.bytes, inPlace }, 'importing an object');
    return object;
  };
  if (app.uploadStore instanceof S3Store) {
    if (app.uploadStore.holds(bucket, key)) throw new UnsupportedUrlError(`${objectUrl({ bucket, name: key })} is one of lfp's own stored uploads, not a file to import`);
    return { name, input: await head(app.uploadStore) };
  }
  const copying = new S3Store({ bucket, prefix: '', ...app.config.objectService });
  try {
    const object = await head(copying);
    const input = copying.readObject(object.inPlace);
    finished(input, () => copying.client.destroy());
    return { name, input, bytes: object.bytes };
  } catch (error) {
    copying.client.destroy();
    throw error;
  }
}
