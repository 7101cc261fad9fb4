import { describe, expect, it } from 'vitest';
import { fitInto, longSideWithinBudget, PREVIEW_FRAMES_BUDGET, renderSizeFor } from './use-box-size.ts';

describe('fitInto', () => {
  it('keeps the aspect and fills the tighter side', () => {
    expect(fitInto({ width: 800, height: 600 }, 1000, 1000)).toEqual({ width: 600, height: 600 });
    expect(fitInto({ width: 390, height: 500 }, 1596, 2096)).toEqual({ width: 380, height: 500 });
  });
});

describe('renderSizeFor', () => {
  it('renders at the displayed size times the pixel ratio, in 64 px steps', () => {
    expect(renderSizeFor({ width: 450, height: 600 }, 1)).toBe(640);
    expect(renderSizeFor({ width: 300, height: 400 }, 2)).toBe(832);
  });
  it('is capped for speed, and never below a sharp minimum', () => {
    expect(renderSizeFor({ width: 390, height: 520 }, 3)).toBe(1024);
    expect(renderSizeFor({ width: 100, height: 120 }, 1)).toBe(384);
  });
});

describe('longSideWithinBudget', () => {
  it('keeps all the frames of a motion within the memory budget', () => {
    for (const [frames, width, height] of [[250, 685, 900], [150, 1000, 1000], [110, 1126, 661]] as const) {
      const long = longSideWithinBudget(frames, width, height);
      const short = (long * Math.min(width, height)) / Math.max(width, height);
      expect(frames * 4 * long * short).toBeLessThanOrEqual(PREVIEW_FRAMES_BUDGET);
      expect(frames * 4 * (long + 2) * (short + 2)).toBeGreaterThan(PREVIEW_FRAMES_BUDGET);
    }
  });
});
