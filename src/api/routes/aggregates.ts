import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { getAggregate, listAggregates } from '../../products/store.js';
import { LIMITS } from '../../csv/rows.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { Aggregate, Cursor, Limit, Problem, Text, page } from '../schemas.js';

const Name = Text(LIMITS.name);

export function aggregateRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { pool } = context.app.db;

    api.get('/aggregates', {
      schema: {
        summary: 'Names and their number of products, by count (descending) or by name, keyset-paginated',
        querystring: z.object({ limit: Limit(1000, 50), cursor: Cursor, sort: z.enum(['count', 'name']).default('count'), q: Name.min(1).optional() }),
        response: { 200: page(Aggregate), 400: Problem },
      },
    }, async (request) => {
      const { limit, sort, q } = request.query;
      const after = sort === 'count'
        ? decodeCursor(request.query.cursor, z.tuple([z.number().int().positive(), Name]))
        : decodeCursor(request.query.cursor, z.tuple([Name]));
      return context.cache.read('aggregates', ['products'], { limit, sort, q, after }, async () => {
        const rows = await listAggregates(pool, { limit, sort, q, after });
        return toPage(rows, limit, (a) => (sort === 'count' ? [a.productCount, a.name] : [a.name]), (a) => a);
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
