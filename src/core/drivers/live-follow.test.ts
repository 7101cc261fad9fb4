import { describe, expect, it } from 'vitest';
import { gaussian } from '../random.ts';
import { headFrame } from '../motion/head-frame.ts';
import { loadHopperFace, UNCLAMPED_LIMITS } from '../motion/testdata/faces.ts';
import { transferMotion } from '../motion/transfer.ts';
import type { Driver, Landmarks } from '../motion/types.ts';
import { CALIBRATION_SECONDS, LiveFollower, LiveTake, type LiveStep } from './live-follow.ts';
import { findDriver } from './test-drivers.ts';

const hopper = loadHopperFace();
const rest = headFrame(hopper.landmarks);
const eyeSpan = rest.eyeSpan;
const CAMERA_FPS = 30;

/** The Hopper face with landmark noise of `sigma` eye spans, as a detector jitters. */
function jittered(face: Landmarks, normal: () => number, sigma = 0.004): Landmarks {
  return face.map(([x, y, z]) => [x + normal() * sigma * eyeSpan, y + normal() * sigma * eyeSpan, z]);
}

/** Feeds `faces` at the camera's rate from `start` seconds; the steps. */
function feed(follower: LiveFollower, faces: (Landmarks | null)[], start = 0): LiveStep[] {
  return faces.map((face, i) => follower.push(face, start + i / CAMERA_FPS));
}

const nod = (): Driver => findDriver('nod')!;
/** The user's face (Hopper's) playing `driver` frame by frame, at the camera's rate. */
const acted = (driver: Driver): Landmarks[] => driver.frames.map((frame) => transferMotion(rest, frame, { intensity: 1, limits: UNCLAMPED_LIMITS }).landmarks);

describe('live follower', () => {
  it('waits for a still moment, then follows from that rest', () => {
    const random = gaussian(3);
    const follower = new LiveFollower();
    const still = Array.from({ length: Math.ceil(CALIBRATION_SECONDS * CAMERA_FPS) + 2 }, () => jittered(hopper.landmarks, random));
    const steps = feed(follower, still);
    expect(steps[0]).toMatchObject({ kind: 'calibrating', progress: 0, seen: true });
    expect(steps[10]!.kind).toBe('calibrating');
    expect((steps[10] as { progress: number }).progress).toBeGreaterThan(0.2);
    expect(steps.at(-1)!.kind).toBe('following');
    expect(follower.calibrated).toBe(true);
    // At rest the frame is rest: no turn, no expression beyond the jitter.
    const atRest = follower.push(jittered(hopper.landmarks, random), 2);
    if (atRest.kind !== 'following') throw new Error(atRest.kind);
    expect(Math.abs(atRest.frame.pose.yaw) + Math.abs(atRest.frame.pose.pitch) + Math.abs(atRest.frame.pose.roll)).toBeLessThan(1.5);
  });

  it('restarts the still moment when the face moves or leaves', () => {
    const follower = new LiveFollower();
    const moving = acted(nod()).slice(0, 40);
    expect(feed(follower, moving).every((s) => s.kind === 'calibrating')).toBe(true);
    expect(follower.push(null, 2)).toEqual({ kind: 'calibrating', progress: 0, seen: false });
    expect(follower.calibrated).toBe(false);
  });

  it('follows a nod: the driver recovered from the acted face is the driver, within 2 degrees and 2 % of the eye span', () => {
    const random = gaussian(5);
    const follower = new LiveFollower();
    const calibration = Array.from({ length: CAMERA_FPS + 2 }, () => jittered(hopper.landmarks, random));
    feed(follower, calibration);
    const driver = nod();
    const steps = feed(follower, acted(driver).map((face) => jittered(face, random)), 2);
    let angle = 0;
    let expression = 0;
    steps.forEach((step, f) => {
      if (step.kind !== 'following') throw new Error(step.kind);
      const want = driver.frames[f]!;
      angle += (Math.abs(step.frame.pose.yaw - want.pose.yaw) + Math.abs(step.frame.pose.pitch - want.pose.pitch) + Math.abs(step.frame.pose.roll - want.pose.roll)) / 3;
      let sum = 0;
      for (let i = 0; i < 478; i++) sum += Math.hypot(step.frame.expression[3 * i]! - want.expression[3 * i]!, step.frame.expression[3 * i + 1]! - want.expression[3 * i + 1]!);
      expression += sum / 478;
    });
    expect(angle / steps.length).toBeLessThanOrEqual(2);
    expect(expression / steps.length).toBeLessThanOrEqual(0.02);
    // The nod is really there: its pitch swings by degrees.
    const pitches = steps.map((s) => (s.kind === 'following' ? s.frame.pose.pitch : 0));
    expect(Math.max(...pitches) - Math.min(...pitches)).toBeGreaterThan(4);
  });

  it('says when the face is lost, and calibrates again when asked', () => {
    const random = gaussian(7);
    const follower = new LiveFollower();
    feed(follower, Array.from({ length: CAMERA_FPS + 2 }, () => jittered(hopper.landmarks, random)));
    expect(follower.push(null, 3)).toEqual({ kind: 'lost' });
    follower.recalibrate();
    expect(follower.calibrated).toBe(false);
    expect(follower.push(hopper.landmarks, 4).kind).toBe('calibrating');
  });
});

describe('live take', () => {
  it('resamples the camera frames to a driver at its rate, as long as asked', () => {
    const driver = nod();
    const take = new LiveTake();
    // Camera frames at an uneven ~30 fps.
    driver.frames.forEach((frame, i) => take.add(frame, 10 + i / 30 + (i % 3) * 0.004));
    const made = take.driver({ fps: 25, id: 'own:live', name: 'Live', seconds: 2 });
    expect(made.frames).toHaveLength(50);
    expect(made.fps).toBe(25);
    // Frame 25 is at 1 s: camera frame 30's pose, near enough.
    expect(Math.abs(made.frames[25]!.pose.pitch - driver.frames[30]!.pose.pitch)).toBeLessThan(0.5);
    expect(take.driver({ fps: 25, id: 'a', name: 'b' }).frames.length).toBe(Math.round(take.seconds * 25));
  });

  it('starts when the take (and its sound) started, holding the first frame of motion until it comes', () => {
    const driver = nod();
    const take = new LiveTake(9.5);
    driver.frames.forEach((frame, i) => take.add(frame, 10 + i / 30));
    const made = take.driver({ fps: 25, id: 'own:live', name: 'Live', seconds: 2 });
    expect(made.frames).toHaveLength(50);
    // The first half second is before the face was followed: its first frame, held.
    expect(made.frames[5]!.pose).toEqual(driver.frames[0]!.pose);
    // 1 s in is the camera's frame 15 (0.5 s after the first).
    expect(Math.abs(made.frames[25]!.pose.pitch - driver.frames[15]!.pose.pitch)).toBeLessThan(0.5);
  });

  it('needs two frames, and ignores frames out of time order', () => {
    const take = new LiveTake();
    expect(() => take.driver({ fps: 25, id: 'a', name: 'b' })).toThrow(/two frames/);
    take.add(nod().frames[0]!, 1);
    take.add(nod().frames[1]!, 0.5);
    expect(take.seconds).toBe(0);
  });
});
