import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { verifySignature } from '../../src/webhooks/signature.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startReceiver, type Receiver } from '../support/receiver.js';

let db: TestDatabase;
let dir: string;
let receiver: Receiver;
before(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'lfp-cli-webhooks-'));
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

const env = (extra: NodeJS.ProcessEnv = {}) => ({ DATABASE_URL: db.url, LFP_DATA_DIR: dir, ...extra });

test('lfp webhooks: add (secret once), list, deliveries after lfp ingest, delete; private URLs refused without the flag', async () => {
  const refused = await runCli(['webhooks', 'add', `${receiver.url}/hook`], env());
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^lfp: refused: 127\.0\.0\.1 is a loopback address/);
  const badEvent = await runCli(['webhooks', 'add', `${receiver.url}/hook`, '--events', 'import.done'], env());
  assert.equal(badEvent.code, 2);
  assert.match(badEvent.stderr, /unknown event "import\.done"/);

  const added = await runCli(['webhooks', 'add', `${receiver.url}/hook`, '--events', 'import.succeeded,import.failed', '--json'], env({ LFP_WEBHOOK_ALLOW_PRIVATE: 'true' }));
  assert.equal(added.code, 0, added.stderr);
  const webhook = JSON.parse(added.stdout);
  assert.match(webhook.secret, /^whsec_/);
  assert.deepEqual(webhook.events, ['import.succeeded', 'import.failed']);

  const listed = await runCli(['webhooks'], env());
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, new RegExp(`^id +url +events +created\\n${webhook.id} +${receiver.url}/hook +import\\.succeeded,import\\.failed `));
  assert.ok(!listed.stdout.includes(webhook.secret), 'the secret is not shown again');

  const file = join(dir, 'feed.csv');
  await writeFile(file, 'name,sku,description\nA,cli-1,one\n');
  const ingest = await runCli(['ingest', file], env({ LFP_WEBHOOK_ALLOW_PRIVATE: 'true' }));
  assert.equal(ingest.code, 0, ingest.stderr);
  assert.equal(receiver.received.length, 1, 'lfp ingest sends the first attempt before it exits');
  const [delivery] = receiver.received;
  assert.ok(verifySignature(webhook.secret, delivery!.body, delivery!.headers['lfp-signature'] as string));
  assert.equal(JSON.parse(delivery!.body).event, 'import.succeeded');

  const deliveries = await runCli(['webhooks', 'deliveries', String(webhook.id)], env());
  assert.equal(deliveries.code, 0, deliveries.stderr);
  assert.match(deliveries.stdout, /^[0-9a-f-]{36} {2}import\.succeeded {2}import 1 {2}delivered after 1 attempt\(s\)\n {4}#1 {2}200 {2}/);
  const asJson = await runCli(['webhooks', 'deliveries', String(webhook.id), '--json'], env());
  assert.equal(JSON.parse(asJson.stdout).attempts[0].statusCode, 200);

  const deleted = await runCli(['webhooks', 'delete', String(webhook.id)], env());
  assert.equal(deleted.code, 0);
  assert.equal(deleted.stdout, `webhook ${webhook.id} deleted\n`);
  const again = await runCli(['webhooks', 'delete', String(webhook.id)], env());
  assert.equal(again.code, 1);
  assert.match(again.stderr, /there is no webhook/);
  const help = await runCli(['webhooks', '--help']);
  assert.match(help.stdout, /Lfp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256\(secret, t \+ "\." \+ body\)>/);
});
