// Names and their number of products: by count or by name, searched by prefix, one keyset page at a time.
import { useState } from 'preact/hooks';
import { getJson } from '../api';
import { Pager } from '../components/Pager';
import { Empty, Loaded } from '../components/States';
import { count } from '../format';
import { useDebounced, usePager, useResource } from '../hooks';
import { href, useQueryInUrl } from '../router';
import type { AggregateList } from '../types';
import { PAGE_SIZE } from './Imports';

export type Sort = 'count' | 'name';

export function AggregatesPage({ initialSort, initialSearch }: { initialSort: Sort; initialSearch: string }) {
  const [sort, setSort] = useState<Sort>(initialSort);
  const [search, setSearch] = useState(initialSearch);
  const q = useDebounced(search.trim());
  useQueryInUrl(['aggregates'], { sort: sort === 'name' ? 'name' : undefined, q });
  const pager = usePager(`${sort}\u0000${q}`);
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
            <button type="button" aria-pressed={sort === 'count'} onClick={() => setSort('count')}>Count</button>
            <button type="button" aria-pressed={sort === 'name'} onClick={() => setSort('name')}>Name</button>
          </div>
        </div>
      </div>
      <Loaded resource={aggregates}>
        {(page) => page.items.length === 0 && pager.page === 1
          ? <Empty>{q ? `No name starts with “${q}”.` : 'No products yet, so no names.'}</Empty>
          : (
            <>
              <div class="table-scroll" tabIndex={0} role="region" aria-label="Aggregates table" aria-busy={aggregates.loading}>
                <table class="aggregates">
                  <thead>
                    <tr>
                      <th scope="col" aria-sort={sort === 'name' ? 'ascending' : 'none'}>Name</th>
                      <th scope="col" class="num" aria-sort={sort === 'count' ? 'descending' : 'none'}>Products</th>
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
