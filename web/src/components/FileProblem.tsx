// One message per file problem, in plain words, with the fix as a button: why an import failed (or that its file
// looks written otherwise than it was read), and "Import again with ..." the setting the server suggests.
import { suggestionText } from '../options';
import type { DialectSuggestion, Import } from '../types';

/** How to read the file on the next attempt: the server's suggestion, or detect both encoding and delimiter. */
export type DialectFix = { kind: 'suggested'; suggestion: DialectSuggestion } | { kind: 'detect' };

/**
 * The import's error (red for a failure) and, when the file looks written otherwise than read, what it looks like
 * and a button for each fix: nothing when neither applies. `onFix` absent: the fix is told, not offered (the file
 * is no longer at hand).
 */
export function FileProblem({ imp, onFix, busy = false }: { imp: Import; onFix?: ((fix: DialectFix) => void) | undefined; busy?: boolean }) {
  const looks = suggestionText(imp.suggestion);
  if (!imp.error && !looks) return null;
  const detecting = imp.options.encoding === 'auto' && imp.options.delimiter === 'auto';
  const tone = imp.status === 'failed' ? 'state-error' : imp.error ? 'state-note' : 'state-warn';
  return (
    <div class={`state ${tone} file-problem`} role={imp.status === 'failed' ? 'alert' : undefined} data-import-error={imp.error ? '' : undefined} data-dialect-note={looks ? '' : undefined}>
      <strong>{imp.error ? `Import ${imp.status}` : 'Check the file'}</strong>
      {imp.error && <span data-error-text>{imp.error}</span>}
      {looks && (
        <span data-suggestion-text>
          The file looks written with {looks}{onFix ? '.' : ': upload it again with that setting, or with Detect.'}
        </span>
      )}
      {looks && onFix && (
        <span class="actions">
          <button type="button" class="primary" disabled={busy} onClick={() => onFix({ kind: 'suggested', suggestion: imp.suggestion! })}>
            Import again with {looks}
          </button>
          {!detecting && <button type="button" disabled={busy} onClick={() => onFix({ kind: 'detect' })}>Import again with Detect</button>}
        </span>
      )}
    </div>
  );
}
