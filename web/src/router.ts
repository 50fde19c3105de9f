// Hash routing (#/imports/12?x=y): the server serves one index.html and never has to know the client's routes.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Decoded path segments: #/products/sku/a%2Fb → ['products', 'sku', 'a/b']. */
  segments: string[];
  query: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?', 2);
  return {
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(search),
  };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

/** The href of a page: href(['products', 'sku', sku], { q }) → "#/products/sku/…?q=…". */
export function href(segments: (string | number)[], query: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return `#/${segments.map((s) => encodeURIComponent(String(s))).join('/')}${search ? `?${search}` : ''}`;
}

export function navigate(to: string): void {
  location.hash = to;
}

/**
 * Records a page's state (a search, a sort) in its URL without a new history entry or a hashchange, so that
 * coming back to the page (Back, or a link) finds it as it was left.
 */
export function useQueryInUrl(segments: string[], query: Record<string, string | undefined>): void {
  const to = href(segments, query);
  useEffect(() => {
    if (location.hash !== to) history.replaceState(history.state, '', to);
  }, [to]);
}
