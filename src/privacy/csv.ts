import { stringify } from 'csv-stringify/sync';

/** One value of a CSV row; `null`/`undefined` become an empty cell. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * Line breaks a reader may end a row at: CRLF (counted once), CR, LF, and the Unicode line and
 * paragraph separators. Inside a field each becomes one space, so a row ends only where we end it.
 */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;

/**
 * Characters that have no business in a log cell and that readers treat inconsistently: control
 * characters other than TAB (C0, DEL, C1 such as NEL), invisible format characters (zero-width
 * spaces and joiners, bidirectional overrides that reorder what a reviewer sees) and lone surrogates.
 * Stripping them first means that `\u200B=cmd` cannot hide a formula behind something a reader drops.
 */
const STRIPPED = /[\p{Cc}\p{Cf}\p{Cs}]/gu;

/**
 * Where a spreadsheet could start a cell: the start of the field, and after any character some
 * reader might take as a delimiter (`;` for Swedish Excel, `,` for RFC 4180 readers, TAB for
 * tab-separated guessing). After that point, leading whitespace and quotes are skipped; if what
 * follows is `= + - @` (or a full-width form Excel also accepts), or a TAB, the segment is a
 * formula to some reader and gets a leading apostrophe.
 */
const FORMULA_SEGMENT = /(^|[;,\t])([\s"'\u2018\u2019\u201C\u201D]*)(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;

/** The delimiter of Trygg's CSV files: `;`, what Excel uses in a Swedish locale. */
export const CSV_DELIMITER = ';';

/** Byte order mark: without it Excel reads UTF-8 as Windows-1252 and mangles å, ä, ö. */
export const CSV_BOM = '\uFEFF';

/**
 * Makes one field's text safe for every reader: line breaks become spaces, control and invisible
 * format characters are removed, and every place a reader could begin a formula cell is prefixed with
 * `'` (which Excel and LibreOffice show as text).
 */
export function safeCsvField(value: CsvValue): string {
  const text = value === null || value === undefined ? '' : String(value);
  // TAB survives stripping (it is \p{Cc}) only to be neutralised below: keep it out of STRIPPED's reach.
  const flat = text.replace(LINE_BREAK, ' ').replace(STRIPPED, (c) => (c === '\t' ? c : ''));
  return flat.replace(FORMULA_SEGMENT, (_match, boundary: string, lead: string) => `${boundary}'${lead}`);
}

/**
 * Renders rows (header first, if any) as a CSV file for Excel in a Swedish locale: UTF-8 BOM, `;`
 * between fields, CRLF between records, every field quoted (quotes inside doubled) and made safe by
 * {@link safeCsvField}. Every CSV export of Trygg goes through here.
 */
export function toSafeCsv(rows: readonly (readonly CsvValue[])[]): string {
  const cells = rows.map((row) => row.map(safeCsvField));
  return (
    CSV_BOM +
    stringify(cells, {
      delimiter: CSV_DELIMITER,
      record_delimiter: 'windows',
      quoted: true,
      quoted_empty: true
    })
  );
}
