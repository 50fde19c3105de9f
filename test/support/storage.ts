import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { FileSystemStore } from '../../src/storage/filesystem.js';
import { S3Store } from '../../src/storage/s3.js';
import type { UploadStore } from '../../src/storage/store.js';
import { multipartExtras } from './s3rver-multipart.js';

/** The keys of the uploads in a store, whichever its backend. */
export async function storedKeys(store: UploadStore): Promise<string[]> {
  return (await store.list()).map((stored) => stored.key).sort();
}

/** Replaces a stored upload's bytes behind lfp's back, as a corrupted disk or a stray writer would. */
export async function overwriteUpload(store: UploadStore, key: string, data: Buffer): Promise<void> {
  if (store instanceof FileSystemStore) return writeFile(store.path(key), data);
  if (store instanceof S3Store) {
    await store.client.send(new PutObjectCommand({ Bucket: store.where.bucket, Key: store.objectName(key), Body: data }));
    return;
  }
  throw new Error('unknown store');
}

/** The credentials s3rver accepts. */
export const S3RVER_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** The environment that points a process (this one or a child) at the bucket under `prefix`. */
  env(prefix: string): Record<string, string>;
  /** How many connections clients hold open to the server now. */
  connections(): Promise<number>;
  close(): Promise<void>;
}

/**
 * A real S3-protocol server (s3rver, objects in a temporary directory) on a free loopback port, with one bucket:
 * lfp's S3 backend talks HTTP to it exactly as to S3, MinIO or R2. The multipart calls s3rver lacks are answered by
 * `multipartExtras`, ahead of its router.
 */
export async function startTestS3(bucket = 'lfp-test'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'lfp-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
  server.middleware.splice(-1, 0, multipartExtras(directory));
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // This process's SDK clients read their credentials from the environment, as a deployment's would.
  Object.assign(process.env, S3RVER_CREDENTIALS);
  return {
    endpoint,
    bucket,
    env: (prefix) => ({ ...S3RVER_CREDENTIALS, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint, LFP_STORAGE_URL: `s3://${bucket}/${prefix}` }),
    connections: () => new Promise((resolve, reject) => server.httpServer.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
