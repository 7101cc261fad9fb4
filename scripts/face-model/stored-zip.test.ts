import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStoredZip, crc32, readZipDirectory, storedMemberData, type ZipMember } from './stored-zip.ts';

const text = (s: string) => new TextEncoder().encode(s);

const members: ZipMember[] = [
  { name: 'b-first.txt', data: text('hello zip') },
  { name: 'empty.bin', data: new Uint8Array(0) },
  { name: 'dir/a-binary.bin', data: Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) & 0xff) },
];

describe('crc32', () => {
  it('matches the standard check values', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(text('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('detects a single changed bit', () => {
    const data = text('123456789');
    data[4]! ^= 1;
    expect(crc32(data)).not.toBe(0xcbf43926);
  });
});

describe('createStoredZip', () => {
  const zip = createStoredZip(members);

  it('round-trips through the central directory in the given order, uncompressed', () => {
    const entries = readZipDirectory(zip);
    expect(entries.map((e) => e.name)).toEqual(members.map((m) => m.name));
    entries.forEach((entry, i) => {
      const data = members[i]!.data;
      expect(entry.method).toBe(0);
      expect(entry.compressedSize).toBe(data.length);
      expect(entry.uncompressedSize).toBe(data.length);
      expect(entry.crc32).toBe(crc32(data));
      expect(storedMemberData(zip, entry)).toEqual(data);
    });
  });

  it('uses the fixed 1980-01-01 00:00 timestamp and is byte-identical across calls', () => {
    for (const entry of readZipDirectory(zip)) {
      expect(entry.dosDate).toBe(0x21);
      expect(entry.dosTime).toBe(0);
    }
    expect(createStoredZip(members)).toEqual(zip);
  });

  it('has exactly headers + data + central directory, no padding', () => {
    const names = members.reduce((n, m) => n + m.name.length, 0);
    const data = members.reduce((n, m) => n + m.data.length, 0);
    expect(zip.length).toBe(30 * members.length + 46 * members.length + 2 * names + data + 22);
  });

  it('rejects duplicate and non-ASCII names', () => {
    expect(() => createStoredZip([members[0]!, members[0]!])).toThrow(/duplicate/);
    expect(() => createStoredZip([{ name: 'café.txt', data: text('x') }])).toThrow(/unsupported/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'stored-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hasUnzip = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
  const hasPython = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasUnzip)('passes `unzip -t`', () => {
    const path = join(dir, 'test.zip');
    writeFileSync(path, zip);
    const result = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(result.stdout).toContain('No errors detected');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasPython)('is read by Python zipfile as stored members with correct contents', () => {
    const path = join(dir, 'test-py.zip');
    writeFileSync(path, zip);
    const script =
      'import sys, zipfile, json\n' +
      'z = zipfile.ZipFile(sys.argv[1])\n' +
      'assert z.testzip() is None\n' +
      'print(json.dumps([[i.filename, i.compress_type, i.file_size, list(i.date_time)] for i in z.infolist()]))';
    const result = spawnSync('python3', ['-c', script, path], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(members.map((m) => [m.name, 0, m.data.length, [1980, 1, 1, 0, 0, 0]]));
  });
});
