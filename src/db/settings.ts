import type { Pool } from './pool.js';

/**
 * The server settings that make bulk merges fast, in one place: the embedded PostgreSQL is started with them (lfp
 * owns that server), and `lfp doctor` holds a DATABASE_URL server against them.
 */

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export interface Machine {
  memoryBytes: number;
  cpus: number;
}

/** A size as PostgreSQL reads it, in whole MB. */
const mb = (bytes: number) => `${Math.max(1, Math.floor(bytes / MiB))}MB`;

/**
 * What the embedded server runs with, sized from the machine. With no replica to feed, wal_level=minimal lets a
 * table created and filled in one transaction skip WAL entirely: the rebuild merge's new tables. A large
 * max_wal_size and checkpoint_timeout keep checkpoints out of the middle of a merge.
 */
export function bulkSettings(machine: Machine): Record<string, string> {
  const sharedBuffers = Math.min(machine.memoryBytes / 4, 4 * GiB);
  return {
    shared_buffers: mb(sharedBuffers),
    effective_cache_size: mb(machine.memoryBytes / 2),
    maintenance_work_mem: mb(Math.min(machine.memoryBytes / 16, 2 * GiB)),
    max_parallel_maintenance_workers: String(Math.max(1, machine.cpus - 1)),
    wal_level: 'minimal',
    max_wal_senders: '0',
    wal_compression: 'on',
    wal_buffers: '64MB',
    max_wal_size: '16GB',
    min_wal_size: '1GB',
    checkpoint_timeout: '30min',
    checkpoint_completion_target: '0.9',
    autovacuum: 'on',
  };
}

/** The settings file the embedded server includes; rewritten at each start, so an operator overrides it elsewhere. */
export function settingsFile(settings: Record<string, string>): string {
  const lines = Object.entries(settings).map(([name, value]) => `${name} = '${value}'`);
  return [
    '# Written by lfp at each start of its embedded PostgreSQL, sized from this machine: settings for bulk merges.',
    '# Do not edit: override a setting with ALTER SYSTEM (postgresql.auto.conf is read after this file), or below',
    "# the include_if_exists 'lfp.conf' line of postgresql.conf.",
    ...lines,
    '',
  ].join('\n');
}

export interface SettingAdvice {
  name: string;
  current: string;
  suggested: string;
  why: string;
}

interface Check {
  name: string;
  /** The setting in bytes, seconds or as text, as pg_settings reports it. */
  ok: (value: string, unitBytes: number) => boolean;
  suggested: string;
  why: string;
}

const CHECKS: Check[] = [
  { name: 'max_wal_size', ok: (v, unit) => Number(v) * unit >= 4 * GiB, suggested: '8GB or more', why: 'a merge writes gigabytes of WAL: below this, checkpoints interrupt it every few seconds' },
  { name: 'checkpoint_timeout', ok: (v) => Number(v) >= 900, suggested: '15min or more', why: 'frequent checkpoints write the same pages again during a merge' },
  { name: 'shared_buffers', ok: (v, unit) => Number(v) * unit >= 512 * MiB, suggested: 'a quarter of the memory', why: 'the merge sorts and writes the whole staging table and its indexes' },
  { name: 'maintenance_work_mem', ok: (v, unit) => Number(v) * unit >= 256 * MiB, suggested: '512MB or more', why: 'index builds of a rebuild merge spill to disk below it (the merge raises it for itself when it may)' },
  { name: 'wal_compression', ok: (v) => v !== 'off', suggested: 'on', why: 'full-page images after each checkpoint shrink several times' },
  { name: 'autovacuum', ok: (v) => v === 'on', suggested: 'on', why: 'without it the planner works from stale statistics after big imports' },
];

/** Settings of the server `pool` talks to that make merges slow, with what to set instead. */
export async function slowMergeSettings(pool: Pool): Promise<SettingAdvice[]> {
  const { rows } = await pool.query<{ name: string; setting: string; unit: string | null; shown: string }>(
    'SELECT name, setting, unit, current_setting(name) AS shown FROM pg_settings WHERE name = ANY($1::text[])',
    [CHECKS.map((c) => c.name)],
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  return CHECKS.flatMap((check) => {
    const row = byName.get(check.name);
    if (!row || check.ok(row.setting, unitBytes(row.unit))) return [];
    return [{ name: check.name, current: row.shown, suggested: check.suggested, why: check.why }];
  });
}

/** Bytes per unit of a pg_settings memory unit ('8kB', 'MB'...); 1 for other units. */
function unitBytes(unit: string | null): number {
  const match = /^(\d*)(kB|MB|GB)$/.exec(unit ?? '');
  if (!match) return 1;
  const scale = { kB: 1024, MB: MiB, GB: GiB }[match[2] as 'kB' | 'MB' | 'GB'];
  return (match[1] ? Number(match[1]) : 1) * scale;
}
