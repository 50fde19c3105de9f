import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../src/cache/cache.js';

test('the memory store returns what was set, forgets expired entries and evicts the oldest past its bound', async () => {
  const store = new MemoryStore();
  await store.set('a', '1', 60);
  assert.equal(await store.get('a'), '1');
  await store.set('gone', 'x', -1);
  assert.equal(await store.get('gone'), null);
  for (let i = 0; i < 1000; i++) await store.set(`k${i}`, String(i), 60);
  assert.equal(await store.get('a'), null, 'the oldest entry went first');
  assert.equal(await store.get('k999'), '999');
});
