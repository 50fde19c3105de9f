import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentImport } from '../../imports/present.js';
import { countImportsByStatus, listImports } from '../../imports/store.js';
import { catalogueStats } from '../../products/store.js';
import type { ApiContext } from '../context.js';
import { Import, ImportStatus } from '../schemas.js';

const Stats = z.object({
  products: z.number().int(),
  distinctNames: z.number().int(),
  importsByStatus: z.record(ImportStatus, z.number().int()).describe('applied imports (not dry runs) by status'),
  dryRunsByStatus: z.record(ImportStatus, z.number().int()).describe('dry runs by status'),
  lastImport: Import.nullable(),
  uploadsInProgress: z.number().int().describe('files being uploaded to this server now: each becomes an import once received'),
});

export function statsRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const { pool } = context.app.db;
    server.withTypeProvider<ZodTypeProvider>().get('/stats', {
      schema: { summary: 'Products, distinct names, imports and dry runs by status, the last import', response: { 200: Stats } },
    }, async () => ({
      ...await context.cache.read('stats', ['products', 'imports'], {}, async () => {
        const [catalogue, byStatus, [last], costs] = await Promise.all([
          catalogueStats(pool),
          countImportsByStatus(pool),
          listImports(pool, 1),
          context.phaseCosts(),
        ]);
        return {
          ...catalogue, importsByStatus: byStatus.applied, dryRunsByStatus: byStatus.dryRun,
          lastImport: last ? presentImport(last, new Date(), costs) : null,
        };
      }),
      uploadsInProgress: context.uploadLimiter.inProgress, // not cached: it changes with no write to the database
    }));
  };
}
