import { describe, expect, it } from 'vitest';
import { REST_POSE } from './rest.ts';
import { expressionDisplacement } from './rig.ts';
import { SKETCH_PATHS, sketchFrame } from './sketch.ts';

const rest = { pose: { ...REST_POSE }, expression: expressionDisplacement({}) };

describe('driver sketch', () => {
  it('draws a face that fits its square, symmetric at rest', () => {
    const lines = sketchFrame(rest, 48);
    expect(lines).toHaveLength(SKETCH_PATHS.length);
    const xs = lines.flatMap((l) => l.filter((_, i) => i % 2 === 0));
    const ys = lines.flatMap((l) => l.filter((_, i) => i % 2 === 1));
    expect(Math.min(...xs, ...ys)).toBeGreaterThan(0);
    expect(Math.max(...xs, ...ys)).toBeLessThan(48);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(24, 0);
  });

  it('follows the pose and the expression', () => {
    const nose = (frame: typeof rest) => sketchFrame(frame, 48).at(-1)!.slice(-2);
    const turned = { ...rest, pose: { ...REST_POSE, yaw: 12 } };
    expect(nose(turned)[0]!).toBeGreaterThan(nose(rest)[0]! + 1);
    const open = sketchFrame({ ...rest, expression: expressionDisplacement({ jawOpen: 1 }) }, 48);
    const gap = (lines: number[][]) => lines[7]![11]! - lines[6]![11]!;
    expect(gap(open)).toBeGreaterThan(gap(sketchFrame(rest, 48)) + 0.5);
  });
});
