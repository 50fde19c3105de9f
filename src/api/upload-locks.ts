import { setTimeout as sleep } from 'node:timers/promises';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { UPLOAD_LOCKS } from '../db/locks.js';
import type { Pool, PoolClient } from '../db/pool.js';

/** As long as @tus/server's own locker waits for a lock, and how often it looks again meanwhile. */
const ACQUIRE_TIMEOUT_MS = 30_000;
const RETRY_MS = 100;

interface Holder {
  requestRelease: RequestRelease;
  /** The session whose advisory lock this holder has, once it has it. */
  session?: PoolClient;
}

/**
 * tus's upload locks across every API process that serves /api/uploads. Behind one address without sticky routing, a
 * client's resumed PATCH may reach another process than the one its cut connection reached, whose request may still
 * be writing to the same upload. Within a process a lock is a map entry, as in @tus/server's MemoryLocker; across
 * processes it is a PostgreSQL advisory lock on the upload's id, all of a process's taken on one connection of its
 * own. A request that finds an upload locked asks the holder to let go (tus then ends the holder's request): in
 * this process directly, in another by NOTIFY, which every process LISTENs for on that connection; and it tries
 * again until the timeout. Should that connection be lost, its locks are gone with it: every holder is asked to let
 * go, and the next lock opens another connection.
 */
export class UploadLocker implements Locker {
  private readonly holders = new Map<string, Holder>();
  private session: Promise<PoolClient> | undefined;
  private connected: PoolClient | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly timeoutMs = ACQUIRE_TIMEOUT_MS,
  ) {}

  newLock(id: string): Lock {
    return { lock: (signal, requestRelease) => this.acquire(id, signal, requestRelease), unlock: () => this.release(id) };
  }

  /** Gives the connection back; locks still held go with it. */
  async close(): Promise<void> {
    const session = await this.session?.catch(() => undefined);
    this.session = undefined;
    this.connected = undefined;
    session?.release();
  }

  private async acquire(id: string, signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const local = this.holders.get(id);
      if (local) {
        askToLetGo(local);
      } else {
        // Claimed in this process before the database is asked: no other request here races for it meanwhile.
        const holder: Holder = { requestRelease };
        this.holders.set(id, holder);
        try {
          const session = await this.connect();
          if ((await session.query<{ locked: boolean }>(UPLOAD_LOCKS.tryLock, [id])).rows[0]!.locked) {
            holder.session = session;
            return;
          }
          this.holders.delete(id);
          await session.query(UPLOAD_LOCKS.askRelease, [id]);
        } catch (error) {
          this.holders.delete(id);
          throw error;
        }
      }
      if (signal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await sleep(RETRY_MS);
    }
  }

  private async release(id: string): Promise<void> {
    const holder = this.holders.get(id);
    this.holders.delete(id);
    // A lock taken on a session since lost went with it.
    if (holder?.session && holder.session === this.connected) await holder.session.query(UPLOAD_LOCKS.unlock, [id]).catch(() => {});
  }

  private connect(): Promise<PoolClient> {
    this.session ??= this.open().catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    return this.session;
  }

  private async open(): Promise<PoolClient> {
    const client = await this.pool.connect();
    client.on('error', () => this.lost(client));
    try {
      const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      client.on('notification', (message) => {
        // This process's own requests ask its holders directly: its own NOTIFYs are not for them.
        if (message.channel !== UPLOAD_LOCKS.channel || !message.payload || message.processId === backend) return;
        const holder = this.holders.get(message.payload);
        if (holder) askToLetGo(holder);
      });
      await client.query(`LISTEN ${UPLOAD_LOCKS.channel}`);
    } catch (error) {
      client.release(true);
      throw error;
    }
    this.connected = client;
    return client;
  }

  private lost(client: PoolClient): void {
    if (client !== this.connected) return;
    this.connected = undefined;
    this.session = undefined;
    client.release(true);
    for (const holder of this.holders.values()) askToLetGo(holder);
  }
}

function askToLetGo(holder: Holder): void {
  Promise.resolve().then(holder.requestRelease).catch(() => {});
}
