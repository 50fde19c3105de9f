import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { BadUploadError, StorageError, StorageUnavailableError } from '../../src/errors.js';
import { FileSystemStore } from '../../src/storage/filesystem.js';
import { openUploadStore } from '../../src/storage/open.js';
import { S3Store } from '../../src/storage/s3.js';
import type { UploadStore } from '../../src/storage/store.js';
import { startTestS3, storedKeys, type TestS3 } from '../support/storage.js';

let s3: TestS3;
let dir: string;
before(async () => {
  s3 = await startTestS3();
  dir = await mkdtemp(join(tmpdir(), 'lfp-store-'));
});
after(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const backends: [string, () => UploadStore][] = [
  ['filesystem', () => new FileSystemStore(join(dir, 'uploads'))],
  ['s3', () => new S3Store({ bucket: s3.bucket, prefix: 'contract/', region: 'us-east-1', endpoint: s3.endpoint })],
];

for (const [name, open] of backends) {
  describe(`the ${name} backend`, () => {
    test('saves while hashing (multipart for a file over one part), reads it whole and by range, removes it', async () => {
      const store = open();
      await store.check();
      const data = randomBytes(20 * 1024 * 1024 + 12_345); // three parts of a multipart upload
      const pieces = Array.from({ length: 40 }, (_, i) => data.subarray(i * (data.length / 40 | 0), i === 39 ? data.length : (i + 1) * (data.length / 40 | 0)));
      const upload = await store.save(Readable.from(pieces));
      assert.equal(upload.bytes, data.length);
      assert.equal(upload.sha256, createHash('sha256').update(data).digest('hex'));
      assert.equal(await store.exists(upload.key), true);
      const whole: Buffer[] = [];
      for await (const part of store.read(upload.key)) whole.push(part as Buffer);
      assert.ok(Buffer.concat(whole).equals(data));
      const range = Buffer.alloc(100_000);
      await store.readRange(upload.key, null, 9_000_000, range);
      assert.ok(range.equals(data.subarray(9_000_000, 9_100_000)));
      await assert.rejects(store.readRange(upload.key, null, data.length - 10, Buffer.alloc(20)), StorageError);
      assert.deepEqual(await storedKeys(store), [upload.key]);
      await store.remove(upload.key);
      assert.equal(await store.exists(upload.key), false);
      assert.deepEqual(await storedKeys(store), []);
    });

    test('chunks of their own are written, read and removed with their upload', async () => {
      const store = open();
      const upload = await store.save(Readable.from([Buffer.from('sku\n1\n')]));
      for (const index of [0, 1, 2]) await store.writeChunk(upload.key, index, Buffer.from(`chunk ${index}`));
      const into = Buffer.alloc(7);
      await store.readRange(upload.key, 2, 0, into);
      assert.equal(into.toString(), 'chunk 2');
      await store.removeChunks(upload.key);
      await assert.rejects(store.readRange(upload.key, 2, 0, into), /./);
      assert.equal(await store.exists(upload.key), true, 'the upload stays');
      await store.writeChunk(upload.key, 0, Buffer.from('again'));
      await store.remove(upload.key);
      assert.deepEqual(await storedKeys(store), []);
    });

    test('a failing input leaves nothing stored and its own error', async () => {
      const store = open();
      async function* failing() {
        yield Buffer.alloc(6 * 1024 * 1024, 'a');
        throw new Error('the client went away');
      }
      await assert.rejects(store.save(failing()), /the client went away/);
      assert.deepEqual(await storedKeys(store), []);
    });

    test('an input of declared length is stored whole; one that ends early, runs on or fails leaves nothing', async () => {
      const store = open();
      const data = randomBytes(3 * 1024 * 1024 + 7); // one request on S3: no multipart upload
      const pieces = [data.subarray(0, 1_000_000), data.subarray(1_000_000)];
      const upload = await store.save(Readable.from(pieces), data.length);
      assert.equal(upload.sha256, createHash('sha256').update(data).digest('hex'));
      const whole: Buffer[] = [];
      for await (const part of store.read(upload.key)) whole.push(part as Buffer);
      assert.ok(Buffer.concat(whole).equals(data));
      await store.remove(upload.key);

      await assert.rejects(store.save(Readable.from(pieces), data.length + 1), (e: unknown) => e instanceof BadUploadError && /ended after 3145735/.test(e.message));
      await assert.rejects(store.save(Readable.from(pieces), data.length - 1), (e: unknown) => e instanceof BadUploadError && /sent more/.test(e.message));
      async function* failing() {
        yield data;
        throw new Error('the client went away');
      }
      await assert.rejects(store.save(failing(), data.length * 2), /the client went away/);
      assert.deepEqual(await storedKeys(store), []);
    });

    test('invalid keys are refused', async () => {
      await assert.rejects(open().readRange('../etc/passwd', null, 0, Buffer.alloc(1)), /invalid upload key/);
    });
  });
}

test('an S3 store with wrong credentials or a missing bucket is unavailable, saying why', async () => {
  const missing = new S3Store({ bucket: 'no-such-bucket', prefix: '', region: 'us-east-1', endpoint: s3.endpoint });
  await assert.rejects(missing.check(), (e: unknown) => e instanceof StorageUnavailableError && /does not exist/.test(e.message));
  await assert.rejects(missing.save(Readable.from([Buffer.from('x')])), StorageUnavailableError);
  const saved = { ...process.env };
  process.env.AWS_ACCESS_KEY_ID = 'WRONGKEY';
  try {
    const refused = new S3Store({ bucket: s3.bucket, prefix: '', region: 'us-east-1', endpoint: s3.endpoint });
    await assert.rejects(refused.check(), (e: unknown) => e instanceof StorageUnavailableError && e.status === 503);
    await assert.rejects(refused.save(Readable.from([Buffer.from('x')])), (e: unknown) => e instanceof StorageUnavailableError && /InvalidAccessKeyId/.test(e.message));
  } finally {
    process.env.AWS_ACCESS_KEY_ID = saved.AWS_ACCESS_KEY_ID;
  }
  const unreachable = new S3Store({ bucket: s3.bucket, prefix: '', region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
  await assert.rejects(unreachable.check(), StorageUnavailableError);
});

test('LFP_STORAGE_URL picks the backend: a directory by default, file:///path, s3://bucket/prefix', async () => {
  const base = { LFP_DATA_DIR: '/data' };
  assert.deepEqual(loadConfig(base).storage, { kind: 'file', dir: '/data/uploads' });
  assert.deepEqual(loadConfig({ ...base, LFP_STORAGE_URL: 'file:///srv/lfp%20uploads' }).storage, { kind: 'file', dir: '/srv/lfp uploads' });
  assert.deepEqual(loadConfig({ ...base, LFP_STORAGE_URL: 's3://my-bucket/lfp/uploads', AWS_REGION: 'eu-west-1' }).storage,
    { kind: 's3', bucket: 'my-bucket', prefix: 'lfp/uploads/', region: 'eu-west-1', endpoint: undefined });
  assert.deepEqual(loadConfig({ ...base, LFP_STORAGE_URL: 's3://my-bucket', AWS_ENDPOINT_URL: 'http://minio:9000' }).storage,
    { kind: 's3', bucket: 'my-bucket', prefix: '', region: 'us-east-1', endpoint: 'http://minio:9000' });
  for (const bad of ['s3://', 'file://relative', 'http://x/y', 's3://B_ad/x', 'uploads']) {
    assert.throws(() => loadConfig({ ...base, LFP_STORAGE_URL: bad }), /LFP_STORAGE_URL/, bad);
  }
  assert.ok((await openUploadStore(loadConfig({ ...base, LFP_STORAGE_URL: 's3://my-bucket/p' }).storage)) instanceof S3Store);
});
