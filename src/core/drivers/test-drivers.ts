/**
 * Four short test drivers (blink, smile, turn, nod) authored with keyframes: 3-5 s at 25 fps,
 * starting and ending at rest so they loop. Key times are multiples of 40 ms so peaks land on
 * frames. Amplitudes stay inside the warp's convincing limits (yaw ±12°, pitch ±8°).
 */
import type { Driver } from '../motion/types.ts';
import { authorDriver } from './authoring.ts';
import { easings, pulseKeys, track, type Keyframe } from './curves.ts';

/** A natural blink: the lid drops in 80 ms, stays shut 40 ms, reopens more slowly in 120 ms. */
const BLINK_TIMING = { rise: 0.08, hold: 0.04, fall: 0.12 };
const blinkKeys = (start: number, depth = 1): Keyframe[] =>
  pulseKeys(start, depth, BLINK_TIMING, { rise: easings.easeIn, fall: easings.easeOut });

function blinkDriver(): Driver {
  const blinks = track([...blinkKeys(0.6), ...blinkKeys(2.6)]);
  return authorDriver({
    id: 'blink',
    name: 'Blink',
    duration: 3.6,
    expression: { blinkLeft: blinks, blinkRight: blinks },
  });
}

function smileDriver(): Driver {
  // Smile builds over 0.8 s, holds, relaxes; the eyes narrow a little and the head tilts
  // slightly up and sideways with it, as a genuine smile does.
  const envelope = (peak: number, lag = 0): Keyframe[] => [
    [0.4 + lag, 0],
    [1.2 + lag, peak],
    [2.6, peak],
    [3.4 + lag, 0],
  ];
  return authorDriver({
    id: 'smile',
    name: 'Smile',
    duration: 4,
    expression: {
      smile: track(envelope(1)),
      blinkLeft: track(envelope(0.15)),
      blinkRight: track(envelope(0.15)),
    },
    pose: {
      pitch: track(envelope(-2, 0.08), easings.smootherstep),
      roll: track(envelope(2, 0.12), easings.smootherstep),
    },
  });
}

function turnDriver(): Driver {
  // Right, hold, across to the left, hold, back. The eyes lead each turn and re-centre as the
  // head arrives; a blink goes with the big swing, as gaze shifts often do.
  const swingBlink = track(blinkKeys(1.88));
  return authorDriver({
    id: 'turn',
    name: 'Turn left and right',
    duration: 5,
    pose: {
      yaw: track(
        [
          [0.32, 0],
          [1.32, 12],
          [1.8, 12],
          [3.28, -12],
          [3.76, -12],
          [4.64, 0],
        ],
        easings.smootherstep,
      ),
    },
    expression: {
      gazeX: track([
        [0.2, 0],
        [0.4, 0.5],
        [1.32, 0],
        [1.8, 0],
        [2.0, -0.5],
        [3.28, 0],
        [3.76, 0],
        [3.92, 0.4],
        [4.64, 0],
      ]),
      blinkLeft: swingBlink,
      blinkRight: swingBlink,
    },
  });
}

function nodDriver(): Driver {
  // Down, up past level, back. The eyes counter-rotate to keep looking at the viewer.
  const pitchKeys: Keyframe[] = [
    [0.32, 0],
    [0.92, 8],
    [1.04, 8],
    [1.84, -8],
    [1.96, -8],
    [2.8, 0],
  ];
  const maxPitch = 8;
  const counterGaze = 0.5;
  return authorDriver({
    id: 'nod',
    name: 'Nod',
    duration: 3.4,
    pose: { pitch: track(pitchKeys) },
    expression: {
      gazeY: track(pitchKeys.map(([t, pitch]): Keyframe => [t, (-counterGaze * pitch) / maxPitch])),
    },
  });
}

let drivers: Driver[] | undefined;

/** The test drivers, built on first use (they share frames across calls: treat as read-only). */
export function testDrivers(): Driver[] {
  drivers ??= [blinkDriver(), smileDriver(), turnDriver(), nodDriver()];
  return drivers;
}

export function findDriver(id: string): Driver | undefined {
  return testDrivers().find((driver) => driver.id === id);
}
