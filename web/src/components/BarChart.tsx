// A horizontal bar chart in plain HTML: labels stay readable text at any width, and each bar may link somewhere.

export interface Bar {
  label: string;
  value: number;
  /** What the value reads as, e.g. "1,204 rows/s". */
  text: string;
  href?: string;
}

export function BarChart({ bars, label }: { bars: Bar[]; label: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ol class="bars" aria-label={label}>
      {bars.map((bar) => (
        <li key={bar.label} class="bar">
          <span class="bar-label" title={bar.label}>{bar.href ? <a href={bar.href}>{bar.label}</a> : bar.label}</span>
          <span class="bar-track" aria-hidden="true">
            <span class="bar-fill" style={{ width: `${(bar.value / max) * 100}%` }} />
          </span>
          <span class="bar-value num">{bar.text}</span>
        </li>
      ))}
    </ol>
  );
}
