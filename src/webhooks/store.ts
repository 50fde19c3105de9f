import type { Pool, PoolClient } from '../db/pool.js';
import { boundedMessage } from '../errors.js';
import type { Delivery, DeliveryAttempt, DeliveryStatus, Webhook, WebhookEvent } from './model.js';

/**
 * All SQL of `webhooks`, `webhook_deliveries` and `webhook_attempts` (migration 010): the one writer of the three.
 * Delivery statuses are written from the vocabulary's values (model.ts), checked by the table's constraints.
 */

type Db = Pool | PoolClient;
type Row = Record<string, unknown>;

const toWebhook = (r: Row): Webhook => ({
  id: r.id as number,
  url: r.url as string,
  events: r.events as WebhookEvent[],
  createdAt: (r.created_at as Date).toISOString(),
});

export async function createWebhook(db: Db, url: string, events: WebhookEvent[], secret: string): Promise<Webhook> {
  const { rows } = await db.query('INSERT INTO webhooks (url, events, secret) VALUES ($1, $2, $3) RETURNING id, url, events, created_at', [
    url, [...new Set(events)], secret,
  ]);
  return toWebhook(rows[0]!);
}

/** Webhooks are few (each is told of every import): listed whole, the newest first, at most `limit`. */
export async function listWebhooks(db: Db, limit = 1000): Promise<Webhook[]> {
  const { rows } = await db.query('SELECT id, url, events, created_at FROM webhooks ORDER BY id DESC LIMIT $1', [limit]);
  return rows.map(toWebhook);
}

export async function getWebhook(db: Db, id: number): Promise<Webhook | undefined> {
  const { rows } = await db.query('SELECT id, url, events, created_at FROM webhooks WHERE id = $1', [id]);
  return rows[0] ? toWebhook(rows[0]) : undefined;
}

/** Deletes a webhook with its deliveries (pending ones are not sent). Returns whether it existed. */
export async function deleteWebhook(db: Db, id: number): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM webhooks WHERE id = $1', [id]);
  return rowCount === 1;
}

/** The webhooks sent this event. */
export async function webhooksFor(db: Db, event: WebhookEvent): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM webhooks WHERE $1 = ANY(events) ORDER BY id', [event]);
  return rows.map((r) => r.id);
}

export interface NewDelivery {
  id: string;
  webhookId: number;
  event: WebhookEvent;
  importId: number;
  body: string;
}

export async function insertDelivery(client: PoolClient, d: NewDelivery): Promise<void> {
  await client.query(
    'INSERT INTO webhook_deliveries (id, webhook_id, event, import_id, body, next_attempt_at) VALUES ($1, $2, $3, $4, $5, now())',
    [d.id, d.webhookId, d.event, d.importId, d.body],
  );
}

/** A delivery as an attempt needs it: what to send where, signed with which secret. */
export interface PendingDelivery {
  id: string;
  event: WebhookEvent;
  url: string;
  secret: string;
  body: string;
  status: DeliveryStatus;
  /** Attempts recorded so far. */
  attempts: number;
}

export async function getPendingDelivery(db: Db, id: string): Promise<PendingDelivery | undefined> {
  const { rows } = await db.query<PendingDelivery>(
    `SELECT d.id, d.event, w.url, w.secret, d.body, d.status, d.attempts
       FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
      WHERE d.id = $1`,
    [id],
  );
  return rows[0];
}

export interface AttemptRecord {
  attempt: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
}

/**
 * Records an attempt and what follows it: delivered, failed for good, or pending until `nextAttemptAt`. Only the
 * attempt the delivery waits for is recorded (a job run twice records it once); returns whether it was.
 */
export async function recordAttempt(
  client: PoolClient,
  deliveryId: string,
  a: AttemptRecord,
  next: { status: DeliveryStatus; nextAttemptAt: Date | null },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE webhook_deliveries
        SET attempts = $2, status = $3, next_attempt_at = $4, finished_at = CASE WHEN $3 <> 'pending' THEN now() END
      WHERE id = $1 AND attempts = $2 - 1 AND status = 'pending'`,
    [deliveryId, a.attempt, next.status, next.nextAttemptAt],
  );
  if (rowCount !== 1) return false;
  await client.query(
    `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code, error)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [deliveryId, a.attempt, a.startedAt, a.durationMs, a.statusCode, a.error === null ? null : boundedMessage(a.error)],
  );
  return true;
}

/** A webhook's deliveries, the newest first, with their attempts; `beforeSeq` continues a listing. */
export async function listDeliveries(db: Db, webhookId: number, limit: number, beforeSeq?: number): Promise<{ seq: number; delivery: Delivery }[]> {
  const { rows } = await db.query(
    `SELECT d.seq, d.id, d.webhook_id, d.event, d.import_id, d.status, d.next_attempt_at, d.created_at, d.finished_at,
            coalesce((SELECT json_agg(json_build_object(
                        'attempt', a.attempt, 'startedAt', a.started_at, 'durationMs', a.duration_ms,
                        'statusCode', a.status_code, 'error', a.error) ORDER BY a.attempt)
                        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts
       FROM webhook_deliveries d
      WHERE d.webhook_id = $1 AND d.seq < $2
      ORDER BY d.seq DESC LIMIT $3`,
    [webhookId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit],
  );
  return rows.map((r) => ({
    seq: r.seq as number,
    delivery: {
      id: r.id as string,
      webhookId: r.webhook_id as number,
      event: r.event as WebhookEvent,
      importId: r.import_id as number,
      status: r.status as DeliveryStatus,
      attempts: (r.attempts as (Omit<DeliveryAttempt, 'startedAt'> & { startedAt: string })[]).map((a) => ({
        ...a, startedAt: new Date(a.startedAt).toISOString(),
      })),
      nextAttemptAt: r.status === 'pending' ? (r.next_attempt_at as Date | null)?.toISOString() ?? null : null,
      createdAt: (r.created_at as Date).toISOString(),
      finishedAt: (r.finished_at as Date | null)?.toISOString() ?? null,
    },
  }));
}

/** How many deliveries about these imports have not had their first attempt yet. */
export async function deliveriesNotTried(db: Db, importIds: number[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM webhook_deliveries WHERE import_id = ANY($1::bigint[]) AND attempts = 0 AND status = 'pending'`,
    [importIds],
  );
  return rows[0]!.n;
}

/** Deletes deliveries (and their attempts) that finished more than `days` ago; returns how many. */
export async function pruneDeliveries(db: Db, days: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < now() - make_interval(days => $1)`,
    [days],
  );
  return rowCount ?? 0;
}
