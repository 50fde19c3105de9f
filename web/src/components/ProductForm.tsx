// The fields of a product, for creating and editing; the API's validation messages show beside their field.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorBox } from './States';

export interface ProductValues {
  sku: string;
  name: string;
  description: string;
}

type Field = keyof ProductValues;
const FIELDS: Field[] = ['sku', 'name', 'description'];
/** The SKU rule of every writer (src/products/sku.ts), in plain words. */
const SKU_HINT = 'Up to 120 characters. No control characters (such as tabs or line breaks), and no space at the start or end.';

/**
 * Validation problems read "/name is longer than 420 characters; /sku …": the parts naming a field go beside
 * it, the rest above the form.
 */
function splitDetail(error: Error): { general: string[]; byField: Partial<Record<Field, string>> } {
  if (!(error instanceof ApiError) || error.status !== 400) return { general: [error.message], byField: {} };
  const general: string[] = [];
  const byField: Partial<Record<Field, string>> = {};
  for (const part of error.message.split('; ')) {
    const match = /^\/(\w+) (.*)$/.exec(part);
    const field = FIELDS.find((f) => f === match?.[1]);
    if (field) byField[field] = match![2];
    else general.push(part);
  }
  return { general, byField };
}

export function ProductForm(props: {
  initial: ProductValues;
  skuEditable: boolean;
  submitLabel: string;
  onSubmit(values: ProductValues): Promise<void>;
  children?: ComponentChildren;
}) {
  const [values, setValues] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const problems = error ? splitDetail(error) : { general: [], byField: {} };

  const input = (field: Field, label: string, multiline = false) => {
    const id = `product-${field}`;
    const message = problems.byField[field];
    const hint = field === 'sku' && props.skuEditable ? SKU_HINT : undefined;
    const described = [hint && `${id}-hint`, message && `${id}-error`].filter(Boolean).join(' ');
    const common = {
      id,
      name: field,
      value: values[field],
      'aria-invalid': message ? true : undefined,
      'aria-describedby': described || undefined,
      onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => setValues({ ...values, [field]: e.currentTarget.value }),
    };
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {multiline ? <textarea rows={4} {...common} /> : (
          <input type="text" autocomplete="off" required={field === 'sku'} readOnly={field === 'sku' && !props.skuEditable} {...common} />
        )}
        {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
        {message && <p class="field-error" id={`${id}-error`}>{message}</p>}
      </div>
    );
  };

  return (
    <form
      class="card product-form"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          await props.onSubmit(values);
        } catch (e) {
          setError(e as Error);
        } finally {
          setBusy(false);
        }
      }}
    >
      {problems.general.length > 0 && <ErrorBox error={new Error(problems.general.join('; '))} title="Not saved" />}
      {Object.keys(problems.byField).length > 0 && problems.general.length === 0 && (
        <p class="visually-hidden" role="alert">Not saved: {Object.values(problems.byField).join('; ')}</p>
      )}
      {input('sku', 'SKU')}
      {input('name', 'Name')}
      {input('description', 'Description', true)}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Saving…' : props.submitLabel}</button>
        {props.children}
      </div>
    </form>
  );
}
