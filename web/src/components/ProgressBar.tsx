/** A bar from 0 to 100; `value` null means unknown (an indeterminate bar). */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const known = value !== null;
  return (
    <div
      class={`progress${known ? '' : ' progress-unknown'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      // Rounded down: 99.6% of a running import is not done.
      aria-valuenow={known ? Math.floor(value) : undefined}
    >
      <div class="progress-fill" style={{ width: `${known ? Math.min(100, Math.max(0, value)) : 100}%` }} />
    </div>
  );
}
