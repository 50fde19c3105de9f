import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { importEvents } from '../../src/imports/events.js';
import { DEFAULT_OPTIONS } from '../../src/imports/options.js';
import { DELIVERY_TIMEOUT_MS, MAX_ATTEMPTS, retryDelayMs } from '../../src/webhooks/deliver.js';
import { WEBHOOK_EVENTS } from '../../src/webhooks/model.js';
import { verifySignature } from '../../src/webhooks/signature.js';
import { createWebhook } from '../../src/webhooks/store.js';
import { withTestApp } from '../support/app.js';
import { ingestBuffer } from '../support/ingest.js';
import { eventually, startReceiver, type Receiver } from '../support/receiver.js';
import { json, startTestServer, type TestServer } from '../support/server.js';

/**
 * Webhooks against the real server, queue and PostgreSQL, with a receiver on 127.0.0.1 (allowed by
 * LFP_WEBHOOK_ALLOW_PRIVATE=true, and a retry delay of 100 ms instead of 5 s so that retries come quickly).
 */

const RETRY_DELAY_MS = 100;

/** What a receiver does with the Lfp-Signature header, written out as the README shows it. */
function receiverVerifies(secret: string, header: string, rawBody: string): boolean {
  const fields = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const expected = createHmac('sha256', secret).update(`${fields.t}.${rawBody}`).digest('hex');
  return fields.v1 === expected && Math.abs(Date.now() / 1000 - Number(fields.t)) < 300;
}

describe('webhooks, with LFP_WEBHOOK_ALLOW_PRIVATE=true', () => {
  let s: TestServer;
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
    s = await startTestServer({ config: { webhookAllowPrivate: true, webhookRetryDelayMs: RETRY_DELAY_MS } });
  });
  after(async () => {
    await s.close();
    await receiver.close();
  });

  const addWebhook = async (path: string, events?: string[]) => {
    const response = await s.fetch('/api/webhooks', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: `${receiver.url}${path}`, events }),
    });
    assert.equal(response.status, 201, await response.clone().text());
    return json(response);
  };
  const upload = async (body: string, query = '') => {
    const response = await s.fetch(`/api/imports${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
    assert.equal(response.status, 202, await response.clone().text());
    return json(response);
  };
  const finished = (id: number) => eventually(async () => {
    const imp = await json(await s.fetch(`/api/imports/${id}`));
    return !['queued', 'running'].includes(imp.status) && imp;
  }, 30_000, `import ${id} finishing`);
  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  test('one signed delivery per finished import, with the import as the API shows it', async () => {
    const hook = await addWebhook('/all');
    assert.match(hook.secret, /^whsec_/);
    assert.deepEqual(hook.events, WEBHOOK_EVENTS);
    const listed = await json(await s.fetch('/api/webhooks'));
    assert.deepEqual(listed.items.map((w: { id: number }) => w.id), [hook.id]);
    assert.equal(listed.items[0].secret, undefined, 'the secret is shown once, at creation');
    assert.equal((await json(await s.fetch(`/api/webhooks/${hook.id}`))).secret, undefined);

    const good = await finished((await upload('name,sku,description\nA,wh-1,one\nB,wh-2,two\n')).id);
    assert.equal(good.status, 'succeeded');
    const bad = await finished((await upload('name,description\nA,no sku column\n')).id);
    assert.equal(bad.status, 'failed');

    await eventually(() => at('/all').length >= 2, 20_000, 'two deliveries');
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing more comes
    const deliveries = at('/all');
    assert.equal(deliveries.length, 2, 'one delivery per finished import');
    for (const d of deliveries) {
      assert.equal(d.method, 'POST');
      assert.equal(d.headers['content-type'], 'application/json');
      const header = d.headers['lfp-signature'] as string;
      assert.match(header, /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.ok(receiverVerifies(hook.secret, header, d.body), 'the signature verifies with the secret');
      assert.ok(verifySignature(hook.secret, d.body, header));
      assert.ok(!verifySignature(hook.secret, `${d.body} `, header), 'another body does not verify');
      assert.ok(!verifySignature('whsec_other', d.body, header), 'another secret does not verify');
    }
    const bodies = deliveries.map((d) => JSON.parse(d.body));
    const byImport = new Map(bodies.map((b) => [b.import.id, b]));
    assert.equal(byImport.get(good.id).event, 'import.succeeded');
    assert.equal(byImport.get(bad.id).event, 'import.failed');
    assert.deepEqual(byImport.get(good.id).import, good, 'the import as GET /api/imports/{id} shows it');
    assert.equal(byImport.get(bad.id).import.error, bad.error);
    for (const [i, d] of deliveries.entries()) {
      assert.match(bodies[i].id, /^[0-9a-f-]{36}$/);
      assert.equal(d.headers['lfp-delivery'], bodies[i].id);
      assert.equal(d.headers['lfp-event'], bodies[i].event);
    }

    const listing = await json(await s.fetch(`/api/webhooks/${hook.id}/deliveries`));
    assert.equal(listing.items.length, 2);
    for (const item of listing.items) {
      assert.equal(item.status, 'delivered');
      assert.equal(item.attempts.length, 1);
      assert.equal(item.attempts[0].statusCode, 200);
      assert.equal(item.attempts[0].error, null);
      assert.ok(item.attempts[0].durationMs >= 0);
      assert.equal(item.nextAttemptAt, null);
    }
    assert.deepEqual(listing.items.map((i: { id: string }) => i.id).sort(), bodies.map((b) => b.id).sort());

    const page1 = await json(await s.fetch(`/api/webhooks/${hook.id}/deliveries?limit=1`));
    const page2 = await json(await s.fetch(`/api/webhooks/${hook.id}/deliveries?limit=1&cursor=${page1.next}`));
    assert.deepEqual([page1.items[0].id, page2.items[0].id], listing.items.map((i: { id: string }) => i.id));
    assert.equal(page2.next, null);

    assert.equal((await s.fetch(`/api/webhooks/${hook.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await s.fetch(`/api/webhooks/${hook.id}/deliveries`)).status, 404);
    assert.equal((await s.fetch(`/api/webhooks/${hook.id}`, { method: 'DELETE' })).status, 404);
  });

  test('a receiver that answers 500 twice gets the third attempt, and every attempt is recorded', async () => {
    const hook = await addWebhook('/flaky', ['import.succeeded']);
    receiver.answer = (request, index) => (request.path === '/flaky' && index < 2 ? 500 : 200);
    const imp = await finished((await upload('name,sku,description\nA,flaky-1,one\n')).id);
    await eventually(() => at('/flaky').length >= 3, 20_000, 'three attempts');
    await new Promise((resolve) => setTimeout(resolve, 4 * RETRY_DELAY_MS)); // and no fourth
    const attempts = at('/flaky');
    assert.equal(attempts.length, 3);
    const ids = attempts.map((a) => JSON.parse(a.body).id);
    assert.equal(new Set(ids).size, 1, 'every attempt carries the same delivery id');
    assert.ok(attempts.every((a) => a.body === attempts[0]!.body), 'the same body every time');
    assert.ok(attempts.every((a) => receiverVerifies(hook.secret, a.headers['lfp-signature'] as string, a.body)));
    assert.equal(JSON.parse(attempts[0]!.body).import.id, imp.id);
    // Backoff: the second retry waits about twice as long as the first.
    const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    assert.ok(gaps[0]! >= RETRY_DELAY_MS, `first retry after ${gaps[0]} ms`);
    assert.ok(gaps[1]! >= 2 * RETRY_DELAY_MS, `second retry after ${gaps[1]} ms`);

    const delivery = await eventually(async () => {
      const { items } = await json(await s.fetch(`/api/webhooks/${hook.id}/deliveries`));
      return items[0]?.status === 'delivered' && items[0];
    }, 10_000, 'the delivery recorded as delivered');
    assert.equal(delivery.id, ids[0]);
    assert.deepEqual(delivery.attempts.map((a: { statusCode: number }) => a.statusCode), [500, 500, 200]);
    assert.deepEqual(delivery.attempts.map((a: { attempt: number }) => a.attempt), [1, 2, 3]);
    assert.match(delivery.attempts[0].error, /HTTP 500/);
    assert.ok(delivery.attempts.every((a: { durationMs: number }) => a.durationMs >= 0 && a.durationMs < DELIVERY_TIMEOUT_MS));
    receiver.answer = () => 200;
    await s.fetch(`/api/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  test('revert, cancel and skip are told too, each to the webhooks that asked for it', async () => {
    const hook = await addWebhook('/lifecycle', ['import.reverted', 'import.cancelled', 'import.skipped']);
    const file = 'name,sku,description\nA,life-1,one\n';
    const applied = await finished((await upload(file)).id);
    const revert = await s.fetch(`/api/imports/${applied.id}/revert`, { method: 'POST' });
    assert.equal(revert.status, 200, await revert.clone().text());
    const other = 'name,sku,description\nB,life-2,two\n';
    await finished((await upload(other)).id);
    const again = await s.fetch('/api/imports?skipIfSeen=true', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: other });
    const skip = await json(again);
    assert.equal(skip.status, 'skipped');
    await eventually(() => at('/lifecycle').length >= 2, 20_000, 'the revert and skip deliveries');
    const events = at('/lifecycle').map((r) => JSON.parse(r.body)).map((b) => [b.event, b.import.id, b.import.status]);
    assert.deepEqual(events.sort(), [['import.reverted', applied.id, 'reverted'], ['import.skipped', skip.id, 'skipped']].sort());
    await s.fetch(`/api/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  test('a URL that is not http(s) is refused; a bad event is a 400', async () => {
    const post = (body: object) => s.fetch('/api/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ftp = await post({ url: 'ftp://127.0.0.1/x' });
    assert.equal(ftp.status, 422);
    assert.match((await json(ftp)).type, /unsupported-url$/);
    assert.equal((await post({ url: `${receiver.url}/x`, events: ['import.exploded'] })).status, 400);
    assert.equal((await post({ url: `${receiver.url}/x`, events: [] })).status, 400);
  });
});

describe('webhooks, without LFP_WEBHOOK_ALLOW_PRIVATE', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  test('a loopback, private or link-local URL is refused with a clear message', async () => {
    for (const url of ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'http://10.1.2.3/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'http://[fd00::1]/', 'http://100.64.0.1/']) {
      const response = await s.fetch('/api/webhooks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
      assert.equal(response.status, 422, url);
      const problem = await json(response);
      assert.match(problem.type, /address-refused$/, url);
      assert.match(problem.detail, /refused: .* a (loopback|private|link-local|shared \(carrier-grade NAT\)) address/, url);
    }
    assert.deepEqual((await json(await s.fetch('/api/webhooks'))).items, []);
  });

  test('a delivery to a URL that now resolves to a private address is refused, recorded and retried', async () => {
    // A webhook stored while its host was public (here: written directly) whose address is now loopback.
    const hook = await createWebhook(s.app.db.pool, 'http://127.0.0.1:9/hook', ['import.succeeded'], 'whsec_test');
    const response = await s.fetch('/api/imports', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'name,sku,description\nA,priv-1,one\n' });
    assert.equal(response.status, 202);
    const delivery = await eventually(async () => {
      const { items } = await json(await s.fetch(`/api/webhooks/${hook.id}/deliveries`));
      return items[0]?.attempts.length > 0 && items[0];
    }, 20_000, 'the first attempt');
    assert.equal(delivery.status, 'pending');
    assert.equal(delivery.attempts[0].statusCode, null);
    assert.match(delivery.attempts[0].error, /refused: 127\.0\.0\.1 is a loopback address/);
    assert.ok(delivery.nextAttemptAt);
  });
});

test('the in-process engine tells its outcomes too, in the transaction that records them', async () => {
  await withTestApp(async ({ app }) => {
    const { pool } = app.db;
    const hook = await createWebhook(pool, 'http://203.0.113.9/hook', [...WEBHOOK_EVENTS], 'whsec_test');
    const events = importEvents(app.boss);
    const ok = await ingestBuffer(pool, 'name,sku,description\nA,eng-1,one\n', { events });
    const failed = await ingestBuffer(pool, 'name,description\nA,none\n', { events });
    const strict = await ingestBuffer(pool, 'name,sku,description\nA,eng-2,one\nbad row\n', { events, import: { ...DEFAULT_OPTIONS, mode: 'strict' } });
    const quiet = await ingestBuffer(pool, 'name,sku,description\nA,eng-3,one\n');
    assert.deepEqual([ok.status, failed.status, strict.status, quiet.status], ['succeeded', 'failed', 'failed', 'succeeded']);
    const { rows } = await pool.query('SELECT event, import_id AS "importId", body FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY import_id', [hook.id]);
    assert.deepEqual(rows.map((r) => [r.event, r.importId]), [['import.succeeded', ok.id], ['import.failed', failed.id], ['import.failed', strict.id]]);
    assert.equal(JSON.parse(rows[0].body).import.status, 'succeeded');
    const jobs = await pool.query(`SELECT count(*)::int AS n FROM lfp_jobs.job WHERE name = 'lfp-webhook'`);
    assert.equal(jobs.rows[0].n, 3, 'each delivery has its job');
  });
});

test('migration 010 allows exactly the events of WebhookEvent', async () => {
  await withTestApp(async ({ app }) => {
    const { rows } = await app.db.pool.query<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid IN ('webhooks'::regclass, 'webhook_deliveries'::regclass) AND contype = 'c'`,
    );
    const lists = rows.map((r) => [...r.def.matchAll(/'(import\.[a-z]+)'/g)].map((m) => m[1])).filter((l) => l.length > 0);
    assert.equal(lists.length, 2);
    for (const list of lists) assert.deepEqual([...list].sort(), [...WEBHOOK_EVENTS].sort());
  });
});

test('the retry schedule: first retry within 10 s of the failure, the last attempt about a day after the first', () => {
  const base = 5_000;
  assert.ok(retryDelayMs(1, base, 1) <= 10_000);
  const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1, base, 0));
  const total = waits.reduce((a, b) => a + b, 0) / 3_600_000;
  assert.ok(total > 20 && total < 28, `the last attempt ${total.toFixed(1)} h after the first`);
  for (let i = 1; i < waits.length; i++) assert.equal(waits[i], 2 * waits[i - 1]!, 'exponential');
});
