import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOWER_LIP_INNER, UPPER_LIP_INNER } from '../face/regions.ts';
import { loadPhoto } from '../encode/gif-test-helpers.ts';
import { loadHopperFace, loadRenoirFace } from '../motion/testdata/faces.ts';
import type { Landmarks } from '../motion/types.ts';
import { fillPalette } from './fills.ts';
import { LOWER_TEETH, teethAt, teethColour, teethColumns, UPPER_TEETH } from './teeth.ts';

const face = loadHopperFace();
const iod = Math.hypot(face.landmarks[33]![0] - face.landmarks[263]![0], face.landmarks[33]![1] - face.landmarks[263]![1]);

/** Hopper's landmarks with the lower inner lip dropped by `by` pixels (an opened mouth). */
function opened(by: number): Landmarks {
  const moved: Landmarks = face.landmarks.map(([x, y, z]) => [x, y, z]);
  for (const i of LOWER_LIP_INNER.slice(1, -1)) moved[i]![1] += by;
  return moved;
}
/** A photo of one colour (bytes), as large as Hopper's. */
const plain = (bytes: readonly number[]) => ({
  width: face.width,
  height: face.height,
  rgba: new Uint8ClampedArray(face.width * face.height * 4).map((_, i) => (i % 4 === 3 ? 255 : bytes[i % 4]!)),
});
const gapOf = (p: Landmarks) => Math.hypot(p[13]![0] - p[14]![0], p[13]![1] - p[14]![1]);
const line = (target: Landmarks, ids: readonly number[]) => ids.map((i) => [target[i]![0], target[i]![1]] as const).sort((a, b) => a[0] - b[0]);

describe('added upper teeth', () => {
  it('are lighter than the skin or as light as lighter eye whites, with a little of the skin\'s colour and none of the whites\'; none for a photo whose mouth is open', () => {
    const whites = [204 / 255, 199 / 255, 191 / 255] as [number, number, number];
    const skin = [0.6, 0.45, 0.35] as [number, number, number];
    const lips = [0.45, 0.3, 0.25] as [number, number, number];
    const colour = teethColour(plain([204, 199, 191]), face.landmarks, skin, lips, gapOf(face.landmarks))!;
    const grey = (c: readonly number[]) => (c[0]! + c[1]! + c[2]!) / 3;
    // Eye whites lighter than the skin: as light as they are.
    expect(grey(colour)).toBeCloseTo(grey(whites), 6);
    // The skin's hue, less saturated.
    expect(colour[0] - colour[2]).toBeLessThan(0.5 * (skin[0] - skin[2]));
    expect(colour[0]).toBeGreaterThan(colour[1]);
    expect(colour[1]).toBeGreaterThan(colour[2]);
    // Red whites (seen through tinted glasses) do not make them red.
    const throughGlasses = teethColour(plain([122, 24, 13]), face.landmarks, skin, lips, gapOf(face.landmarks))!;
    expect(throughGlasses[0] - throughGlasses[2]).toBeLessThan(0.5 * (skin[0] - skin[2]));
    // Deep-set eyes in shadow: lighter than the skin instead.
    expect(grey(teethColour(plain([51, 51, 51]), face.landmarks, [0.7, 0.7, 0.7], lips, gapOf(face.landmarks))!)).toBeGreaterThan(0.75);
    expect(teethColour(plain([204, 199, 191]), opened(0.05 * iod), skin, lips, gapOf(opened(0.05 * iod)))).toBeUndefined();
    // "Lips" as light as the skin are hair over the mouth.
    expect(teethColour(plain([204, 199, 191]), face.landmarks, skin, skin, gapOf(face.landmarks))).toBeUndefined();
  });

  it('are added to a photo whose lips show (Hopper), not where a white beard hides the mouth (Renoir)', () => {
    for (const [fixture, photo, added] of [
      [face, 'pd_color_grace-hopper_glasses_elderly.jpg', true],
      [loadRenoirFace(), 'old_sepia_renoir-seated-beard-cap.jpg', false],
    ] as const) {
      const { width, height, data } = loadPhoto(join('e2e/fixtures/photos', photo), fixture.width);
      expect([width, height]).toEqual([fixture.width, fixture.height]);
      expect(!!fillPalette({ width, height, rgba: data }, fixture.landmarks).teeth).toBe(added);
    }
  });

  it('hang from the upper lip, longest in the middle, at most their share of the opening, none round the arch past the canines', () => {
    const target = opened(0.2 * iod);
    const [upper, lower] = [line(target, UPPER_LIP_INNER), line(target, LOWER_LIP_INNER)];
    const [x0, x1] = [Math.floor(upper[0]![0]), Math.ceil(upper[upper.length - 1]![0])];
    const columns = teethColumns(UPPER_TEETH, target, upper, lower, x0, x1);
    const middle = Math.round(target[13]![0]) - x0;
    const deepest = Math.max(...columns.map((c) => c.depth));
    expect(deepest).toBeGreaterThan(0.06 * iod);
    expect(deepest).toBeLessThanOrEqual(UPPER_TEETH.share * 0.2 * iod + 1);
    expect(columns[middle]!.depth).toBeGreaterThan(0.9 * deepest);
    // The inner corners are in the cheeks' shadow.
    expect(columns[0]!.shade).toBeLessThan(0.2);
    expect(columns[columns.length - 1]!.shade).toBeLessThan(0.2);
    expect(columns[middle]!.shade).toBeGreaterThan(0.8);
    // Shaded under the lip, antialiased at the edge, nothing below it.
    const c = columns[middle + 2]!;
    expect(teethAt(c, 0.5).light).toBeLessThan(teethAt(c, 0.6 * c.depth).light);
    expect(teethAt(c, 0.5).cover).toBe(1);
    expect(teethAt(c, c.depth).cover).toBeCloseTo(0.5, 5);
    expect(teethAt(c, c.depth + 1).cover).toBe(0);
    // A narrow opening is mostly teeth, a dark line left under them.
    const narrow = opened(0.04 * iod);
    const narrowColumns = teethColumns(UPPER_TEETH, narrow, line(narrow, UPPER_LIP_INNER), line(narrow, LOWER_LIP_INNER), x0, x1);
    const narrowDeepest = Math.max(...narrowColumns.map((column) => column.depth));
    expect(narrowDeepest).toBeGreaterThan(0.7 * 0.04 * iod);
    expect(narrowDeepest).toBeLessThanOrEqual(UPPER_TEETH.share * 0.04 * iod + 1);
  });

  it('show the gaps between teeth only where a tooth is wide enough to show them', () => {
    const target = opened(0.2 * iod);
    const [upper, lower] = [line(target, UPPER_LIP_INNER), line(target, LOWER_LIP_INNER)];
    const [x0, x1] = [Math.floor(upper[0]![0]), Math.ceil(upper[upper.length - 1]![0])];
    const gaps = teethColumns(UPPER_TEETH, target, upper, lower, x0, x1).map((c) => c.gap);
    expect(Math.max(...gaps)).toBeGreaterThan(0.1);
    // The same mouth a tenth the size: teeth of a pixel or two show no gaps.
    const small: Landmarks = target.map(([x, y, z]) => [x / 10, y / 10, z / 10]);
    const [su, sl] = [line(small, UPPER_LIP_INNER), line(small, LOWER_LIP_INNER)];
    const tiny = teethColumns(UPPER_TEETH, small, su, sl, Math.floor(su[0]![0]), Math.ceil(su[su.length - 1]![0]));
    expect(Math.max(...tiny.map((c) => c.gap))).toBe(0);
  });

  it('show the lower teeth only in a wide-open mouth, shorter and darker than the upper, above the lower lip', () => {
    // The rows never meet: their shares of the opening leave a dark line between them.
    expect(UPPER_TEETH.share + LOWER_TEETH.share).toBeLessThan(1);
    const columnsAt = (by: number) => {
      const target = opened(by * iod);
      const [upper, lower] = [line(target, UPPER_LIP_INNER), line(target, LOWER_LIP_INNER)];
      const [x0, x1] = [Math.floor(upper[0]![0]), Math.ceil(upper[upper.length - 1]![0])];
      const middle = Math.round(target[13]![0]) - x0;
      return { upper: teethColumns(UPPER_TEETH, target, upper, lower, x0, x1)[middle]!, lower: teethColumns(LOWER_TEETH, target, upper, lower, x0, x1)[middle]! };
    };
    // A smile's parted lips and the library laugh's jaw: upper teeth, no lower.
    for (const opening of [0.05, 0.13]) {
      expect(columnsAt(opening).upper.depth).toBeGreaterThan(0);
      expect(columnsAt(opening).lower.depth).toBe(0);
    }
    // Wide open: the lower edges show, less than the upper, in the upper jaw's shadow; the dark between them stays.
    const laugh = columnsAt(0.28);
    expect(laugh.lower.depth).toBeGreaterThan(0.03 * iod);
    expect(laugh.lower.depth).toBeLessThan(0.6 * laugh.upper.depth);
    expect(laugh.lower.shade).toBeLessThan(0.8 * laugh.upper.shade);
    expect(laugh.upper.depth + laugh.lower.depth).toBeLessThan(0.8 * 0.28 * iod);
  });
});
