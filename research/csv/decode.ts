/**
 * Bytes → text for files from Dutch Excel and survey tools: UTF-8 with or without BOM, or
 * Windows-1252 (Excel's "CSV" on Dutch Windows). Streaming: a chunk at a time, never the file.
 *
 * The encoding is decided at the first chunk that holds a non-ASCII byte: valid UTF-8 there
 * means UTF-8, anything else means Windows-1252. Before that, both decode identically.
 */
import { createReadStream, statSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { DrempelError } from '../errors';

export type Encoding = 'utf-8' | 'windows-1252';

export interface DecodeProgress {
  bytesRead: number;
  totalBytes: number;
}

/** Cut an incomplete UTF-8 sequence off the end of a chunk, so validity can be judged. */
function completeUtf8Prefix(buf: Buffer): Buffer {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b < 0x80) return buf;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return need > back ? buf.subarray(0, buf.length - back) : buf;
  }
  return buf;
}

const saveAsCsv =
  'In Excel: File › Save As › "CSV UTF-8 (comma delimited) (*.csv)"; in another tool, export as CSV in UTF-8.';

/** Files that are not text drempel can read: UTF-16 (Excel's "Unicode text"), a workbook, other binary data. */
function refuseBinary(file: string, head: Buffer): void {
  const nul = head.subarray(0, 4096).filter((b) => b === 0).length;
  if (
    (head[0] === 0xff && head[1] === 0xfe) ||
    (head[0] === 0xfe && head[1] === 0xff) ||
    nul > Math.min(head.length, 4096) / 4
  ) {
    throw new DrempelError(`${file} is UTF-16 text ("Unicode text"), which drempel does not read`, saveAsCsv);
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new DrempelError(`${file} is an Excel workbook or another ZIP file, not CSV`, saveAsCsv);
  }
  if (nul > 0) throw new DrempelError(`${file} holds binary data, not CSV text`, saveAsCsv);
}

/** Decide the encoding from a chunk that holds non-ASCII bytes. */
export function sniffEncoding(chunk: Buffer): Encoding {
  return isUtf8(completeUtf8Prefix(chunk)) ? 'utf-8' : 'windows-1252';
}

/**
 * Read `file` as text chunks. `onProgress` is called after each chunk.
 * @example for await (const text of decodeFile('obs.csv')) parser.write(text);
 */
export async function* decodeFile(
  file: string,
  {
    onEncoding,
    onProgress,
    highWaterMark = 1 << 20,
  }: { onEncoding?: (e: Encoding) => void; onProgress?: (p: DecodeProgress) => void; highWaterMark?: number } = {},
): AsyncGenerator<string> {
  const totalBytes = statSync(file).size;
  let decoder: TextDecoder | undefined;
  let first = true;
  let bytesRead = 0;
  for await (const raw of createReadStream(file, { highWaterMark })) {
    let chunk = raw as Buffer;
    bytesRead += chunk.length;
    if (first) {
      first = false;
      refuseBinary(file, chunk);
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        decoder = new TextDecoder('utf-8', { fatal: true });
        onEncoding?.('utf-8');
      }
    }
    if (!decoder && !isAscii(chunk)) {
      const encoding = sniffEncoding(chunk);
      decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
      onEncoding?.(encoding);
    }
    let text: string;
    try {
      text = decoder ? decoder.decode(chunk, { stream: true }) : chunk.toString('latin1');
    } catch {
      throw new DrempelError(
        `${file}: not valid UTF-8 near byte ${bytesRead - chunk.length}, though the file began as UTF-8`,
        'Save the file again as "CSV UTF-8" (or as plain CSV, which is Windows-1252), not a mix of both.',
      );
    }
    onProgress?.({ bytesRead, totalBytes });
    if (text) yield text;
  }
  const rest = decoder?.decode();
  if (rest) yield rest;
  if (!decoder) onEncoding?.('utf-8');
}

/** Pick `;` or `,` from the header line: whichever occurs more outside quotes. */
export function detectDelimiter(headerLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[';'] > counts[','] ? ';' : ',';
}
