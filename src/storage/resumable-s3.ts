import { ERRORS, type KvStore } from '@tus/server';
import { S3Store as TusS3Store, type MetadataValue } from '@tus/s3-store';
import { s3ClientConfig, type S3Location } from './s3.js';

/**
 * Keeps nothing: several API processes share an upload, and what one of them cached of its `.info` would go stale
 * when another changes it (a length declared late, a completion). Reading it again costs one GET.
 */
class NoCache implements KvStore<MetadataValue> {
  async get(): Promise<undefined> {
    return undefined;
  }

  async set(): Promise<void> {}

  async delete(): Promise<void> {}
}

const INFO = '.info';

/**
 * @tus/s3-store on lfp's bucket, with lfp's client settings, its uploads named `<prefix>resumable/<uuid>`. Two of
 * its ways are changed: removing an upload also removes a completed one and its `.part`, and expiring looks only
 * under the prefix, where tus's own would abort every multipart upload of the bucket (the upload store's included).
 */
export class BucketResumableStore extends TusS3Store {
  constructor(where: S3Location, private readonly prefix: string, expiryMs: number) {
    super({
      s3ClientConfig: { ...s3ClientConfig(where), bucket: where.bucket },
      expirationPeriodInMilliseconds: expiryMs,
      // Expiry is the sweep's, not a lifecycle rule's: no object tags, which not every S3-compatible service knows.
      useTags: false,
      cache: new NoCache(),
    });
  }

  /**
   * tus's removal aborts the multipart upload and stops there when it is already completed (NoSuchUpload), and
   * leaves the `.part` of an incomplete last part: every object of the upload goes here, whatever it answered.
   */
  override async remove(id: string): Promise<void> {
    try {
      await super.remove(id);
    } finally {
      await this.client.deleteObjects({
        Bucket: this.bucket,
        Delete: { Objects: [id, this.infoKey(id), this.partKey(id, true)].map((Key) => ({ Key })), Quiet: true },
      });
    }
  }

  /**
   * Removes the uploads whose `.info` is older than the expiry: it is written at creation (again only when a length
   * is declared late; without tags, not on completion), and a completed upload's goes once its import is submitted.
   */
  override async deleteExpired(): Promise<number> {
    const createdBefore = Date.now() - this.getExpiration();
    let removed = 0;
    let token: string | undefined;
    do {
      const page = await this.client.listObjectsV2({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token });
      for (const { Key, LastModified } of page.Contents ?? []) {
        if (!Key?.endsWith(INFO) || !LastModified || LastModified.getTime() > createdBefore) continue;
        await this.remove(Key.slice(0, -INFO.length)).catch((error: unknown) => {
          if (error !== ERRORS.FILE_NOT_FOUND) throw error;
        });
        removed++;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return removed;
  }
}
