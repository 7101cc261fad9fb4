import { describe, expect, it } from 'vitest';
import { testDrivers } from '../src/core/drivers/test-drivers.ts';
import { formatDrivers } from './commands/drivers.ts';
import { EXIT, type CommandContext } from './commands/types.ts';
import { checkDriverId, driverInfos, parseDriverList, UnknownDriverError } from './drivers.ts';
import { main } from './main.ts';
import { REPO_ROOT } from './paths.ts';

function context() {
  const out = { stdout: '', stderr: '' };
  const ctx: CommandContext = {
    stdout: { write: (s: string) => (out.stdout += s) },
    stderr: { write: (s: string) => (out.stderr += s) },
    env: {},
    cwd: REPO_ROOT,
    signal: new AbortController().signal,
  };
  return { ctx, out };
}

describe('kinora drivers', () => {
  it('--json lists every built-in driver with its tags and mirrored variant, needing no build', async () => {
    const { ctx, out } = context();
    expect(await main(['drivers', '--json'], ctx)).toBe(EXIT.ok);
    const list = JSON.parse(out.stdout) as Record<string, unknown>[];
    for (const d of list) expect(Object.keys(d)).toEqual(['id', 'name', 'frames', 'fps', 'tags', 'mirrored']);
    expect(list.length).toBeGreaterThanOrEqual(48);
    expect(list.filter((d) => d.mirrored === true)).toHaveLength(list.length / 2);
    const blink = list.find((d) => d.id === 'blink');
    expect(blink).toEqual({ id: 'blink', name: 'Blink', frames: testDrivers()[0]!.frames.length, fps: 25, tags: ['test'], mirrored: false });
    expect(list.find((d) => d.id === 'wink-mirrored')?.mirrored).toBe(true);
  });

  it('prints a table by default', async () => {
    const { ctx, out } = context();
    expect(await main(['drivers'], ctx)).toBe(EXIT.ok);
    expect(out.stdout).toBe(formatDrivers(driverInfos()));
    expect(out.stdout).toMatch(/^ID\s+NAME\s+FRAMES\s+FPS\s+SECONDS$/m);
    expect(out.stdout).toMatch(/^blink\s+Blink\s+90\s+25\s+3\.60$/m);
  });

  it('rejects arguments', async () => {
    const { ctx } = context();
    expect(await main(['drivers', 'extra'], ctx)).toBe(EXIT.usage);
    expect(await main(['drivers', '--all'], ctx)).toBe(EXIT.usage);
  });
});

describe('driver ids', () => {
  it('knows the built-in ids', () => {
    expect(checkDriverId('nod')).toBe('nod');
    expect(checkDriverId('gentle-smile-mirrored')).toBe('gentle-smile-mirrored');
    expect(() => checkDriverId('Blink')).toThrow(UnknownDriverError);
    expect(() => checkDriverId('wave')).toThrow(/unknown driver "wave"/);
  });

  it('parses comma-separated lists', () => {
    expect(parseDriverList('blink, smile,,blink')).toEqual(['blink', 'smile']);
    expect(() => parseDriverList('blink,wave')).toThrow(/"wave"/);
  });
});
