// The shell: navigation, the API key form when the server asks for one, and the page the route names.
import { useEffect, useRef, useState } from 'preact/hooks';
import { keyNeed, onKeyChange } from './auth';
import { KeyForm } from './components/KeyForm';
import { Empty } from './components/States';
import { pagesParam } from './hooks';
import { AggregatesPage, SORTS } from './pages/Aggregates';
import { ImportDetailPage } from './pages/ImportDetail';
import { ImportsPage } from './pages/Imports';
import { OverviewPage } from './pages/Overview';
import { NewProductPage, ProductPage } from './pages/Product';
import { ProductsPage } from './pages/Products';
import { UploadPage } from './pages/Upload';
import { WebhookDeliveriesPage, WebhooksPage } from './pages/Webhooks';
import { href, useRoute, type Route } from './router';

const NAV = [
  { segment: '', label: 'Overview' },
  { segment: 'upload', label: 'Upload' },
  { segment: 'imports', label: 'Imports' },
  { segment: 'products', label: 'Products' },
  { segment: 'aggregates', label: 'Aggregates' },
  { segment: 'webhooks', label: 'Webhooks' },
];

function page({ segments: [section = '', ...rest], query }: Route) {
  switch (section) {
    case '': return <OverviewPage />;
    case 'upload': return null; // always mounted, see App
    case 'imports': return rest[0] ? <ImportDetailPage key={rest[0]} id={Number(rest[0])} /> : <ImportsPage />;
    case 'products':
      if (rest[0] === 'new') return <NewProductPage />;
      if (rest[0] === 'sku' && rest[1]) return <ProductPage key={rest[1]} sku={rest[1]} created={query.has('created')} />;
      return (
        <ProductsPage key={query.get('name')} name={query.get('name') ?? undefined} initialSearch={query.get('q') ?? ''} initialPages={pagesParam.read(query.get('pages'))} />
      );
    case 'aggregates': {
      const sort = SORTS.find((s) => s === query.get('sort')) ?? 'count';
      return <AggregatesPage initialSort={sort} initialSearch={query.get('q') ?? ''} initialPages={pagesParam.read(query.get('pages'))} />;
    }
    case 'webhooks': return rest[0] ? <WebhookDeliveriesPage key={rest[0]} id={Number(rest[0])} /> : <WebhooksPage />;
    default: return <Empty>There is no such page. <a href="#/">Go to the overview</a>.</Empty>;
  }
}

export function App() {
  const route = useRoute();
  const [need, setNeed] = useState(keyNeed);
  useEffect(() => onKeyChange(() => setNeed(keyNeed())), []);
  const section = route.segments[0] ?? '';
  // After a navigation, the focus moves to the new page rather than staying on the link that led to it; on the
  // first load it stays at the start of the document, so that Tab reaches the navigation first.
  const loaded = useRef(false);
  useEffect(() => {
    if (loaded.current) document.getElementById('main')?.focus({ preventScroll: true });
    loaded.current = true;
  }, [section]);

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>Skip to content</a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="#/">lfp</a>
          <nav aria-label="Main">
            <ul>
              {NAV.map((item) => (
                <li key={item.segment}>
                  <a href={href(item.segment ? [item.segment] : [])} aria-current={item.segment === section ? 'page' : undefined}>{item.label}</a>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {/* The key form replaces the page; once a key is saved the page mounts again and loads with it. */}
        {need !== 'none' ? <KeyForm need={need} /> : (
          <>
            {/* The upload page stays mounted, hidden, while another page shows: uploads and their live progress
                go on, and their cards are still there on coming back. */}
            <div hidden={section !== 'upload'}><UploadPage /></div>
            {page(route)}
          </>
        )}
      </main>
    </>
  );
}
