// The options of an import, chosen on the upload page before adding files and sent as query parameters of the
// upload: each option is a field of UploadChoices, a control in the fieldset and a parameter in optionsQuery.
import { getJson } from '../api';
import { useResource } from '../hooks';
import { DELIMITERS, ENCODINGS, delimiterName, delimiterQuery, encodingName } from '../options';
import type { ColumnMapping, ImportOptions, ProfileList, UploadQuery } from '../types';

/**
 * The import's options as the form holds them (max errors and max delete percent as typed), the profile to start
 * from, and whether to skip a file seen before. The column mapping is each file's own (the mapping step).
 */
export interface UploadChoices extends Omit<ImportOptions, 'maxErrors' | 'maxDeletePercent' | 'mapping'> {
  /** A whole number as typed; blank: no limit. */
  maxErrors: string;
  /** A percentage as typed; blank: the default (10). */
  maxDeletePercent: string;
  /** A saved profile's name; blank: none. */
  profile: string;
  skipIfSeen: boolean;
}

export const DEFAULT_CHOICES: UploadChoices = {
  dryRun: false, mode: 'partial', maxErrors: '', encoding: 'utf-8', delimiter: ',', skipIfSeen: false,
  profile: '', onConflict: 'update', sync: false, maxDeletePercent: '',
};

/** What is wrong with the choices, if anything: files are not added until it is fixed. */
export function choicesProblem(choices: UploadChoices): string | undefined {
  const max = choices.maxErrors.trim();
  if (max !== '' && !/^\d{1,15}$/.test(max)) { // as the API takes it
    return 'Max errors must be a whole number, 0 or more (blank: no limit)';
  }
  const percent = choices.maxDeletePercent.trim();
  if (percent !== '' && (!/^\d{1,3}(\.\d{1,6})?$/.test(percent) || Number(percent) > 100)) {
    return 'Max deleted must be a percentage from 0 to 100 (blank: 10)';
  }
  return undefined;
}

/**
 * The query parameters of POST /api/imports (but the file name); defaults are left out, so the URL says what
 * differs, and a profile's options apply unless a control was changed from its default.
 */
export function optionsQuery(choices: UploadChoices, mapping: ColumnMapping = {}): Omit<UploadQuery, 'filename'> {
  const d = DEFAULT_CHOICES;
  return {
    profile: choices.profile || undefined,
    dryRun: choices.dryRun ? 'true' : undefined,
    mode: choices.mode !== d.mode ? choices.mode : undefined,
    maxErrors: choices.maxErrors.trim() || undefined,
    encoding: choices.encoding !== d.encoding ? choices.encoding : undefined,
    delimiter: choices.delimiter !== d.delimiter ? delimiterQuery(choices.delimiter) : undefined,
    onConflict: choices.onConflict !== d.onConflict ? choices.onConflict : undefined,
    sync: choices.sync ? 'true' : undefined,
    maxDeletePercent: choices.sync ? choices.maxDeletePercent.trim() || undefined : undefined,
    'map.sku': mapping.sku,
    'map.name': mapping.name,
    'map.description': mapping.description,
    skipIfSeen: choices.skipIfSeen ? 'true' : undefined,
  };
}

/** The choices that differ from the defaults, in words: ["dry run", "strict", "encoding: Detect"]. */
export function describeChoices(choices: UploadChoices): string[] {
  const d = DEFAULT_CHOICES;
  const max = choices.maxErrors.trim();
  return [
    choices.profile !== '' && `profile: ${choices.profile}`,
    choices.dryRun && 'dry run',
    choices.mode !== d.mode && 'strict',
    max !== '' && `at most ${max} rejected ${max === '1' ? 'row' : 'rows'}`,
    choices.encoding !== d.encoding && `encoding: ${encodingName(choices.encoding)}`,
    choices.delimiter !== d.delimiter && `delimiter: ${delimiterName(choices.delimiter)}`,
    choices.onConflict === 'skip' && 'existing products left as they are',
    choices.sync && `sync: delete what the file does not list (at most ${choices.maxDeletePercent.trim() || '10'}%)`,
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
      <ProfilePicker value={value.profile} onChange={(v) => set('profile', v)} />
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
      <div class="field">
        <label for="option-on-conflict">Products that already exist</label>
        <select id="option-on-conflict" value={value.onConflict} aria-describedby="option-on-conflict-hint"
          onChange={(e) => set('onConflict', e.currentTarget.value as UploadChoices['onConflict'])}>
          <option value="update">Update them from the file</option>
          <option value="skip">Leave them as they are</option>
        </select>
        <p class="hint" id="option-on-conflict-hint">
          {value.onConflict === 'skip'
            ? 'Only new SKUs are added; a product that already exists keeps its name and description, whatever the file says (counted as skipped).'
            : 'A product that already exists takes the name and description the file gives it.'}
        </p>
      </div>
      <Check id="option-sync" label="The file is the whole catalogue (sync)" checked={value.sync} onChange={(v) => set('sync', v)}>
        Products the file does not list are deleted, so the catalogue ends up exactly as the file. A revert brings them back. A bad row whose SKU can still be read keeps its product.
      </Check>
      {value.sync && (
        <div class="field">
          <label for="option-max-delete">Delete at most (% of products)</label>
          <input id="option-max-delete" type="text" inputMode="decimal" autocomplete="off" placeholder="10" value={value.maxDeletePercent}
            aria-describedby="option-max-delete-hint" onInput={(e) => set('maxDeletePercent', e.currentTarget.value)} />
          <p class="hint" id="option-max-delete-hint">
            A guard against a file cut short: if more than this share of the products would be deleted, the import fails and nothing changes.
          </p>
        </div>
      )}
      <Check id="option-skip-if-seen" label="Skip a file already imported" checked={value.skipIfSeen} onChange={(v) => set('skipIfSeen', v)}>
        A file with the same content as an earlier successful import is recorded as skipped, not imported again.
      </Check>
    </fieldset>
  );
}

/** The saved profiles (lfp profiles, PUT /api/profiles/{name}) to start from. */
function ProfilePicker({ value, onChange }: { value: string; onChange: (name: string) => void }) {
  const profiles = useResource((signal) => getJson<ProfileList>('/profiles', undefined, signal), []);
  const items = profiles.data?.items ?? [];
  if (items.length === 0 && value === '') return null;
  const chosen = items.find((p) => p.name === value);
  return (
    <div class="field">
      <label for="option-profile">Profile</label>
      <select id="option-profile" value={value} aria-describedby="option-profile-hint" onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">None</option>
        {items.map((p) => <option key={p.name} value={p.name}>{p.name}</option>)}
      </select>
      <p class="hint" id="option-profile-hint">
        {chosen
          ? `Starts from the profile's saved options and column mapping${profileSummary(chosen.options, chosen.mapping)}; options you change here win.`
          : 'A saved set of options and column mapping for a supplier\'s files.'}
      </p>
    </div>
  );
}

function profileSummary(options: Record<string, unknown>, mapping: ColumnMapping): string {
  const parts = [
    ...Object.entries(options).map(([option, v]) => `${option} ${JSON.stringify(v)}`),
    ...Object.entries(mapping).map(([column, name]) => `${column} from "${name}"`),
  ];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
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
