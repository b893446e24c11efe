/** The entries of a zip archive (stored or deflated), read from its central directory. */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Unix permission bits (0 when the archive records none). */
  mode: number;
  data: Buffer;
}

export function readZip(archive: Buffer): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = archive.readUInt32LE(end + 16);
  for (let i = 0; i < archive.readUInt16LE(end + 10); i++) {
    const method = archive.readUInt16LE(at + 10);
    const size = archive.readUInt32LE(at + 20);
    const nameLength = archive.readUInt16LE(at + 28);
    const extra = archive.readUInt16LE(at + 30);
    const comment = archive.readUInt16LE(at + 32);
    const local = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const data = archive.subarray(start, start + size);
    entries.set(name, {
      mode: (archive.readUInt32LE(at + 38) >>> 16) & 0o777,
      data: method === 8 ? inflateRawSync(data) : Buffer.from(data),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}
