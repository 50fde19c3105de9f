// How an import's options and its file's dialect read, on the upload page and the import page alike. The values
// are the API's (generated types): each table below must label every one of them, so an encoding or delimiter
// added on the server does not compile here until it has a label. What the file looks like, and what to read it
// with instead, is the server's to say (Import.detected and Import.suggestion); this module only words it.
import type { DialectSuggestion, Import, ImportOptions, UploadQuery } from './types';

type EncodingChoice = ImportOptions['encoding'];
type DelimiterChoice = ImportOptions['delimiter'];

const ENCODING_LABELS: Record<EncodingChoice, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252',
  latin1: 'Latin-1',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  auto: 'Detect',
};

/** `label` in the select, `name` in sentences, `query`: the name the API takes (names read better in a URL than ","). */
const DELIMITER_LABELS: Record<DelimiterChoice, { label: string; name: string; query: NonNullable<UploadQuery['delimiter']> }> = {
  ',': { label: 'Comma (,)', name: 'comma', query: 'comma' },
  ';': { label: 'Semicolon (;)', name: 'semicolon', query: 'semicolon' },
  '\t': { label: 'Tab', name: 'tab', query: 'tab' },
  '|': { label: 'Pipe (|)', name: 'pipe', query: 'pipe' },
  auto: { label: 'Detect', name: 'Detect', query: 'auto' },
};

/** A record's entries with its keys' type (none of these keys is an integer, so they keep their order). */
const entries = <K extends string, V>(record: Record<K, V>) => Object.entries(record) as [K, V][];

/** The choices of the encoding select, in order. */
export const ENCODINGS = entries(ENCODING_LABELS).map(([value, label]) => ({ value, label }));
/** The choices of the delimiter select, in order. */
export const DELIMITERS = entries(DELIMITER_LABELS).map(([value, d]) => ({ value, ...d }));

export function encodingName(encoding: EncodingChoice): string {
  return ENCODING_LABELS[encoding];
}

export function delimiterName(delimiter: DelimiterChoice): string {
  return DELIMITER_LABELS[delimiter].name;
}

/** The delimiter as the upload's query names it. */
export function delimiterQuery(delimiter: DelimiterChoice): NonNullable<UploadQuery['delimiter']> {
  return DELIMITER_LABELS[delimiter].query;
}

/** "Windows-1252, semicolon", or undefined before the file was looked at. */
export function detectedText(imp: Import): string | undefined {
  return imp.detected ? `${encodingName(imp.detected.encoding)}, ${delimiterName(imp.detected.delimiter)}` : undefined;
}

/**
 * The server's suggestion in words: "encoding Windows-1252 and delimiter semicolon", or undefined when the file
 * was read as it looks (or was not looked at).
 */
export function suggestionText(suggestion: DialectSuggestion | null): string | undefined {
  if (!suggestion) return undefined;
  const parts = [
    suggestion.encoding && `encoding ${encodingName(suggestion.encoding)}`,
    suggestion.delimiter && `delimiter ${delimiterName(suggestion.delimiter)}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 0 ? undefined : parts.join(' and ');
}
