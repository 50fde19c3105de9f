import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FALLBACK_COSTS, FINISHED, stageOf, STATUS, type ImportRecord, type ImportStatus, type PhaseCosts } from '../../src/imports/model.js';
import { DEFAULT_OPTIONS } from '../../src/imports/options.js';
import { ImportView, mergeShare, presentImport, type RecordedCosts } from '../../src/imports/present.js';

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
    sourceObject: null,
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
    mergeStartedAt: null,
    mergeStepPercent: null,
    lastLoadedAt: null,
    rowsRecent: null,
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

/** Running for 10 s, 4 chunks of a 1000-byte file planned, none loaded in the last few seconds. */
const running = (fields: Partial<ImportRecord> = {}) =>
  record({ status: STATUS.running, startedAt: ago(10), bytesTotal: 1000, chunksTotal: 4, rowsRecent: 0, ...fields });

/**
 * Recent imports read 1000 bytes in 10 s and merged 4000 rows in 10 s: reading and merge weigh alike. A dry run's
 * preview cost a tenth of that.
 */
const COSTS: RecordedCosts = {
  applied: { readMsPerByte: 10, mergeMsPerRow: 2.5, bytesPerRow: 0.25 },
  dryRun: { readMsPerByte: 10, mergeMsPerRow: 0.25, bytesPerRow: 0.25 },
};

/** Read to its end (every chunk loaded 2 s ago, after 8 s of reading), 4000 rows staged. */
const read = (fields: Partial<ImportRecord> = {}) =>
  running({ bytesDone: 1000, chunksDone: 4, rowsRead: 4000, lastLoadedAt: ago(2), ...fields });

/** Succeeded: ran 20 s, 4000 rows, applied with undo data kept. */
const succeeded = (fields: Partial<ImportRecord> = {}) => record({
  status: STATUS.succeeded, startedAt: ago(30), finishedAt: ago(10), bytesTotal: 1000, bytesDone: 1000, chunksTotal: 4, chunksDone: 4,
  rowsRead: 4000, rowsInserted: 3000, rowsUpdated: 500, rowsUnchanged: 300, rowsSuperseded: 200,
  timings: { upload: 12, split: 800, parse: 300, load: 900, merge: 1500, total: 20_050 },
  detected: { encoding: 'utf-8', delimiter: ',' }, columns: ['name', 'sku', 'description'],
  appliedAt: ago(10), undoKeptUntil: new Date(NOW.getTime() + 7 * 86_400_000), ...fields,
});

/** presentImport, checked against the API's schema every time. */
function present(imp: ImportRecord, now = NOW, costs: RecordedCosts = COSTS): ImportView {
  const view = presentImport(imp, now, costs);
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

test('percent: 100 once succeeded or reverted, none for a skipped file or an unknown size, 0 while queued', () => {
  assert.equal(present(succeeded()).progress.percent, 100);
  assert.equal(present(succeeded({ status: STATUS.reverted })).progress.percent, 100);
  // A succeeded import of an empty file read nothing and is still done.
  assert.equal(present(succeeded({ bytesTotal: 0, bytesDone: 0, sourceBytes: 0 })).progress.percent, 100);
  assert.equal(present(record({ status: STATUS.skipped, finishedAt: ago(59), storageKey: null, duplicateOf: 2 })).progress.percent, null);
  assert.equal(present(record()).progress.percent, 0, 'queued: nothing read of a file of known size');
});

test('percent of the whole import: the reading and the merge each weighted by the time it is expected to take', () => {
  // 250 of 1000 bytes in 10 s: the reading will take 40 s; 1000 rows so far foresee 4000, a 10 s merge.
  const reading = present(running({ bytesDone: 250, rowsRead: 1000, chunksDone: 1 }));
  assert.equal(reading.progress.percent, 20, '10 s of 40 + 10');
  assert.equal(reading.progress.etaSeconds, 40, '30 s of reading left, then 10 s of merge');
  // Every byte read in 8 s; waiting for earlier imports: the merge has not begun, and how long the wait is nobody knows.
  const waiting = present(read({ waiting: true }));
  assert.equal(waiting.progress.percent, 44.4, '8 s of 8 + 10');
  assert.equal(waiting.progress.etaSeconds, null);
  assert.equal(present(read()).progress.percent, 44.4, 'loaded, the merge not begun yet');
  assert.equal(present(read()).progress.etaSeconds, 10, 'the merge about to begin: all of it left');
  // Merging for 5 s of the 10 foreseen.
  const merging = present(read({ mergeStartedAt: ago(5), mergeStep: 'writing rows' }));
  const indexing = present(read({ mergeStartedAt: ago(5), mergeStep: 'building index 2 of 3', mergeStepPercent: 43 }));
  assert.deepEqual([indexing.progress.mergeStep, indexing.progress.mergeStepPercent], ['building index 2 of 3', 43]);
  assert.equal(present(succeeded({ mergeStepPercent: 43 })).progress.mergeStepPercent, null, 'only while it runs');
  assert.equal(merging.progress.percent, 72.2, '8 + 5 s of 18');
  assert.equal(merging.progress.etaSeconds, 5);
  assert.equal(merging.progress.mergeStep, 'writing rows');
});

test('percent keeps moving during the merge, past the estimate too, and stays below 100 until it succeeds', () => {
  const imp = read({ mergeStartedAt: NOW });
  let last = -1;
  for (let second = 1; second <= 12; second++) {
    const { percent, etaSeconds } = present(imp, new Date(NOW.getTime() + second * 1000)).progress;
    assert.ok(percent! > last && percent! < 100, `${second} s into a 10 s merge: ${percent} %`);
    assert.ok(etaSeconds! >= 1, 'an ETA all along');
    last = percent!;
  }
  assert.equal(present(imp, new Date(NOW.getTime() + 60_000)).progress.percent, 99.9, 'far past the estimate: close to the end, not at it');
  // Every byte loaded before the split recorded the file's end: the reading took until the last chunk, however long the split still takes.
  const allLoaded = running({ bytesDone: 1000, chunksTotal: null, chunksDone: 4, rowsRead: 4000, lastLoadedAt: ago(2) });
  assert.equal(present(allLoaded).progress.percent, 44.4);
  assert.equal(present(allLoaded, new Date(NOW.getTime() + 5000)).progress.percent, 44.4);
  assert.equal(present(running({ bytesDone: 999_999, bytesTotal: 1_000_000 })).progress.percent! < 100, true);
  assert.equal(mergeShare(0, 10_000), 0);
  assert.equal(mergeShare(5000, 10_000), 0.5);
  assert.equal(mergeShare(9000, 10_000), 0.9);
  assert.ok(mergeShare(9001, 10_000) > 0.9 && mergeShare(20_000, 10_000) < 1);
  assert.equal(mergeShare(10, 0), 1, 'nothing to merge');
});

test('the weights come from the recorded costs of the kind of import, or the fallback ones', () => {
  // A dry run's preview costs a tenth: the reading is most of it.
  const dry = present(read({ options: { ...DEFAULT_OPTIONS, dryRun: true }, mergeStartedAt: ago(0.5) }));
  assert.equal(dry.progress.percent, 94.4, '8 + 0.5 s of 8 + 1');
  assert.equal(dry.progress.etaSeconds, 1, '0.5 s left');
  // Nothing recorded: the fallback costs (a 90 MB file read in 2.3 s, merged in 7 s).
  const costs: PhaseCosts = FALLBACK_COSTS.applied;
  const fallback = present(running({ bytesTotal: 90e6, bytesDone: 0, startedAt: NOW }), NOW, {});
  assert.equal(fallback.progress.percent, 0);
  const readMs = 90e6 * costs.readMsPerByte;
  const mergeMs = (90e6 / costs.bytesPerRow) * costs.mergeMsPerRow;
  assert.equal(fallback.progress.etaSeconds, Math.round((readMs + mergeMs) / 1000));
});

test('a failed import shows how far it got when it ended', () => {
  const failed = present(record({
    status: STATUS.failed, startedAt: ago(10), finishedAt: ago(5), bytesTotal: 1000, bytesDone: 500, rowsRead: 2000, chunksTotal: 4, chunksDone: 2,
  }));
  assert.equal(failed.progress.percent, 25, '5 s of a 10 s reading, and a 10 s merge to follow');
  assert.equal(failed.progress.etaSeconds, null);
});

test('before the file is read to its end, its received size stands in for the total', () => {
  const splitting = present(running({ bytesTotal: null, chunksTotal: null, bytesDone: 250, sourceBytes: 1000 }));
  assert.equal(splitting.progress.bytesTotal, 1000);
  assert.equal(splitting.progress.percent, 20);
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
  assert.deepEqual([read.progress.bytesTotal, read.progress.percent], [5000, 14.3], '10 s of a 20 s reading and a 50 s merge');
});

test('rows per second while reading: the rows of the chunks loaded in the last 5 s, not an average since the start', () => {
  const view = present(running({ bytesDone: 250, rowsRead: 1234, chunksDone: 1, rowsRecent: 1000 }));
  assert.equal(view.progress.rowsPerSecond, 200, '1000 rows in the last 5 s');
  assert.equal(view.progress.rowsDone, 1234);
  assert.deepEqual([view.progress.chunksDone, view.progress.chunksTotal, view.progress.bytesDone], [1, 4, 250]);
  const justStarted = present(running({ startedAt: ago(2), rowsRecent: 1000, bytesDone: 250, rowsRead: 1000 }));
  assert.equal(justStarted.progress.rowsPerSecond, 500, 'over the 2 s since the start');
  assert.equal(present(running({ bytesDone: 250, rowsRead: 1234, rowsRecent: 0 })).progress.rowsPerSecond, 0, 'stalled: 0, whatever came before');
  assert.equal(present(read({ mergeStartedAt: ago(1), rowsRecent: 0 })).progress.rowsPerSecond, null, 'merging reads no rows');
  assert.equal(present(read({ waiting: true })).progress.rowsPerSecond, null);
});

test('no rate or ETA before an import starts or reads anything; no ETA once finished', () => {
  const queued = present(record());
  assert.deepEqual([queued.progress.rowsPerSecond, queued.progress.etaSeconds], [null, null]);
  const justStarted = present(running({ startedAt: NOW }));
  assert.equal(justStarted.progress.rowsPerSecond, null);
  const failed = present(record({ status: STATUS.failed, startedAt: ago(10), finishedAt: ago(5), bytesTotal: 1000, bytesDone: 400, rowsRead: 500 }));
  assert.equal(failed.progress.etaSeconds, null);
  assert.equal(failed.progress.rowsPerSecond, 100, '500 rows in the 5 s it ran');
});

test('the timeline: each step on one time axis from the start of the upload, overlaps kept', () => {
  const done = succeeded({
    createdAt: ago(30), startedAt: ago(29), lastLoadedAt: ago(25), mergeStartedAt: ago(24), finishedAt: ago(20),
    timings: { upload: 1000, split: 3000, parse: 2000, load: 4000, merge: 4000, total: 10_000 },
  });
  assert.deepEqual(present(done).timeline, [
    { step: 'upload', startMs: 0, endMs: 1000 },
    { step: 'queued', startMs: 1000, endMs: 2000 },
    { step: 'split', startMs: 2000, endMs: 5000 },
    { step: 'load', startMs: 2000, endMs: 6000 },
    { step: 'waiting', startMs: 6000, endMs: 7000 },
    { step: 'merge', startMs: 7000, endMs: 11_000 },
  ]);
  const merging = present(read({ createdAt: ago(11), startedAt: ago(10), mergeStartedAt: ago(2), timings: { ...done.timings, upload: null, split: 7000 } }));
  assert.deepEqual(merging.timeline.map((s) => [s.step, s.startMs, s.endMs]), [
    ['queued', 0, 1000], ['split', 1000, 8000], ['load', 1000, 9000], ['merge', 9000, null],
  ], 'no wait between the load and the merge; the merge still running');
  const waiting = present(read({ waiting: true, createdAt: ago(10), timings: { ...done.timings, upload: null, split: 7000 } }));
  assert.deepEqual(waiting.timeline.at(-1), { step: 'waiting', startMs: 8000, endMs: null });
  assert.deepEqual(present(record()).timeline, [{ step: 'upload', startMs: 0, endMs: 12 }, { step: 'queued', startMs: 12, endMs: null }]);
});

test('a finished import shows the same progress whenever it is looked at', () => {
  const done = succeeded();
  const view = present(done);
  assert.deepEqual(present(done, new Date(NOW.getTime() + 86_400_000)), view);
  assert.deepEqual(view.progress, {
    bytesDone: 1000, bytesTotal: 1000, rowsDone: 4000, chunksDone: 4, chunksTotal: 4, percent: 100, rowsPerSecond: 200, etaSeconds: null, mergeStep: null, mergeStepPercent: null,
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
