// The API key, when the server requires one: asked for once, kept for the browser session (sessionStorage, so
// it is gone when the tab closes), sent as a bearer token.

const STORAGE_KEY = 'lfp.apiKey';
const listeners = new Set<() => void>();
/** Why the key form shows: no key was given yet, or the one given was refused. */
export type KeyNeed = 'none' | 'missing' | 'refused';
let need: KeyNeed = 'none';

export function apiKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
  need = 'none';
  notify();
}

/** A request was refused with 401: the stored key (if any) is wrong, so it goes and the key form shows. */
export function keyRejected(): void {
  if (need !== 'none') return;
  need = apiKey() ? 'refused' : 'missing';
  sessionStorage.removeItem(STORAGE_KEY);
  notify();
}

export function keyNeed(): KeyNeed {
  return need;
}

export function onKeyChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener();
}
