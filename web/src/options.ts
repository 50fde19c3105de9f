// How an import's options and its file's dialect read, on the upload page and the import page alike.
import type { Delimiter, Encoding, Import } from './types';

export const ENCODINGS: { value: Encoding | 'auto'; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'windows-1252', label: 'Windows-1252' },
  { value: 'latin1', label: 'Latin-1' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'auto', label: 'Detect' },
];

/** `query`: the name the API takes (also "," and the like, but names read better in a URL). */
export const DELIMITERS: { value: Delimiter | 'auto'; label: string; name: string; query: string }[] = [
  { value: ',', label: 'Comma (,)', name: 'comma', query: 'comma' },
  { value: ';', label: 'Semicolon (;)', name: 'semicolon', query: 'semicolon' },
  { value: '\t', label: 'Tab', name: 'tab', query: 'tab' },
  { value: '|', label: 'Pipe (|)', name: 'pipe', query: 'pipe' },
  { value: 'auto', label: 'Detect', name: 'Detect', query: 'auto' },
];

export function encodingName(encoding: Encoding | 'auto'): string {
  return ENCODINGS.find((e) => e.value === encoding)?.label ?? encoding;
}

export function delimiterName(delimiter: Delimiter | 'auto'): string {
  return DELIMITERS.find((d) => d.value === delimiter)?.name ?? delimiter;
}

/** "Windows-1252, semicolon", or undefined before the file was looked at. */
export function detectedText(imp: Import): string | undefined {
  return imp.detected ? `${encodingName(imp.detected.encoding)}, ${delimiterName(imp.detected.delimiter)}` : undefined;
}

/**
 * When the file was read otherwise than it looks: "read as UTF-8, comma; the file looks like Windows-1252,
 * semicolon". Detection tells UTF-8 from windows-1252 only, so a file read as Latin-1 that looks like
 * windows-1252 is not called a mismatch (the two agree on every letter but a few symbols).
 */
export function dialectMismatch(imp: Import): string | undefined {
  const { detected, options } = imp;
  if (!detected) return undefined;
  const encoding = options.encoding === 'auto' ? detected.encoding : options.encoding;
  const delimiter = options.delimiter === 'auto' ? detected.delimiter : options.delimiter;
  const sameEncoding = encoding === detected.encoding || (encoding === 'latin1' && detected.encoding === 'windows-1252');
  if (sameEncoding && delimiter === detected.delimiter) return undefined;
  return `read as ${encodingName(encoding)}, ${delimiterName(delimiter)}; the file looks like ${detectedText(imp)}`;
}
