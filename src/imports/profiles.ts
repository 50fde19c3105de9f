import type { Pool, PoolClient } from '../db/pool.js';
import { UnknownProfileError } from '../errors.js';
import { fromRequest, ImportProfile, type Choices, type ImportRequest } from './options.js';

/** All SQL about saved import profiles (`import_profiles`): named sets of options and a mapping. */

type Db = Pool | PoolClient;

export interface SavedProfile extends ImportProfile {
  name: string;
  createdAt: string;
  updatedAt: string;
}

const COLUMNS = `name, options, mapping, to_json(created_at) #>> '{}' AS "createdAt", to_json(updated_at) #>> '{}' AS "updatedAt"`;

/** Creates or replaces a profile; `created` tells which. */
export async function putProfile(db: Db, name: string, profile: ImportProfile): Promise<{ profile: SavedProfile; created: boolean }> {
  const { rows } = await db.query<SavedProfile & { created: boolean }>(
    `INSERT INTO import_profiles AS p (name, options, mapping) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET options = excluded.options, mapping = excluded.mapping, updated_at = now()
     RETURNING ${COLUMNS}, (p.xmax = 0) AS created`,
    [name, JSON.stringify(profile.options), JSON.stringify(profile.mapping)],
  );
  const { created, ...saved } = rows[0]!;
  return { profile: saved, created };
}

export async function getProfile(db: Db, name: string): Promise<SavedProfile | undefined> {
  const { rows } = await db.query<SavedProfile>(`SELECT ${COLUMNS} FROM import_profiles WHERE name = $1`, [name]);
  return rows[0];
}

/** Every profile, by name (there are a handful: one per supplier feed). */
export async function listProfiles(db: Db): Promise<SavedProfile[]> {
  const { rows } = await db.query<SavedProfile>(`SELECT ${COLUMNS} FROM import_profiles ORDER BY name`);
  return rows;
}

export async function deleteProfile(db: Db, name: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM import_profiles WHERE name = $1', [name]);
  return rowCount === 1;
}

/** The options a request ends up with, under the profile it names (UnknownProfileError when there is none). */
export async function resolveChoices(db: Db, request: ImportRequest): Promise<Choices> {
  if (request.profile === undefined) return fromRequest(request);
  const saved = await getProfile(db, request.profile);
  if (!saved) throw new UnknownProfileError(request.profile);
  // A profile saved by an older version is read through the schema, as one saved now.
  return fromRequest(request, ImportProfile.parse({ options: saved.options, mapping: saved.mapping }));
}
