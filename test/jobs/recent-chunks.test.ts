import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentChunks } from '../../src/jobs/recent-chunks.js';

test('recent chunks: taken once and only under their CRC, the oldest pushed out beyond capacity, none held with capacity 0', () => {
  const released: string[] = [];
  const recent = new RecentChunks(2, (data) => released.push(data.toString()));
  recent.keep(1, 0, 10, Buffer.from('a'));
  recent.keep(1, 1, 11, Buffer.from('b'));
  recent.keep(2, 0, 20, Buffer.from('c'));
  assert.deepEqual(released, ['a']);
  assert.equal(recent.take(1, 0, 10), undefined);
  assert.equal(recent.take(1, 1, 11)?.toString(), 'b');
  assert.equal(recent.take(1, 1, 11), undefined, 'a chunk is taken once');
  // Split again differently (a retry): the earlier bytes are replaced, and never taken for another plan.
  recent.keep(2, 0, 21, Buffer.from('d'));
  assert.deepEqual(released, ['a', 'c']);
  assert.equal(recent.take(2, 0, 20), undefined);
  assert.deepEqual(released, ['a', 'c', 'd'], 'what does not match its plan goes back');
  assert.equal(recent.take(2, 0, 21), undefined);

  const none = new RecentChunks(0, (data) => released.push(data.toString()));
  none.keep(3, 0, 30, Buffer.from('e'));
  assert.equal(none.take(3, 0, 30), undefined);
  assert.deepEqual(released, ['a', 'c', 'd', 'e']);
});
