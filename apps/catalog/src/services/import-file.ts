import { Readable } from 'node:stream';
import { type CsvError, type Options, parse } from 'csv-parse';
import type { ImportRow } from './import-products';

const CHUNK = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The physical line of any byte offset: counts the line feeds before it. Offsets are asked in
 * increasing order (records come in file order), so one pass over the file's line feeds suffices.
 */
function lineCounter(bytes: Uint8Array) {
  let scanned = 0;
  let line = 1;
  return (offset: number) => {
    for (; scanned < offset && scanned < bytes.length; scanned++) if (bytes[scanned] === LF) line++;
    return line;
  };
}

/** csv-parse's reason, without its own line count (see csvRows). */
function csvProblem(err: CsvError | undefined): string {
  if (err?.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed (the rest of the file is inside it)';
  const reason = (err?.message ?? 'unreadable').replace(/ (on|at) line \d+/g, '');
  return `not a valid CSV record: ${reason}`;
}

/**
 * The records of a CSV file (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks)
 * as objects keyed by the header row, each with the physical line it starts on; an empty cell is
 * an absent field. A record csv-parse refuses (a column too many, a quote left open) is reported
 * with its line and the parse goes on.
 *
 * Line numbers come from byte offsets, not csv-parse's own count, which counts a CRLF inside a
 * quoted field as two lines.
 */
export async function* csvRows(bytes: Uint8Array): AsyncGenerator<ImportRow> {
  const lineOf = lineCounter(bytes);
  /** Where the previous record (the header included) ended; the next starts after any empty lines. */
  let previousEnd = 0;
  const startLine = () => {
    let start = previousEnd;
    while (start < bytes.length && (bytes[start] === LF || bytes[start] === CR)) start++;
    return lineOf(start);
  };
  // Both callbacks run as csv-parse reads, in file order (the loop below may lag behind by a few records).
  const refused: ImportRow[] = [];
  const options: Options<{ line: number; record: string[] }, string[]> = {
    bom: true,
    skip_empty_lines: true,
    relax_quotes: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      const line = startLine();
      previousEnd = context.bytes;
      return { line, record };
    },
    on_skip: (err: CsvError | undefined) => {
      const line = startLine();
      previousEnd = Math.max(previousEnd, Number((err as { bytes?: number } | undefined)?.bytes ?? previousEnd));
      refused.push({ line, error: csvProblem(err) });
      return undefined;
    },
  };
  // The typed overloads of parse() demand `columns`; the header is read here instead, so each record keeps its bytes.
  const parser = parse(options as unknown as Options);
  const chunks = function* () {
    for (let at = 0; at < bytes.length; at += CHUNK)
      yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(CHUNK, bytes.length - at));
  };
  Readable.from(chunks()).pipe(parser);

  let header: string[] | undefined;
  for await (const { line, record } of parser as AsyncIterable<{ line: number; record: string[] }>) {
    yield* refused.splice(0);
    if (!header) {
      header = record.map((name) => name.trim());
      continue;
    }
    const data: Record<string, string> = {};
    header.forEach((name, i) => {
      const value = record[i];
      if (name && value !== undefined && value !== '') data[name] = value;
    });
    yield { line, data };
  }
  yield* refused.splice(0);
}

/** The items of a JSON array, each numbered by its index; throws at once on a file that is not one. */
export function jsonRows(bytes: Uint8Array): ImportRow[] {
  const items: unknown = JSON.parse(new TextDecoder().decode(bytes));
  if (!Array.isArray(items)) throw new Error('a JSON import file must hold an array of products');
  return items.map((data, index) => ({ line: index, data }));
}

export type ImportFormat = 'csv' | 'json';

/** By extension: `.json` is a JSON array, anything else is read as CSV. */
export const formatOf = (file: string): ImportFormat => (/\.json$/i.test(file) ? 'json' : 'csv');

export function rowsOf(bytes: Uint8Array, format: ImportFormat): AsyncIterable<ImportRow> | Iterable<ImportRow> {
  return format === 'json' ? jsonRows(bytes) : csvRows(bytes);
}
