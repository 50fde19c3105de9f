// The options of an import, sent as query parameters of the upload. The API has none yet; each one it gains
// (dry run, mode, maximum errors, encoding, delimiter...) becomes a field of ImportOptions, a control in the
// fieldset and a parameter in optionsQuery, and the upload page needs no other change.

export interface ImportOptions {}

export const DEFAULT_OPTIONS: ImportOptions = {};

export function optionsQuery(_options: ImportOptions): Record<string, string | number | undefined> {
  return {};
}

/** Renders nothing until there is an option to choose. */
export function UploadOptions(_props: { value: ImportOptions; onChange: (value: ImportOptions) => void }) {
  return null;
}
