/**
 * Head gestures: nod, shake, tilt, greet, chin up, turns, and a three-step combination. The eyes
 * lead turns and counter-rotate in nods and shakes (they keep looking at the viewer).
 */
import { easings, type Keyframe } from '../curves.ts';
import { asymmetricSmile, envelope, gesture, saccades, type LibraryDriver } from './common.ts';

/** Gaze keys that keep the eyes on the viewer while the head moves: -share · angle / full. */
const counterGaze = (keys: readonly Keyframe[], full: number, share: number): Keyframe[] =>
  keys.map(([t, angle]): Keyframe => [t, (-share * angle) / full + 0]);

export function nodYes(): LibraryDriver {
  const pitch: Keyframe[] = [
    [0.6, 0],
    [1.0, 6],
    [1.45, -1.5],
    [1.85, 4.5],
    [2.3, -0.5],
    [2.9, 0],
  ];
  return gesture({
    id: 'nod-yes',
    duration: 4.4,
    tags: ['nod', 'yes'],
    pose: { pitch },
    expression: {
      gazeY: counterGaze(pitch, 8, 0.5),
      ...asymmetricSmile(envelope(0.7, 0.25, 0.6, 2.4, 0.8)),
    },
    blinks: [3.4],
  });
}

export function shakeNo(): LibraryDriver {
  const yaw: Keyframe[] = [
    [0.6, 0],
    [1.05, -8],
    [1.6, 7.5],
    [2.1, -5.5],
    [2.55, 3.5],
    [3.0, -1],
    [3.4, 0],
  ];
  return gesture({
    id: 'shake-no',
    duration: 5,
    tags: ['turn', 'no'],
    pose: { yaw, pitch: envelope(0.6, 1.2, 0.5, 2.8, 0.6) },
    expression: {
      gazeX: counterGaze(yaw, 12, 0.35),
      browRaise: envelope(0.7, 0.2, 0.5, 2.6, 0.7),
    },
    blinks: [4.0],
  });
}

export function headTilt(): LibraryDriver {
  return gesture({
    id: 'head-tilt',
    duration: 5,
    tags: ['tilt', 'gentle'],
    pose: {
      roll: envelope(0.6, 8.5, 1.2, 2.9, 1.3),
      yaw: envelope(0.7, 1.5, 1.1, 2.9, 1.2),
    },
    expression: saccades([
      [1.1, 0.15, -0.1],
      [3.1, 0, 0],
    ]),
    blinks: [2.2, 4.3],
  });
}

export function greet(): LibraryDriver {
  // The greeting everywhere: an eyebrow flash, a smile and a nod. The nod is a greeting's small one
  // (3.5°; nod-yes goes to 6°): at 5° on a full smile it took the face further from its person
  // (face-api's identity: Mona Lisa 0.342 -> 0.306 at 3.5°).
  const pitch: Keyframe[] = [
    [0.5, 0],
    [0.8, -1.5],
    [1.3, 3.5],
    [1.9, -0.5],
    [2.6, 0],
  ];
  return gesture({
    id: 'greet',
    duration: 5,
    tags: ['greet', 'smile', 'nod'],
    pose: { pitch, roll: envelope(0.7, 2, 0.8, 3.0, 1.0) },
    expression: {
      browRaise: [
        [0.4, 0],
        [0.6, 0.6, easings.easeOut],
        [0.9, 0.55],
        [1.3, 0],
      ],
      // A greeting's smile is an open, friendly one: at 0.75 it barely showed on a turned face.
      ...asymmetricSmile(envelope(0.6, 0.9, 0.7, 3.0, 1.1), { lead: 'left', lag: 0.1, ratio: 0.88 }),
      gazeY: counterGaze(pitch, 8, 0.4),
    },
    // The blink comes as the greeting settles, not on the held smile: shut lids stacked on a full
    // smile were the frame face-api put furthest from the person (a blink is as natural either way).
    blinks: [4.3],
  });
}

export function proud(): LibraryDriver {
  return gesture({
    id: 'proud',
    duration: 6,
    tags: ['chin-up', 'proud'],
    pose: {
      pitch: envelope(0.8, -7, 1.3, 3.8, 1.5),
      yaw: envelope(0.9, 3, 1.2, 3.8, 1.5),
      roll: envelope(0.9, -2, 1.2, 3.8, 1.5),
    },
    expression: {
      // The eyes look down a little to stay on the viewer, and narrow.
      gazeY: envelope(0.9, 0.45, 1.2, 3.8, 1.5),
      blinkLeft: envelope(1.0, 0.12, 1.0, 3.8, 1.4),
      blinkRight: envelope(1.0, 0.12, 1.0, 3.8, 1.4),
      ...asymmetricSmile(envelope(1.4, 0.35, 0.9, 3.6, 1.2), { lead: 'right', ratio: 0.7 }),
    },
    blinks: [3.0, 5.1],
  });
}

export function lookLeftSmileNod(): LibraryDriver {
  // 1. The eyes, then the head, turn to the viewer's left; hold. 2. Back to the viewer with a
  // smile. 3. A nod while smiling.
  const yaw: Keyframe[] = [
    [0.6, 0],
    [1.5, -10],
    [2.5, -10],
    [3.4, 0],
  ];
  const pitch: Keyframe[] = [
    [4.0, 0],
    [4.45, 5],
    [5.0, -0.8],
    [5.7, 0],
  ];
  return gesture({
    id: 'look-left-smile-nod',
    duration: 8,
    tags: ['combo', 'turn', 'smile', 'nod', 'pose:from-left'],
    pose: { yaw, pitch },
    expression: {
      ...saccades([
        [0.45, -0.55, 0],
        [1.5, -0.1, 0],
        [2.6, 0.45, 0],
        [3.4, 0, 0],
        [4.0, 0, 0],
        [4.45, 0, -0.3],
        [5.0, 0, 0],
      ]),
      ...asymmetricSmile(envelope(2.9, 0.85, 1.0, 5.8, 1.2), { lead: 'left', lag: 0.12, ratio: 0.85 }),
    },
    blinks: [2.55, 6.6],
  });
}

export function lookRightAndBack(): LibraryDriver {
  const yaw: Keyframe[] = [
    [0.6, 0],
    [1.7, 11],
    [3.2, 11],
    [4.3, 0],
  ];
  return gesture({
    id: 'look-right-and-back',
    duration: 6,
    tags: ['turn', 'gaze', 'pose:from-right'],
    pose: { yaw, pitch: envelope(0.7, -1, 1.0, 3.2, 1.1) },
    expression: saccades([
      [0.5, 0.6, 0],
      [1.7, 0.2, 0],
      [2.4, 0.3, 0.1],
      [3.3, -0.4, 0],
      [4.3, 0, 0],
    ]),
    // A blink goes with the big gaze shifts.
    blinks: [0.52, 3.32],
  });
}

export const gestureDrivers = (): LibraryDriver[] => [
  nodYes(),
  shakeNo(),
  headTilt(),
  greet(),
  proud(),
  lookLeftSmileNod(),
  lookRightAndBack(),
];
