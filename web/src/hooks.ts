// State shared by the pages: data loaded from the API, debounced input, keyset paging.
import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Resource<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload(): void;
}

/**
 * Loads data whenever `deps` change, aborting the previous load. The last data stays on screen while the next
 * load runs, so that a refresh never blanks the page or moves it.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Resource<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, loading: false }),
      (error: Error) => !controller.signal.aborted && setState((s) => ({ data: s.data, error, loading: false })),
    );
    return () => controller.abort();
  }, [...deps, generation]);
  return { ...state, reload };
}

/** Calls `refresh` every `ms` while `ms` is given: live numbers without a stream. */
export function useRefresh(refresh: () => void, ms: number | undefined): void {
  useEffect(() => {
    if (ms === undefined) return undefined;
    const timer = setInterval(refresh, ms);
    return () => clearInterval(timer);
  }, [refresh, ms]);
}

/** The value, once it has stopped changing for `ms`: search as you type without a request per keystroke. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface Pager {
  /** The cursor of the page shown (undefined: the first page). */
  cursor: string | undefined;
  /** The cursors of every page up to the one shown: a page puts them in its URL, so that Back finds it again. */
  cursors: string[];
  /** 1-based. */
  page: number;
  next(cursor: string): void;
  previous(): void;
}

/**
 * Keyset paging: the API gives only the next page's cursor, so the cursors of the pages behind are kept on a
 * stack for Previous. Back to the first page whenever `resetKey` changes (a new search, another sort). `initial`:
 * the stack a URL kept (see pagesParam).
 */
export function usePager(resetKey: string, initial: string[] = []): Pager {
  const [state, setState] = useState<{ key: string; cursors: string[] }>({ key: resetKey, cursors: initial });
  // Cursors taken under another key belong to another search: they are dropped, not shown.
  const cursors = state.key === resetKey ? state.cursors : [];
  return {
    cursor: cursors[cursors.length - 1],
    cursors,
    page: cursors.length + 1,
    next: (cursor) => setState({ key: resetKey, cursors: [...cursors, cursor] }),
    previous: () => setState({ key: resetKey, cursors: cursors.slice(0, -1) }),
  };
}

/** The pager's stack of cursors as one query parameter and back (cursors are base64url: no dot in them). */
export const pagesParam = {
  write: (cursors: string[]): string | undefined => (cursors.length ? cursors.join('.') : undefined),
  read: (param: string | null): string[] => (param ? param.split('.').filter(Boolean) : []),
};
