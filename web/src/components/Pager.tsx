import type { Pager as PagerState } from '../hooks';

/** Previous and Next for a keyset-paginated list; `next` is the API's cursor of the following page. */
export function Pager({ pager, next, label }: { pager: PagerState; next: string | null | undefined; label: string }) {
  if (pager.page === 1 && !next) return null;
  return (
    <nav class="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={pager.previous} disabled={pager.page === 1}>← Previous</button>
      <span class="pager-page">Page {pager.page}</span>
      <button type="button" onClick={() => next && pager.next(next)} disabled={!next}>Next →</button>
    </nav>
  );
}
