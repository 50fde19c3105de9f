import type { PgBoss } from 'pg-boss';
import type { PoolClient } from '../db/pool.js';
import { queueDeliveries } from '../webhooks/deliver.js';
import type { WebhookEvent } from '../webhooks/model.js';
import { STATUS, type ImportStatus } from './model.js';
import { presentImport } from './present.js';
import { getImport } from './store.js';

/**
 * What is told when an import finishes: every place that sets an import's final status (succeeded, failed,
 * cancelled, skipped, reverted) calls `finished` in the same transaction, so that the webhook deliveries of that
 * outcome commit with it, whichever driver finished it (the job handlers, the in-process engine, the API or CLI).
 */
export interface ImportEvents {
  finished(client: PoolClient, importId: number, status: ImportStatus): Promise<void>;
}

export const EVENT_OF_STATUS: Partial<Record<ImportStatus, WebhookEvent>> = {
  [STATUS.succeeded]: 'import.succeeded',
  [STATUS.failed]: 'import.failed',
  [STATUS.cancelled]: 'import.cancelled',
  [STATUS.reverted]: 'import.reverted',
  [STATUS.skipped]: 'import.skipped',
};

/** Tells through webhooks: the body carries the import as the API shows it, as it is in the finishing transaction. */
export function importEvents(boss: PgBoss): ImportEvents {
  return {
    async finished(client, importId, status) {
      const event = EVENT_OF_STATUS[status];
      if (!event) return;
      await queueDeliveries(boss, client, event, importId, async () => {
        const now = new Date();
        return { occurredAt: now.toISOString(), import: presentImport((await getImport(client, importId))!, now) };
      });
    },
  };
}

/** Tells nobody: for the in-process engine's callers that run without a queue (the benchmark, tests). */
export const NO_EVENTS: ImportEvents = { async finished() {} };
