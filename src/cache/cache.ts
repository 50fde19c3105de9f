import { Redis } from 'ioredis';
import type { Pool } from '../db/pool.js';
import type { Logger } from '../log.js';

/** Seconds a cached read is kept; correctness never depends on it (entries are keyed by the data version). */
const TTL_SECONDS = 300;
const MEMORY_ENTRIES = 1000;

export interface CacheStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** In-process store for when there is no Redis: bounded, oldest entries evicted first. */
export class MemoryStore implements CacheStore {
  private readonly entries = new Map<string, { value: string; expires: number }>();

  async get(key: string): Promise<string | null> {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return null;
    return entry.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
    if (this.entries.size > MEMORY_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

/** Holds nothing: every read goes to the database (LFP_CACHE=off). */
export class NoStore implements CacheStore {
  async get(): Promise<string | null> {
    return null;
  }

  async set(): Promise<void> {}

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}

export class RedisStore implements CacheStore {
  private readonly redis: Redis;

  constructor(url: string, log: Logger) {
    // Fail fast while Redis is away: a cache that waits is worse than none.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 1000, lazyConnect: false });
    this.redis.on('error', (error) => log.debug({ err: error }, 'redis'));
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(key, value, 'EX', ttlSeconds);
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

export interface CacheCounters {
  hit(): void;
  miss(): void;
  error(): void;
}

const READ_VERSIONS = 'SELECT source, version FROM lfp_data_version';

/** What a cached read depends on: each has a version that its writers bump. */
export type DataSource = 'products' | 'imports';

/**
 * Hot reads cached under the current versions of the data they read, which every write to products or imports
 * bumps in its own transaction: a read that starts after a write committed reads the new version and so never a
 * result computed before the write. Cache failures fall back to the database.
 */
export class ReadCache {
  constructor(
    private readonly store: CacheStore,
    private readonly pool: Pool,
    private readonly prefix: string,
    private readonly counters: CacheCounters,
  ) {}

  async read<T>(name: string, sources: DataSource[], params: unknown, compute: () => Promise<T>): Promise<T> {
    const { rows } = await this.pool.query<{ source: DataSource; version: number }>(READ_VERSIONS);
    const versions = sources.map((source) => rows.find((r) => r.source === source)!.version).join('.');
    const key = `${this.prefix}:${name}:${versions}:${JSON.stringify(params)}`;
    const cached = await this.store.get(key).catch(() => {
      this.counters.error();
      return null;
    });
    if (cached !== null) {
      this.counters.hit();
      return JSON.parse(cached) as T;
    }
    this.counters.miss();
    const value = await compute();
    await this.store.set(key, JSON.stringify(value), TTL_SECONDS).catch(() => this.counters.error());
    return value;
  }

  ping(): Promise<boolean> {
    return this.store.ping().catch(() => false);
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
