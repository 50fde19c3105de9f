import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FINISHED, stageOf, STATUS, type ImportRecord, type ImportStatus } from '../../src/imports/model.js';
import { DEFAULT_OPTIONS } from '../../src/imports/options.js';
import { ImportView, presentImport } from '../../src/imports/present.js';

/** The import as the API shows it, from records built by hand: pure, no database. */

const NOW = new Date('2026-12-01T12:00:00.000Z');
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);

/** A queued import of a 1000-byte file; `fields` makes it anything else. */
function record(fields: Partial<ImportRecord> = {}): ImportRecord {
  return {
    id: 7,
    sourceName: 'products.csv',
    sourceBytes: 1000,
    sha256: 'f'.repeat(64),
    status: STATUS.queued,
    options: DEFAULT_OPTIONS,
    profile: null,
    mappedColumns: null,
    detected: null,
    duplicateOf: null,
    storageKey: '00000000-0000-0000-0000-000000000007',
    chunkBytes: 256,
    submittedSeq: 3,
    columns: null,
    ignoredColumns: [],
    ignoredColumnCount: 0,
    bytesTotal: null,
    bytesDone: 0,
    chunksTotal: null,
    chunksDone: 0,
    rowsRead: 0,
    rowsRejected: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsUnchanged: 0,
    rowsSuperseded: 0,
    rowsDeleted: 0,
    rowsSkipped: 0,
    timings: { upload: 12, split: null, parse: null, load: null, merge: null, total: null },
    error: null,
    mergeStrategy: null,
    mergeStep: null,
    createdAt: ago(60),
    startedAt: null,
    finishedAt: null,
    appliedAt: null,
    undoKeptUntil: null,
    undoDroppedAt: null,
    revert: null,
    namesChanged: 0,
    waiting: false,
    ...fields,
  };
}

/** Running for 10 s, 4 chunks of a 1000-byte file planned. */
const running = (fields: Partial<ImportRecord> = {}) =>
  record({ status: STATUS.running, startedAt: ago(10), bytesTotal: 1000, chunksTotal: 4, ...fields });

/** Succeeded: ran 20 s, 4000 rows, applied with undo data kept. */
const succeeded = (fields: Partial<ImportRecord> = {}) => record({
  status: STATUS.succeeded, startedAt: ago(30), finishedAt: ago(10), bytesTotal: 1000, bytesDone: 1000, chunksTotal: 4, chunksDone: 4,
  rowsRead: 4000, rowsInserted: 3000, rowsUpdated: 500, rowsUnchanged: 300, rowsSuperseded: 200,
  timings: { upload: 12, split: 800, parse: 300, load: 900, merge: 1500, total: 20_050 },
  detected: { encoding: 'utf-8', delimiter: ',' }, columns: ['name', 'sku', 'description'],
  appliedAt: ago(10), undoKeptUntil: new Date(NOW.getTime() + 7 * 86_400_000), ...fields,
});

/** presentImport, checked against the API's schema every time. */
function present(imp: ImportRecord, now = NOW): ImportView {
  const view = presentImport(imp, now);
  assert.deepEqual(ImportView.parse(view), view, 'the view is what the API schema accepts, unchanged');
  return view;
}

test('stage: queued, split until the chunks are counted, load, waiting or merge once all are loaded', () => {
  assert.equal(stageOf(record()), 'queued');
  assert.equal(stageOf(record({ status: STATUS.running })), 'split');
  assert.equal(stageOf(record({ status: STATUS.running, chunksDone: 3 })), 'split', 'chunks load during the split');
  assert.equal(stageOf(record({ status: STATUS.running, waiting: true })), 'split');
  assert.equal(stageOf(running({ chunksDone: 0 })), 'load');
  assert.equal(stageOf(running({ chunksDone: 3 })), 'load');
  assert.equal(stageOf(running({ chunksDone: 4 })), 'merge');
  assert.equal(stageOf(running({ chunksDone: 4, waiting: true })), 'waiting');
  assert.equal(stageOf(running({ chunksTotal: 0, chunksDone: 0 })), 'merge', 'a file of no chunks goes to the merge');
  for (const status of FINISHED) {
    assert.equal(stageOf(record({ status, chunksTotal: 4, chunksDone: 4 })), null, status);
    assert.equal(stageOf(record({ status, chunksTotal: 4, chunksDone: 1, waiting: true })), null, status);
  }
  assert.equal(present(running({ chunksDone: 4, waiting: true })).phase, 'waiting');
  assert.equal(present(succeeded()).phase, null);
});

test('the stage covers every status: null exactly for the finished ones', () => {
  const statuses: ImportStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped', 'reverted'];
  assert.deepEqual(Object.values(STATUS).sort(), [...statuses].sort());
  for (const status of statuses) {
    assert.equal(stageOf(record({ status })) === null, FINISHED.includes(status), status);
  }
});

test('percent: 100 once succeeded or reverted, none for a skipped file, from the bytes otherwise', () => {
  assert.equal(present(succeeded()).progress.percent, 100);
  assert.equal(present(succeeded({ status: STATUS.reverted })).progress.percent, 100);
  // A succeeded import of an empty file read nothing and is still done.
  assert.equal(present(succeeded({ bytesTotal: 0, bytesDone: 0, sourceBytes: 0 })).progress.percent, 100);
  assert.equal(present(record({ status: STATUS.skipped, finishedAt: ago(59), storageKey: null, duplicateOf: 2 })).progress.percent, null);
  assert.equal(present(record()).progress.percent, 0, 'queued: nothing read of a file of known size');
  assert.equal(present(running({ bytesDone: 250 })).progress.percent, 25);
  assert.equal(present(running({ bytesTotal: 3000, bytesDone: 1000 })).progress.percent, 33.3, 'to a tenth');
  const failed = present(record({ status: STATUS.failed, startedAt: ago(10), finishedAt: ago(5), bytesTotal: 1000, bytesDone: 400 }));
  assert.equal(failed.progress.percent, 40, 'a failed import shows how far it got');
});

test('percent stays below 100 while the import runs, even with every byte read', () => {
  assert.equal(present(running({ bytesDone: 1000, chunksDone: 4 })).progress.percent, 99.9);
  assert.equal(present(running({ bytesDone: 999_999, bytesTotal: 1_000_000 })).progress.percent, 99.9);
  assert.equal(present(running({ bytesDone: 999_999, bytesTotal: 1_000_000, chunksDone: 4, waiting: true })).progress.percent, 99.9);
});

test('before the file is read to its end, its received size stands in for the total', () => {
  const splitting = present(running({ bytesTotal: null, chunksTotal: null, bytesDone: 250, sourceBytes: 1000 }));
  assert.equal(splitting.progress.bytesTotal, 1000);
  assert.equal(splitting.progress.percent, 25);
  // gzip: more bytes decompressed than received, so the received size tells nothing.
  const gzip = present(running({ bytesTotal: null, chunksTotal: null, bytesDone: 5000, sourceBytes: 1000 }));
  assert.equal(gzip.progress.bytesTotal, null);
  assert.equal(gzip.progress.percent, null);
  assert.equal(gzip.progress.etaSeconds, null);
  // Standard input of the in-process engine: no size known.
  const stdin = present(running({ bytesTotal: null, chunksTotal: null, bytesDone: 250, sourceBytes: null }));
  assert.deepEqual([stdin.progress.bytesTotal, stdin.progress.percent, stdin.progress.etaSeconds], [null, null, null]);
  // Once read to its end, the total read is the total, whatever was received.
  const read = present(running({ bytesTotal: 5000, bytesDone: 2500, sourceBytes: 1000 }));
  assert.deepEqual([read.progress.bytesTotal, read.progress.percent], [5000, 50]);
});

test('rows per second and the ETA of the reading, from the time since the import started', () => {
  const view = present(running({ bytesDone: 250, rowsRead: 1234, chunksDone: 1 }));
  assert.equal(view.progress.rowsPerSecond, 123, '1234 rows in 10 s');
  assert.equal(view.progress.etaSeconds, 30, '750 bytes left at 25 bytes/s');
  assert.equal(view.progress.rowsDone, 1234);
  assert.deepEqual([view.progress.chunksDone, view.progress.chunksTotal, view.progress.bytesDone], [1, 4, 250]);
  // Later, the same counters mean a slower import.
  const later = present(running({ bytesDone: 250, rowsRead: 1234 }), new Date(NOW.getTime() + 10_000));
  assert.deepEqual([later.progress.rowsPerSecond, later.progress.etaSeconds], [62, 60]);
  const estimated = present(running({ bytesTotal: null, chunksTotal: null, bytesDone: 100, sourceBytes: 1000 }));
  assert.equal(estimated.progress.etaSeconds, 90, 'from the received size before the total is known');
});

test('no rate or ETA before an import starts or reads anything; no ETA once finished', () => {
  const queued = present(record());
  assert.deepEqual([queued.progress.rowsPerSecond, queued.progress.etaSeconds], [null, null]);
  const justStarted = present(running({ startedAt: NOW }));
  assert.deepEqual([justStarted.progress.rowsPerSecond, justStarted.progress.etaSeconds], [null, null]);
  const nothingRead = present(running());
  assert.deepEqual([nothingRead.progress.rowsPerSecond, nothingRead.progress.etaSeconds], [0, null]);
  const failed = present(record({ status: STATUS.failed, startedAt: ago(10), finishedAt: ago(5), bytesTotal: 1000, bytesDone: 400, rowsRead: 500 }));
  assert.equal(failed.progress.etaSeconds, null);
  assert.equal(failed.progress.rowsPerSecond, 100, '500 rows in the 5 s it ran');
});

test('a finished import shows the same progress whenever it is looked at', () => {
  const done = succeeded();
  const view = present(done);
  assert.deepEqual(present(done, new Date(NOW.getTime() + 86_400_000)), view);
  assert.deepEqual(view.progress, {
    bytesDone: 1000, bytesTotal: 1000, rowsDone: 4000, chunksDone: 4, chunksTotal: 4, percent: 100, rowsPerSecond: 200, etaSeconds: null, mergeStep: null,
  });
  assert.deepEqual(view.counts, {
    rowsRead: 4000, rowsRejected: 0, rowsInserted: 3000, rowsUpdated: 500, rowsUnchanged: 300, rowsSuperseded: 200, rowsDeleted: 0, rowsSkipped: 0,
  });
  assert.deepEqual(view.timingsMs, done.timings);
  assert.equal(view.createdAt, '2026-12-01T11:59:00.000Z');
  assert.equal(view.startedAt, '2026-12-01T11:59:30.000Z');
  assert.equal(view.finishedAt, '2026-12-01T11:59:50.000Z');
  assert.deepEqual(view.columns, ['name', 'sku', 'description']);
  assert.deepEqual(view.options, DEFAULT_OPTIONS);
  assert.deepEqual(Object.keys(view).sort(), Object.keys(ImportView.shape).sort(), 'every field of the schema, nothing else');
});

test('revertible: succeeded and applied, with undo data kept and not dropped', () => {
  assert.equal(present(succeeded()).revertible, true);
  assert.equal(present(succeeded({ appliedAt: null })).revertible, false, 'never applied');
  assert.equal(present(succeeded({ undoKeptUntil: null })).revertible, false, 'applied with no undo data kept');
  assert.equal(present(succeeded({ undoDroppedAt: ago(1) })).revertible, false, 'undo data past its retention');
  assert.equal(present(succeeded({ options: { ...DEFAULT_OPTIONS, dryRun: true }, appliedAt: null, undoKeptUntil: null })).revertible, false);
  const reverted = present(succeeded({
    status: STATUS.reverted, undoDroppedAt: ago(5), revert: { revertedAt: ago(5), restored: 500, removed: 3000, kept: 0 },
  }));
  assert.equal(reverted.revertible, false);
  assert.deepEqual(reverted.revert, { revertedAt: '2026-12-01T11:59:55.000Z', restored: 500, removed: 3000, kept: 0 });
  for (const status of ['queued', 'running', 'failed', 'cancelled', 'skipped'] as const) {
    assert.equal(present(record({ status, appliedAt: ago(1), undoKeptUntil: NOW })).revertible, false, status);
  }
  assert.equal(present(succeeded()).revert, null);
});

test('nameChanges only for a succeeded dry run', () => {
  const dry = { ...DEFAULT_OPTIONS, dryRun: true };
  assert.equal(present(succeeded({ options: dry, namesChanged: 12, appliedAt: null, undoKeptUntil: null })).nameChanges, 12);
  assert.equal(present(succeeded({ options: dry, namesChanged: 0, appliedAt: null, undoKeptUntil: null })).nameChanges, 0);
  assert.equal(present(running({ options: dry, namesChanged: 12 })).nameChanges, null, 'a running dry run has not counted them');
  assert.equal(present(record({ status: STATUS.failed, options: dry, namesChanged: 12 })).nameChanges, null);
  assert.equal(present(succeeded({ namesChanged: 12 })).nameChanges, null, 'an applied import');
});

test('suggestion: null until detected and when the file was read as detected', () => {
  assert.equal(present(record()).suggestion, null);
  assert.equal(present(succeeded()).suggestion, null);
  const auto = { ...DEFAULT_OPTIONS, encoding: 'auto', delimiter: 'auto' } as const;
  assert.equal(present(succeeded({ options: auto, detected: { encoding: 'windows-1252', delimiter: ';' } })).suggestion, null,
    'auto reads it as detected');
  assert.equal(present(succeeded({ options: { ...DEFAULT_OPTIONS, delimiter: '\t' }, detected: { encoding: 'utf-8', delimiter: '\t' } })).suggestion, null);
});

test('suggestion: the delimiter or encoding detected, when the file was read with another', () => {
  const semicolon = present(succeeded({ detected: { encoding: 'utf-8', delimiter: ';' } }));
  assert.deepEqual(semicolon.suggestion, { delimiter: ';' });
  assert.deepEqual(semicolon.detected, { encoding: 'utf-8', delimiter: ';' });
  assert.deepEqual(present(succeeded({ detected: { encoding: 'windows-1252', delimiter: ',' } })).suggestion, { encoding: 'windows-1252' });
  assert.deepEqual(
    present(record({ status: STATUS.failed, detected: { encoding: 'windows-1252', delimiter: '\t' } })).suggestion,
    { encoding: 'windows-1252', delimiter: '\t' },
    'a failed import too: the likely reason it failed',
  );
  const autoEncoding = { ...DEFAULT_OPTIONS, encoding: 'auto' } as const;
  assert.deepEqual(present(succeeded({ options: autoEncoding, detected: { encoding: 'windows-1252', delimiter: '|' } })).suggestion, { delimiter: '|' });
});

test('suggestion: a latin1 read of a file that looks windows-1252 is no mismatch, the other way round is', () => {
  const latin1 = { ...DEFAULT_OPTIONS, encoding: 'latin1' } as const;
  assert.equal(present(succeeded({ options: latin1, detected: { encoding: 'windows-1252', delimiter: ',' } })).suggestion, null);
  assert.deepEqual(present(succeeded({ options: latin1, detected: { encoding: 'utf-8', delimiter: ',' } })).suggestion, { encoding: 'utf-8' });
  assert.deepEqual(
    present(succeeded({ options: latin1, detected: { encoding: 'windows-1252', delimiter: ';' } })).suggestion,
    { delimiter: ';' },
    'the delimiter still counts',
  );
  const cp1252 = { ...DEFAULT_OPTIONS, encoding: 'windows-1252' } as const;
  assert.equal(present(succeeded({ options: cp1252, detected: { encoding: 'windows-1252', delimiter: ',' } })).suggestion, null);
  assert.deepEqual(present(succeeded({ options: cp1252, detected: { encoding: 'utf-16le', delimiter: ',' } })).suggestion, { encoding: 'utf-16le' });
});

test('every status, with and without its optional parts, gives what the API schema accepts', () => {
  const statuses: ImportStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped', 'reverted'];
  for (const status of statuses) {
    present(record({ status }));
    present(succeeded({ status, error: status === 'failed' ? 'strict mode: 1 row was rejected; nothing was applied' : null }));
    present(record({ status, sourceBytes: null, sha256: null, storageKey: null, ignoredColumns: ['extra'], ignoredColumnCount: 3 }));
  }
});
