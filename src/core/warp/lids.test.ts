import { describe, expect, it } from 'vitest';
import { REST_POSE } from '../drivers/rest.ts';
import { expressionDisplacement, type ExpressionControls } from '../drivers/rig.ts';
import { RIGHT_LID_CREASE, RIGHT_LOWER_LID, RIGHT_UPPER_LID } from '../face/regions.ts';
import { frameInputs, prepareAnimation } from '../generator/animation.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import { lidDistance } from './lids.ts';

const face = loadHopperFace();
const rgba = new Uint8ClampedArray(face.width * face.height * 4).map((_, i) => (i % 4 === 3 ? 255 : 90 + ((i * 7919) % 61)));
const setup = prepareAnimation({ width: face.width, height: face.height, rgba }, [face]);
const expressionFrame = (controls: ExpressionControls) => {
  const inputs = frameInputs(setup, [{ frame: { pose: { ...REST_POSE }, expression: expressionDisplacement(controls) }, intensity: 1 }]);
  return { ...inputs, targets: inputs.targets[0]! };
};
const blink = (closure: number) => expressionFrame({ blinkLeft: closure, blinkRight: closure });
/** Where pixel (x, y) reads the photo, in photo pixels. */
const reads = (grid: Float32Array, x: number, y: number): [number, number] => {
  const p = y * face.width + x;
  return [((grid[2 * p]! + 1) * face.width) / 2, ((grid[2 * p + 1]! + 1) * face.height) / 2];
};
/** y of a lid line (right eye) at x. */
const lineAt = (points: readonly (readonly number[])[], ids: readonly number[], x: number) => {
  const line = ids.map((i) => points[i]!).sort((a, b) => a[0]! - b[0]!);
  for (let k = 1; k < line.length; k++) if (x <= line[k]![0]!) return line[k - 1]![1]! + ((x - line[k - 1]![0]!) / (line[k]![0]! - line[k - 1]![0]!)) * (line[k]![1]! - line[k - 1]![1]!);
  return line[line.length - 1]![1]!;
};
const upperLidAt = (x: number) => lineAt(face.landmarks, RIGHT_UPPER_LID, x);

describe('lid distance', () => {
  it('keeps the lash line at its own scale and stretches the skin above it', () => {
    expect(lidDistance(1, 12, 4, 1.5)).toBeCloseTo(1, 6);
    expect(lidDistance(12, 12, 4, 1.5)).toBeCloseTo(4, 6);
    expect(lidDistance(6, 12, 4, 1.5)).toBeGreaterThan(1.5);
    expect(lidDistance(6, 12, 4, 1.5)).toBeLessThan(4);
    // A lid shorter than the photo's (the eye widening) is compressed evenly.
    expect(lidDistance(3, 3, 4, 1.5)).toBeCloseTo(4, 6);
  });
});

describe('lids over a blinking eye (a real face)', () => {
  it('a shut lid is the photo\'s lid: no pixel of it reads the margin or the eyeball below it', () => {
    const shut = blink(1);
    const [outer, inner] = [face.landmarks[33]!, face.landmarks[133]!];
    let checked = 0;
    for (let x = Math.ceil(outer[0] + 0.2 * (inner[0] - outer[0])); x < outer[0] + 0.8 * (inner[0] - outer[0]); x++) {
      // The closed lid: from the crease down to the lower lid it now rests on.
      for (let y = Math.floor(shut.targets[27]![1]); y + 0.5 < lineAt(shut.targets, RIGHT_LOWER_LID, x + 0.5) - 0.5; y++) {
        const [sx, sy] = reads(shut.grid, x, y);
        if (sy > upperLidAt(sx) - 3) {
          expect(sy).toBeLessThanOrEqual(upperLidAt(sx) - 0.5);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('a shut lid darkens toward its lashes, as it turns under (none on an open eye)', () => {
    // A frame's buffers are the setup's own, reused by the next frame: read each before the next.
    const shut = blink(1);
    const x = Math.round(shut.targets[159]![0] - 0.5);
    const margin = Math.floor(lineAt(shut.targets, RIGHT_UPPER_LID, x + 0.5) - 1);
    const crease = Math.ceil(lineAt(shut.targets, RIGHT_LID_CREASE, x + 0.5) + 1);
    const keepAt = (keep: Float32Array, y: number) => keep[y * face.width + x]!;
    expect(margin).toBeGreaterThan(crease + 2);
    expect(keepAt(shut.keep, margin)).toBeLessThan(0.85);
    expect(keepAt(shut.keep, margin)).toBeLessThan(keepAt(shut.keep, crease) - 0.1);
    const open = blink(0);
    for (let y = crease; y <= margin; y++) expect(keepAt(open.keep, y)).toBe(1);
  });

  it('a half-closed eye is covered from above, not squashed: the eyeball under the lid stays where it is', () => {
    const half = blink(0.5);
    const lower = half.targets[145]!;
    const x = Math.round(lower[0] - 0.5);
    const y = Math.round(lower[1] - 3.5);
    const [, sy] = reads(half.grid, x, y);
    expect(sy).toBeCloseTo(y + 0.5, 0);
  });

  it("a smile's risen lower lid covers the eye from below: the iris does not ride up with it", () => {
    const smile = expressionFrame({ smile: 1 });
    const cornerLineAt = (points: readonly (readonly number[])[], x: number) => lineAt(points, [33, 133], x);
    const x = Math.round(face.landmarks[145]![0] - 0.5) + 0.5;
    // The lower lid rises past the corners (the cheeks push it up): by this much, pixels.
    const rise = lineAt(face.landmarks, RIGHT_LOWER_LID, x) - cornerLineAt(face.landmarks, x) - (lineAt(smile.targets, RIGHT_LOWER_LID, x) - cornerLineAt(smile.targets, x));
    expect(rise).toBeGreaterThan(1.5);
    const y = Math.floor(lineAt(smile.targets, RIGHT_LOWER_LID, x) - 1.5);
    const [, sy] = reads(smile.grid, x - 0.5, y);
    // It reads the photo as far from the corner line as it is: the part of the eye the lid now covers is not shown.
    expect(sy - cornerLineAt(face.landmarks, x)).toBeCloseTo(y + 0.5 - cornerLineAt(smile.targets, x), 0);
    expect(sy).toBeLessThan(lineAt(face.landmarks, RIGHT_LOWER_LID, x) - rise + 0.5);
    // No lid came down: no lid shadow on the eye, no shut lid's shading (the lid line's own pixel
    // is antialiased, a mix of two reads).
    const lid = lineAt(smile.targets, RIGHT_UPPER_LID, x);
    for (let row = Math.floor(lineAt(smile.targets, RIGHT_LID_CREASE, x)); row <= y; row++) {
      if (Math.abs(row + 0.5 - lid) > 1) expect(smile.keep[row * face.width + x - 0.5]).toBe(1);
    }
  });
});
