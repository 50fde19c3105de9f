// What an import was asked to do and what its file looked like: its options, the file seen before, the dialect
// detected. Shown on the upload page's cards and the import page.
import { count } from '../format';
import { delimiterName, detectedText, encodingName } from '../options';
import { href } from '../router';
import type { Import } from '../types';
import { Fact } from './ImportViews';

/** A skipped import names the import of the same file; any other import says when its file was imported before. */
export function DuplicateNote({ imp }: { imp: Import }) {
  if (imp.duplicateOf === null) return null;
  const earlier = <a href={href(['imports', imp.duplicateOf])}>#{imp.duplicateOf}</a>;
  return imp.status === 'skipped'
    ? <p class="state state-note" data-duplicate-note><strong>Skipped:</strong> the same file as import {earlier}; nothing was read again.</p>
    : <p class="state state-note" data-duplicate-note>This file was already imported by {earlier}.</p>;
}

/**
 * What Detect found, when the import detected its encoding or delimiter and read the file as it looks. A file that
 * looks written otherwise than it was read is FileProblem's to say, with its fix.
 */
export function DialectNote({ imp }: { imp: Import }) {
  const detected = detectedText(imp);
  if (!detected || imp.suggestion || (imp.options.encoding !== 'auto' && imp.options.delimiter !== 'auto')) return null;
  return <p class="muted" data-dialect-note>Detected: {detected}.</p>;
}

/** The import's options, one fact each, with what was detected. */
export function OptionsFacts({ imp }: { imp: Import }) {
  const o = imp.options;
  const found = (what: string | null | undefined) => (what ? ` (found ${what})` : '');
  const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
  return (
    <dl class="facts options-facts">
      <Fact term="Dry run" value={o.dryRun ? 'Yes' : 'No'} />
      <Fact term="Mode" value={o.mode === 'strict' ? 'Strict: any bad row fails it' : 'Partial: bad rows rejected'} wide />
      <Fact term="Max errors" value={o.maxErrors === null ? 'No limit' : count(o.maxErrors)} />
      <Fact term="Encoding" value={encodingName(o.encoding) + (o.encoding === 'auto' ? found(imp.detected && encodingName(imp.detected.encoding)) : '')} />
      <Fact term="Delimiter" value={capital(delimiterName(o.delimiter)) + (o.delimiter === 'auto' ? found(imp.detected && delimiterName(imp.detected.delimiter)) : '')} />
      <Fact term="File looks like" value={detectedText(imp) ?? '–'} />
    </dl>
  );
}
