/**
 * Authoring helpers of the driver library: natural blinks, saccades, breathing sway and micro
 * head motion layered on a gesture's keyframes. Every helper's curve starts at exactly 0 and
 * settles to exactly 0 (with zero velocity: eased keys) before the clip's last frame, so a
 * driver starts and ends at rest and loops seamlessly.
 */
import { mulberry32 } from '../../random.ts';
import type { Driver, HeadPose } from '../../motion/types.ts';
import { authorDriver, DEFAULT_FPS } from '../authoring.ts';
import { easings, pulseKeys, sum, track, type Keyframe, type Track } from '../curves.ts';
import type { ExpressionControls } from '../rig.ts';

export interface LibraryDriver {
  driver: Driver;
  /** One sentence for the picker. */
  description: string;
  /**
   * Kind of motion ('smile', 'nod', 'idle', ...) and fit: 'painting' (barely moves),
   * 'pose:from-left' / 'pose:from-right' (turns mostly toward the viewer's left / right, so it
   * suits a face already turned that way in the photo: it turns further away, little back).
   */
  tags: string[];
}

export const FPS = DEFAULT_FPS;

/** Time of the last frame of a clip of `duration` seconds (frames exclude the end). */
export const lastFrameTime = (duration: number): number => (Math.round(duration * FPS) - 1) / FPS;

// ---------------------------------------------------------------- blinks

/** A natural blink (~240 ms): the lid drops in 80 ms, stays shut 40 ms, reopens in 120 ms. */
export const BLINK = { rise: 0.08, hold: 0.04, fall: 0.12 };
/** A heavy, sleepy blink (~1 s). */
export const HEAVY_BLINK = { rise: 0.22, hold: 0.3, fall: 0.45 };

export const blinkKeys = (start: number, depth = 1, timing = BLINK): Keyframe[] =>
  pulseKeys(start, depth, timing, { rise: easings.easeIn, fall: easings.easeOut });

/** Blinks of both eyes at the given start times. */
export const blinkTrack = (starts: readonly number[], depth = 1, timing = BLINK): Track =>
  starts.length === 0 ? () => 0 : track(starts.flatMap((start) => blinkKeys(start, depth, timing)));

// ---------------------------------------------------------------- gaze

/** A gaze fixation: from `time` the eyes jump (in `SACCADE` s) to (x, y) and hold. */
export type Fixation = readonly [time: number, x: number, y: number];
/** Saccade duration: 2 frames, eased (a real one takes 30-80 ms). */
export const SACCADE = 0.08;

/** Gaze tracks for a path of fixations starting from the centre; end it with a fixation at (0, 0). */
export function saccades(fixations: readonly Fixation[], duration = SACCADE): { gazeX: Keyframe[]; gazeY: Keyframe[] } {
  const gazeX: Keyframe[] = [[0, 0]];
  const gazeY: Keyframe[] = [[0, 0]];
  let [x, y] = [0, 0];
  for (const [time, nx, ny] of fixations) {
    gazeX.push([time, x], [time + duration, nx]);
    gazeY.push([time, y], [time + duration, ny]);
    [x, y] = [nx, ny];
  }
  return { gazeX, gazeY };
}

// ---------------------------------------------------------------- smiles

/**
 * An asymmetric smile from one envelope: the leading side follows `keys`, the other lags by
 * `lag` seconds and reaches `ratio` of the amount (real smiles are rarely symmetric).
 */
export function asymmetricSmile(
  keys: readonly Keyframe[],
  { lead = 'left', lag = 0.12, ratio = 0.85 }: { lead?: 'left' | 'right'; lag?: number; ratio?: number } = {},
): { smileLeft: Keyframe[]; smileRight: Keyframe[] } {
  const leading = [...keys];
  const following = keys.map(([t, v]): Keyframe => [t + lag, v * ratio]);
  return lead === 'left' ? { smileLeft: leading, smileRight: following } : { smileLeft: following, smileRight: leading };
}

/** Keys of an envelope: 0 at `start`, `peak` after `attack`, held until `release`, 0 after `decay`. */
export const envelope = (start: number, peak: number, attack: number, release: number, decay: number): Keyframe[] => [
  [start, 0],
  [start + attack, peak],
  [release, peak],
  [release + decay, 0],
];

// ---------------------------------------------------------------- head sway and micro motion

/** Deterministic PRNG (mulberry32) seeded from a string: micro motion is the same every build. */
function random(seed: string): () => number {
  let a = 0x9e3779b9;
  for (let i = 0; i < seed.length; i++) a = Math.imul(a ^ seed.charCodeAt(i), 0x85ebca6b) >>> 0;
  return mulberry32(a);
}

/**
 * Breathing sway: a slow oscillation of ±`amplitude` (period ~`period` s) from 0 at t = 0 to 0
 * at `end`, whole half-cycles so it starts and ends with zero velocity. `sign` picks the first
 * swing's direction.
 */
export function sway(end: number, amplitude: number, period = 4, sign: 1 | -1 = 1): Track {
  const halves = Math.max(1, Math.round(end / (period / 2)));
  const half = end / halves;
  const keys: Keyframe[] = [[0, 0]];
  for (let k = 0; k < halves; k++) keys.push([half / 2 + k * half, sign * amplitude * (k % 2 === 0 ? 1 : -1)]);
  keys.push([end, 0]);
  return track(keys, easings.smoothstep);
}

/** Micro head motion: small, irregular drifts within ±`amplitude` every 0.6-1.4 s, 0 at both ends. */
export function micro(end: number, amplitude: number, seed: string): Track {
  const next = random(seed);
  const keys: Keyframe[] = [[0, 0]];
  let t = 0.5 + 0.5 * next();
  while (t < end - 0.8) {
    keys.push([t, amplitude * (2 * next() - 1)]);
    t += 0.6 + 0.8 * next();
  }
  keys.push([end, 0]);
  return track(keys, easings.smootherstep);
}

// ---------------------------------------------------------------- building

type PoseChannel = 'yaw' | 'pitch' | 'roll' | 'x' | 'y';
type Control = keyof ExpressionControls;

export interface GestureSpec {
  id: string;
  name: string;
  /** Seconds, 4-10. */
  duration: number;
  description: string;
  tags: string[];
  /** The gesture's own keys (eased with smootherstep: slow head motion). */
  pose?: Partial<Record<PoseChannel, readonly Keyframe[]>>;
  /** Rig control keys (smoothstep unless a key says otherwise). */
  expression?: Partial<Record<Control, readonly Keyframe[]>>;
  /** Start times of natural blinks of both eyes (added to any blink keys). */
  blinks?: readonly number[];
  /** Breathing sway amplitude, degrees of pitch (roll takes 0.8 of it); default 0.6. */
  sway?: number;
  /** Micro head motion amplitude, degrees; default 0.25. */
  micro?: number;
}

/** How long before the last frame the layered sway and micro motion settle to rest. */
const SETTLE = 0.2;

export function gesture(spec: GestureSpec): LibraryDriver {
  const last = lastFrameTime(spec.duration);
  const allKeys = [...Object.values(spec.pose ?? {}), ...Object.values(spec.expression ?? {})] as Keyframe[][];
  for (const keys of allKeys) {
    const end = keys[keys.length - 1]!;
    if (end[0] > last || end[1] !== 0 || keys[0]![1] !== 0) {
      throw new Error(`${spec.id}: every curve must start at 0 and end at 0 by ${last} s`);
    }
  }
  for (const start of spec.blinks ?? []) {
    if (start < 0.3 || start + BLINK.rise + BLINK.hold + BLINK.fall > last - 0.3) throw new Error(`${spec.id}: blink at ${start} s too near an end`);
  }
  const end = last - SETTLE;
  const swayAmplitude = spec.sway ?? 0.6;
  const microAmplitude = spec.micro ?? 0.25;
  const headTrack = (channel: PoseChannel) => {
    const keys = spec.pose?.[channel];
    return keys ? track(keys, easings.smootherstep) : () => 0;
  };
  const pose: Partial<Record<keyof HeadPose, Track>> = {
    yaw: sum(headTrack('yaw'), micro(end, microAmplitude, `${spec.id}:yaw`)),
    // Breathing: pitch at ~0.25 Hz, roll slower and out of phase.
    pitch: sum(headTrack('pitch'), sway(end, swayAmplitude, 4, 1), micro(end, microAmplitude * 0.8, `${spec.id}:pitch`)),
    roll: sum(headTrack('roll'), sway(end, swayAmplitude * 0.8, 5.2, -1), micro(end, microAmplitude * 0.6, `${spec.id}:roll`)),
    x: headTrack('x'),
    y: headTrack('y'),
  };
  const expression: Partial<Record<Control, Track>> = {};
  for (const [control, keys] of Object.entries(spec.expression ?? {}) as [Control, Keyframe[]][]) expression[control] = track(keys);
  if (spec.blinks?.length) {
    const blinks = blinkTrack(spec.blinks);
    for (const eye of ['blinkLeft', 'blinkRight'] as const) expression[eye] = expression[eye] ? sum(expression[eye], blinks) : blinks;
  }
  const driver = authorDriver({ id: spec.id, name: spec.name, duration: spec.duration, fps: FPS, pose, expression });
  return { driver, description: spec.description, tags: spec.tags };
}
