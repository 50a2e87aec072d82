/**
 * A minimal ZIP writer and reader (PKWARE APPNOTE 6.3: stored and deflated entries, UTF-8 names,
 * no ZIP64, no encryption) on node:zlib, enough for a REFI-QDA `.qdpx`. The reader is for files
 * from other tools, so it trusts nothing: it reads the central directory, caps the number of
 * entries and every inflated size (a zip bomb stops at the cap, not when memory runs out), checks
 * each CRC, and refuses absolute paths and paths that climb with `..`.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { DrempelError } from '../../../research/errors';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** Limits for reading: a `.qdpx` of a municipal study is far below them. */
export const zipLimits = {
  /** At most this many entries in the central directory. */
  entries: 20_000,
  /** At most this many bytes inflated per entry. */
  entryBytes: 64 << 20,
  /** At most this many bytes inflated over all entries read. */
  totalBytes: 256 << 20,
};

/** MS-DOS date and time of an instant (UTC), as ZIP headers store it. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.max(1980, at.getUTCFullYear());
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** A ZIP file of these entries, deflated, names in UTF-8 (flag bit 11), dated `at`. */
export function writeZip(entries: ZipEntry[], at: Date): Buffer {
  const { time, date } = dosTime(at);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(deflated.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, deflated);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(deflated.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100600 << 16) >>> 0, 38); // a regular file, readable by its owner only
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** One entry of a ZIP file being read: its name, and its bytes on demand. */
export interface ZipItem {
  name: string;
  size: number;
  read(): Buffer;
}

const notZip = (file: string, why: string) =>
  new DrempelError(
    `${file}: not a readable ZIP file (${why})`,
    'A .qdpx is a ZIP file; export it again from your tool.',
  );

/** A path inside a ZIP that could land outside a folder it were extracted to. */
export function unsafeZipPath(name: string): boolean {
  const parts = name.replace(/\\/g, '/').split('/');
  return name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name) || parts.includes('..');
}

/** The end-of-central-directory record: searched backwards over the comment's 64 KB at most. */
function endRecord(buf: Buffer, file: string): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  throw notZip(file, 'no end of central directory');
}

/** The entries of a ZIP file in memory, read from its central directory, each inflated only when read. */
export function readZip(buf: Buffer, file: string): ZipItem[] {
  if (buf.length < 22) throw notZip(file, 'too short');
  const end = endRecord(buf, file);
  const count = buf.readUInt16LE(end + 10);
  const dirSize = buf.readUInt32LE(end + 12);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw notZip(file, 'ZIP64 is not supported');
  if (count > zipLimits.entries) throw notZip(file, `more than ${zipLimits.entries} entries`);
  if (dirOffset + dirSize > end) throw notZip(file, 'the central directory lies outside the file');
  let budget = zipLimits.totalBytes;
  const items: ZipItem[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== 0x02014b50) throw notZip(file, 'a broken central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const skip = nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLength);
    const name = flags & 0x0800 ? rawName.toString('utf8') : rawName.toString('latin1');
    p += 46 + skip;
    if (unsafeZipPath(name))
      throw new DrempelError(`${file}: unsafe path in the ZIP file: ${JSON.stringify(name.slice(0, 80))}`);
    if (name.endsWith('/')) continue; // a folder
    items.push({
      name,
      size,
      read() {
        if (flags & 0x0001) throw notZip(file, `${name} is encrypted`);
        if (method !== 0 && method !== 8) throw notZip(file, `${name} uses compression method ${method}`);
        if (size > zipLimits.entryBytes || size > budget)
          throw new DrempelError(
            `${file}: ${name} is too large (${size} bytes when unpacked; at most ${Math.min(zipLimits.entryBytes, budget)})`,
          );
        if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
          throw notZip(file, `${name}: no local header`);
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        if (start + compressed > buf.length) throw notZip(file, `${name} is cut short`);
        const raw = buf.subarray(start, start + compressed);
        let data: Buffer;
        try {
          // Never inflate beyond what the header declares: a bomb that lies about its size stops here.
          data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
        } catch {
          throw notZip(file, `${name} does not unpack to its declared size`);
        }
        if (data.length !== size || crc32(data) !== crc) throw notZip(file, `${name} fails its checksum`);
        budget -= size;
        return data;
      },
    });
  }
  return items;
}
