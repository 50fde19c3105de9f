import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { FileFormatError } from '../../src/errors.js';
import { SourceTap, readSource } from '../../src/csv/source.js';

async function readAll(pieces: Buffer[], tap = new SourceTap()): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const data of readSource((async function* () { yield* pieces; })(), tap)) out.push(data);
  return Buffer.concat(out);
}

test('plain input passes through; the tap counts and hashes it', async () => {
  const tap = new SourceTap();
  const data = Buffer.from('name,sku\nA,a\n');
  assert.deepEqual(await readAll([data.subarray(0, 3), data.subarray(3)], tap), data);
  assert.equal(tap.bytes, data.length);
  assert.equal(tap.gzip, false);
  assert.equal(tap.sha256(), createHash('sha256').update(data).digest('hex'));
});

test('gzip is recognised by its magic bytes and decompressed; the tap sees the compressed bytes', async () => {
  const plain = Buffer.from('name,sku\nA,a\n'.repeat(1000));
  const gz = gzipSync(plain);
  const tap = new SourceTap();
  assert.deepEqual(await readAll([gz.subarray(0, 10), gz.subarray(10)], tap), plain);
  assert.equal(tap.gzip, true);
  assert.equal(tap.bytes, gz.length);
});

test('corrupt gzip fails with a clear error', async () => {
  const gz = gzipSync(Buffer.from('name,sku\nA,a\n'.repeat(1000)));
  gz.fill(0x41, 20, 60);
  await assert.rejects(readAll([gz]), (e: unknown) => e instanceof FileFormatError && /gzip data is corrupt/.test(e.message));
});
