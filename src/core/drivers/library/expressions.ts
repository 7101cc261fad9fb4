/**
 * Facial expressions: smiles, brows, wink, kiss, laugh, surprise, a warm remembering look,
 * curiosity. Gentle amplitudes: the warp convinces only there.
 */
import { easings, pulseKeys, type Keyframe } from '../curves.ts';
import { asymmetricSmile, blinkKeys, envelope, gesture, saccades, type LibraryDriver } from './common.ts';

export function gentleSmile(): LibraryDriver {
  const smile = envelope(0.8, 0.8, 1.1, 3.6, 1.3);
  return gesture({
    id: 'gentle-smile',
    duration: 6,
    tags: ['smile', 'gentle'],
    expression: {
      ...asymmetricSmile(smile, { lead: 'left', lag: 0.14, ratio: 0.85 }),
      // The eyes soften with the smile: the lower lids rise with the cheeks, the upper lids drop a
      // touch (the blink below adds to it).
      blinkLeft: envelope(1.0, 0.06, 1.0, 3.6, 1.2),
      blinkRight: envelope(1.0, 0.05, 1.0, 3.6, 1.2),
    },
    pose: {
      pitch: envelope(0.9, -1.5, 1.2, 3.6, 1.4),
      roll: envelope(1.0, 2.2, 1.3, 3.5, 1.5),
    },
    // As the smile settles (see greet).
    blinks: [5.1],
  });
}

export function raiseEyebrows(): LibraryDriver {
  return gesture({
    id: 'raise-eyebrows',
    duration: 5,
    tags: ['brows', 'expressive'],
    expression: {
      browRaise: [
        [0.8, 0],
        [1.2, 0.85],
        [1.9, 0.8],
        [2.5, 0],
        [3.0, 0],
        [3.25, 0.45],
        [3.45, 0.45],
        [3.9, 0],
      ],
    },
    pose: { pitch: envelope(0.8, -1.2, 0.5, 1.9, 0.7) },
    blinks: [2.65],
  });
}

export function wink(): LibraryDriver {
  // A slow, deliberate wink of the left eye with a grin, more on that side, and a tilt toward it.
  const winkKeys = pulseKeys(1.3, 1, { rise: 0.12, hold: 0.22, fall: 0.22 }, { rise: easings.easeIn, fall: easings.easeOut });
  return gesture({
    id: 'wink',
    duration: 5,
    tags: ['wink', 'playful', 'smile'],
    expression: {
      blinkLeft: [...winkKeys, ...blinkKeys(3.6)],
      blinkRight: [
        [0, 0],
        [1.3, 0],
        [1.45, 0.15],
        [1.85, 0.15],
        [2.1, 0],
        ...blinkKeys(3.6),
      ],
      // A wink and a grin: the grin, more on the winking side, grows through the wink and stays
      // a while after the eye opens, as the wink's own smile does.
      smileLeft: envelope(1.0, 0.9, 0.9, 3.2, 0.8),
      smileRight: envelope(1.1, 0.7, 0.9, 3.1, 0.8),
    },
    pose: {
      roll: envelope(0.9, -4, 0.6, 2.1, 0.9),
      yaw: envelope(0.9, 2, 0.6, 2.1, 0.9),
      pitch: envelope(1.0, 1.5, 0.5, 2.0, 0.8),
    },
  });
}

export function blowKiss(): LibraryDriver {
  return gesture({
    id: 'blow-a-kiss',
    duration: 6,
    tags: ['kiss', 'affectionate'],
    expression: {
      pucker: [
        [0.8, 0],
        [1.4, 0.9],
        [2.2, 0.9],
        [2.7, 0],
      ],
      blinkLeft: envelope(1.0, 0.35, 0.5, 2.2, 0.4),
      blinkRight: envelope(1.0, 0.35, 0.5, 2.2, 0.4),
      ...asymmetricSmile(envelope(2.4, 0.6, 0.6, 4.0, 1.0), { lead: 'right', lag: 0.1, ratio: 0.85 }),
    },
    pose: {
      // Leans into the kiss (chin slightly down and forward), then back with the smile.
      pitch: [
        [0.7, 0],
        [1.4, 2],
        [2.2, 2],
        [2.8, -1.5],
        [4.0, -1.5],
        [5.0, 0],
      ],
      roll: envelope(0.8, 3, 0.8, 3.8, 1.2),
    },
    blinks: [3.3],
  });
}

export function laugh(): LibraryDriver {
  // "Ha-ha-ha": jaw pulses at ~3.5 Hz, decaying, on a broad smile; the head tips back and
  // bobs with each pulse, the eyes squint.
  const pulses: Keyframe[] = [[0, 0], [1.0, 0]];
  const bobs: Keyframe[] = [[0, 0], [0.8, 0], [1.0, -3]];
  // The mouth stays open through the laugh, opening further with each pulse.
  const amounts = [0.75, 0.62, 0.68, 0.52, 0.42, 0.28];
  amounts.forEach((amount, k) => {
    const t = 1.0 + k * 0.28;
    pulses.push([t + 0.12, amount], [t + 0.28, 0.4 * amount]);
    bobs.push([t + 0.12, -3 - 1.2 * amount], [t + 0.28, -3 + 0.4]);
  });
  const end = 1.0 + amounts.length * 0.28;
  pulses.push([end + 0.3, 0]);
  bobs.push([end + 0.2, -2.5], [end + 1.4, 0]);
  return gesture({
    id: 'laugh',
    duration: 6,
    tags: ['laugh', 'smile', 'expressive'],
    expression: {
      // A three-quarter smile: with the open jaw, the teeth and the squint it reads as a laugh, and a
      // full one took a face further from its own person (face-api's identity distance 0.44, not 0.38).
      ...asymmetricSmile(envelope(0.6, 0.75, 0.5, end + 0.5, 1.4), { lead: 'left', lag: 0.08, ratio: 0.9 }),
      jawOpen: pulses,
      // The eyes narrow: mostly from below, as the smile's cheeks push the lower lids up (a third
      // of the opening); the upper lids drop only a little more (at 0.33 the eyes read half shut,
      // sleepy rather than laughing).
      blinkLeft: envelope(0.8, 0.12, 0.5, end + 0.3, 1.0),
      blinkRight: envelope(0.8, 0.14, 0.5, end + 0.3, 1.0),
    },
    pose: { pitch: bobs, roll: envelope(0.9, 2.5, 0.8, end, 1.4) },
    blinks: [4.4],
  });
}

export function surprised(): LibraryDriver {
  return gesture({
    id: 'surprised',
    duration: 5,
    tags: ['surprise', 'brows', 'expressive'],
    expression: {
      browRaise: [
        [1.0, 0],
        [1.2, 0.95, easings.easeOut],
        [2.3, 0.85],
        [3.2, 0],
      ],
      eyeWiden: [
        [1.0, 0],
        [1.16, 1, easings.easeOut],
        [2.3, 0.8],
        [3.1, 0],
      ],
      jawOpen: [
        [1.04, 0],
        [1.3, 0.45, easings.easeOut],
        [2.2, 0.36],
        [2.9, 0],
      ],
    },
    pose: {
      // The head draws back a touch (chin up) with the start.
      pitch: [
        [0.96, 0],
        [1.28, -2.5, easings.easeOut],
        [2.3, -2],
        [3.3, 0],
      ],
    },
    blinks: [0.5, 3.5],
  });
}

export function warmRemember(): LibraryDriver {
  // Eyes drift down and aside as the memory comes and a slow smile grows; they come back to the
  // viewer as the smile peaks, softened a little. Smiling at the floor with lids a seventh down read
  // as smug or sleepy, not warm (and to face-api as not happy: Biden 0.01).
  return gesture({
    id: 'warm-remember',
    duration: 8,
    tags: ['smile', 'gentle', 'nostalgic'],
    expression: {
      ...asymmetricSmile(
        [
          [1.2, 0],
          [3.4, 0.9],
          [5.4, 0.8],
          [7.0, 0],
        ],
        { lead: 'right', lag: 0.2, ratio: 0.8 },
      ),
      blinkLeft: envelope(1.6, 0.06, 1.8, 5.4, 1.4),
      blinkRight: envelope(1.6, 0.06, 1.8, 5.4, 1.4),
      ...saccades([
        [0.9, -0.35, 0.3],
        [2.3, -0.45, 0.35],
        [3.0, 0, 0.05],
        [5.6, 0, 0],
      ]),
    },
    pose: {
      roll: envelope(1.2, 2.8, 2.2, 5.2, 1.8),
      pitch: envelope(1.0, 1.8, 2.0, 4.2, 2.5),
      yaw: envelope(0.9, -2.5, 1.8, 4.3, 2.0),
    },
    blinks: [2.0, 5.0],
    sway: 0.7,
  });
}

export function curious(): LibraryDriver {
  return gesture({
    id: 'curious',
    duration: 6,
    tags: ['tilt', 'brows', 'curious'],
    expression: {
      browRaise: envelope(1.0, 0.55, 0.6, 3.6, 0.9),
      ...saccades([
        [0.8, 0.3, -0.15],
        [1.9, 0.15, 0],
        [3.8, 0, 0],
      ]),
    },
    pose: {
      roll: envelope(0.8, 7, 1.1, 3.7, 1.3),
      yaw: envelope(0.8, 3.5, 1.0, 3.7, 1.3),
      pitch: envelope(0.9, -1.5, 1.0, 3.6, 1.2),
    },
    blinks: [2.5, 5.2],
  });
}

export const expressionDrivers = (): LibraryDriver[] => [
  gentleSmile(),
  raiseEyebrows(),
  wink(),
  blowKiss(),
  laugh(),
  surprised(),
  warmRemember(),
  curious(),
];
