import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, NotFoundError } from '../../errors.js';
import {
  countProducts, createProduct, deleteProduct, getProduct, listProducts, patchProduct, putProduct, type Product as ProductRow,
} from '../../products/store.js';
import { LIMITS } from '../../csv/rows.js';
import type { ApiContext } from '../context.js';
import { decodeCursor, toPage } from '../cursor.js';
import { Cursor, Limit, Problem, Product, ProductFields, Sku, StoredSku, Text, countedPage } from '../schemas.js';

/** A SKU to create obeys the rule; one to look up may be any stored (before the rule, say). */
const NewSkuParams = z.object({ sku: Sku });
const SkuParams = z.object({ sku: StoredSku });
const Search = Text(LIMITS.name);

function etagOf(product: ProductRow): string {
  return `"${createHash('sha256').update(JSON.stringify(product)).digest('base64url').slice(0, 27)}"`;
}

/**
 * Whether If-None-Match (RFC 9110, 13.1.2) names the current product: "*" matches any, otherwise one of the listed
 * entity tags, compared weakly (W/"x" matches "x").
 */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  for (const [, opaque] of header.matchAll(/(?:W\/)?("[^"]*")/g)) if (opaque === etag) return true;
  return false;
}

export function productRoutes(context: ApiContext): FastifyPluginAsync {
  return async (server) => {
    const api = server.withTypeProvider<ZodTypeProvider>();
    const { pool } = context.app.db;
    const found = async (sku: string) => {
      const product = await getProduct(pool, sku);
      if (!product) throw new NotFoundError(`there is no product with SKU ${JSON.stringify(sku)}`);
      return product;
    };

    api.get('/products', {
      schema: {
        summary: 'List products by SKU, keyset-paginated',
        description: 'q: SKUs starting with q, or names starting with q (case-insensitive), both served by indexes ' +
          '(the primary key and (lower(name), sku)). name: products with exactly this name. total: how many the list has.',
        querystring: z.object({ limit: Limit(1000, 50), cursor: Cursor, q: Search.min(1).optional(), name: Search.optional() }),
        response: { 200: countedPage(Product), 400: Problem },
      },
    }, async (request) => {
      const { limit, q, name } = request.query;
      const after = decodeCursor(request.query.cursor, z.tuple([StoredSku]));
      return context.cache.read('products', ['products'], { limit, q, name, after }, async () => {
        const [rows, total] = await Promise.all([listProducts(pool, { limit, q, name, after: after?.[0] }), countProducts(pool, { q, name })]);
        return { ...toPage(rows, limit, (p) => [p.sku], (p) => p), total };
      });
    });

    api.get('/products/:sku', {
      schema: { summary: 'One product; answers 304 to a matching If-None-Match (*, weak comparison, lists)', params: SkuParams, response: { 200: Product, 304: z.null(), 404: Problem } },
    }, async (request, reply) => {
      const product = await found(request.params.sku);
      const etag = etagOf(product);
      reply.header('etag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send(null);
      return product;
    });

    api.post('/products', {
      schema: {
        summary: 'Create a product (409 if the SKU exists)',
        body: ProductFields.extend({ sku: Sku }),
        response: { 201: Product, 400: Problem, 409: Problem },
      },
    }, async (request, reply) => {
      const { sku, ...fields } = request.body;
      const product = await createProduct(pool, sku, fields);
      if (!product) throw new ConflictError(`a product with SKU ${JSON.stringify(sku)} exists`);
      return reply.code(201).header('location', `/api/products/${encodeURIComponent(sku)}`).send(product);
    });

    api.put('/products/:sku', {
      schema: { summary: 'Create or replace a product', params: NewSkuParams, body: ProductFields, response: { 200: Product, 201: Product, 400: Problem } },
    }, async (request, reply) => {
      const { product, created } = await putProduct(pool, request.params.sku, request.body);
      return reply.code(created ? 201 : 200).send(product);
    });

    api.patch('/products/:sku', {
      schema: {
        summary: 'Change some fields of a product',
        params: SkuParams,
        body: z.object({ name: ProductFields.shape.name.unwrap().optional(), description: ProductFields.shape.description.unwrap().optional() }),
        response: { 200: Product, 400: Problem, 404: Problem },
      },
    }, async (request) => {
      const product = await patchProduct(pool, request.params.sku, request.body);
      if (!product) throw new NotFoundError(`there is no product with SKU ${JSON.stringify(request.params.sku)}`);
      return product;
    });

    api.delete('/products/:sku', {
      schema: { summary: 'Delete a product', params: SkuParams, response: { 204: z.null(), 404: Problem } },
    }, async (request, reply) => {
      if (!(await deleteProduct(pool, request.params.sku))) throw new NotFoundError(`there is no product with SKU ${JSON.stringify(request.params.sku)}`);
      return reply.code(204).send(null);
    });
  };
}
