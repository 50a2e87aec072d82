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
  /** The encoding, known once a non-ASCII byte was read (UTF-8 until then). */
  encoding(): Encoding;
  progress(): DecodeProgress;
  /** Parse the whole file, calling `onRows` synchronously per chunk (the header is the first row). */
  parse(onRows: OnRows): Promise<void>;
}

export async function openCsv(path: string, highWaterMark?: number): Promise<CsvReader> {
  let encoding: Encoding = 'utf-8';
  let progress: DecodeProgress = { bytesRead: 0, totalBytes: 0 };
  const chunks = decodeFile(path, { highWaterMark, onEncoding: (e) => (encoding = e), onProgress: (p) => (progress = p) });
  let head = '';
  while (!/\r|\n/.test(head)) {
    const next = await chunks.next();
    if (next.done) break;
    head += next.value;
  }
  async function* all(): AsyncGenerator<string> {
    if (head) yield head;
    yield* chunks;
  }
  const delimiter = detectDelimiter(head.split(/\r?\n|\r/)[0]);
  return {
    empty: !head.trim(),
    delimiter,
    encoding: () => encoding,
    progress: () => progress,
    parse: (onRows) => parse(all(), delimiter, onRows),
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
