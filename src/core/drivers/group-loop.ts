/**
 * Several faces animated together (a group photo): each plays its own driver, and they share one
 * loop so the file loops seamlessly for all of them. The loop is as long as the longest driver
 * (or as many frames as asked for); a shorter driver plays a whole number of times within it,
 * slowed or sped a little to fill it exactly. Each face starts at its own point of its loop (its
 * phase), chosen so that no two faces blink at the same moment and their heads do not bob in step:
 * people do not move in unison.
 */
import type { Driver, DriverFrame, HeadPose } from '../motion/types.ts';
import { expressionDisplacement } from './rig.ts';
import { lerpFrame, lerpPose } from './frame-mix.ts';

/** One face's part in the group: its driver and where in its loop it starts (frames of the group's loop). */
export interface GroupPart {
  driver: Driver;
  phase: number;
}

/** The group's loop: the longest driver's frames, unless a length is asked for. */
export function groupLength(drivers: readonly Driver[], asked?: number): number {
  return asked ?? Math.max(...drivers.map((driver) => driver.frames.length));
}

/** How many times a driver of `frames` frames plays in a loop of `length` frames (at least once). */
export function loopsIn(frames: number, length: number): number {
  return Math.max(1, Math.round(length / frames));
}


/** Where in its driver a part is at frame `index` of a loop of `length`: between frames `from` and `to`, `t` of the way. */
function partPosition(part: GroupPart, index: number, length: number): { from: number; to: number; t: number } {
  const count = part.driver.frames.length;
  if (!part.driver.loops && length <= count) {
    const at = Math.min(count - 1, index);
    return { from: at, to: at, t: 0 };
  }
  const span = part.driver.loops ? count : 2 * (count - 1);
  const period = length / loopsIn(span, length);
  const within = (((index + part.phase) % period) + period) % period;
  // A looping driver's first and last frames fall on the period's first and last (as when it
  // plays at its own speed, its last frame then its first); forth and back, the second half of
  // the period retraces the first.
  let at = part.driver.loops ? (within / Math.max(1, period - 1)) * (count - 1) : (within / period) * span;
  if (!part.driver.loops && at > count - 1) at = span - at;
  const from = Math.floor(at);
  // A looping driver's last frame leads back to its first: it ends where it starts.
  return { from: from % count, to: (from + 1) % count, t: at - from };
}

/**
 * The driver frame a part shows at frame `index` of a group loop of `length` frames: its driver,
 * played a whole number of times in the loop (stretched between frames to fit), from its phase.
 * A driver that does not loop (it ends away from rest) plays forth and back instead, so it too is
 * where it started when the loop comes round; within its own length it plays as recorded.
 */
export function partFrame(part: GroupPart, index: number, length: number): DriverFrame {
  const { from, to, t } = partPosition(part, index, length);
  const a = part.driver.frames[from]!;
  if (t <= 0) return a;
  return lerpFrame(a, part.driver.frames[to]!, t);
}

/** The head pose alone of partFrame (no expression to mix). */
function partPose(part: GroupPart, index: number, length: number): HeadPose {
  const { from, to, t } = partPosition(part, index, length);
  return lerpPose(part.driver.frames[from]!.pose, part.driver.frames[to]!.pose, t);
}

/**
 * The two frames of a group loop of `length` frames between which a part's motion comes round
 * (its driver's end meets its start): the loop's last and first for a part that starts with it.
 */
export function loopSeam(part: GroupPart, length: number): [number, number] {
  const { frames, loops } = part.driver;
  const span = loops ? frames.length : 2 * (frames.length - 1);
  const period = loops || length > frames.length ? length / loopsIn(span, length) : length;
  const comesRound = Math.max(0, Math.ceil((((period - part.phase) % period) + period) % period - 1e-9)) % length;
  return [(comesRound + length - 1) % length, comesRound];
}

/** A lid this much of the way down counts as a blink. */
const BLINK_CLOSURE = 0.6;
const UPPER_LIDS = [159, 386];
/** Frames either side of a blink that still count as the same moment to a viewer. */
const BLINK_NEARBY = 3;

let fullBlinkDrop: number | undefined;

/** The frames of a driver in which either eye is (mostly) closed. */
export function blinkFrames(driver: Driver): number[] {
  fullBlinkDrop ??= expressionDisplacement({ blinkLeft: 1, blinkRight: 1 })[3 * 159 + 1]!;
  const out: number[] = [];
  driver.frames.forEach((frame, f) => {
    if (UPPER_LIDS.some((lid) => frame.expression[3 * lid + 1]! / fullBlinkDrop! > BLINK_CLOSURE)) out.push(f);
  });
  return out;
}

/** Frames of the group loop at which a part blinks, given its phase. */
function blinksInLoop(driver: Driver, blinks: readonly number[], phase: number, length: number): Set<number> {
  const count = driver.frames.length;
  const loops = driver.loops ? loopsIn(count, length) : 1;
  const period = length / loops;
  const out = new Set<number>();
  for (let loop = 0; loop < loops; loop++) {
    for (const b of blinks) {
      const at = Math.round(loop * period + (driver.loops ? (b / Math.max(1, count - 1)) * (period - 1) : (b / count) * period) - phase);
      for (let d = -BLINK_NEARBY; d <= BLINK_NEARBY; d++) out.add((((at + d) % length) + length) % length);
    }
  }
  return out;
}

/** A blink at the same moment as another face's outweighs any amount of shared motion. */
const BLINK_CLASH = 100;
/** How much a phase's largest correlation with a placed face's bob weighs, in blink-frames. */
const UNISON = 10;

/**
 * A part's head bob over the loop (pitch and height, each scaled to unit variance, then joined):
 * every library motion breathes, and two faces breathing in step read as one movement.
 */
function bob(part: GroupPart, length: number): Float64Array {
  const channels = [(pose: HeadPose) => pose.pitch, (pose: HeadPose) => pose.y];
  const out = new Float64Array(channels.length * length);
  const frames = Array.from({ length }, (_, i) => partPose(part, i, length));
  channels.forEach((channel, c) => {
    const values = frames.map(channel);
    const mean = values.reduce((a, b) => a + b, 0) / length;
    const spread = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / length);
    if (spread > 1e-9) values.forEach((v, i) => (out[c * length + i] = (v - mean) / spread));
  });
  return out;
}

/** Correlation of two bobs (-1 to 1; 0 when either keeps still). */
function correlation(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum / (a.length / 2);
}

/**
 * Phases for the drivers of a group, in order: the first starts at its beginning; each next one
 * takes, of starting points spread from its share of the loop (face k of n from k/n of it), the
 * one whose blinks fall at the fewest moments another face already blinks and whose head bob is
 * least in step with any face placed before (people do not breathe or nod in unison), never the
 * start of another face with the same driver.
 */
export function groupPhases(drivers: readonly Driver[], length: number): number[] {
  const phases: number[] = [];
  const bobs: Float64Array[] = [];
  const taken = new Set<number>();
  drivers.forEach((driver, k) => {
    const blinks = blinkFrames(driver);
    let best = 0;
    let bestScore = Infinity;
    if (k > 0 && driver.loops) {
      const period = length / loopsIn(driver.frames.length, length);
      const candidates = 24;
      for (let c = 0; c < candidates; c++) {
        // Spread out from the k-th share of the loop, so equal drivers start apart.
        const phase = Math.round(((k / drivers.length + c / candidates) % 1) * period);
        const blinking = blinksInLoop(driver, blinks, phase, length);
        let clashes = 0;
        for (const frame of blinking) if (taken.has(frame)) clashes++;
        const sameStart = phases.filter((other, j) => drivers[j] === driver && Math.abs(other - phase) < 0.1 * period).length;
        const mine = bob({ driver, phase }, length);
        const inStep = Math.max(0, ...bobs.map((other) => correlation(mine, other)));
        const score = BLINK_CLASH * clashes + UNISON * inStep + 1000 * sameStart + c * 1e-3;
        if (score < bestScore) {
          bestScore = score;
          best = phase;
        }
      }
    }
    phases.push(best);
    // The last face's bob is compared with no one.
    if (k < drivers.length - 1) bobs.push(bob({ driver, phase: best }, length));
    for (const frame of blinksInLoop(driver, blinks, best, length)) taken.add(frame);
  });
  return phases;
}
