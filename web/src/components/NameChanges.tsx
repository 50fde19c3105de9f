// A dry run's names whose product count would change, a page at a time.
import { getJson } from '../api';
import { count } from '../format';
import { usePager, useResource } from '../hooks';
import { href } from '../router';
import type { Import, NameChangeList } from '../types';
import { Pager } from './Pager';
import { Empty, Loaded } from './States';

export function NameChanges({ imp, pageSize }: { imp: Import; pageSize: number }) {
  const pager = usePager(String(imp.id));
  const changes = useResource(
    (signal) => getJson<NameChangeList>(`/imports/${imp.id}/name-changes`, { limit: pageSize, cursor: pager.cursor }, signal),
    [imp.id, pager.cursor],
  );
  return (
    <>
      <h3 id="name-changes-title">Names whose product count would change <span class="muted num">({count(imp.nameChanges)})</span></h3>
      <Loaded resource={changes}>
        {(page) => page.items.length === 0
          ? <Empty>No name would change product count.</Empty>
          : (
            <>
              <div class="table-scroll name-changes-table" tabIndex={0} role="region" aria-label="Name changes table">
                <table class="name-changes" aria-labelledby="name-changes-title">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col" class="num">Before</th>
                      <th scope="col" class="num">After</th>
                      <th scope="col" class="num">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((c) => (
                      <tr key={c.name} data-name={c.name}>
                        <th scope="row"><a href={href(['products'], { name: c.name })}>{c.name || '(empty)'}</a></th>
                        <td class="num">{count(c.countBefore)}</td>
                        <td class="num">{count(c.countAfter)}</td>
                        <td class={`num ${c.countAfter > c.countBefore ? 'up' : 'down'}`}>{signed(c.countAfter - c.countBefore)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager pager={pager} next={page.next} label="Name changes" />
            </>
          )}
      </Loaded>
    </>
  );
}

/** +3, −2 (a minus sign, as wide as the plus). */
function signed(n: number): string {
  return n > 0 ? `+${count(n)}` : `−${count(-n)}`;
}
