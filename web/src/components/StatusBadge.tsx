import type { ImportStatus } from '../types';

export function StatusBadge({ status }: { status: ImportStatus }) {
  return <span class={`badge badge-${status}`} data-status={status}>{status}</span>;
}
