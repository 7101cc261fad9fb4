/**
 * Quiet drivers: idling, looking around, thinking, shyness, sleepiness, listening, and the
 * sitter's idle for paintings (breathing and a rare blink).
 */
import { easings, type Keyframe } from '../curves.ts';
import { asymmetricSmile, envelope, gesture, HEAVY_BLINK, saccades, type LibraryDriver } from './common.ts';

export function blinkLookAround(): LibraryDriver {
  // Saccades to a few spots; the head follows the larger ones a little, late.
  return gesture({
    id: 'blink-look-around',
    duration: 8,
    tags: ['idle', 'gaze', 'blink'],
    expression: saccades([
      [0.8, 0.5, -0.1],
      [1.9, 0.35, 0.2],
      [3.0, -0.5, -0.3],
      [4.6, -0.2, 0.15],
      [5.5, 0.15, 0],
      [6.3, 0, 0],
    ]),
    pose: {
      yaw: [
        [0.9, 0],
        [1.7, 4],
        [2.5, 3],
        [3.2, 3],
        [4.2, -4.5],
        [5.3, -2],
        [6.1, 1],
        [6.9, 0],
      ],
      pitch: [
        [1.9, 0],
        [2.6, 1],
        [3.1, 1],
        [4.0, -1.5],
        [5.2, 0],
      ],
    },
    blinks: [0.82, 3.02, 6.5],
  });
}

export function lookUpThoughtful(): LibraryDriver {
  return gesture({
    id: 'look-up-thoughtful',
    duration: 7,
    tags: ['thoughtful', 'look-up', 'gaze'],
    expression: {
      ...saccades([
        [0.9, 0.4, -0.7],
        [2.6, 0.25, -0.8],
        [4.2, 0, 0],
      ]),
      browRaise: envelope(1.0, 0.3, 0.8, 4.0, 0.9),
      pucker: envelope(1.3, 0.18, 0.9, 3.8, 0.8),
      ...asymmetricSmile(envelope(4.2, 0.3, 0.6, 5.0, 0.8), { lead: 'right', ratio: 0.6 }),
    },
    pose: {
      pitch: envelope(1.0, -5, 1.3, 4.1, 1.3),
      yaw: envelope(1.0, 4, 1.3, 4.1, 1.3),
      roll: envelope(1.1, 2.5, 1.3, 4.0, 1.3),
    },
    blinks: [0.92, 4.22],
  });
}

export function shyDownUp(): LibraryDriver {
  // The head drops and turns aside with a small smile; the eyes come up first, then the head,
  // and the smile opens as the eyes meet the viewer's.
  return gesture({
    id: 'shy-look-down-up',
    duration: 7,
    tags: ['shy', 'smile', 'look-down'],
    pose: {
      pitch: [
        [0.6, 0],
        [1.6, 7],
        [3.3, 6.5],
        [4.6, 0],
      ],
      yaw: envelope(0.7, -4, 1.0, 3.3, 1.4),
      roll: envelope(0.7, 4, 1.0, 3.5, 1.4),
    },
    expression: {
      ...saccades([
        [0.5, -0.2, 0.6],
        [3.0, 0, -0.35],
        [4.5, 0, 0],
      ]),
      ...asymmetricSmile(
        [
          [1.2, 0],
          [2.1, 0.35],
          [3.0, 0.35],
          [4.3, 0.8],
          [5.2, 0.8],
          [6.4, 0],
        ],
        { lead: 'left', lag: 0.15, ratio: 0.8 },
      ),
    },
    blinks: [0.52, 3.02, 5.8],
  });
}

export function sleepy(): LibraryDriver {
  // Heavy lids that drift down, slow long blinks, the head nodding off and catching itself.
  const heavy = (t: number, base: number): Keyframe[] => [
    [t, base],
    [t + HEAVY_BLINK.rise, 1, easings.easeIn],
    [t + HEAVY_BLINK.rise + HEAVY_BLINK.hold, 1],
    [t + HEAVY_BLINK.rise + HEAVY_BLINK.hold + HEAVY_BLINK.fall, base, easings.easeOut],
  ];
  const lids: Keyframe[] = [[0.4, 0], [1.5, 0.3], ...heavy(2.6, 0.3), [4.6, 0.4], ...heavy(5.7, 0.4), [7.5, 0]];
  return gesture({
    id: 'sleepy',
    duration: 8,
    tags: ['sleepy', 'blink', 'slow'],
    expression: { blinkLeft: lids, blinkRight: lids.map(([t, v]): Keyframe => [t, 0.95 * v]) },
    pose: {
      pitch: [
        [0.5, 0],
        [3.0, 5],
        [3.4, 5.5],
        [3.8, 2.5, easings.easeOut],
        [5.6, 6],
        [6.2, 6.5],
        [6.6, 3.5, easings.easeOut],
        [7.6, 0],
      ],
      roll: envelope(1.0, 3, 2.5, 5.8, 1.8),
    },
    sway: 0.8,
  });
}

export function sittersIdle(): LibraryDriver {
  return gesture({
    id: 'sitters-idle',
    duration: 10,
    tags: ['idle', 'painting', 'subtle'],
    blinks: [5.2],
    sway: 0.4,
    micro: 0.12,
  });
}

export function breathingIdle(): LibraryDriver {
  return gesture({
    id: 'breathing-idle',
    duration: 8,
    tags: ['idle', 'photo', 'subtle'],
    expression: {
      ...saccades([
        [1.4, 0.15, 0.05],
        [3.2, -0.1, 0],
        [5.0, 0.05, -0.08],
        [6.4, 0, 0],
      ]),
      ...asymmetricSmile(envelope(2.0, 0.18, 1.4, 4.6, 1.6), { lead: 'left', ratio: 0.7 }),
    },
    blinks: [1.0, 4.4, 7.0],
    sway: 0.8,
    micro: 0.35,
  });
}

export function listening(): LibraryDriver {
  const pitch: Keyframe[] = [
    [1.0, 0],
    [1.35, 2.5],
    [1.8, 0],
    [4.4, 0],
    [4.75, 2],
    [5.1, 0.3],
    [5.4, 1.5],
    [5.9, 0],
  ];
  return gesture({
    id: 'listening',
    duration: 8,
    tags: ['idle', 'nod', 'gentle'],
    pose: { pitch, roll: envelope(0.8, -3, 1.2, 6.0, 1.3) },
    expression: {
      gazeY: pitch.map(([t, p]): Keyframe => [t, -0.06 * p + 0]),
      browRaise: envelope(2.6, 0.3, 0.3, 3.0, 0.5),
      ...asymmetricSmile(envelope(4.2, 0.3, 0.8, 6.0, 1.0), { lead: 'right', ratio: 0.8 }),
    },
    blinks: [2.0, 5.95],
  });
}

export const idleDrivers = (): LibraryDriver[] => [
  blinkLookAround(),
  lookUpThoughtful(),
  shyDownUp(),
  sleepy(),
  sittersIdle(),
  breathingIdle(),
  listening(),
];
