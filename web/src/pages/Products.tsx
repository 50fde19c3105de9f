// Products: search by SKU or name as you type, filter by an exact name, one keyset page at a time.
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { Pager } from '../components/Pager';
import { Empty, Loaded } from '../components/States';
import { dateTime, resultCount } from '../format';
import { pagesParam, useDebounced, usePager, useResource } from '../hooks';
import { href, navigate, useQueryInUrl } from '../router';
import type { ProductList } from '../types';
import { PAGE_SIZE } from './Imports';

export function ProductsPage({ name, initialSearch, initialPages }: { name: string | undefined; initialSearch: string; initialPages: string[] }) {
  const [search, setSearch] = useState(initialSearch);
  const q = useDebounced(search.trim());
  const pager = usePager(`${q}\u0000${name ?? ''}`, initialPages);
  // The page shown is in the URL too: Back from a product lands on it again.
  useQueryInUrl(['products'], { q, name, pages: pagesParam.write(pager.cursors) });
  const products = useResource(
    (signal) => getJson<ProductList>('/products', { limit: PAGE_SIZE, cursor: pager.cursor, q, name }, signal),
    [q, name, pager.cursor],
  );

  return (
    <>
      <div class="page-title">
        <h1>Products</h1>
        <a class="button primary" href={href(['products', 'new'])}>New product</a>
      </div>
      <div class="toolbar">
        <div class="field grow">
          <label for="product-search">Search by SKU or name</label>
          <input
            id="product-search"
            type="search"
            placeholder="SKU or name starts with…"
            autocomplete="off"
            value={search}
            onInput={(e) => setSearch(e.currentTarget.value)}
          />
        </div>
        {name !== undefined && (
          <p class="chip">
            Name is <strong>{name || '(empty)'}</strong>
            <button type="button" class="link" onClick={() => navigate(href(['products']))} aria-label="Clear the name filter">✕</button>
          </p>
        )}
      </div>
      <Loaded resource={products}>
        {(page) => page.items.length === 0 && pager.page === 1
          ? <Empty>{q || name !== undefined ? 'No product matches.' : <>No products yet. <a href={href(['upload'])}>Upload a file</a> or create one.</>}</Empty>
          : (
            <>
              <p class="muted result-count" data-result-count>{resultCount(page.total, 'product')}</p>
              <div class="table-scroll" tabIndex={0} role="region" aria-label="Products table" aria-busy={products.loading}>
                <table class="products">
                  <thead>
                    <tr>
                      <th scope="col">SKU</th>
                      <th scope="col">Name</th>
                      <th scope="col">Description</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((p) => (
                      <tr key={p.sku}>
                        <th scope="row" class="sku"><a href={href(['products', 'sku', p.sku])}>{p.sku}</a></th>
                        <td class="name">{p.name}</td>
                        <td class="description" title={p.description}>{p.description}</td>
                        <td class="nowrap">{dateTime(p.updatedAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pager={pager} next={page.next} label="Products" />
            </>
          )}
      </Loaded>
    </>
  );
}
