// npm run gen:api: regenerates web/src/api-schema.gen.ts from the OpenAPI document of lfp's real server. It opens
// lfp as `lfp start` does (DATABASE_URL, or the embedded PostgreSQL without it; the schema is brought up to date),
// serves the API on a free loopback port without a worker (no job is taken), fetches /openapi.json, writes the
// file and stops. The server is built without an API key: the key only adds a `security` entry to the document,
// which the types do not depend on, and the file must not depend on where it was generated.
import { writeFile } from 'node:fs/promises';
import { buildServer } from '../src/api/server.js';
import { commandContext, withApp } from '../src/cli/context.js';
import { API_TYPES_FILE, API_TYPES_PATH, fetchOpenApiDocument, generateApiTypes } from './api-types.js';

const context = commandContext('error');
const { config } = context;
await withApp(context, async (app) => {
  const server = await buildServer(app, {
    apiKey: undefined, redisUrl: undefined, cache: 'off', maxUploadBytes: config.maxUploadBytes, maxConcurrentUploads: config.maxConcurrentUploads,
    uploadIdleTimeoutMs: config.uploadIdleTimeoutMs, uploadMinBytesPerSecond: config.uploadMinBytesPerSecond,
  });
  try {
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const types = await generateApiTypes(await fetchOpenApiDocument(url));
    await writeFile(API_TYPES_FILE, types);
    console.log(`wrote ${API_TYPES_PATH} from ${url}/openapi.json`);
  } finally {
    await server.close();
  }
});
