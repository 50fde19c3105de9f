import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ERRORS } from '@tus/server';
import { UploadLocker } from '../../src/api/upload-locks.js';
import { createPool, type Pool } from '../../src/db/pool.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

// Two lockers on two pools of one database are two API processes.
let db: TestDatabase;
let otherPool: Pool;
before(async () => {
  db = await createTestDatabase();
  otherPool = createPool(db.url, 2);
});
after(async () => {
  await otherPool.end();
  await db.drop();
});

const never = new AbortController().signal;

test('an upload locked by another process is asked to let go (NOTIFY) and then taken; other uploads do not wait', async () => {
  const here = new UploadLocker(db.pool);
  const there = new UploadLocker(otherPool);
  try {
    const held = there.newLock('upload-1');
    const events: string[] = [];
    await held.lock(never, async () => {
      events.push('asked to let go');
      await held.unlock(); // as tus does once the holder's request has ended
    });
    const second = there.newLock('upload-2');
    await second.lock(never, () => {});
    const other = here.newLock('upload-3');
    await other.lock(never, () => assert.fail('nobody holds upload-3'));

    const taking = here.newLock('upload-1');
    await taking.lock(never, () => {});
    events.push('taken');
    assert.deepEqual(events, ['asked to let go', 'taken']);
    await Promise.all([taking.unlock(), other.unlock(), second.unlock()]);
  } finally {
    await here.close();
    await there.close();
  }
});

test('a holder that does not let go makes the other wait until the timeout; within a process too', async () => {
  const here = new UploadLocker(db.pool, 300);
  const there = new UploadLocker(otherPool, 300);
  try {
    let asked = 0;
    const stubborn = there.newLock('upload-1');
    await stubborn.lock(never, () => void asked++);
    const started = Date.now();
    await assert.rejects(here.newLock('upload-1').lock(never, () => {}), (e: unknown) => e === ERRORS.ERR_LOCK_TIMEOUT);
    assert.ok(Date.now() - started >= 300 && asked > 0, `asked ${asked} times`);
    await assert.rejects(there.newLock('upload-1').lock(never, () => {}), (e: unknown) => e === ERRORS.ERR_LOCK_TIMEOUT);
    await stubborn.unlock();
    const now = here.newLock('upload-1');
    await now.lock(never, () => {});
    await now.unlock();
  } finally {
    await here.close();
    await there.close();
  }
});

test('a request that gives up waiting (its signal aborted) stops trying', async () => {
  const here = new UploadLocker(db.pool);
  const held = here.newLock('upload-1');
  await held.lock(never, () => {});
  try {
    const gaveUp = new AbortController();
    const waiting = here.newLock('upload-1').lock(gaveUp.signal, () => {});
    gaveUp.abort();
    await assert.rejects(waiting, (e: unknown) => e === ERRORS.ERR_LOCK_TIMEOUT);
  } finally {
    await held.unlock();
    await here.close();
  }
});
