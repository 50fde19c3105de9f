import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { API_TYPES_FILE, API_TYPES_PATH, fetchOpenApiDocument, generateApiTypes } from '../../scripts/api-types.js';
import { startTestServer } from '../support/server.js';

/** Where the committed file first differs from what the document generates. */
function firstDifference(generated: string, committed: string): string {
  const want = generated.split('\n');
  const have = committed.split('\n');
  const i = want.findIndex((line, j) => line !== have[j]);
  const at = i === -1 ? want.length : i;
  const show = (line: string | undefined) => (line === undefined ? '(end of file)' : line.trim());
  return `first difference at line ${at + 1}:\n  generated: ${show(want[at])}\n  committed: ${show(have[at])}`;
}

test('the dashboard\'s API types are generated from the server\'s OpenAPI document as it is now', async () => {
  const server = await startTestServer();
  let generated: string;
  try {
    generated = await generateApiTypes(await fetchOpenApiDocument(server.url));
  } finally {
    await server.close();
  }
  const committed = await readFile(API_TYPES_FILE, 'utf8').catch(() => '');
  assert.ok(
    committed === generated,
    `${API_TYPES_PATH} is out of date: run npm run gen:api\n${committed ? firstDifference(generated, committed) : 'the file is missing'}`,
  );
});
