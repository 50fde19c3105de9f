import { csvField } from '../csv/records.js';

/**
 * A field of a CSV file the API offers for download, for people to open in a spreadsheet: a value that a spreadsheet
 * would run as a formula (starting with =, +, -, @, a tab or a carriage return: OWASP's "CSV injection") gets a
 * single quote in front, which makes it text. Only downloads: the files lfp reads and generates keep their values.
 */
export function spreadsheetField(value: string): string {
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}
