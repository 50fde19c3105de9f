// One product: edit or delete it, and see what that did to the counts of the names involved; or create one.
import { useState } from 'preact/hooks';
import { ApiError, getJson, sendJson } from '../api';
import { ProductForm, type ProductValues } from '../components/ProductForm';
import { ErrorBox, Loaded } from '../components/States';
import { count, dateTime } from '../format';
import { useResource } from '../hooks';
import { href, navigate } from '../router';
import type { Aggregate, Product } from '../types';

interface NameCount {
  name: string;
  before: number;
  after: number;
}

/** How many products have this name now (0 when none has). */
async function countOf(name: string): Promise<number> {
  try {
    return (await getJson<Aggregate>(`/aggregates/${encodeURIComponent(name)}`)).productCount;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return 0;
    throw error;
  }
}

/** Runs a write between two readings of the names' counts (the names listed once each). */
async function measured<T>(names: string[], write: () => Promise<T>): Promise<{ result: T; counts: NameCount[] }> {
  const unique = [...new Set(names)];
  const before = await Promise.all(unique.map(countOf));
  const result = await write();
  const after = await Promise.all(unique.map(countOf));
  return { result, counts: unique.map((name, i) => ({ name, before: before[i]!, after: after[i]! })) };
}

function NameCounts({ counts }: { counts: NameCount[] }) {
  return (
    <section class="card name-counts" aria-labelledby="name-counts-title">
      <h2 id="name-counts-title">Products per name</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" class="num">Before</th>
            <th scope="col" class="num">After</th>
          </tr>
        </thead>
        <tbody>
          {counts.map((c) => (
            <tr key={c.name} data-name={c.name}>
              <th scope="row"><a href={href(['products'], { name: c.name })}>{c.name || '(empty)'}</a></th>
              <td class="num">{count(c.before)}</td>
              <td class="num"><strong>{count(c.after)}</strong></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ProductPage({ sku, created }: { sku: string; created: boolean }) {
  const product = useResource((signal) => getJson<Product>(`/products/${encodeURIComponent(sku)}`, undefined, signal), [sku]);
  const [outcome, setOutcome] = useState<{ message: string; counts: NameCount[]; deleted?: boolean }>();
  const [confirming, setConfirming] = useState(false);
  const [deleteError, setDeleteError] = useState<Error>();

  const save = async (values: ProductValues) => {
    const old = product.data!;
    const { counts } = await measured([old.name, values.name.trim()], () =>
      sendJson<Product>('PATCH', `/products/${encodeURIComponent(sku)}`, { name: values.name, description: values.description }),
    );
    setOutcome({ message: 'Saved.', counts });
    product.reload();
  };

  const remove = async () => {
    setDeleteError(undefined);
    try {
      const { counts } = await measured([product.data!.name], () => sendJson<void>('DELETE', `/products/${encodeURIComponent(sku)}`));
      setOutcome({ message: `Product ${sku} was deleted.`, counts, deleted: true });
    } catch (error) {
      setDeleteError(error as Error);
    }
    setConfirming(false);
  };

  return (
    <>
      <p class="breadcrumb"><a href={href(['products'])}>Products</a> / {sku}</p>
      <h1 class="file-name" title={sku}>{sku}</h1>
      {created && !outcome && <p class="state state-success" role="status">Product created.</p>}
      {outcome && <p class="state state-success" role="status">{outcome.message}</p>}
      {outcome?.deleted ? (
        <p><a href={href(['products'])}>Back to products</a></p>
      ) : (
        <Loaded resource={product}>
          {(p) => (
            <>
              <ProductForm key={p.updatedAt} initial={p} skuEditable={false} submitLabel="Save changes" onSubmit={save}>
                {confirming ? (
                  <span class="confirm" role="group" aria-label="Confirm deletion">
                    <span>Delete this product?</span>
                    <button type="button" class="danger" onClick={remove}>Yes, delete</button>
                    <button type="button" onClick={() => setConfirming(false)}>Keep it</button>
                  </span>
                ) : (
                  <button type="button" class="danger-outline" onClick={() => setConfirming(true)}>Delete…</button>
                )}
              </ProductForm>
              {deleteError && <ErrorBox error={deleteError} title="Not deleted" />}
              <p class="muted small">
                Created {dateTime(p.createdAt)}, updated {dateTime(p.updatedAt)}
                {p.lastImportId !== null && <>, last written by <a href={href(['imports', p.lastImportId])}>import #{p.lastImportId}</a></>}.
              </p>
            </>
          )}
        </Loaded>
      )}
      {outcome && <NameCounts counts={outcome.counts} />}
    </>
  );
}

export function NewProductPage() {
  return (
    <>
      <p class="breadcrumb"><a href={href(['products'])}>Products</a> / new</p>
      <h1>New product</h1>
      <ProductForm
        initial={{ sku: '', name: '', description: '' }}
        skuEditable
        submitLabel="Create product"
        onSubmit={async (values) => {
          const created = await sendJson<Product>('POST', '/products', values);
          navigate(href(['products', 'sku', created.sku], { created: '1' }));
        }}
      />
    </>
  );
}
