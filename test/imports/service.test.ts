import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { ConflictError, IdempotencyKeyReusedError, NotFoundError } from '../../src/errors.js';
import { QUEUES } from '../../src/db/queue.js';
import { startWorker } from '../../src/jobs/worker.js';
import { DEFAULT_OPTIONS, type ImportOptions } from '../../src/imports/options.js';
import { presentImport } from '../../src/imports/present.js';
import { cancelImport, retryImport, submitImport, type SubmitRequest } from '../../src/imports/service.js';
import type { StoredUpload } from '../../src/storage/store.js';
import { waitForImport, withTestApp, type TestApp } from '../support/app.js';
import { aggregateDrift, contents } from '../support/db.js';

/** The use cases of src/imports/service.ts on a real app (database, queue, upload storage), without HTTP. */

/** Runs `work` with an app of its own (small chunks: a file of a few KB makes several). */
const withApp = (work: (t: TestApp) => Promise<void>) => withTestApp(work, { chunkBytes: 1024 });

/** Runs `work` while a worker works the queue of this app. */
async function withWorker<T>(t: TestApp, work: () => Promise<T>): Promise<T> {
  const worker = await startWorker(t.app, 2);
  try {
    return await work();
  } finally {
    await worker.stop();
  }
}

const csv = (prefix: string, n: number, name: (i: number) => string = (i) => `Name ${i % 3}`) =>
  Buffer.from(`name,sku,description\n${Array.from({ length: n }, (_, i) => `${name(i)},${prefix}-${i},description ${i}\n`).join('')}`);

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Stores `data` as an upload and submits it, as the API and the CLI do: through UploadStore.saveFor, which removes
 * the upload again when the submission throws or its import does not keep it.
 */
async function submit(t: TestApp, data: Buffer, request: Partial<Omit<SubmitRequest, 'upload'>> = {}) {
  let stored: StoredUpload | undefined;
  const submitted = await t.app.uploadStore.saveFor(Readable.from([data]), (upload) => {
    stored = upload;
    return submitImport(t.app, { sourceName: 'products.csv', uploadMs: 5, ...request, upload });
  });
  return { ...submitted, upload: stored! };
}

async function splitJobs(t: TestApp, importId: number): Promise<number> {
  const { rows } = await t.app.db.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM lfp_jobs.job WHERE name = $1 AND (data->>'importId')::bigint = $2`,
    [QUEUES.split, importId],
  );
  return rows[0]!.n;
}

function conflict(pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ConflictError, `a ConflictError, not ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  };
}

test('submitImport queues a stored upload with its split job; the upload stays for it', () => withApp(async (t) => {
  const data = csv('q', 20);
  const options: ImportOptions = { ...DEFAULT_OPTIONS, mode: 'strict', maxErrors: 3, delimiter: ',' };
  const { import: imp, replayed, keepsUpload, upload } = await submit(t, data, { sourceName: 'queued.csv', options });
  assert.equal(replayed, false);
  assert.equal(keepsUpload, true);
  assert.equal(imp.status, 'queued');
  assert.equal(imp.sourceName, 'queued.csv');
  assert.equal(imp.sourceBytes, data.length);
  assert.equal(imp.sha256, sha256(data));
  assert.equal(imp.storageKey, upload.key);
  assert.equal(imp.chunkBytes, 1024);
  assert.deepEqual(imp.options, options);
  assert.equal(imp.duplicateOf, null);
  assert.equal(imp.timings.upload, 5);
  assert.deepEqual([imp.startedAt, imp.finishedAt, imp.error], [null, null, null]);
  assert.equal(await t.app.uploadStore.exists(upload.key), true);
  assert.equal(await splitJobs(t, imp.id), 1, 'its split job was sent with it');
  assert.equal(presentImport(imp, new Date()).phase, 'queued');

  const second = await submit(t, csv('q2', 5));
  assert.ok(second.import.submittedSeq > imp.submittedSeq, 'submission order');
  assert.deepEqual(second.import.options, DEFAULT_OPTIONS, 'no options: the defaults');
}));

test('with a worker running, a submitted import reaches succeeded and applies the file; its upload goes', () => withApp(async (t) => {
  // 300 rows over 3 names, then the first 5 SKUs again under another name: the later row wins.
  const data = Buffer.concat([csv('w', 300), csv('w', 5, () => 'Later').subarray('name,sku,description\n'.length)]);
  const { import: imp, upload } = await submit(t, data);
  const done = await withWorker(t, () => waitForImport(t.app.db.pool, imp.id));
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.deepEqual(
    [done.rowsRead, done.rowsRejected, done.rowsInserted, done.rowsUpdated, done.rowsUnchanged, done.rowsSuperseded],
    [305, 0, 300, 0, 0, 5],
  );
  assert.ok(done.chunksTotal! > 1, `${done.chunksTotal} chunks of 1 KiB`);
  assert.equal(done.chunksDone, done.chunksTotal);
  assert.deepEqual(done.detected, { encoding: 'utf-8', delimiter: ',' });
  assert.deepEqual(done.columns, ['name', 'sku', 'description']);
  assert.ok(done.appliedAt && done.undoKeptUntil, 'applied, with undo data kept');
  const { products, aggregates } = await contents(t.app.db.pool);
  const expected = Array.from({ length: 300 }, (_, i) => ({ sku: `w-${i}`, name: i < 5 ? 'Later' : `Name ${i % 3}`, description: `description ${i}` }))
    .sort((a, b) => (a.sku < b.sku ? -1 : 1));
  assert.deepEqual(products, expected);
  assert.equal(aggregates.length, 4);
  assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
  assert.equal(await t.app.uploadStore.exists(upload.key), false, 'a succeeded import needs its upload no more');
  const view = presentImport(done, new Date());
  assert.deepEqual([view.phase, view.progress.percent, view.revertible], [null, 100, true]);
}));

test('a file applied before is named as its duplicate; skipIfSeen records a skipped import and removes the upload', () => withApp(async (t) => {
  const data = csv('d', 10);
  const { import: first } = await submit(t, data, { sourceName: 'first.csv' });
  assert.equal((await withWorker(t, () => waitForImport(t.app.db.pool, first.id))).status, 'succeeded');

  const again = await submit(t, data, { sourceName: 'again.csv' });
  assert.equal(again.import.status, 'queued', 'without skipIfSeen the file is imported again');
  assert.equal(again.import.duplicateOf, first.id);
  assert.equal(await t.app.uploadStore.exists(again.upload.key), true);
  await cancelImport(t.app, again.import.id);

  const skipped = await submit(t, data, { sourceName: 'skipped.csv', skipIfSeen: true });
  assert.equal(skipped.replayed, false);
  assert.equal(skipped.keepsUpload, false);
  assert.equal(skipped.import.status, 'skipped');
  assert.equal(skipped.import.duplicateOf, first.id);
  assert.equal(skipped.import.storageKey, null);
  assert.ok(skipped.import.finishedAt, 'finished at submission');
  assert.equal(await t.app.uploadStore.exists(skipped.upload.key), false, 'the upload is removed');
  assert.equal(await splitJobs(t, skipped.import.id), 0, 'nothing to process');
  const view = presentImport(skipped.import, new Date());
  assert.deepEqual([view.phase, view.progress.percent, view.duplicateOf], [null, null, first.id]);

  // A file never applied is processed with skipIfSeen all the same; a dry run of a file does not make it seen.
  const fresh = await submit(t, csv('d-fresh', 10), { skipIfSeen: true, options: { ...DEFAULT_OPTIONS, dryRun: true } });
  assert.deepEqual([fresh.import.status, fresh.import.duplicateOf], ['queued', null]);
  assert.equal(await t.app.uploadStore.exists(fresh.upload.key), true);
  assert.equal((await withWorker(t, () => waitForImport(t.app.db.pool, fresh.import.id))).status, 'succeeded');
  const afterDryRun = await submit(t, csv('d-fresh', 10), { skipIfSeen: true });
  assert.deepEqual([afterDryRun.import.status, afterDryRun.import.duplicateOf], ['queued', null]);
  assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
}));

test('an idempotency key sent again returns the first import (replayed) and makes no other; the upload is removed', () => withApp(async (t) => {
  const data = csv('i', 10);
  const first = await submit(t, data, { sourceName: 'a.csv', idempotencyKey: 'key-1' });
  assert.equal(first.replayed, false);
  assert.equal(first.import.status, 'queued');

  // The file's name is no part of the request's identity: a retried upload may name it otherwise.
  const again = await submit(t, data, { sourceName: 'renamed.csv', idempotencyKey: 'key-1' });
  assert.equal(again.replayed, true);
  assert.equal(again.keepsUpload, false);
  assert.equal(again.import.id, first.import.id);
  assert.equal(again.import.sourceName, 'a.csv');
  assert.equal(await t.app.uploadStore.exists(again.upload.key), false, 'the second upload is not used');
  assert.equal(await t.app.uploadStore.exists(first.upload.key), true, 'the first import keeps its own');
  const made = await t.app.db.pool.query(`SELECT count(*)::int AS n FROM imports WHERE idempotency_key = 'key-1'`);
  assert.equal(made.rows[0].n, 1);
  assert.equal((await t.app.db.pool.query('SELECT count(*)::int AS n FROM imports')).rows[0].n, 1);
  assert.equal(await splitJobs(t, first.import.id), 1, 'no second job');

  // Whatever became of the first import, the key still finds it.
  await cancelImport(t.app, first.import.id);
  const later = await submit(t, data, { idempotencyKey: 'key-1' });
  assert.deepEqual([later.replayed, later.import.id, later.import.status], [true, first.import.id, 'cancelled']);

  // Another key is another submission.
  const other = await submit(t, data, { idempotencyKey: 'key-2' });
  assert.equal(other.replayed, false);
  assert.notEqual(other.import.id, first.import.id);
}));

test('the same idempotency key with another file or other options is IdempotencyKeyReusedError', () => withApp(async (t) => {
  const data = csv('r', 10);
  const first = await submit(t, data, { idempotencyKey: 'key-r' });
  const refusals: [string, Buffer, Partial<SubmitRequest>][] = [
    ['another file', csv('r-other', 10), {}],
    ['a dry run', data, { options: { ...DEFAULT_OPTIONS, dryRun: true } }],
    ['strict mode', data, { options: { ...DEFAULT_OPTIONS, mode: 'strict' } }],
    ['another delimiter', data, { options: { ...DEFAULT_OPTIONS, delimiter: 'auto' } }],
    ['skipIfSeen', data, { skipIfSeen: true }],
  ];
  for (const [what, content, request] of refusals) {
    let upload: StoredUpload | undefined;
    const submitting = t.app.uploadStore.saveFor(Readable.from([content]), (stored) => {
      upload = stored;
      return submitImport(t.app, { sourceName: 'b.csv', uploadMs: 1, ...request, upload: stored, idempotencyKey: 'key-r' });
    });
    await assert.rejects(submitting, (error) => {
      assert.ok(error instanceof IdempotencyKeyReusedError, `${what}: ${String(error)}`);
      assert.match(error.message, new RegExp(`first used for import ${first.import.id} with another file or other options`));
      assert.deepEqual(error.details, { importId: first.import.id });
      assert.equal(error.status, 422);
      return true;
    }, what);
    assert.equal(await t.app.uploadStore.exists(upload!.key), false, `${what}: the refused upload is removed`);
  }
  assert.equal((await t.app.db.pool.query('SELECT count(*)::int AS n FROM imports')).rows[0].n, 1);
}));

test('cancelImport: a queued import is cancelled; cancelling again, or a finished import, is a ConflictError', () => withApp(async (t) => {
  const { import: imp, upload } = await submit(t, csv('c', 10));
  const cancelled = await cancelImport(t.app, imp.id);
  assert.equal(cancelled.status, 'cancelled');
  assert.equal(cancelled.error, 'cancelled on request');
  assert.ok(cancelled.finishedAt);
  assert.equal(await t.app.uploadStore.exists(upload.key), true, 'the upload stays for a retry');
  await assert.rejects(cancelImport(t.app, imp.id), conflict(new RegExp(`^import ${imp.id} was already cancelled$`)));
  await assert.rejects(cancelImport(t.app, 999_999), (e) => e instanceof NotFoundError && /there is no import 999999/.test(e.message));

  // The cancelled import's job finds it cancelled and does nothing.
  const done = await submit(t, csv('c-done', 10));
  await withWorker(t, () => waitForImport(t.app.db.pool, done.import.id));
  assert.equal((await waitForImport(t.app.db.pool, imp.id)).status, 'cancelled');
  const applied = await t.app.db.pool.query(`SELECT count(*)::int AS n FROM products WHERE sku LIKE 'c-%' AND sku NOT LIKE 'c-done-%'`);
  assert.equal(applied.rows[0].n, 0, 'nothing of the cancelled import was applied');
  await assert.rejects(cancelImport(t.app, done.import.id), conflict(new RegExp(`^import ${done.import.id} has already succeeded$`)));
}));

test('retryImport: a cancelled import is queued again as a new submission and then succeeds; a succeeded one is a ConflictError', () => withApp(async (t) => {
  const { import: imp } = await submit(t, csv('rt', 40));
  const later = await submit(t, csv('rt-later', 5));
  await cancelImport(t.app, imp.id);
  // What a merge cut short leaves on the row (its last step) must not show on the next attempt.
  await t.app.db.pool.query(`UPDATE imports SET merge_step = 'swapping' WHERE id = $1`, [imp.id]);
  const retried = await retryImport(t.app, imp.id);
  assert.equal(retried.status, 'queued');
  assert.deepEqual([retried.mergeStep, retried.mergeStrategy], [null, null]);
  assert.ok(retried.submittedSeq > imp.submittedSeq, 'a new submission');
  assert.ok(retried.submittedSeq > later.import.submittedSeq, 'after the ones submitted meanwhile');
  assert.deepEqual([retried.error, retried.startedAt, retried.finishedAt, retried.rowsRead], [null, null, null, 0]);
  assert.equal(retried.storageKey, imp.storageKey, 'from its stored upload');
  assert.equal(await splitJobs(t, imp.id), 2, 'a split job of its own, beside the cancelled one');
  await assert.rejects(retryImport(t.app, imp.id), conflict(/is queued: only a failed or cancelled import can be retried/));

  const done = await withWorker(t, () => waitForImport(t.app.db.pool, imp.id));
  assert.equal(done.status, 'succeeded', done.error ?? '');
  assert.deepEqual([done.rowsRead, done.rowsInserted], [40, 40], 'read once, though two split jobs were sent');
  assert.equal((await waitForImport(t.app.db.pool, later.import.id)).status, 'succeeded');
  assert.deepEqual(await aggregateDrift(t.app.db.pool), []);
  await assert.rejects(retryImport(t.app, imp.id), conflict(new RegExp(`^import ${imp.id} is succeeded: only a failed or cancelled import can be retried$`)));
  await assert.rejects(retryImport(t.app, 999_999), NotFoundError);

  // A cancelled import whose upload is gone cannot be retried.
  const lost = await submit(t, csv('rt-lost', 5));
  await cancelImport(t.app, lost.import.id);
  await t.app.uploadStore.remove(lost.upload.key);
  await assert.rejects(retryImport(t.app, lost.import.id), conflict(/cannot be retried: its uploaded file is no longer stored/));
}));
