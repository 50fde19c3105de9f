// The uploads this tab is sending: what the rest of the dashboard needs to know of them. Overview counts them as
// running, the tab's title shows their progress, and leaving the page while one is in flight asks first (the upload
// stops until the user chooses the same file again, which resumes it from what the server has).
import { useEffect, useState } from 'preact/hooks';

export interface UploadInFlight {
  sent: number;
  total: number;
}

const inFlight = new Map<number, UploadInFlight>();
const listeners = new Set<() => void>();
const BASE_TITLE = document.title;

function changed(): void {
  const all = [...inFlight.values()];
  const sent = all.reduce((sum, u) => sum + u.sent, 0);
  const total = all.reduce((sum, u) => sum + u.total, 0);
  document.title = all.length === 0 ? BASE_TITLE
    : `${Math.floor((sent / Math.max(total, 1)) * 100)}% · uploading ${all.length === 1 ? '1 file' : `${all.length} files`} · ${BASE_TITLE}`;
  for (const listener of listeners) listener();
}

/** Records an upload's progress; `undefined` once it has ended (sent, failed or aborted). */
export function reportUpload(key: number, progress: UploadInFlight | undefined): void {
  if (progress) inFlight.set(key, progress);
  else if (!inFlight.delete(key)) return;
  changed();
}

export function uploadsInFlight(): UploadInFlight[] {
  return [...inFlight.values()];
}

/** The uploads in flight, kept current. */
export function useUploadsInFlight(): UploadInFlight[] {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return uploadsInFlight();
}

// Leaving or reloading the page ends the uploads in flight: the browser asks first.
addEventListener('beforeunload', (event) => {
  if (inFlight.size === 0) return;
  event.preventDefault();
  event.returnValue = ''; // older browsers need it set
});

/**
 * The current speed of a transfer, over its last few seconds (not an average since it began, which would hide a
 * stall), and the time left at that speed.
 */
export class SpeedMeter {
  private samples: { at: number; sent: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  add(sent: number, at = performance.now()): void {
    this.samples.push({ at, sent });
    while (this.samples.length > 2 && at - this.samples[1]!.at > this.windowMs) this.samples.shift();
  }

  /** Bytes per second, or undefined before there is a second of samples. */
  get bytesPerSecond(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 1000) return undefined;
    return ((last.sent - first.sent) / (last.at - first.at)) * 1000;
  }

  secondsLeft(total: number): number | undefined {
    const speed = this.bytesPerSecond;
    const last = this.samples[this.samples.length - 1];
    return speed && last ? (total - last.sent) / speed : undefined;
  }
}
