/**
 * A streamed CSV file: decoded (see decode.ts), its delimiter detected from the header line, and
 * parsed by papaparse a chunk at a time. Used by the kind importers and the event-log importer.
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { decodeFile, detectDelimiter, type DecodeProgress, type Encoding } from './decode';

export type OnRows = (rows: string[][], errors: Papa.ParseError[], parser: Papa.Parser) => void;

export interface CsvReader {
  /** True when the file holds no header line at all. */
  empty: boolean;
  delimiter: string;
  /** The cells of the header line (the first row). */
  headerCells: string[];
  /** The encoding, known once a non-ASCII byte was read (UTF-8 until then). */
  encoding(): Encoding;
  progress(): DecodeProgress;
  /**
   * Parse the whole file, calling `onRows` synchronously per chunk; the first `skip` rows (the
   * header is row one) are left out, and parse errors are numbered as the rows passed on.
   */
  parse(onRows: OnRows, skip?: number): Promise<void>;
}

export async function openCsv(path: string, highWaterMark?: number): Promise<CsvReader> {
  let encoding: Encoding = 'utf-8';
  let progress: DecodeProgress = { bytesRead: 0, totalBytes: 0 };
  const chunks = decodeFile(path, {
    highWaterMark,
    onEncoding: (e) => (encoding = e),
    onProgress: (p) => (progress = p),
  });
  let head = '';
  const readLine = async () => {
    while (!/\r|\n/.test(head)) {
      const next = await chunks.next();
      if (next.done) break;
      head += next.value;
    }
  };
  await readLine();
  // Excel's "sep=;" line names the delimiter and is no row: Excel never shows it, so neither
  // do the row numbers (the header stays row 1).
  const sep = /^"?sep=(.)"?(?:\r\n|\r|\n)/i.exec(head);
  if (sep) {
    head = head.slice(sep[0].length);
    await readLine();
  }
  async function* all(): AsyncGenerator<string> {
    if (head) yield head;
    yield* chunks;
  }
  const firstLine = head.split(/\r?\n|\r/)[0];
  const delimiter = sep ? sep[1] : detectDelimiter(firstLine);
  const headerCells = firstLine ? (Papa.parse<string[]>(firstLine, { delimiter, header: false }).data[0] ?? []) : [];
  return {
    empty: !head.trim(),
    delimiter,
    headerCells,
    encoding: () => encoding,
    progress: () => progress,
    parse: (onRows, skip = 0) => {
      let left = skip;
      return parse(all(), delimiter, (rows, errors, parser) => {
        if (left === 0) return onRows(rows, errors, parser);
        const n = Math.min(left, rows.length);
        left -= n;
        const shifted = errors
          .filter((e) => e.row === undefined || e.row >= n)
          .map((e) => (e.row === undefined ? e : { ...e, row: e.row - n }));
        return onRows(rows.slice(n), shifted, parser);
      });
    },
  };
}

/** Run papaparse over the text stream, calling `onRows` per chunk (synchronously). */
function parse(text: AsyncGenerator<string>, delimiter: string, onRows: OnRows): Promise<void> {
  return new Promise((resolve, reject) => {
    const stream = Readable.from(text, { objectMode: true });
    stream.on('error', reject);
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter,
      header: false,
      skipEmptyLines: false,
      chunk: (results, parser) => {
        try {
          onRows(results.data, results.errors, parser);
        } catch (e) {
          reject(e); // before abort(), which calls complete() synchronously
          parser.abort();
          stream.destroy();
        }
      },
      complete: () => resolve(),
      error: (e: Error) => reject(e),
    });
  });
}
