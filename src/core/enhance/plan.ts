import type { Box } from '../face/geometry.ts';
import type { Size } from '../image/sizing.ts';

/**
 * on: whenever the photo has fewer pixels than the animation reads from (twice the output);
 * auto: when the output itself is larger than the photo (a small photo or face, a large file);
 * off: never.
 */
export type EnhanceMode = 'on' | 'off' | 'auto';
export const ENHANCE_MODES: readonly EnhanceMode[] = ['on', 'off', 'auto'];

/**
 * auto enhances when the animation reads from at least this many times the photo's pixels (per
 * side): twice the output (the finer copy), the output itself 5 % larger than the photo.
 */
export const AUTO_MIN_NEED = 2.1;
/** When the face's region covers this share of the photo, the whole photo is enhanced: it costs little more. */
const WHOLE_PHOTO_SHARE = 0.6;
/** Room around the face box (of its size, each side): hair, ears, the neck move with the face. */
const FACE_MARGIN = 0.6;

export interface EnhancePlan {
  /** What the model upscales, in the photo's pixels (integers, inside the photo). */
  region: Box;
  whole: boolean;
  /** The enhanced photo's size: the photo scaled to the long side the animation reads from. */
  target: Size;
}

/**
 * Whether and where to enhance: the animation reads moved pixels from a copy of the photo at
 * `target` (twice the output size); a photo with fewer pixels than that is enlarged to it, the
 * model making the face region's (or a small photo's) pixels and the rest scaled smoothly.
 */
export function planEnhancement(photo: Size, face: Box, target: Size, mode: EnhanceMode): EnhancePlan | undefined {
  if (mode === 'off') return undefined;
  const need = Math.max(target.width / photo.width, target.height / photo.height);
  if (need <= 1 || (mode === 'auto' && need < AUTO_MIN_NEED)) return undefined;
  const x0 = Math.max(0, Math.floor(face.x - FACE_MARGIN * face.width));
  const y0 = Math.max(0, Math.floor(face.y - FACE_MARGIN * face.height));
  const x1 = Math.min(photo.width, Math.ceil(face.x + (1 + FACE_MARGIN) * face.width));
  const y1 = Math.min(photo.height, Math.ceil(face.y + (1 + FACE_MARGIN) * face.height));
  if (x1 <= x0 || y1 <= y0) return undefined;
  if ((x1 - x0) * (y1 - y0) >= WHOLE_PHOTO_SHARE * photo.width * photo.height) {
    return { region: { x: 0, y: 0, width: photo.width, height: photo.height }, whole: true, target };
  }
  return { region: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, whole: false, target };
}
