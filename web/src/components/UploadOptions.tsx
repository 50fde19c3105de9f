// The options of an import, chosen on the upload page before adding files and sent as query parameters of the
// upload: each option is a field of UploadChoices, a control in the fieldset and a parameter in optionsQuery.
import { DELIMITERS, ENCODINGS, delimiterName, delimiterQuery, encodingName } from '../options';
import type { ImportOptions, UploadQuery } from '../types';

/** The import's options as the form holds them (max errors as typed), and whether to skip a file seen before. */
export interface UploadChoices extends Omit<ImportOptions, 'maxErrors'> {
  /** A whole number as typed; blank: no limit. */
  maxErrors: string;
  skipIfSeen: boolean;
}

export const DEFAULT_CHOICES: UploadChoices = {
  dryRun: false, mode: 'partial', maxErrors: '', encoding: 'utf-8', delimiter: ',', skipIfSeen: false,
};

/** What is wrong with the choices, if anything: files are not added until it is fixed. */
export function choicesProblem(choices: UploadChoices): string | undefined {
  const max = choices.maxErrors.trim();
  if (max !== '' && !/^\d{1,15}$/.test(max)) { // as the API takes it
    return 'Max errors must be a whole number, 0 or more (blank: no limit)';
  }
  return undefined;
}

/** The query parameters of POST /api/imports (but the file name); defaults are left out, so the URL says what differs. */
export function optionsQuery(choices: UploadChoices): Omit<UploadQuery, 'filename'> {
  const d = DEFAULT_CHOICES;
  return {
    dryRun: choices.dryRun ? 'true' : undefined,
    mode: choices.mode !== d.mode ? choices.mode : undefined,
    maxErrors: choices.maxErrors.trim() || undefined,
    encoding: choices.encoding !== d.encoding ? choices.encoding : undefined,
    delimiter: choices.delimiter !== d.delimiter ? delimiterQuery(choices.delimiter) : undefined,
    skipIfSeen: choices.skipIfSeen ? 'true' : undefined,
  };
}

/** The choices that differ from the defaults, in words: ["dry run", "strict", "encoding: Detect"]. */
export function describeChoices(choices: UploadChoices): string[] {
  const d = DEFAULT_CHOICES;
  const max = choices.maxErrors.trim();
  return [
    choices.dryRun && 'dry run',
    choices.mode !== d.mode && 'strict',
    max !== '' && `at most ${max} rejected ${max === '1' ? 'row' : 'rows'}`,
    choices.encoding !== d.encoding && `encoding: ${encodingName(choices.encoding)}`,
    choices.delimiter !== d.delimiter && `delimiter: ${delimiterName(choices.delimiter)}`,
    choices.skipIfSeen && 'skip if already imported',
  ].filter((part): part is string => typeof part === 'string');
}

export function UploadOptions({ value, onChange }: { value: UploadChoices; onChange: (value: UploadChoices) => void }) {
  const set = <K extends keyof UploadChoices>(key: K, v: UploadChoices[K]) => onChange({ ...value, [key]: v });
  const problem = choicesProblem(value);
  return (
    <fieldset class="import-options">
      <legend>Import options</legend>
      <p class="hint">They apply to the files you add after setting them; each file's card lists the ones it was sent with.</p>
      <Check id="option-dry-run" label="Dry run" checked={value.dryRun} onChange={(v) => set('dryRun', v)}>
        Nothing changes: the file is read and checked, and the import tells what it would insert, update and reject.
      </Check>
      <div class="options-grid">
        <div class="field">
          <label for="option-mode">Mode</label>
          <select id="option-mode" value={value.mode} onChange={(e) => set('mode', e.currentTarget.value as UploadChoices['mode'])}>
            <option value="partial">Partial: reject bad rows</option>
            <option value="strict">Strict: any bad row fails the import</option>
          </select>
        </div>
        <div class="field">
          <label for="option-max-errors">Max errors</label>
          <input
            id="option-max-errors"
            type="text"
            inputMode="numeric"
            autocomplete="off"
            placeholder="no limit"
            value={value.maxErrors}
            aria-invalid={problem ? true : undefined}
            aria-describedby="option-max-errors-hint"
            onInput={(e) => set('maxErrors', e.currentTarget.value)}
          />
          <p class={problem ? 'field-error' : 'hint'} id="option-max-errors-hint">
            {problem ?? 'More rejected rows than this fail the import. Blank: no limit.'}
          </p>
        </div>
        <div class="field">
          <label for="option-encoding">Encoding</label>
          <select id="option-encoding" value={value.encoding} onChange={(e) => set('encoding', e.currentTarget.value as UploadChoices['encoding'])}>
            {ENCODINGS.map((e) => <option key={e.value} value={e.value}>{e.label}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="option-delimiter">Delimiter</label>
          <select id="option-delimiter" value={value.delimiter} onChange={(e) => set('delimiter', e.currentTarget.value as UploadChoices['delimiter'])}>
            {DELIMITERS.map((d) => <option key={d.value} value={d.value}>{d.label}</option>)}
          </select>
        </div>
      </div>
      <Check id="option-skip-if-seen" label="Skip a file already imported" checked={value.skipIfSeen} onChange={(v) => set('skipIfSeen', v)}>
        A file with the same content as an earlier successful import is recorded as skipped, not imported again.
      </Check>
    </fieldset>
  );
}

function Check(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; children: string }) {
  return (
    <div class="check">
      <input
        type="checkbox"
        id={props.id}
        checked={props.checked}
        aria-describedby={`${props.id}-hint`}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />
      <label for={props.id}>{props.label}</label>
      <p class="hint" id={`${props.id}-hint`}>{props.children}</p>
    </div>
  );
}
