import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RecentChunks } from '../../src/jobs/recent-chunks.js';

test('recent chunks: taken once, the oldest pushed out beyond capacity, none held with capacity 0', () => {
  const released: string[] = [];
  const recent = new RecentChunks(2, (data) => released.push(data.toString()));
  recent.keep(1, 0, Buffer.from('a'));
  recent.keep(1, 1, Buffer.from('b'));
  recent.keep(2, 0, Buffer.from('c'));
  assert.deepEqual(released, ['a']);
  assert.equal(recent.take(1, 0), undefined);
  assert.equal(recent.take(1, 1)?.toString(), 'b');
  assert.equal(recent.take(1, 1), undefined, 'a chunk is taken once');
  assert.equal(recent.take(2, 0)?.toString(), 'c');

  const none = new RecentChunks(0, (data) => released.push(data.toString()));
  none.keep(3, 0, Buffer.from('d'));
  assert.equal(none.take(3, 0), undefined);
  assert.deepEqual(released, ['a', 'd']);
});
