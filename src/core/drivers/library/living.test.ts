/**
 * Issue 11, "Life": every library driver keeps the face moving — no frozen stretch anywhere in
 * the loop — measured as `kinora eval` measures it (stillness, quality.md) on a real face's
 * target landmarks through the motion transfer, and the same relative to any face's size.
 */
import { describe, expect, it } from 'vitest';
import { interOcularDistance } from '../../face/landmark-indices.ts';
import { headFrame } from '../../motion/head-frame.ts';
import { motionLimits } from '../../motion/limits.ts';
import { loadHopperFace } from '../../motion/testdata/faces.ts';
import { transferMotion } from '../../motion/transfer.ts';
import type { Driver, Landmarks } from '../../motion/types.ts';
import { stillness } from '../../quality/believability.ts';
import { isRestFrame } from '../authoring.ts';
import { mirrorDriver } from '../mirror.ts';
import { life, lastFrameTime } from './common.ts';
import { findLibraryDriver, libraryDrivers } from './index.ts';

const hopper = loadHopperFace();

/** The driver's target landmarks on the hopper face scaled by `size` (1 = the photo's 119 px eye span). */
function targetsOf(driver: Driver, size = 1, intensity = 1): Landmarks[] {
  const landmarks = hopper.landmarks.map(([x, y, z]) => [x * size, y * size, z * size] as [number, number, number]);
  const head = headFrame(landmarks, hopper.matrix);
  const limits = motionLimits(head);
  return driver.frames.map((frame) => transferMotion(head, frame, { intensity, limits }).landmarks);
}

/** Largest distance of the head points (forehead 10, nose tip 1, chin 152) from where they are in the photo, in eye spans. */
function headTravel(targets: readonly Landmarks[]): number {
  const iod = interOcularDistance(hopper.landmarks);
  let largest = 0;
  for (const t of targets) for (const i of [10, 1, 152]) largest = Math.max(largest, Math.hypot(t[i]![0] - hopper.landmarks[i]![0], t[i]![1] - hopper.landmarks[i]![1]));
  return largest / iod;
}

const drivers = libraryDrivers().flatMap(({ driver }) => [driver, mirrorDriver(driver)]);

describe('living drivers', () => {
  it.each(drivers.map((d) => [d.id, d] as const))('%s: at most 5 %% of its frames are still (largest landmark step < 0.1 % IOD)', (_, driver) => {
    const value = stillness(targetsOf(driver))!;
    // Only the loop's seam may be still: the last frame equals the first.
    expect(value).toBeLessThanOrEqual(0.05);
    expect(value).toBeLessThanOrEqual(1 / driver.frames.length + 1e-12);
    expect(isRestFrame(driver.frames[0]!) && isRestFrame(driver.frames.at(-1)!)).toBe(true);
  });

  it('small faces move as much as large ones, relative to their size', () => {
    for (const id of ['sitters-idle', 'laugh', 'look-right-and-back']) {
      const { driver } = findLibraryDriver(id)!;
      const large = targetsOf(driver);
      const small = targetsOf(driver, 0.2);
      // The same motion, scaled: every target of the small face is the large one's times 0.2.
      large.forEach((frame, f) =>
        frame.forEach((p, i) => {
          expect(small[f]![i]![0]).toBeCloseTo(0.2 * p[0], 6);
          expect(small[f]![i]![1]).toBeCloseTo(0.2 * p[1], 6);
        }),
      );
      expect(stillness(small)).toBe(stillness(large));
    }
  });

  it("the sitter's idle is subtle but visible: the head travels 2-8 % of an eye span, its angles stay under 1°", () => {
    const { driver } = findLibraryDriver('sitters-idle')!;
    const travel = headTravel(targetsOf(driver));
    expect(travel).toBeGreaterThan(0.02);
    expect(travel).toBeLessThan(0.08);
    // On a face whose eye span is 200 px (a face filling a 512 px frame): a few pixels.
    expect(travel * 200).toBeGreaterThan(4);
  });
});

describe('life (the living layer)', () => {
  const last = lastFrameTime(6);
  const layer = life(last, { sway: 0.6, micro: 0.25 }, 'test');
  const channels = Object.values(layer);

  it('is exactly 0 at the first and the last frame, and periodic over the clip', () => {
    for (const track of channels) {
      expect(track(0) === 0 && track(last) === 0).toBe(true);
      for (const t of [0.04, 1.3, 2.9]) expect(track(t + last)).toBeCloseTo(track(t), 12);
    }
  });

  it('never stops: sway (x) and breath (y) a quarter cycle apart, the head travels at least 0.04 eye-spans a second', () => {
    const speed = (t: number) => Math.hypot(...[layer.x, layer.y].map((track) => (track(t + 0.001) - track(t)) / 0.001));
    let slowest = Infinity;
    for (let t = 0; t < last; t += 0.01) slowest = Math.min(slowest, speed(t));
    expect(slowest).toBeGreaterThan(0.04);
  });
});
