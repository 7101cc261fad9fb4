/**
 * The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter whose cutoff rises
 * with the signal's speed. Slow or still, it cuts hard (removes a detector's jitter); moving fast,
 * it opens up (little lag). Works on scalars and, component by component, on vectors.
 *
 *   alpha(fc, dt) = 1 / (1 + τ/dt),  τ = 1 / (2π·fc)
 *   dx̂ = lowpass((x - x̂_prev) / dt, alpha(dCutoff))
 *   fc  = minCutoff + beta·|dx̂|
 *   x̂  = lowpass(x, alpha(fc))
 */

export interface OneEuroParams {
  /** Hz: the cutoff when still. Lower = less jitter, more lag at low speed. */
  minCutoff: number;
  /** Cutoff increase per unit of speed (units/s). Higher = less lag when moving fast. */
  beta: number;
  /** Hz: cutoff of the derivative's own low-pass. */
  dCutoff: number;
}

export const DEFAULT_ONE_EURO: Readonly<OneEuroParams> = { minCutoff: 1, beta: 0, dCutoff: 1 };

const alpha = (cutoff: number, dt: number): number => {
  const tau = 1 / (2 * Math.PI * cutoff);
  return 1 / (1 + tau / dt);
};

/**
 * Stateful One Euro filter. Feed samples in time order: `filter(value, t)` with t in seconds.
 * A number in gives a number out; an array (or typed array) in gives a number[] out, each
 * component filtered independently (the array length must stay the same).
 */
export class OneEuroFilter {
  readonly params: Readonly<OneEuroParams>;
  private previous: number[] | null = null;
  private derivative: number[] = [];
  private lastTime = 0;

  constructor(params: Partial<OneEuroParams> = {}) {
    const merged = { ...DEFAULT_ONE_EURO, ...params };
    if (!(merged.minCutoff > 0) || !(merged.dCutoff > 0) || !(merged.beta >= 0)) {
      throw new Error(`invalid One Euro parameters ${JSON.stringify(merged)}: cutoffs must be > 0, beta >= 0`);
    }
    this.params = merged;
  }

  /** Forgets the history: the next sample passes through unchanged. */
  reset(): void {
    this.previous = null;
    this.derivative = [];
  }

  filter(value: number, timestampSeconds: number): number;
  filter(value: ArrayLike<number>, timestampSeconds: number): number[];
  filter(value: number | ArrayLike<number>, timestampSeconds: number): number | number[] {
    const scalar = typeof value === 'number';
    const x: number[] = scalar ? [value] : Array.from(value);
    const out = this.step(x, timestampSeconds);
    return scalar ? out[0]! : out;
  }

  private step(x: number[], t: number): number[] {
    if (this.previous === null) {
      this.previous = [...x];
      this.derivative = new Array<number>(x.length).fill(0);
      this.lastTime = t;
      return [...x];
    }
    if (x.length !== this.previous.length) {
      throw new Error(`One Euro filter got ${x.length} values after ${this.previous.length}`);
    }
    const dt = t - this.lastTime;
    // A repeated (or out-of-order) timestamp carries no new timing: keep the estimate.
    if (!(dt > 0)) return [...this.previous];
    this.lastTime = t;
    const { minCutoff, beta, dCutoff } = this.params;
    const aD = alpha(dCutoff, dt);
    const out = new Array<number>(x.length);
    for (let k = 0; k < x.length; k++) {
      const prev = this.previous[k]!;
      const dx = (x[k]! - prev) / dt;
      const edx = this.derivative[k]! + aD * (dx - this.derivative[k]!);
      this.derivative[k] = edx;
      const a = alpha(minCutoff + beta * Math.abs(edx), dt);
      out[k] = prev + a * (x[k]! - prev);
    }
    this.previous = out;
    return [...out];
  }
}

/** Filters a whole series sampled at `fps` (sample i at i / fps); a fresh filter per call. */
export function oneEuroSeries(values: readonly number[], fps: number, params: Partial<OneEuroParams> = {}): number[] {
  const filter = new OneEuroFilter(params);
  return values.map((v, i) => filter.filter(v, i / fps));
}
