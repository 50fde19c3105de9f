// Webhooks: URLs lfp tells when an import finishes. Add one (its secret is shown once), delete one, and follow each
// one's deliveries: every attempt, with the receiver's status code and how long it took.
import { useState } from 'preact/hooks';
import { getJson, sendJson } from '../api';
import { Pager } from '../components/Pager';
import { Empty, ErrorBox, Loaded } from '../components/States';
import { dateTime, duration } from '../format';
import { usePager, useRefresh, useResource } from '../hooks';
import { href } from '../router';
import type { CreatedWebhook, Delivery, DeliveryList, Webhook, WebhookEvent, WebhookList } from '../types';

/** The events, in the API's order, with what each means. */
const EVENTS: { event: WebhookEvent; help: string }[] = [
  { event: 'import.succeeded', help: 'an import (or a dry run) finished and applied its rows' },
  { event: 'import.failed', help: 'an import failed: nothing was applied' },
  { event: 'import.cancelled', help: 'an import was cancelled' },
  { event: 'import.reverted', help: 'an import was undone' },
  { event: 'import.skipped', help: 'a file already imported was skipped' },
];
const PAGE_SIZE = 20;
const REFRESH_MS = 2000;

export function WebhooksPage() {
  const hooks = useResource((signal) => getJson<WebhookList>('/webhooks', undefined, signal), []);
  const [created, setCreated] = useState<CreatedWebhook>();
  return (
    <>
      <div class="page-title"><h1>Webhooks</h1></div>
      <p class="muted">
        When an import finishes, lfp POSTs it as JSON to each webhook that asked for that event, signed with the
        webhook's secret (header <code>Lfp-Signature</code>). A receiver that does not answer 2xx within 10 seconds
        is tried again: after about 5 seconds, then twice as long each time, for about a day.
      </p>
      {created && <SecretOnce webhook={created} onDone={() => setCreated(undefined)} />}
      <AddWebhook onAdded={(webhook) => { setCreated(webhook); hooks.reload(); }} />
      <Loaded resource={hooks}>
        {(list) => list.items.length === 0
          ? <Empty>No webhooks yet: add one above.</Empty>
          : <WebhooksTable webhooks={list.items} onDeleted={hooks.reload} />}
      </Loaded>
    </>
  );
}

function SecretOnce({ webhook, onDone }: { webhook: CreatedWebhook; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card state-success" role="status">
      <p><strong>Webhook {webhook.id} added.</strong> Its secret is shown this once: keep it where the receiver can read it.</p>
      <p class="secret" aria-label="Secret">{webhook.secret}</p>
      <div class="actions">
        <button type="button" onClick={async () => {
          await navigator.clipboard?.writeText(webhook.secret).then(() => setCopied(true), () => setCopied(false));
        }}>{copied ? 'Copied' : 'Copy secret'}</button>
        <button type="button" onClick={onDone}>I have kept it</button>
      </div>
    </div>
  );
}

function AddWebhook({ onAdded }: { onAdded: (webhook: CreatedWebhook) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(EVENTS.map((e) => e.event));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const toggle = (event: WebhookEvent, on: boolean) =>
    setEvents(EVENTS.map((e) => e.event).filter((e) => (e === event ? on : events.includes(e))));
  return (
    <form class="card" aria-label="Add a webhook" onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(undefined);
      try {
        onAdded(await sendJson<CreatedWebhook>('POST', '/webhooks', { url, events }));
        setUrl('');
      } catch (failure) {
        setError(failure as Error);
      } finally {
        setBusy(false);
      }
    }}>
      <h2>Add a webhook</h2>
      {error && <ErrorBox error={error} title="Not added" />}
      <div class="field">
        <label for="webhook-url">URL</label>
        <input id="webhook-url" type="url" required placeholder="https://example.com/lfp-hook" value={url}
          aria-describedby="webhook-url-hint" onInput={(e) => setUrl(e.currentTarget.value)} />
        <p class="hint" id="webhook-url-hint">
          http or https. Addresses of this machine or a private network are refused unless the server runs with
          LFP_WEBHOOK_ALLOW_PRIVATE=true.
        </p>
      </div>
      <fieldset class="import-options">
        <legend>Events to send</legend>
        {EVENTS.map(({ event, help }) => (
          <div class="check" key={event}>
            <input id={`event-${event}`} type="checkbox" checked={events.includes(event)} onChange={(e) => toggle(event, e.currentTarget.checked)} />
            <label for={`event-${event}`}><code>{event}</code></label>
            <p class="hint">{help}</p>
          </div>
        ))}
      </fieldset>
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || events.length === 0}>{busy ? 'Adding…' : 'Add webhook'}</button>
        {events.length === 0 && <span class="muted small">Choose at least one event.</span>}
      </div>
    </form>
  );
}

function WebhooksTable({ webhooks, onDeleted }: { webhooks: Webhook[]; onDeleted: () => void }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Webhooks table">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num">#</th>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">Added</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((w) => (
            <tr key={w.id}>
              <td class="num"><a href={href(['webhooks', w.id])}>{w.id}</a></td>
              <td class="file-cell"><a href={href(['webhooks', w.id])} title={w.url}>{w.url}</a></td>
              <td>{w.events.map((e) => <span class="chip" key={e}>{e}</span>)}</td>
              <td class="nowrap">{dateTime(w.createdAt)}</td>
              <td class="nowrap"><a href={href(['webhooks', w.id])}>Deliveries</a> <DeleteWebhook webhook={w} onDeleted={onDeleted} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeleteWebhook({ webhook, onDeleted }: { webhook: Webhook; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<Error>();
  if (!confirming) return <button type="button" class="danger-outline" onClick={() => setConfirming(true)}>Delete…</button>;
  return (
    <span class="confirm" role="group" aria-label={`Confirm deleting webhook ${webhook.id}`}>
      <span>Delete it and its deliveries?</span>
      <button type="button" class="danger" onClick={async () => {
        try {
          await sendJson<void>('DELETE', `/webhooks/${webhook.id}`);
          onDeleted();
        } catch (failure) {
          setError(failure as Error);
        }
      }}>Yes, delete</button>
      <button type="button" onClick={() => setConfirming(false)}>Keep it</button>
      {error && <ErrorBox error={error} title="Not deleted" />}
    </span>
  );
}

export function WebhookDeliveriesPage({ id }: { id: number }) {
  const webhook = useResource((signal) => getJson<Webhook>(`/webhooks/${id}`, undefined, signal), [id]);
  const pager = usePager(String(id));
  const deliveries = useResource(
    (signal) => getJson<DeliveryList>(`/webhooks/${id}/deliveries`, { limit: PAGE_SIZE, cursor: pager.cursor }, signal),
    [id, pager.cursor],
  );
  useRefresh(deliveries.reload, deliveries.data?.items.some((d) => d.status === 'pending') ? REFRESH_MS : undefined);
  return (
    <>
      <p class="breadcrumb"><a href={href(['webhooks'])}>Webhooks</a> / {id}</p>
      <Loaded resource={webhook}>
        {(w) => (
          <>
            <h1 class="file-name" title={w.url}>{w.url}</h1>
            <p class="muted">Webhook {w.id}, added {dateTime(w.createdAt)}, sent {w.events.join(', ')}.</p>
          </>
        )}
      </Loaded>
      <h2>Deliveries</h2>
      <Loaded resource={deliveries}>
        {(page) => page.items.length === 0 && pager.page === 1
          ? <Empty>No deliveries yet: one is sent when an import finishes with an event this webhook asked for.</Empty>
          : (
            <>
              <DeliveriesTable deliveries={page.items} />
              <Pager pager={pager} next={page.next} label="Deliveries" />
            </>
          )}
      </Loaded>
    </>
  );
}

function DeliveriesTable({ deliveries }: { deliveries: Delivery[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="Deliveries table">
      <table>
        <thead>
          <tr>
            <th scope="col">Delivery</th>
            <th scope="col">Event</th>
            <th scope="col" class="num">Import</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts <span class="muted">(answer, time taken)</span></th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id}>
              <td class="nowrap"><code title={d.id}>{d.id.slice(0, 8)}</code><span class="muted small"> {dateTime(d.createdAt)}</span></td>
              <td><code>{d.event}</code></td>
              <td class="num"><a href={href(['imports', d.importId])}>{d.importId}</a></td>
              <td class="status-cell">
                <span class={`badge badge-${d.status}`} data-status={d.status}>{d.status}</span>
                {d.nextAttemptAt && <span class="muted small"> next {dateTime(d.nextAttemptAt)}</span>}
              </td>
              <td>
                {d.attempts.length === 0 ? <span class="muted">not tried yet</span> : (
                  <ol class="attempts">
                    {d.attempts.map((a) => (
                      <li key={a.attempt} value={a.attempt}>
                        <strong>{a.statusCode ?? 'no answer'}</strong>, {duration(a.durationMs)}
                        <span class="muted small"> at {dateTime(a.startedAt)}</span>
                        {a.error && <span class="muted small" title={a.error}>: {a.error}</span>}
                      </li>
                    ))}
                  </ol>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
