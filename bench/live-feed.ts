/**
 * Live mode's bench: Chromium's fake camera plays a real face moving, and the motion live mode
 * follows is compared with the motion that moved it (the drivers issue's round trip, done live).
 *
 * The face is a photo animated by the app with a built-in driver (a real face, real pixels),
 * still for a moment first, as a user holds still for the calibration; the camera loops it.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { rotationAngleBetween, rotationFromEuler } from '../src/core/motion/linear-algebra.ts';
import type { Driver, DriverFrame } from '../src/core/motion/types.ts';
import { REST_FRAME } from '../src/core/drivers/rest.ts';

/** Seconds the face holds still before it moves (live mode calibrates on it). */
export const STILL_LEAD_SECONDS = 1.4;

/** Writes the frames (base64 PNGs, 25 fps) as a .y4m the fake camera plays: the first one held for the lead, then all. */
export async function writeCameraFeed(framesBase64: readonly string[], dir: string): Promise<string> {
  const frames = path.join(dir, 'frames');
  await mkdir(frames, { recursive: true });
  await Promise.all(framesBase64.map((png, i) => writeFile(path.join(frames, `frame-${String(i + 1).padStart(4, '0')}.png`), Buffer.from(png, 'base64'))));
  const video = path.join(dir, 'camera.y4m');
  const still = ['-loop', '1', '-t', String(STILL_LEAD_SECONDS), '-framerate', '25', '-i', path.join(frames, 'frame-0001.png')];
  const moving = ['-framerate', '25', '-i', path.join(frames, 'frame-%04d.png')];
  const filter = '[0:v][1:v]concat=n=2:v=1,scale=-2:480,pad=640:480:(ow-iw)/2:0,format=yuv420p';
  const made = spawnSync('ffmpeg', ['-v', 'error', '-y', ...still, ...moving, '-filter_complex', filter, '-r', '25', video], { encoding: 'utf8' });
  if (made.error || made.status !== 0) throw new Error(`live bench: ffmpeg could not make the camera feed (${made.error?.message ?? made.stderr.trim()}); install ffmpeg`);
  return video;
}

/** The camera's loop as driver frames: rest for the lead, then the driver. */
export function feedFrames(driver: Driver): DriverFrame[] {
  const lead = Math.round(STILL_LEAD_SECONDS * driver.fps);
  return [...Array.from({ length: lead }, () => REST_FRAME), ...driver.frames];
}

export interface FollowingError {
  /** Mean angle between the head rotations, degrees. */
  angleDeg: number;
  /** Mean landmark expression difference (x, y), eye spans: 0.02 is 2 % of the inter-ocular distance. */
  expressionIod: number;
  /** Frames of the feed the take lags (or leads) it by, as best aligned. */
  offset: number;
}

/**
 * How far a live take is from the motion the camera showed. The camera loops `feed` from a moment
 * nobody knows, so every offset into the loop is tried and the one where the head pitches and
 * turns alike is kept; the take's frames are then compared with the feed's, frame by frame.
 */
export function followingError(take: readonly DriverFrame[], feed: readonly DriverFrame[]): FollowingError {
  if (!take.length || !feed.length) throw new Error('followingError: nothing to compare');
  const at = (k: number, offset: number) => feed[(k + offset) % feed.length]!;
  const poseGap = (a: DriverFrame, b: DriverFrame) => Math.abs(a.pose.pitch - b.pose.pitch) + Math.abs(a.pose.yaw - b.pose.yaw) + Math.abs(a.pose.roll - b.pose.roll);
  let offset = 0;
  let best = Infinity;
  for (let o = 0; o < feed.length; o++) {
    const gap = take.reduce((sum, frame, k) => sum + poseGap(frame, at(k, o)), 0);
    if (gap < best) [best, offset] = [gap, o];
  }
  let angle = 0;
  let expression = 0;
  take.forEach((frame, k) => {
    const want = at(k, offset);
    angle += rotationAngleBetween(rotationFromEuler(frame.pose), rotationFromEuler(want.pose));
    let sum = 0;
    const points = want.expression.length / 3;
    for (let i = 0; i < points; i++) sum += Math.hypot(frame.expression[3 * i]! - want.expression[3 * i]!, frame.expression[3 * i + 1]! - want.expression[3 * i + 1]!);
    expression += sum / points;
  });
  return { angleDeg: angle / take.length, expressionIod: expression / take.length, offset };
}
