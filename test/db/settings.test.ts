import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPool } from '../../src/db/pool.js';
import { bulkSettings, settingsFile, slowMergeSettings } from '../../src/db/settings.js';
import { createTestDatabase } from '../support/db.js';

const GiB = 1024 ** 3;

test('bulk settings are sized from the machine, within bounds', () => {
  const small = bulkSettings({ memoryBytes: 2 * GiB, cpus: 1 });
  assert.equal(small.shared_buffers, '512MB');
  assert.equal(small.maintenance_work_mem, '128MB');
  assert.equal(small.max_parallel_maintenance_workers, '1');
  const big = bulkSettings({ memoryBytes: 64 * GiB, cpus: 16 });
  assert.equal(big.shared_buffers, '4096MB', 'at most 4 GB');
  assert.equal(big.maintenance_work_mem, '2048MB', 'at most 2 GB');
  assert.equal(big.max_parallel_maintenance_workers, '15');
  assert.equal(big.wal_level, 'minimal');
  assert.match(settingsFile(small), /^# Written by lfp[^]*\nshared_buffers = '512MB'\n[^]*autovacuum = 'on'\n$/);
});

test('lfp doctor names a setting that makes merges slow, and not one that does not', async () => {
  const db = await createTestDatabase(1);
  // Per-session values of a setting a session may change: the rest of the server is as it is.
  const withMemory = (size: string) => createPool(`${db.url}?options=${encodeURIComponent(`-c maintenance_work_mem=${size}`)}`, 1);
  const low = withMemory('64MB');
  const high = withMemory('1GB');
  try {
    const advice = await slowMergeSettings(low);
    const memory = advice.find((a) => a.name === 'maintenance_work_mem');
    assert.deepEqual(memory && { current: memory.current, suggested: memory.suggested }, { current: '64MB', suggested: '512MB or more' });
    assert.equal((await slowMergeSettings(high)).some((a) => a.name === 'maintenance_work_mem'), false);
  } finally {
    await low.end();
    await high.end();
    await db.drop();
  }
});
