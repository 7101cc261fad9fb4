// Minimal deterministic zip writer (method 0, "stored") and central-directory reader.
// MediaPipe Tasks reads `.task` bundles in place and rejects compressed members
// ("Expected uncompressed zip archive."), so nothing here ever compresses.
import { crc32 } from '../../src/core/crc32.ts';

export interface ZipMember {
  name: string;
  data: Uint8Array;
}

export interface ZipDirectoryEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  dosTime: number;
  dosDate: number;
  localHeaderOffset: number;
  /** Absolute offset of the member's bytes (after its local header). */
  dataOffset: number;
}

export const ZIP_METHOD_STORED = 0;
/** 1980-01-01 00:00:00, the DOS epoch: a fixed timestamp keeps builds byte-identical. */
export const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
export const FIXED_DOS_TIME = 0;

const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_OF_CENTRAL_DIRECTORY_SIZE = 22;
const VERSION_NEEDED_STORED = 10; // 1.0: no compression, no zip64
const VERSION_MADE_BY_UNIX = (3 << 8) | 20;
const UNIX_FILE_MODE_0644 = 0o100644;
const MAX_UINT32 = 0xffffffff;

export { crc32 };


const textEncoder = new TextEncoder();

/** A stored zip holding `members` in the given order, with fixed timestamps and attributes. */
export function createStoredZip(members: readonly ZipMember[]): Uint8Array {
  const names = members.map((m) => {
    // ASCII only, so the UTF-8 flag (general purpose bit 11) is never needed.
    if (!/^[\x20-\x7e]+$/.test(m.name) || m.name.startsWith('/')) throw new Error(`unsupported zip member name "${m.name}"`);
    return textEncoder.encode(m.name);
  });
  if (new Set(members.map((m) => m.name)).size !== members.length) throw new Error('duplicate zip member name');

  const localSize = members.reduce((sum, m, i) => sum + LOCAL_HEADER_SIZE + names[i]!.length + m.data.length, 0);
  const centralSize = names.reduce((sum, name) => sum + CENTRAL_HEADER_SIZE + name.length, 0);
  const total = localSize + centralSize + END_OF_CENTRAL_DIRECTORY_SIZE;
  if (total > MAX_UINT32 || members.length > 0xffff) throw new Error('zip too large (zip64 unsupported)');

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let cursor = 0;
  const u16 = (value: number) => {
    view.setUint16(cursor, value, true);
    cursor += 2;
  };
  const u32 = (value: number) => {
    view.setUint32(cursor, value, true);
    cursor += 4;
  };
  const bytes = (value: Uint8Array) => {
    out.set(value, cursor);
    cursor += value.length;
  };
  // Fields shared by local and central headers, from "version needed" to the name length.
  const commonHeader = (member: ZipMember, name: Uint8Array, checksum: number) => {
    u16(VERSION_NEEDED_STORED);
    u16(0); // general purpose flags
    u16(ZIP_METHOD_STORED);
    u16(FIXED_DOS_TIME);
    u16(FIXED_DOS_DATE);
    u32(checksum);
    u32(member.data.length); // compressed size
    u32(member.data.length); // uncompressed size
    u16(name.length);
    u16(0); // extra field length
  };

  const checksums = members.map((m) => crc32(m.data));
  const localOffsets: number[] = [];
  members.forEach((member, i) => {
    localOffsets.push(cursor);
    u32(LOCAL_HEADER_SIGNATURE);
    commonHeader(member, names[i]!, checksums[i]!);
    bytes(names[i]!);
    bytes(member.data);
  });

  const centralStart = cursor;
  members.forEach((member, i) => {
    u32(CENTRAL_HEADER_SIGNATURE);
    u16(VERSION_MADE_BY_UNIX);
    commonHeader(member, names[i]!, checksums[i]!);
    u16(0); // comment length
    u16(0); // disk number start
    u16(0); // internal attributes
    u32((UNIX_FILE_MODE_0644 << 16) >>> 0); // external attributes: Unix mode in the high half
    u32(localOffsets[i]!);
    bytes(names[i]!);
  });

  if (cursor - centralStart !== centralSize) throw new Error('central directory size mismatch');
  u32(END_OF_CENTRAL_DIRECTORY_SIGNATURE);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(members.length);
  u16(members.length);
  u32(centralSize);
  u32(centralStart);
  u16(0); // comment length
  if (cursor !== total) throw new Error('zip size mismatch');
  return out;
}

/** Reads the central directory (no zip64, no archive comment search beyond 64 KiB). */
export function readZipDirectory(zip: Uint8Array): ZipDirectoryEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const searchFrom = Math.max(0, zip.length - END_OF_CENTRAL_DIRECTORY_SIZE - 0xffff);
  let end = -1;
  for (let i = zip.length - END_OF_CENTRAL_DIRECTORY_SIZE; i >= searchFrom; i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record');
  const count = view.getUint16(end + 10, true);
  let cursor = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipDirectoryEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (view.getUint32(cursor, true) !== CENTRAL_HEADER_SIGNATURE) throw new Error(`bad central header ${i}`);
    const nameLength = view.getUint16(cursor + 28, true);
    const extraLength = view.getUint16(cursor + 30, true);
    const commentLength = view.getUint16(cursor + 32, true);
    const localHeaderOffset = view.getUint32(cursor + 42, true);
    if (view.getUint32(localHeaderOffset, true) !== LOCAL_HEADER_SIGNATURE) throw new Error(`bad local header ${i}`);
    const localNameLength = view.getUint16(localHeaderOffset + 26, true);
    const localExtraLength = view.getUint16(localHeaderOffset + 28, true);
    entries.push({
      name: decoder.decode(zip.subarray(cursor + CENTRAL_HEADER_SIZE, cursor + CENTRAL_HEADER_SIZE + nameLength)),
      method: view.getUint16(cursor + 10, true),
      dosTime: view.getUint16(cursor + 12, true),
      dosDate: view.getUint16(cursor + 14, true),
      crc32: view.getUint32(cursor + 16, true),
      compressedSize: view.getUint32(cursor + 20, true),
      uncompressedSize: view.getUint32(cursor + 24, true),
      localHeaderOffset,
      dataOffset: localHeaderOffset + LOCAL_HEADER_SIZE + localNameLength + localExtraLength,
    });
    cursor += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of a stored member (a view into `zip`). */
export function storedMemberData(zip: Uint8Array, entry: ZipDirectoryEntry): Uint8Array {
  if (entry.method !== ZIP_METHOD_STORED) throw new Error(`${entry.name} is compressed (method ${entry.method})`);
  return zip.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
}
