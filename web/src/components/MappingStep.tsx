// The mapping step of an upload: a file whose header has no sku column is not sent until a person says which of
// its columns hold the SKU, the name and the description. The header comes with the server's suggestions (case,
// spaces, underscores, synonyms, ranked), and the first 20 rows show as the import would take them, read by the
// server's own parser (POST /api/imports/preview): nothing is submitted before "Import with this mapping".
import { useEffect, useState } from 'preact/hooks';
import { previewFile } from '../api';
import { ErrorBox } from './States';
import type { ColumnMapping, FilePreview, ProductColumn } from '../types';

const PRODUCT_COLUMNS: { column: ProductColumn; label: string; hint: string }[] = [
  { column: 'sku', label: 'SKU', hint: 'required: what tells one product from another' },
  { column: 'name', label: 'Name', hint: 'optional: empty when none' },
  { column: 'description', label: 'Description', hint: 'optional: empty when none' },
];

/** The best suggestion of each product column. */
export function suggested(preview: FilePreview): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const { column } of PRODUCT_COLUMNS) {
    const best = preview.suggestions[column][0];
    if (best) mapping[column] = best.column;
  }
  return mapping;
}

export function MappingStep({ file, dialect, first, onConfirm, onCancel }: {
  file: File;
  /** The encoding and delimiter the upload is sent with. */
  dialect: Record<string, string | undefined>;
  /** The preview without a mapping: the header and its suggestions. */
  first: FilePreview;
  onConfirm: (mapping: ColumnMapping) => void;
  onCancel: () => void;
}) {
  const [mapping, setMapping] = useState<ColumnMapping>(() => suggested(first));
  const [preview, setPreview] = useState<FilePreview | undefined>();
  const [error, setError] = useState<Error | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    const query = { ...dialect, 'map.sku': mapping.sku, 'map.name': mapping.name, 'map.description': mapping.description };
    previewFile(file, query, controller.signal).then(
      (p) => !controller.signal.aborted && setPreview(p),
      (e: Error) => !controller.signal.aborted && setError(e),
    );
    return () => controller.abort();
  }, [file, mapping.sku, mapping.name, mapping.description]);

  const set = (column: ProductColumn, name: string) => setMapping((m) => {
    const next = { ...m };
    if (name === '') delete next[column];
    else next[column] = name;
    return next;
  });
  const ready = mapping.sku !== undefined && preview?.problem === null && preview.mapped !== null;
  return (
    <section class="card mapping-step" aria-label={`Column mapping of ${file.name}`} data-mapping-step>
      <h2>Which columns are which in {file.name}?</h2>
      <p class="hint">
        The file has no <code>sku</code> column. Choose the columns that hold the SKU, the name and the description; the
        suggestions come from their names. The rows below show how the first {first.rows.length > 0 ? first.rows.length : 20} records
        would be imported. Nothing is sent until you import.
      </p>
      <div class="options-grid">
        {PRODUCT_COLUMNS.map(({ column, label, hint }) => {
          const suggestions = first.suggestions[column].map((s) => s.column);
          const others = first.columns.filter((c) => !suggestions.includes(c));
          return (
            <div class="field" key={column}>
              <label for={`mapping-${column}`}>{label}</label>
              <select id={`mapping-${column}`} value={mapping[column] ?? ''} onChange={(e) => set(column, e.currentTarget.value)}>
                <option value="">{column === 'sku' ? 'Choose a column…' : 'None'}</option>
                {suggestions.length > 0 && (
                  <optgroup label="Suggested">
                    {suggestions.map((c) => <option key={c} value={c}>{c}</option>)}
                  </optgroup>
                )}
                <optgroup label={suggestions.length > 0 ? 'Other columns' : 'Columns'}>
                  {others.map((c) => <option key={c} value={c}>{c}</option>)}
                </optgroup>
              </select>
              <p class="hint">{hint}</p>
            </div>
          );
        })}
      </div>
      {error && <ErrorBox error={error} title="Preview failed" />}
      {preview?.problem && <p class="field-error" role="alert">{preview.problem}</p>}
      {preview && preview.rows.length > 0 && (
        <div class="table-wrap">
          <table class="mapping-preview" aria-label="The first rows as they would be imported">
            <thead><tr><th class="num">Line</th><th>SKU</th><th>Name</th><th>Description</th></tr></thead>
            <tbody>
              {preview.rows.map((row) => 'rejected' in row
                ? <tr key={row.line} class="rejected"><td class="num">{row.line}</td><td colSpan={3}>Rejected: {row.rejected}</td></tr>
                : <tr key={row.line}><td class="num">{row.line}</td><td>{row.sku}</td><td>{row.name}</td><td class="clip">{row.description}</td></tr>)}
            </tbody>
          </table>
        </div>
      )}
      <p class="actions">
        <button type="button" class="primary" disabled={!ready} onClick={() => onConfirm(mapping)}>Import with this mapping</button>
        <button type="button" onClick={onCancel}>Leave this file out</button>
      </p>
    </section>
  );
}
