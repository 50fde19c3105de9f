// Undoing an import from its page: a confirm step; when products were written since, which ones, and reverting
// the others; then what the revert did.
import type { Ref } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, sendJson } from '../api';
import { count, dateTime, plural } from '../format';
import { href } from '../router';
import type { Import, RevertResult } from '../types';
import { Fact } from './ImportViews';
import { ErrorBox } from './States';

const REVERT_CONFLICT = '/problems/revert-conflict';
/** SKUs listed at once; the rest are counted. */
const SHOWN_SKUS = 50;

type State =
  | { name: 'idle' }
  | { name: 'confirming' }
  | { name: 'conflict'; skus: string[]; count: number }
  | { name: 'failed'; error: Error }
  | { name: 'done'; kept: string[] };

/** The Revert card of a revertible import, or what a revert did to a reverted one; nothing otherwise. */
export function RevertSection({ imp, onReverted }: { imp: Import; onReverted: (imp: Import) => void }) {
  const [state, setStateValue] = useState<State>({ name: 'idle' });
  const [busy, setBusy] = useState(false);
  // Each step's controls replace the last ones: the focus moves to the new step rather than being lost. Only
  // after a step the user took: never when the page opens, nor when a running import finishes.
  const focus = useRef<HTMLElement>(null);
  const stepTaken = useRef(false);
  const setState = (next: State) => {
    stepTaken.current = true;
    setStateValue(next);
  };
  useEffect(() => {
    if (!stepTaken.current || !focus.current) return;
    focus.current.focus();
    stepTaken.current = false;
  });

  if (imp.status === 'reverted' && imp.revert) {
    const r = imp.revert;
    const kept = state.name === 'done' ? state.kept : [];
    return (
      <section class="card" aria-labelledby="revert-title" data-revert>
        <h2 id="revert-title" tabIndex={-1} ref={focus as Ref<HTMLHeadingElement>}>Reverted</h2>
        <p>Reverted on {dateTime(r.revertedAt)}; the counts above are what the import had done.</p>
        <dl class="facts counts">
          <Fact term="Restored" value={count(r.restored)} />
          <Fact term="Removed" value={count(r.removed)} />
          <Fact term="Kept" value={count(r.kept)} />
        </dl>
        <p class="hint">
          Restored: products put back as they were before the import. Removed: products it had created, deleted.
          Kept: products written since the import, left as they are.
        </p>
        {kept.length > 0 && (
          <>
            <p class="sku-list-title">Kept as written since the import:</p>
            <SkuList skus={kept} total={r.kept} label="Products kept as written since the import" />
          </>
        )}
      </section>
    );
  }
  if (!imp.revertible) return null;

  const revert = async (force: boolean) => {
    setBusy(true);
    try {
      const result = await sendJson<RevertResult>('POST', `/imports/${imp.id}/revert`, undefined, force ? { force: 'true' } : undefined);
      setState({ name: 'done', kept: result.kept });
      onReverted(result.import);
    } catch (error) {
      const problem = error instanceof ApiError && error.problem.type === REVERT_CONFLICT ? error.problem : undefined;
      if (problem) {
        const skus = Array.isArray(problem.conflicts) ? (problem.conflicts as string[]) : [];
        setState({ name: 'conflict', skus, count: typeof problem.conflictCount === 'number' ? problem.conflictCount : skus.length });
      } else {
        setState({ name: 'failed', error: error as Error });
      }
    } finally {
      setBusy(false);
    }
  };
  const button = focus as Ref<HTMLButtonElement>;

  return (
    <section class="card" aria-labelledby="revert-title" data-revert>
      <h2 id="revert-title">Revert</h2>
      <p>
        Reverting deletes the products this import created and puts the ones it changed back as they were before it;
        the product counts per name follow.
      </p>
      {state.name === 'conflict' ? (
        <div class="state state-warn revert-conflict" role="alert">
          <p>
            <strong>Not reverted:</strong> {plural(state.count, 'product was', 'products were')} written since this import
            (through the API or by a later import); reverting them would undo those writes.
          </p>
          <SkuList skus={state.skus} total={state.count} label="Products written since the import" />
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => revert(true)}>
              {busy ? 'Reverting…' : 'Revert the others, keep these'}
            </button>
            <button type="button" ref={button} disabled={busy} onClick={() => setState({ name: 'idle' })}>Cancel</button>
          </div>
        </div>
      ) : state.name === 'confirming' ? (
        <div class="confirm" role="group" aria-label="Confirm revert">
          <span>Revert import #{imp.id}?</span>
          <button type="button" class="danger" disabled={busy} onClick={() => revert(false)}>{busy ? 'Reverting…' : 'Yes, revert'}</button>
          <button type="button" ref={button} disabled={busy} onClick={() => setState({ name: 'idle' })}>Keep it</button>
        </div>
      ) : (
        <button type="button" ref={button} class="danger-outline" onClick={() => setState({ name: 'confirming' })}>Revert import…</button>
      )}
      {state.name === 'failed' && <ErrorBox error={state.error} title="Not reverted" />}
    </section>
  );
}

/** SKUs, each linking to its product, in a box that scrolls; past SHOWN_SKUS, how many more. */
function SkuList({ skus, total, label }: { skus: string[]; total: number; label: string }) {
  const shown = skus.slice(0, SHOWN_SKUS);
  return (
    <div class="sku-list">
      <ul aria-label={label} tabIndex={0}>
        {shown.map((sku) => <li key={sku}><a href={href(['products', 'sku', sku])}><code>{sku}</code></a></li>)}
      </ul>
      {total > shown.length && <p class="muted small" data-more>and {count(total - shown.length)} more</p>}
    </div>
  );
}
