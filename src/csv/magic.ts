/**
 * Files that are not text, told by their first bytes (their "magic numbers"): a spreadsheet saved as .xlsx, an
 * image or a PDF sent by mistake fails at once with what it is, instead of with an encoding to try. Pure. gzip is
 * not among them: it is read (source.ts) and what it holds is checked instead. Only signatures that no CSV header
 * (printable text) can start with are listed.
 */

interface Signature {
  bytes: readonly number[];
  /** Where the bytes are, from the start of the file. */
  at?: number;
  /** What the file is, as a person would say it. */
  kind: string;
}

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive (an Excel .xlsx or OpenDocument spreadsheet?)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'an empty ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], kind: 'an old Office document (an Excel .xls workbook?)' },
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], kind: 'a GIF image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], kind: 'a GIF image' },
  { bytes: [0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38], at: 8, kind: 'a WebP image' },
  { bytes: [0x66, 0x74, 0x79, 0x70], at: 4, kind: 'an MP4 or QuickTime video' },
  { bytes: [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], at: 4, kind: 'a bzip2 archive (only gzip is decompressed)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], kind: 'an xz archive (only gzip is decompressed)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], kind: 'a Zstandard archive (only gzip is decompressed)' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], kind: 'a 7-Zip archive' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], kind: 'a RAR archive' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00], kind: 'an SQLite database' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'a program (ELF)' },
];

/** What a file that is not text is, from its first bytes ("a PNG image"), or undefined for anything else. */
export function binaryKind(head: Uint8Array): string | undefined {
  return SIGNATURES.find(({ bytes, at = 0 }) => head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b))?.kind;
}

/** The message of a file that is not CSV text, saying what it is and what to do instead. */
export function notTextMessage(kind: string): string {
  return `this is ${kind}, not CSV text: save or export it as CSV (comma-separated values) and import that file`;
}
