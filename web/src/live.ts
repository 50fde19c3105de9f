// One event stream for all imports (GET /api/imports/events), shared by every page that shows imports: the
// Imports list and the Overview refresh from it, an import started elsewhere shows within a second. One connection
// whatever the number of listeners; it reconnects after a pause when it is cut.
import { useEffect, useRef } from 'preact/hooks';
import { apiUrl } from './api';
import { authHeaders } from './auth';
import { SseParser } from './sse';
import type { Import } from './types';

type Listener = (imp: Import) => void;

const RECONNECT_MS = 2000;
const listeners = new Set<Listener>();
let connection: AbortController | undefined;

async function connect(controller: AbortController): Promise<void> {
  while (!controller.signal.aborted) {
    try {
      const response = await fetch(apiUrl('/imports/events'), { headers: authHeaders(), signal: controller.signal });
      if (response.ok && response.body) {
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const parser = new SseParser();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            if (event.event !== 'import') continue;
            const imp = JSON.parse(event.data) as Import;
            for (const listener of listeners) listener(imp);
          }
        }
      }
    } catch {
      // cut short, or the server is away: try again shortly
    }
    if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
  }
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  if (!connection) {
    connection = new AbortController();
    void connect(connection);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      connection?.abort();
      connection = undefined;
    }
  };
}

/** Calls `onImport` with each import as it is submitted or changes, while the component is mounted. */
export function useImportEvents(onImport: Listener): void {
  const latest = useRef(onImport);
  latest.current = onImport;
  useEffect(() => subscribe((imp) => latest.current(imp)), []);
}
