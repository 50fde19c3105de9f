import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { MAX_ERROR_MESSAGE } from '../../src/errors.js';
import { Random, generateCsv } from '../../src/generate/generator.js';
import { waitForImport } from '../support/app.js';
import { aggregateDrift, snapshot } from '../support/db.js';
import { startTestServer } from '../support/server.js';
import { uploadInPieces } from '../support/upload.js';

const ROUNDS = 40;
const MAX_UPLOAD = 2_000_000;

/** Something a careless user or an attacker might send: random bytes, broken CSV, odd headers, in odd framings. */
function hostileFile(random: Random): Buffer {
  const csv = () => Buffer.from([...generateCsv({ rows: 1 + random.int(300), seed: random.int(1000), duplicateRatio: 0.3 })].join(''));
  let body: Buffer;
  switch (random.int(7)) {
    case 0:
      body = Buffer.from(Array.from({ length: random.int(5000) }, () => random.int(256)));
      break;
    case 1: { // valid CSV with bytes flipped to quotes, NULs, line breaks, delimiters and invalid UTF-8
      body = csv();
      const evil = [0x22, 0x00, 0x0a, 0x0d, 0x2c, 0xff, 0xc3, 0x1b];
      for (let i = random.int(20); i > 0; i--) body[random.int(body.length)] = random.pick(evil);
      break;
    }
    case 2:
      body = Buffer.from(`${Array.from({ length: 500 + random.int(3000) }, (_, i) => `c${i}`).join(',')}\n1,2,3\n`);
      break;
    case 3:
      body = Buffer.concat([Buffer.from('name,sku,description\nx,s,"'), Buffer.alloc(random.int(100_000), 0x61)]);
      break;
    case 4:
      body = Buffer.from(`\uFEFFname;sku;description\n${'é;ß;x\n'.repeat(random.int(50))}`, random.next() < 0.5 ? 'utf16le' : 'latin1');
      break;
    case 5:
      body = Buffer.from(`sku\n${','.repeat(random.int(200_000))}\n`);
      break;
    default:
      body = csv();
  }
  const framing = random.next();
  if (framing < 0.3) return gzipSync(body);
  if (framing < 0.4) { const gz = gzipSync(body); return gz.subarray(0, random.int(gz.length)); }
  if (framing < 0.45) return gzipSync(gzipSync(body));
  if (framing < 0.5) return Buffer.concat([gzipSync(body), Buffer.from('trailing garbage')]);
  return body;
}

function pieces(file: Buffer, random: Random): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < file.length; ) {
    const size = at === 0 && random.next() < 0.3 ? 1 : 1 + random.int(random.next() < 0.5 ? 64 : 65_536);
    out.push(file.subarray(at, at + size));
    at += size;
  }
  return out;
}

test('fuzz: random bytes, chunkings and gzip framings through upload, split and load leave the server up and the tables exact', async (context) => {
  const s = await startTestServer({ maxUploadBytes: MAX_UPLOAD, chunkBytes: 64 * 1024 });
  const { pool } = s.app.db;
  try {
    const seed = Number(process.env.LFP_FUZZ_SEED ?? 1); // another seed: LFP_FUZZ_SEED=N npm test fuzz
    context.diagnostic(`LFP_FUZZ_SEED=${seed}`);
    const random = new Random(seed);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const outcomes: Record<string, number> = {};
    try {
      let before = await snapshot(pool);
      for (let round = 0; round < ROUNDS; round++) {
        const file = hostileFile(random);
        const contentType = random.pick(['text/csv', 'application/gzip', 'application/octet-stream']);
        const answer = await uploadInPieces(s.url, `/api/imports?encoding=${random.pick(['utf-8', 'auto', 'windows-1252'])}&delimiter=${random.pick(['comma', 'auto'])}`, pieces(file, random), { contentType });
        const label = `round ${round} (${file.length} bytes): ${answer.status} ${answer.body.slice(0, 200)}`;
        assert.ok([202, 400, 413].includes(answer.status), label);
        if (answer.status === 202) {
          const imp = await waitForImport(pool, JSON.parse(answer.body).id, 30_000);
          assert.ok(imp.status === 'succeeded' || imp.status === 'failed', label);
          outcomes[imp.status] = (outcomes[imp.status] ?? 0) + 1;
          if (imp.status === 'failed') {
            assert.ok(imp.error!.length <= MAX_ERROR_MESSAGE + 3, `${label}: ${imp.error!.length} characters of error`);
            assert.deepEqual(await snapshot(pool), before, `${label}: a failed import leaves the tables as they were`);
          }
          const shown = await s.fetch(`/api/imports/${imp.id}`);
          assert.equal(shown.status, 200);
          assert.ok((await shown.text()).length < 80_000, `${label}: the import reads small`);
        } else {
          outcomes[String(answer.status)] = (outcomes[String(answer.status)] ?? 0) + 1;
        }
        assert.deepEqual(await aggregateDrift(pool), [], label);
        assert.equal((await s.fetch('/healthz')).status, 200);
        before = await snapshot(pool);
      }
    } finally {
      clearInterval(sampler);
    }
    const grew = (peak - rssBefore) / 1024 / 1024;
    context.diagnostic(`outcomes ${JSON.stringify(outcomes)}; RSS grew by ${grew.toFixed(0)} MB`);
    assert.ok(grew < 300, `the test process (server, worker and client) grew by ${grew.toFixed(0)} MB`);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'lfp_staging'`);
    assert.equal(rows[0].n, 0, 'no staging table is left');
  } finally {
    await s.close();
  }
});
