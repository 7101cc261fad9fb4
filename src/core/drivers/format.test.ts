import { describe, expect, it } from 'vitest';
import { english } from '../../i18n/english.ts';
import type { Driver } from '../motion/types.ts';
import { decodeBase64, encodeBase64, MAX_TEXT_SIZE, parseDriver, serializeDriver } from './format.ts';
import { mirrorDriver } from './mirror.ts';
import { findDriver, testDrivers } from './test-drivers.ts';

const nod = (): Driver => findDriver('nod')!;
/** A small valid document to break, as a plain object. */
const smallDriver = (frameCount = 3): Driver => ({
  id: 'tiny',
  name: 'Tiny',
  fps: 25,
  loops: false,
  frames: Array.from({ length: frameCount }, (_, f) => ({
    pose: { yaw: f, pitch: -f / 2, roll: 0.25 * f, x: 0.01 * f, y: -0.02 * f, scale: 1 + 0.001 * f },
    expression: Float32Array.from({ length: 478 * 3 }, (_, k) => Math.sin(k + f) * 0.05),
  })),
});
const doc = (d: Driver = smallDriver()): Record<string, any> => JSON.parse(serializeDriver(d));
/** The refusal's messages, in English (as the CLI prints them). */
const errorsOf = (value: unknown): string[] => {
  const result = parseDriver(typeof value === 'string' ? value : JSON.stringify(value));
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.errors.map(english);
};
const int16Base64 = (count: number): string => encodeBase64(new Uint8Array(count * 2));

function expectRoundTrip(original: Driver, loaded: Driver, tolerance: number) {
  expect(loaded.id).toBe(original.id);
  expect(loaded.name).toBe(original.name);
  expect(loaded.fps).toBe(original.fps);
  expect(loaded.loops).toBe(original.loops);
  expect(loaded.frames).toHaveLength(original.frames.length);
  original.frames.forEach((frame, f) => {
    // Equal as numbers (JSON writes -0 as 0).
    for (const [k, v] of Object.entries(frame.pose)) expect(loaded.frames[f]!.pose[k as keyof typeof frame.pose] === v, k).toBe(true);
    const e = loaded.frames[f]!.expression;
    expect(e).toBeInstanceOf(Float32Array);
    expect(e).toHaveLength(478 * 3);
    let worst = 0;
    for (let k = 0; k < e.length; k++) worst = Math.max(worst, Math.abs(e[k]! - frame.expression[k]!));
    expect(worst).toBeLessThanOrEqual(tolerance);
  });
}

describe('serializeDriver / parseDriver round trip', () => {
  it('reproduces the four test drivers within half a quantisation step', () => {
    for (const d of testDrivers()) {
      const text = serializeDriver(d, { description: `The ${d.name} driver`, tags: ['test', d.id] });
      const file = JSON.parse(text);
      expect(file.format).toBe('kinora-driver');
      expect(file.version).toBe(1);
      expect(file.frameCount).toBe(d.frames.length);
      expect(file.expression.encoding).toBe('int16-base64');
      const s: number = file.expression.scale;
      expect(s).toBeGreaterThan(0);
      const result = parseDriver(text);
      if (!result.ok) throw new Error(result.errors.map(english).join('\n'));
      expect(result.driver.description).toBe(`The ${d.name} driver`);
      expect(result.driver.tags).toEqual(['test', d.id]);
      // S/2 of quantisation plus the Float32 rounding of the decoded value (|v| <= 32767 S).
      expectRoundTrip(d, result.driver, s / 2 + 32767 * s * 2 ** -24);
      // Rest frames stay exactly at rest (zero quantises to zero).
      expect(result.driver.frames[0]!.expression.every((v) => v === 0)).toBe(true);
    }
  });

  it('is lossless with float32-base64', () => {
    for (const d of [nod(), smallDriver()]) {
      const text = serializeDriver(d, {}, { encoding: 'float32-base64' });
      expect(JSON.parse(text).expression.scale).toBeUndefined();
      const result = parseDriver(text);
      if (!result.ok) throw new Error(result.errors.map(english).join('\n'));
      expectRoundTrip(d, result.driver, 0);
    }
  });

  it('is deterministic and stable across a second round trip', () => {
    const d = nod();
    const text = serializeDriver(d, { tags: ['a'] });
    expect(serializeDriver(d, { tags: ['a'] })).toBe(text);
    const again = parseDriver(text);
    if (!again.ok) throw new Error(again.errors.map(english).join('\n'));
    // A parsed driver carries its description and tags and re-serialises to the same text.
    expect(serializeDriver(again.driver)).toBe(text);
  });

  it('keeps an all-zero expression and defaults description and tags', () => {
    const d = smallDriver(2);
    for (const f of d.frames) f.expression.fill(0);
    const result = parseDriver(serializeDriver(d));
    if (!result.ok) throw new Error(result.errors.map(english).join('\n'));
    expect(result.driver.description).toBe('');
    expect(result.driver.tags).toEqual([]);
    expect(result.driver.frames.every((f) => f.expression.every((v) => v === 0))).toBe(true);
  });

  it('round-trips a mirrored driver', () => {
    const m = mirrorDriver(findDriver('turn')!);
    const result = parseDriver(serializeDriver(m));
    expect(result.ok && result.driver.id).toBe('turn-mirrored');
  });

  it('refuses to write a driver it could not read back', () => {
    const d = smallDriver(1);
    d.frames[0]!.pose.yaw = NaN;
    expect(() => serializeDriver(d)).toThrow(/pose.yaw\[0\] is not a finite number/);
    expect(() => serializeDriver({ ...smallDriver(1), frames: [] })).toThrow(/frameCount 0/);
  });

  it('base64 matches the standard encoding', () => {
    for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']) {
      const bytes = new TextEncoder().encode(s);
      const b64 = encodeBase64(bytes);
      expect(b64).toBe(Buffer.from(s).toString('base64'));
      expect(new TextDecoder().decode(decodeBase64(b64, bytes.length))).toBe(s);
    }
  });
});

describe('parseDriver rejects malformed files', () => {
  it('not JSON, not an object, wrong format', () => {
    expect(errorsOf('{"format": ')[0]).toMatch(/^not JSON: /);
    expect(errorsOf([1, 2])).toEqual(['not a Kinora driver: expected a JSON object']);
    expect(errorsOf({ ...doc(), format: 'other' })).toEqual(['format: expected "kinora-driver", got "other"']);
    const { format: _f, ...noFormat } = doc();
    expect(errorsOf(noFormat)).toEqual(['format: expected "kinora-driver", got nothing (missing)']);
  });

  it('unsupported version', () => {
    expect(errorsOf({ ...doc(), version: 2 })).toEqual(['version 2 is not supported: this Kinora reads version 1']);
    expect(errorsOf({ ...doc(), version: '1' })).toEqual(['version: expected an integer, got "1"']);
  });

  it('missing and invalid fields, all reported at once', () => {
    const { id: _id, ...noId } = doc();
    const errors = errorsOf({ ...noId, name: 3, loops: 'yes', tags: ['a', 1], description: null });
    expect(errors).toEqual([
      'id: expected a string, got nothing (missing)',
      'name: expected a string, got 3',
      'description: expected a string, got null',
      'tags[1]: expected a string, got 1',
      'loops: expected true or false, got "yes"',
    ]);
    expect(errorsOf({ ...doc(), rest: { pose: { ...doc().rest.pose, scale: null } } })).toEqual([
      'rest.pose.scale is not a finite number',
    ]);
    const { pose: _p, ...noPose } = doc();
    expect(errorsOf(noPose)).toEqual(['pose: expected an object of yaw, pitch, roll, x, y, scale arrays, got nothing (missing)']);
  });

  it('fps out of 1..120', () => {
    expect(errorsOf({ ...doc(), fps: 0 })).toEqual(['fps 0 is outside 1..120']);
    expect(errorsOf({ ...doc(), fps: 240 })).toEqual(['fps 240 is outside 1..120']);
    expect(errorsOf({ ...doc(), fps: '25' })).toEqual(['fps: expected a number, got "25"']);
  });

  it('frameCount out of 1..1800, before decoding anything', () => {
    // The data would be 2.9 GB: refused on the count alone.
    expect(errorsOf({ ...doc(), frameCount: 1000000 })).toEqual(['frameCount 1000000 is more than 1800 (motions are at most 60 s)']);
    // 9,000 frames at 25 fps: six minutes, no portrait animation, and heavy on every visit.
    expect(errorsOf({ ...doc(), frameCount: 1700, fps: 25 })).toEqual(['the motion is 68 s long: motions are at most 60 s']);
    expect(errorsOf({ ...doc(), frameCount: 0 })).toEqual(['frameCount 0 is less than 1']);
    expect(errorsOf({ ...doc(), frameCount: 2.5 })).toEqual(['frameCount: expected an integer, got 2.5']);
  });

  it('values beyond what a face can do (they would smear the whole photo)', () => {
    const wild = (channel: string, value: number) => {
      const d = doc(smallDriver(10));
      (d.pose as Record<string, number[]>)[channel]![3] = value;
      return errorsOf(d);
    };
    expect(wild('yaw', 1e6)).toEqual(['pose.yaw[3] = 1000000 is beyond what a head can do (-90..90)']);
    expect(wild('x', 1e30)).toEqual(['pose.x[3] = 1e+30 is beyond what a head can do (-4..4)']);
    expect(wild('scale', 0)).toEqual(['pose.scale[3] = 0 is beyond what a head can do (0.5..2)']);
    const huge = smallDriver(2);
    huge.frames[1]!.expression[30] = 5;
    expect(errorsOf(serializeDriver(huge))).toEqual(['expression: frame 1, point 10 moves 5.00 eye-spans: more than a face can (2)']);
  });

  it('a byte order mark is read past, as the app and the CLI both must', () => {
    const text = serializeDriver(smallDriver(4));
    const withBom = parseDriver(`\uFEFF${text}`);
    expect(withBom.ok).toBe(true);
    expect(withBom).toEqual(parseDriver(text));
  });

  it('pose arrays of the wrong length', () => {
    const d = doc(smallDriver(90));
    d.pose.yaw.pop();
    expect(errorsOf(d)).toEqual(['pose.yaw: expected 90 values, got 89']);
  });

  it('NaN or Infinity anywhere', () => {
    const d = doc(smallDriver(20));
    const text = JSON.stringify(d).replace(/"pitch":\[([^\]]*)\]/, (_, values: string) => {
      const list = values.split(',');
      list[12] = '1e999'; // parses to Infinity
      return `"pitch":[${list.join(',')}]`;
    });
    expect(errorsOf(text)).toEqual(['pose.pitch[12] is not a finite number']);
    d.pose.roll[3] = null; // what JSON.stringify writes for NaN
    expect(errorsOf(d)).toEqual(['pose.roll[3] is not a finite number']);
    expect(errorsOf({ ...doc(), expression: { ...doc().expression, scale: 'x' } })).toEqual([
      'expression.scale: expected a finite number, got "x"',
    ]);
    // A float32 NaN inside the data.
    const floats = new Float32Array(478 * 3);
    floats[3 * 17 + 1] = NaN;
    const f = doc(smallDriver(1));
    f.expression = { encoding: 'float32-base64', data: encodeBase64(new Uint8Array(floats.buffer)) };
    expect(errorsOf(f)).toEqual(['expression: frame 0, point 17: y is not a finite number']);
  });

  it('expression data of the wrong size or encoding', () => {
    const d = doc(smallDriver(20));
    expect(errorsOf({ ...d, expression: { ...d.expression, data: int16Base64(20 * 468 * 3) } })).toEqual([
      'expression: frame 0: expected 478 points, got 468 (every frame holds 468 points: the irises 468-477 are missing)',
    ]);
    expect(errorsOf({ ...d, expression: { ...d.expression, data: int16Base64(20 * 478 * 3 - 1) } })).toEqual([
      'expression: expected 28680 Int16 values (20 frames x 478 points x 3), got 28679',
    ]);
    expect(errorsOf({ ...d, expression: { ...d.expression, data: 'AAA' } })).toEqual(['expression.data is not valid base64']);
    expect(errorsOf({ ...d, expression: { ...d.expression, data: 'AA$A' } })).toEqual(['expression.data is not valid base64']);
    expect(errorsOf({ ...d, expression: { ...d.expression, data: 'AAA=' } })).toEqual([
      'expression: expected 28680 Int16 values (20 frames x 478 points x 3), got 1',
    ]);
    expect(errorsOf({ ...d, expression: { ...d.expression, data: 'AA==' } })).toEqual([
      'expression: data is 1 bytes, not a whole number of Int16 values',
    ]);
    expect(errorsOf({ ...d, expression: { ...d.expression, encoding: 'png' } })).toEqual([
      'expression.encoding: expected "int16-base64" or "float32-base64", got "png"',
    ]);
  });

  it('text over 64 MB is refused before parsing', () => {
    const huge = ' '.repeat(MAX_TEXT_SIZE + 1);
    expect(errorsOf(huge)).toEqual(['file is 64.0 MB, more than the 64 MB limit']);
  });

  it('never returns a half-loaded driver', () => {
    const d = doc(smallDriver(5));
    d.pose.scale[4] = 'big';
    const result = parseDriver(JSON.stringify(d));
    expect(errorsOf(JSON.stringify(d))).toEqual(['pose.scale[4] is not a finite number']);
    expect('driver' in result).toBe(false);
  });
});
