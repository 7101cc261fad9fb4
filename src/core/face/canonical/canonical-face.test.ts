import { describe, expect, it } from 'vitest';
import { fitCanonicalPose } from '../../motion/head-frame.ts';
import { add, apply, distance, scale } from '../../motion/linear-algebra.ts';
import { loadHopperFace } from '../../motion/testdata/faces.ts';
import { CANONICAL_FACE } from './canonical-face.ts';

// The canonical face against a real detection: same conventions, same landmark order.
describe('CANONICAL_FACE vs a real detection', () => {
  const { landmarks } = loadHopperFace();
  const all = Array.from({ length: 478 }, (_, i): [number, number] => [i, 1]);
  const fit = fitCanonicalPose(landmarks, all);
  const placed = CANONICAL_FACE.map((p) => add(scale(apply(fit.rotation, p), fit.scale), fit.translation));

  it('fits the detected face closely once posed (same axes, no mirroring)', () => {
    expect(fit.rmsError).toBeLessThan(0.08); // eye-spans: an elderly face is not the average one
    const errors = placed.map((p, i) => distance(p, landmarks[i]!) / fit.scale);
    expect(Math.max(...errors)).toBeLessThan(0.25);
  });

  it('orders the iris points as the detector does: centre, image right, up, image left, down', () => {
    for (const centre of [468, 473]) {
      const c = landmarks[centre]!;
      const [right, up, left, down] = [1, 2, 3, 4].map((j) => landmarks[centre + j]!);
      expect(right![0]).toBeGreaterThan(c[0]);
      expect(up![1]).toBeLessThan(c[1]);
      expect(left![0]).toBeLessThan(c[0]);
      expect(down![1]).toBeGreaterThan(c[1]);
      // Each detected iris point is the nearest of the fitted canonical ones.
      for (let j = 0; j < 5; j++) {
        const detected = landmarks[centre + j]!;
        const nearest = [0, 1, 2, 3, 4].reduce((best, k) =>
          distance(placed[centre + k]!, detected) < distance(placed[centre + best]!, detected) ? k : best,
        );
        expect(nearest).toBe(j);
      }
    }
    // Detected iris radius vs the canonical one (~0.066 eye-spans).
    const radius = distance(landmarks[468]!, landmarks[469]!) / distance(landmarks[33]!, landmarks[263]!);
    expect(radius).toBeGreaterThan(0.05);
    expect(radius).toBeLessThan(0.08);
  });
});
