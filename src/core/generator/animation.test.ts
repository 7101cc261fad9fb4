import { describe, expect, it } from 'vitest';
import { REST_POSE } from '../drivers/rest.ts';
import { expressionDisplacement, type ExpressionControls } from '../drivers/rig.ts';
import { loadHopperFace } from '../motion/testdata/faces.ts';
import type { DriverFrame } from '../motion/types.ts';
import { frameInputs, prepareAnimation } from './animation.ts';
import { composeFrame, rgbaToPlanar } from './reference.ts';

const face = loadHopperFace();
// A textured stand-in for the photo: fills take their colours and grain from it. Its lips (a
// band round the mouth's middle) are darker than its skin, as a photo's are.
const [mouthX, mouthY] = [(face.landmarks[13]![0] + face.landmarks[14]![0]) / 2, (face.landmarks[13]![1] + face.landmarks[14]![1]) / 2];
const onLips = (p: number) => Math.abs((p % face.width) - mouthX) < 25 && Math.abs(Math.floor(p / face.width) - mouthY) < 10;
const rgba = new Uint8ClampedArray(face.width * face.height * 4).map((_, i) => (i % 4 === 3 ? 255 : (90 + ((i * 7919) % 61)) * (onLips(i >> 2) ? 0.7 : 1)));
const setup = prepareAnimation({ width: face.width, height: face.height, rgba }, [face]);
const plane = face.width * face.height;

const frame = (controls: ExpressionControls, pose = REST_POSE): DriverFrame => ({ pose: { ...pose }, expression: expressionDisplacement(controls) });

/** Without a person mask nothing of the plate shows: the base is what the fills paint (alpha = 1 - keep). */
function alphaStats({ base, keep }: { base: Float32Array; keep: Float32Array }) {
  let painted = 0;
  let premultipliedOk = true;
  for (let p = 0; p < plane; p++) {
    const a = 1 - keep[p]!;
    if (a > 0.01) painted++;
    if (a < -1e-6 || a > 1) premultipliedOk = false;
    for (let c = 0; c < 3; c++) if (base[c * plane + p]! > a + 1e-6 || base[c * plane + p]! < -1e-6) premultipliedOk = false;
  }
  return { painted, premultipliedOk };
}
const alphaOf = (inputs: { keep: Float32Array }, p: number) => 1 - inputs.keep[p]!;

describe('generator inputs per frame', () => {
  it('written into buffers given (a frame handed to another worker), the same as into its own', () => {
    const laughing = [{ frame: frame({ smile: 1, jawOpen: 0.6, blinkLeft: 0.8 }, { ...REST_POSE, yaw: 8 }), intensity: 1 }];
    const own = frameInputs(setup, laughing);
    const copies = { grid: own.grid.slice(), base: own.base.slice(), keep: own.keep.slice() };
    // Stale values in the given buffers must not show through.
    const into = { grid: new Float32Array(own.grid.length).fill(7), base: new Float32Array(own.base.length).fill(7), keep: new Float32Array(own.keep.length).fill(7) };
    const given = frameInputs(setup, laughing, into);
    expect(given.grid).toBe(into.grid);
    expect(given.base).toBe(into.base);
    expect(given.keep).toBe(into.keep);
    expect(given.grid).toEqual(copies.grid);
    expect(given.base).toEqual(copies.base);
    expect(given.keep).toEqual(copies.keep);
  });

  it('at rest: an identity sampling map, no fill, the source landmarks as targets', () => {
    const inputs = frameInputs(setup, [{ frame: frame({}), intensity: 1 }]);
    expect(alphaStats(inputs).painted).toBe(0);
    for (let i = 0; i < 478; i++) {
      expect(inputs.targets[0]![i]![0]).toBeCloseTo(face.landmarks[i]![0], 4);
      expect(inputs.targets[0]![i]![1]).toBeCloseTo(face.landmarks[i]![1], 4);
    }
    let worst = 0;
    for (let p = 0; p < plane; p++) {
      const x = p % face.width;
      worst = Math.max(worst, Math.abs(((inputs.grid[2 * p]! + 1) * face.width) / 2 - (x + 0.5)));
    }
    expect(worst).toBeLessThan(1e-3);
  });

  it('an opening jaw gets a dark mouth interior only in the new gap', () => {
    const open = frameInputs(setup, [{ frame: frame({ jawOpen: 1 }), intensity: 1 }]);
    const { painted, premultipliedOk } = alphaStats(open);
    expect(premultipliedOk).toBe(true);
    expect(painted).toBeGreaterThan(50);
    // Every clearly painted pixel is in (or within the 2 px fade of) the mouth.
    const [mx, my] = [(open.targets[0]![13]![0] + open.targets[0]![14]![0]) / 2, (open.targets[0]![13]![1] + open.targets[0]![14]![1]) / 2];
    const mouthWidth = Math.hypot(open.targets[0]![61]![0] - open.targets[0]![291]![0], open.targets[0]![61]![1] - open.targets[0]![291]![1]);
    for (let p = 0; p < plane; p++) {
      if (alphaOf(open, p) < 0.5) continue;
      expect(Math.hypot((p % face.width) - mx, Math.floor(p / face.width) - my)).toBeLessThan(mouthWidth);
    }
    // Below the added upper teeth (the photo's mouth is closed), darker than the photo's lips.
    const [up, lo] = [open.targets[0]![13]!, open.targets[0]![14]!];
    const p = Math.floor(up[1] + 0.85 * (lo[1] - up[1])) * face.width + Math.floor(mx);
    expect(open.base[p]! / Math.max(1e-6, alphaOf(open, p))).toBeLessThan(0.5);
  });

  it('a broad smile parts the closed lips and shows upper teeth under the upper lip, the dark interior below them', () => {
    const open = frameInputs(setup, [{ frame: frame({ smile: 1, jawOpen: 0.5 }), intensity: 1 }]);
    const [up, lo] = [open.targets[0]![13]!, open.targets[0]![14]!];
    const colourAt = (t: number) => {
      const p = Math.floor(up[1] + t * (lo[1] - up[1])) * face.width + Math.floor(up[0]);
      expect(alphaOf(open, p)).toBeGreaterThan(0.9);
      return open.base[p]! / alphaOf(open, p);
    };
    // Teeth are as light as the photo (90..150 of 255 here) under the lip's shadow; the interior is dark.
    expect(colourAt(0.35)).toBeGreaterThan(0.3);
    expect(colourAt(0.85)).toBeLessThan(0.5 * colourAt(0.35));
  });

  it('a lowered lid shades the eye under it; a smile gets no fill but the antialiasing of its folds', () => {
    const half = frameInputs(setup, [{ frame: frame({ blinkLeft: 0.5, blinkRight: 0.5 }), intensity: 1 }]);
    const lid = half.targets[0]![159]!;
    const below = (Math.round(lid[1]) + 1) * face.width + Math.round(lid[0]);
    expect(alphaOf(half, below)).toBeGreaterThan(0.1);
    expect(alphaOf(half, below)).toBeLessThan(0.5);
    // A gentle smile: a broad one parts the lips, which are filled (above).
    const smile = frameInputs(setup, [{ frame: frame({ smile: 0.45 }), intensity: 1 }]);
    // A fold's edge pixels show at most half of the other side; only the eyes, narrowed by the
    // rising cheeks, get a little of the lids' shadow.
    const eyes = [face.landmarks[468]!, face.landmarks[473]!];
    const radius = 0.3 * Math.hypot(eyes[0]![0] - eyes[1]![0], eyes[0]![1] - eyes[1]![1]);
    let worst = 0;
    smile.keep.forEach((k, p) => {
      const [x, y] = [p % face.width, Math.floor(p / face.width)];
      if (eyes.every((e) => Math.hypot(x - e[0], y - e[1]) > radius)) worst = Math.max(worst, 1 - k);
    });
    expect(worst).toBeLessThanOrEqual(0.5);
  });

  it('a smile deepens the smile lines: shadow on the mouth side of the fold, light on the cheek, more with a broader smile', () => {
    const depthAt = (smile: number) => {
      const inputs = frameInputs(setup, [{ frame: frame({ smile }), intensity: 1 }]);
      const t = inputs.targets[0]!;
      const iod = Math.hypot(t[468]![0] - t[473]![0], t[468]![1] - t[473]![1]);
      // Between two points of the subject's right fold, toward the corner (the mouth side) and away (the cheek).
      const mid = [(t[206]![0] + t[216]![0]) / 2, (t[206]![1] + t[216]![1]) / 2];
      const toCorner = [t[61]![0] - mid[0]!, t[61]![1] - mid[1]!];
      const length = Math.hypot(toCorner[0]!, toCorner[1]!);
      const at = (d: number) => Math.round(mid[1]! + (toCorner[1]! / length) * d) * face.width + Math.round(mid[0]! + (toCorner[0]! / length) * d);
      const mouthSide = at(0.01 * iod);
      const cheek = at(-0.05 * iod);
      return { shadow: alphaOf(inputs, mouthSide), cheekShadow: alphaOf(inputs, cheek), cheekLight: inputs.base[cheek]! };
    };
    const broad = depthAt(1);
    const gentle = depthAt(0.45);
    expect(broad.shadow).toBeGreaterThan(0.04);
    expect(broad.shadow).toBeLessThan(0.1);
    expect(broad.cheekShadow).toBeLessThan(0.3 * broad.shadow);
    expect(broad.cheekLight).toBeGreaterThan(0.01);
    expect(gentle.shadow).toBeGreaterThan(0.01);
    expect(gentle.shadow).toBeLessThan(0.8 * broad.shadow);
  });

  it('antialiases a turning face where it folds over what is beside it', () => {
    const turned = frameInputs(setup, [{ frame: frame({}, { ...REST_POSE, yaw: 15 }), intensity: 1 }]);
    const alphas = turned.keep.map((k) => 1 - k);
    const blended = alphas.filter((a) => a > 0.02 && a < 0.98).length;
    expect(blended).toBeGreaterThan(20);
    expect(alphas.reduce((m, a) => Math.max(m, a), 0)).toBeLessThanOrEqual(0.5);
  });

  it('a head turn moves the nose to the viewer\'s right and keeps the image border still', () => {
    const turned = frameInputs(setup, [{ frame: frame({}, { ...REST_POSE, yaw: 12 }), intensity: 1 }]);
    const corner = 2 * (1 * face.width + 1);
    expect(((turned.grid[corner]! + 1) * face.width) / 2).toBeCloseTo(1.5, 2);
    const nose = turned.targets[0]![1]!;
    expect(nose[0]).toBeGreaterThan(face.landmarks[1]![0] + 3);
  });

  it('with a person mask: the face turns, the background beside it stays exactly the photo', () => {
    // The person: a column through the middle of the frame; the background either side.
    const person = new Uint8Array(plane).map((_, p) => (Math.abs((p % face.width) - face.width / 2) < 150 ? 255 : 0));
    const layered = prepareAnimation({ width: face.width, height: face.height, rgba }, [face], { person });
    const inputs = frameInputs(layered, [{ frame: frame({}, { ...REST_POSE, yaw: 12 }), intensity: 1 }]);
    const photo = rgbaToPlanar({ data: rgba, width: face.width, height: face.height });
    const rendered = composeFrame({
      source: layered.foreground, height: 2 * face.height, width: 2 * face.width,
      grid: inputs.grid, outHeight: face.height, outWidth: face.width, base: inputs.base, keep: inputs.keep,
    });
    let backgroundWorst = 0;
    let faceChanged = 0;
    const nose = face.landmarks[1]!;
    for (let y = 0; y < face.height; y++) {
      for (let x = 0; x < face.width; x++) {
        const p = y * face.width + x;
        const change = Math.abs(rendered[p]! - photo[p]!);
        if (Math.abs(x - face.width / 2) > 170) backgroundWorst = Math.max(backgroundWorst, change);
        if (Math.hypot(x - nose[0], y - nose[1]) < 40 && change > 2 / 255) faceChanged++;
      }
    }
    expect(backgroundWorst).toBeLessThan(1e-6);
    expect(faceChanged).toBeGreaterThan(100);
  });
});
