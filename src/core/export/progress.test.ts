import { describe, expect, it } from 'vitest';
import { roundedTimeLeft, etaTracker, overallFraction, type MakePlan } from './progress.ts';

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

describe('etaTracker', () => {
  /** A clock the test moves by hand, in ms. */
  function clock() {
    let t = 1000;
    return { now: () => t, advance: (ms: number) => void (t += ms) };
  }

  it('says nothing until there is something to go on', () => {
    const time = clock();
    const eta = etaTracker(time.now);
    const plan: MakePlan = { load: false, render: true, streaming: true };
    expect(eta.update(plan, 'rendering', 0).secondsLeft).toBeUndefined();
    time.advance(100);
    expect(eta.update(plan, 'rendering', 0.01).secondsLeft).toBeUndefined();
  });

  it('extrapolates the stage under way from its own pace', () => {
    const time = clock();
    const eta = etaTracker(time.now);
    const plan: MakePlan = { load: false, render: true, streaming: true };
    eta.update(plan, 'rendering', 0);
    time.advance(4000);
    expect(eta.update(plan, 'rendering', 0.5).secondsLeft).toBeCloseTo(4);
    time.advance(4000);
    expect(eta.update(plan, 'rendering', 1).secondsLeft).toBeCloseTo(0);
  });

  it('learns that a slow encoder is slow as soon as it runs (an MP4 after its frames)', () => {
    const time = clock();
    const eta = etaTracker(time.now);
    const plan: MakePlan = { load: false, render: true, streaming: false };
    eta.update(plan, 'rendering', 0);
    time.advance(4000);
    // Rendering done in 4 s; the encoding still to come is guessed from that pace.
    const guessed = eta.update(plan, 'encoding', 0).secondsLeft!;
    expect(guessed).toBeCloseTo(3);
    // The encoder turns out to take 10 s for a tenth: the estimate follows it.
    time.advance(10_000);
    expect(eta.update(plan, 'encoding', 0.1).secondsLeft).toBeCloseTo(90);
  });

  it('its fraction is the overall one', () => {
    const time = clock();
    const plan: MakePlan = { load: true, render: true, streaming: false };
    expect(etaTracker(time.now).update(plan, 'rendering', 0.5).fraction).toBeCloseTo(overallFraction(plan, 'rendering', 0.5));
  });
});

describe('roundedTimeLeft', () => {
  it('reads naturally', () => {
    expect(roundedTimeLeft(undefined)).toBeUndefined();
    expect(roundedTimeLeft(0.4)).toEqual({ unit: 'almost' });
    expect(roundedTimeLeft(12.4)).toEqual({ unit: 'seconds', count: 12 });
    expect(roundedTimeLeft(130)).toEqual({ unit: 'minutes', count: 2 });
  });
});
