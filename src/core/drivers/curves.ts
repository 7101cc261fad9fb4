/**
 * Keyframed curves for authored drivers: a track is a list of [time, value] keys joined by
 * eased segments. Easing in and out of every key (velocity 0 at the keys) gives natural
 * starts, stops and holds; a repeated value is a hold.
 */

/** Maps segment progress 0..1 to eased progress (0 -> 0, 1 -> 1). */
export type Easing = (u: number) => number;

export const easings = {
  linear: (u: number) => u,
  /** Cubic Hermite with zero end velocities: ease in and out. */
  smoothstep: (u: number) => u * u * (3 - 2 * u),
  /** Quintic: also zero acceleration at the keys, softer starts (slow head motion). */
  smootherstep: (u: number) => u * u * u * (u * (6 * u - 15) + 10),
  /** Accelerates from rest, arrives at full speed (e.g. a lid dropping onto the other). */
  easeIn: (u: number) => u * u,
  /** Leaves at full speed, settles (e.g. a lid snapping back open). */
  easeOut: (u: number) => u * (2 - u),
} as const satisfies Record<string, Easing>;

/** [time in seconds, value], optionally with the easing of the segment that ends at this key. */
export type Keyframe = readonly [time: number, value: number] | readonly [time: number, value: number, easing: Easing];

/** A value over time; before the first key it holds the first value, after the last the last. */
export type Track = (time: number) => number;

/**
 * Builds a track from keys in increasing time order. Each segment uses its end key's easing,
 * else `easing` (smoothstep by default).
 */
export function track(keys: readonly Keyframe[], easing: Easing = easings.smoothstep): Track {
  if (keys.length === 0) throw new Error('a track needs at least one key');
  for (let k = 1; k < keys.length; k++) {
    if (!(keys[k]![0] >= keys[k - 1]![0])) throw new Error(`key ${k} at ${keys[k]![0]} s precedes key ${k - 1}`);
  }
  const times = keys.map((key) => key[0]);
  return (time: number) => {
    if (time <= times[0]!) return keys[0]![1];
    if (time >= times[times.length - 1]!) return keys[keys.length - 1]![1];
    // Last key at or before `time` (binary search: drivers sample every key list per frame).
    let lo = 0;
    let hi = times.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! <= time) lo = mid;
      else hi = mid;
    }
    const [t0, v0] = keys[lo]!;
    const [t1, v1, segmentEasing] = keys[hi]!;
    const u = (time - t0) / (t1 - t0);
    return v0 + (v1 - v0) * (segmentEasing ?? easing)(u);
  };
}

/** A constant track. */
export const constant =
  (value: number): Track =>
  () =>
    value;

/** Sum of tracks, e.g. a slow drift plus a quick gesture. */
export const sum =
  (...tracks: Track[]): Track =>
  (time) =>
    tracks.reduce((total, t) => total + t(time), 0);

/** Keys of a quick out-and-back pulse (a blink, a nod) starting at `start`: rise, hold, fall. */
export function pulseKeys(
  start: number,
  peak: number,
  { rise, hold, fall }: { rise: number; hold: number; fall: number },
  shape: { rise?: Easing; fall?: Easing } = {},
): Keyframe[] {
  const riseKey: Keyframe = shape.rise ? [start + rise, peak, shape.rise] : [start + rise, peak];
  const fallKey: Keyframe = shape.fall ? [start + rise + hold + fall, 0, shape.fall] : [start + rise + hold + fall, 0];
  return [[start, 0], riseKey, [start + rise + hold, peak], fallKey];
}

/** Frame times 0, 1/fps, ... for a clip of `duration` seconds (the end itself excluded, so loops don't repeat a frame). */
export function frameTimes(duration: number, fps: number): number[] {
  const count = Math.round(duration * fps);
  return Array.from({ length: count }, (_, i) => i / fps);
}

/** A track sampled at `fps` over `duration` seconds. */
export const sampleTrack = (t: Track, duration: number, fps: number): number[] => frameTimes(duration, fps).map(t);
