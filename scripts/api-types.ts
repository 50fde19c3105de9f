// The dashboard's API types, generated from the server's OpenAPI document by openapi-typescript: `npm run gen:api`
// writes them (scripts/gen-api.ts) and test/web/api-types.test.ts checks that the committed file is what the
// server's document generates now. Compiled into dist/scripts with the rest of the TypeScript.
import openapiTS, { astToString } from 'openapi-typescript';
import { fileURLToPath } from 'node:url';

/** The generated file, from dist/scripts/ as from scripts/. */
export const API_TYPES_FILE = fileURLToPath(new URL('../../web/src/api-schema.gen.ts', import.meta.url));
/** As the repository names it, for messages. */
export const API_TYPES_PATH = 'web/src/api-schema.gen.ts';

const HEADER = `// GENERATED FILE, do not edit: \`npm run gen:api\` writes it (scripts/gen-api.ts) from the OpenAPI document that
// lfp's server serves at /openapi.json (built from the zod schemas in src/api/schemas.ts), with openapi-typescript.
// test/web/api-types.test.ts fails when it is out of date. web/src/types.ts names the types the dashboard uses.

`;

/** The TypeScript declarations of an OpenAPI document, as the committed file holds them. */
export async function generateApiTypes(document: unknown): Promise<string> {
  // A parsed document (an object) is taken as it is: openapi-typescript validates it, and resolves nothing remote.
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

/** The document a running lfp serves. */
export async function fetchOpenApiDocument(baseUrl: string): Promise<unknown> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/openapi.json answered ${response.status}`);
  return response.json();
}
