/**
 * Authoring helpers of the driver library: natural blinks, saccades, smiles, and the living layer
 * (breathing, sway and micro motion that never stop) under a gesture's keyframes. A gesture's own
 * curves start at exactly 0 and settle to exactly 0 (with zero velocity: eased keys) before the
 * clip's last frame; the living layer is periodic over the clip and exactly 0 at its first and last
 * frames. So a driver starts and ends exactly at rest, its last frame equals its first, and it
 * loops without a jump and without freezing.
 */
import { mulberry32 } from '../../random.ts';
import type { Driver, HeadPose } from '../../motion/types.ts';
import { authorDriver, DEFAULT_FPS } from '../authoring.ts';
import { MOTION_TEXTS, type LibraryMotionId } from './texts.ts';
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

// ---------------------------------------------------------------- life: breathing, sway, micro motion

/** Deterministic PRNG (mulberry32) seeded from a string: micro motion is the same every build. */
function random(seed: string): () => number {
  let a = 0x9e3779b9;
  for (let i = 0; i < seed.length; i++) a = Math.imul(a ^ seed.charCodeAt(i), 0x85ebca6b) >>> 0;
  return mulberry32(a);
}

/** Pose channels of the living layer. */
export type LifeChannel = 'yaw' | 'pitch' | 'roll' | 'x' | 'y';

/** How much a living layer moves: degrees of sway and of micro motion (see `life`). */
export interface LifeAmplitudes {
  /** Breathing and sway, degrees: the roll of the sway and the pitch of a breath. */
  sway: number;
  /** Irregular micro motion of the head, degrees (yaw, pitch and roll). */
  micro: number;
}

/** Seconds per breath (and per sway), roughly: 12-20 breaths a minute, a whole number of them per clip. */
export const BREATH_PERIOD = 3.6;
/** Eye-spans of head travel per degree of `sway`: to each side with the sway, ... */
const SWAY_TRAVEL = 0.045;
/** ... and up at the top of a breath (0.06 eye-spans at the default 0.6°). */
const BREATH_RISE = 0.1;

/**
 * The living layer under every library driver (issue 11): the head never freezes. A breath lifts
 * the head and the chin (y, pitch) while the body sways the head to the side with a tilt (x,
 * roll), a quarter cycle apart, so the head traces a small ellipse and its speed never drops to
 * zero; an irregular micro motion (yaw, pitch, roll) rides on it.
 *
 * Every term is periodic over the clip: f(2πk·t/L) - f(0) for a periodic f and a whole number k of
 * cycles, with L the time of the LAST frame. So the layer is exactly 0 at the first frame and at
 * the last (both at rest: the loop closes on equal frames, and a still frame reproduces the photo)
 * and it moves across the seam as it moves everywhere else.
 */
export function life(last: number, { sway, micro }: LifeAmplitudes, seed: string): Record<LifeChannel, Track> {
  const cycles = Math.max(1, Math.round(last / BREATH_PERIOD));
  // (t / last) % 1 is exactly 0 at the last frame's time, so every term there is exactly 0.
  const phase = (k: number) => (t: number) => 2 * Math.PI * k * ((t / last) % 1);
  const breath = phase(cycles);
  const swaying = (t: number) => Math.sin(breath(t));
  const breathing = (t: number) => (1 - Math.cos(breath(t))) / 2;
  // Micro motion: per channel a slower and a faster sine (whole cycles too), random amplitudes and phases.
  const next = random(seed);
  const wobble = (amplitude: number): Track => {
    const terms = [Math.max(1, cycles - 1), 2 * cycles + 1].map((k) => ({ at: phase(k), a: amplitude * (0.5 + 0.5 * next()), shift: 2 * Math.PI * next() }));
    return (t) => terms.reduce((total, { at, a, shift }) => total + a * (Math.sin(at(t) + shift) - Math.sin(shift)), 0);
  };
  const [yawWobble, pitchWobble, rollWobble] = [wobble(micro), wobble(0.8 * micro), wobble(0.6 * micro)];
  return {
    // Chin up and the head rising with each breath; the sway tilts it toward the side it moves to.
    pitch: (t) => -sway * breathing(t) + pitchWobble(t),
    y: (t) => -BREATH_RISE * sway * breathing(t),
    roll: (t) => sway * swaying(t) + rollWobble(t),
    x: (t) => SWAY_TRAVEL * sway * swaying(t),
    yaw: yawWobble,
  };
}

// ---------------------------------------------------------------- building

type PoseChannel = 'yaw' | 'pitch' | 'roll' | 'x' | 'y';
type Control = keyof ExpressionControls;

export interface GestureSpec {
  /** Its name and description are in MOTION_TEXTS (texts.ts), with the other languages' in the catalogues. */
  id: LibraryMotionId;
  /** Seconds, 4-10. */
  duration: number;
  tags: string[];
  /** The gesture's own keys (eased with smootherstep: slow head motion). */
  pose?: Partial<Record<PoseChannel, readonly Keyframe[]>>;
  /** Rig control keys (smoothstep unless a key says otherwise). */
  expression?: Partial<Record<Control, readonly Keyframe[]>>;
  /** Start times of natural blinks of both eyes (added to any blink keys). */
  blinks?: readonly number[];
  /** The living layer's breathing and sway, degrees (see `life`); default 0.6. */
  sway?: number;
  /** The living layer's micro head motion, degrees; default 0.25. */
  micro?: number;
}

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
  const living = life(last, { sway: spec.sway ?? 0.6, micro: spec.micro ?? 0.25 }, spec.id);
  const headTrack = (channel: PoseChannel) => {
    const keys = spec.pose?.[channel];
    return keys ? track(keys, easings.smootherstep) : () => 0;
  };
  const pose: Partial<Record<keyof HeadPose, Track>> = {};
  for (const channel of ['yaw', 'pitch', 'roll', 'x', 'y'] as const) pose[channel] = sum(headTrack(channel), living[channel]);
  const expression: Partial<Record<Control, Track>> = {};
  for (const [control, keys] of Object.entries(spec.expression ?? {}) as [Control, Keyframe[]][]) expression[control] = track(keys);
  if (spec.blinks?.length) {
    const blinks = blinkTrack(spec.blinks);
    for (const eye of ['blinkLeft', 'blinkRight'] as const) expression[eye] = expression[eye] ? sum(expression[eye], blinks) : blinks;
  }
  const { name, description } = MOTION_TEXTS[spec.id];
  const driver = authorDriver({ id: spec.id, name, duration: spec.duration, fps: FPS, pose, expression });
  return { driver, description, tags: spec.tags };
}
