import { describe, expect, it } from 'vitest';
import { describeSecondsLeft, overallFraction, secondsLeft, type MakePlan } from './progress.ts';

describe('overallFraction', () => {
  it('moves through the stages in order, from 0 to 1', () => {
    const plan: MakePlan = { load: true, render: true, streaming: false };
    const points = [
      overallFraction(plan, 'loading', 0),
      overallFraction(plan, 'loading', 1),
      overallFraction(plan, 'rendering', 0.5),
      overallFraction(plan, 'rendering', 1),
      overallFraction(plan, 'encoding', 0.5),
      overallFraction(plan, 'encoding', 1),
    ];
    expect(points[0]).toBe(0);
    expect(points.at(-1)).toBe(1);
    for (let i = 1; i < points.length; i++) expect(points[i]!).toBeGreaterThanOrEqual(points[i - 1]!);
  });

  it('gives a streaming encoder the rendering stretch', () => {
    const plan: MakePlan = { load: false, render: true, streaming: true };
    expect(overallFraction(plan, 'rendering', 0.5)).toBeCloseTo(0.5);
    expect(overallFraction(plan, 'rendering', 1)).toBe(1);
  });

  it('is all encoding when the frames are ready and the encoder loaded', () => {
    const plan: MakePlan = { load: false, render: false, streaming: true };
    expect(overallFraction(plan, 'encoding', 0.25)).toBeCloseTo(0.25);
    expect(overallFraction(plan, 'encoding', 7)).toBe(1);
  });
});

describe('secondsLeft', () => {
  it('extrapolates the time so far, once there is something to go on', () => {
    expect(secondsLeft(0.2, 0.5)).toBeUndefined();
    expect(secondsLeft(10, 0.01)).toBeUndefined();
    expect(secondsLeft(4, 0.5)).toBeCloseTo(4);
    expect(secondsLeft(4, 1)).toBe(0);
  });

  it('reads naturally', () => {
    expect(describeSecondsLeft(undefined)).toBe('');
    expect(describeSecondsLeft(0.4)).toBe('almost done');
    expect(describeSecondsLeft(12.4)).toBe('about 12 s left');
    expect(describeSecondsLeft(130)).toBe('about 2 min left');
  });
});
