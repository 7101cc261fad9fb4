/**
 * Left-right mirrored drivers: a wink of the left eye becomes a wink of the right, a turn to the
 * right a turn to the left. Landmarks swap with their partners across the face's midline.
 */
import { CANONICAL_FACE } from '../face/canonical/canonical-face.ts';
import type { Driver, DriverFrame } from '../motion/types.ts';

/** A driver that may say it is a mirrored variant (types.ts has no such field). */
export type MirrorableDriver = Driver & { mirrored?: boolean };

const MIRRORED_ID_SUFFIX = '-mirrored';
const MIRRORED_NAME_SUFFIX = ' (mirrored)';

/**
 * For each landmark its left-right partner: the canonical landmark nearest to (-x, y, z).
 * Midline points map to themselves. An involution (MIRROR_INDEX[MIRROR_INDEX[i]] === i; tested).
 */
export const MIRROR_INDEX: Int32Array = computeMirrorIndex(CANONICAL_FACE);

export function computeMirrorIndex(face: readonly (readonly [number, number, number])[]): Int32Array {
  const index = new Int32Array(face.length);
  face.forEach(([x, y, z], i) => {
    let best = i;
    let bestDistance = Infinity;
    face.forEach(([qx, qy, qz], j) => {
      const d = (qx + x) ** 2 + (qy - y) ** 2 + (qz - z) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    });
    index[i] = best;
  });
  return index;
}

/** -v without producing -0 (rest frames stay exactly at rest). */
const negate = (v: number): number => 0 - v;

/**
 * The driver mirrored left-right: expression of landmark i taken from its partner with dx
 * negated; yaw, roll and x negated; pitch, y and scale unchanged. Id `${id}-mirrored`, name
 * `${name} (mirrored)`, `mirrored: true`. Mirroring a mirrored driver gives back the original,
 * id and name included. Other fields of the driver object (description, tags...) are kept.
 */
export function mirrorDriver(driver: Driver): MirrorableDriver {
  const source = driver as MirrorableDriver;
  const frames = driver.frames.map(mirrorFrame);
  const { mirrored: _wasMirrored, ...rest } = source;
  const unmirroring =
    source.mirrored === true && driver.id.endsWith(MIRRORED_ID_SUFFIX) && driver.name.endsWith(MIRRORED_NAME_SUFFIX);
  if (unmirroring) {
    return {
      ...rest,
      id: driver.id.slice(0, -MIRRORED_ID_SUFFIX.length),
      name: driver.name.slice(0, -MIRRORED_NAME_SUFFIX.length),
      frames,
    };
  }
  return {
    ...rest,
    id: `${driver.id}${MIRRORED_ID_SUFFIX}`,
    name: `${driver.name}${MIRRORED_NAME_SUFFIX}`,
    mirrored: true,
    frames,
  };
}

export function mirrorFrame(frame: DriverFrame): DriverFrame {
  const { pose, expression } = frame;
  const out = new Float32Array(expression.length);
  const points = Math.min(MIRROR_INDEX.length, Math.floor(expression.length / 3));
  for (let i = 0; i < points; i++) {
    const j = MIRROR_INDEX[i]!;
    out[3 * i] = negate(expression[3 * j]!);
    out[3 * i + 1] = expression[3 * j + 1]!;
    out[3 * i + 2] = expression[3 * j + 2]!;
  }
  return {
    pose: { ...pose, yaw: negate(pose.yaw), roll: negate(pose.roll), x: negate(pose.x) },
    expression: out,
  };
}
