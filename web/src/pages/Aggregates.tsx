// Names and their number of products: by count or by name, searched by prefix, one keyset page at a time.
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { Pager } from '../components/Pager';
import { Empty, Loaded } from '../components/States';
import { count, resultCount } from '../format';
import { pagesParam, useDebounced, usePager, useResource } from '../hooks';
import { href, useQueryInUrl } from '../router';
import type { AggregateList } from '../types';
import { PAGE_SIZE } from './Imports';

/** The orders an index serves: most products first, fewest first, or by name. */
export type Sort = 'count' | 'fewest' | 'name';
export const SORTS: readonly Sort[] = ['count', 'fewest', 'name'];

export function AggregatesPage({ initialSort, initialSearch, initialPages }: { initialSort: Sort; initialSearch: string; initialPages: string[] }) {
  const [sort, setSort] = useState<Sort>(initialSort);
  const [search, setSearch] = useState(initialSearch);
  const q = useDebounced(search.trim());
  const pager = usePager(`${sort}\u0000${q}`, initialPages);
  useQueryInUrl(['aggregates'], { sort: sort === 'count' ? undefined : sort, q, pages: pagesParam.write(pager.cursors) });
  const aggregates = useResource(
    (signal) => getJson<AggregateList>('/aggregates', { limit: PAGE_SIZE, cursor: pager.cursor, sort, q }, signal),
    [sort, q, pager.cursor],
  );

  return (
    <>
      <h1>Aggregates</h1>
      <div class="toolbar">
        <div class="field grow">
          <label for="aggregate-search">Names starting with</label>
          <input id="aggregate-search" type="search" autocomplete="off" placeholder="e.g. Anna" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </div>
        <div class="field">
          <span class="label" id="sort-label">Sort by</span>
          <div class="segmented" role="group" aria-labelledby="sort-label">
            <button type="button" aria-pressed={sort === 'count'} onClick={() => setSort('count')}>Most products</button>
            <button type="button" aria-pressed={sort === 'fewest'} onClick={() => setSort('fewest')}>Fewest products</button>
            <button type="button" aria-pressed={sort === 'name'} onClick={() => setSort('name')}>Name</button>
          </div>
        </div>
      </div>
      <Loaded resource={aggregates}>
        {(page) => page.items.length === 0 && pager.page === 1
          ? <Empty>{q ? `No name starts with “${q}”.` : 'No products yet, so no names.'}</Empty>
          : (
            <>
              <p class="muted result-count" data-result-count>{resultCount(page.total, 'name')}</p>
              <div class="table-scroll" tabIndex={0} role="region" aria-label="Aggregates table" aria-busy={aggregates.loading}>
                <table class="aggregates">
                  <thead>
                    <tr>
                      {/* Sortable headers: each order is one the API reads off an index. */}
                      <th scope="col" aria-sort={sort === 'name' ? 'ascending' : 'none'}>
                        <button type="button" class="sort-header" onClick={() => setSort('name')} aria-label="Sort by name">Name</button>
                      </th>
                      <th scope="col" class="num" aria-sort={sort === 'count' ? 'descending' : sort === 'fewest' ? 'ascending' : 'none'}>
                        <button type="button" class="sort-header" onClick={() => setSort(sort === 'count' ? 'fewest' : 'count')}
                          aria-label={`Products: sort by ${sort === 'count' ? 'fewest' : 'most'} first`}>
                          Products {sort === 'count' ? '↓' : sort === 'fewest' ? '↑' : ''}
                        </button>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((a) => (
                      <tr key={a.name}>
                        <th scope="row"><a href={href(['products'], { name: a.name })}>{a.name || '(empty)'}</a></th>
                        <td class="num">{count(a.productCount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pager={pager} next={page.next} label="Aggregates" />
            </>
          )}
      </Loaded>
    </>
  );
}
