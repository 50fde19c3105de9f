import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendPid, watchIndexBuild } from '../../src/db/progress.js';
import { createTestDatabase } from '../support/db.js';

test("an index build's progress is read from another connection while it runs, and not after it ended", async () => {
  const db = await createTestDatabase(3);
  const builder = await db.pool.connect();
  try {
    // Enough rows that the build takes a good part of a second even on a fast machine; no parallel workers, so
    // that the progress is the builder's own.
    await builder.query('CREATE TABLE t AS SELECT md5(i::text) AS v FROM generate_series(1, 1500000) i');
    await builder.query('SET max_parallel_maintenance_workers = 0');
    const reports: string[] = [];
    const stop = watchIndexBuild(db.pool, await backendPid(builder), (progress) => reports.push(progress), 20);
    try {
      await builder.query('CREATE INDEX ON t (v)');
    } finally {
      stop();
    }
    const seen = reports.length;
    assert.ok(seen > 0, 'at least one progress report while the index was built');
    for (const report of reports) assert.match(report, /^(initializing|scanning table|sorting live tuples|loading tuples in tree)( \d{1,3}%)?$/);
    assert.ok(reports.some((r) => /%$/.test(r)), `a percent among ${JSON.stringify(reports)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reports.length, seen, 'nothing reported once stopped');
  } finally {
    builder.release();
    await db.drop();
  }
});
