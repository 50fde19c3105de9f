import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressLine } from '../../src/cli/format.js';

test('the progress line shows the whole import: its percent and ETA, not only the bytes read', () => {
  // The file is read (bytes 100%), the merge is under way: the bar follows the whole import's percent.
  const line = progressLine({
    label: 'big.csv (import 7)', phase: 'merge: building index 2 of 5 (40%)', fraction: 0.625,
    bytesDone: 90_000_000, bytesTotal: 90_000_000, rowsPerSecond: null, etaMs: 12_000,
  }, 8);
  assert.equal(line, 'big.csv (import 7)  [#####---]   62%  90.0 MB/90.0 MB  ETA 12.00 s  merge: building index 2 of 5 (40%)');
});

test('the progress line rounds down (100% only once done) and leaves out what is unknown', () => {
  const line = progressLine({ label: 'f.csv', phase: 'queued', fraction: 0.999, bytesDone: 0, bytesTotal: null, rowsPerSecond: 1234.4, etaMs: null }, 4);
  assert.equal(line, 'f.csv  [####]   99%  0 B  1,234 rows/s  queued');
  const unknown = progressLine({ label: 'f.csv', phase: 'waiting for earlier imports', fraction: null, bytesDone: 10, bytesTotal: 20, rowsPerSecond: null, etaMs: null });
  assert.equal(unknown, 'f.csv  10 B/20 B  waiting for earlier imports');
});
