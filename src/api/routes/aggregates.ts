import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { countAggregates, getAggregate, listAggregates } from '../../products/store.js';
import { LIMITS } from '../../csv/rows.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { Aggregate, Cursor, Limit, Problem, Text, countedPage } from '../schemas.js';

const Name = Text(LIMITS.name);

export function aggregateRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { pool } = context.app.db;

    api.get('/aggregates', {
      schema: {
        summary: 'Names and their number of products, by count (most first, or fewest first) or by name, keyset-paginated',
        description: 'sort=fewest reads the count index backwards: the fewest products first, names of equal count in descending order.',
        querystring: z.object({
          limit: Limit(1000, 50), cursor: Cursor, sort: z.enum(['count', 'fewest', 'name']).default('count'), q: Name.min(1).optional(),
        }),
        response: { 200: countedPage(Aggregate), 400: Problem },
      },
    }, async (request) => {
      const { limit, sort, q } = request.query;
      const after = sort !== 'name'
        ? decodeCursor(request.query.cursor, z.tuple([z.number().int().positive(), Name]))
        : decodeCursor(request.query.cursor, z.tuple([Name]));
      return context.cache.read('aggregates', ['products'], { limit, sort, q, after }, async () => {
        const [rows, total] = await Promise.all([listAggregates(pool, { limit, sort, q, after }), countAggregates(pool, q)]);
        return { ...toPage(rows, limit, (a) => (sort === 'name' ? [a.name] : [a.productCount, a.name]), (a) => a), total };
      });
    });

    api.get('/aggregates/:name', {
      schema: { summary: 'The number of products with one name', params: z.object({ name: Name }), response: { 200: Aggregate, 404: Problem } },
    }, async (request) => {
      const aggregate = await getAggregate(pool, request.params.name);
      if (!aggregate) throw new NotFoundError(`no product is named ${JSON.stringify(request.params.name)}`);
      return aggregate;
    });
  };
}
