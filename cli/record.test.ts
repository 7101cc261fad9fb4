import { describe, expect, it } from 'vitest';
import { parseRecordArgs } from './commands/record.ts';
import { UsageError } from './commands/types.ts';

describe('parseRecordArgs', () => {
  it('takes one video and --out, naming the driver after the video unless told', () => {
    expect(parseRecordArgs(['clips/My Nod.webm', '--out', 'nod.json'])).toEqual({
      video: 'clips/My Nod.webm',
      out: 'nod.json',
      id: 'my-nod',
      name: 'My Nod',
      timeoutMs: 600_000,
      verbose: false,
    });
    expect(parseRecordArgs(['a.mp4', '-o', 'a.json', '--id', 'wave', '--name', 'Wave', '--timeout', '30'])).toMatchObject({
      id: 'wave',
      name: 'Wave',
      timeoutMs: 30_000,
    });
  });

  it.each([
    [[], /no video/],
    [['a.mp4', 'b.mp4', '--out', 'x.json'], /one video at a time/],
    [['a.mp4'], /--out <driver.json> is required/],
    [['a.mp4', '--out', 'x.json', '--timeout', '0'], /--timeout/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseRecordArgs(argv)).toThrow(UsageError);
    expect(() => parseRecordArgs(argv)).toThrow(message);
  });
});
