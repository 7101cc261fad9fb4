import type { Box } from '../face/geometry.ts';
import type { Size } from '../image/sizing.ts';

/** on: whenever the photo has fewer pixels than the animation needs; auto: only when clearly fewer; off: never. */
export type EnhanceMode = 'on' | 'off' | 'auto';
export const ENHANCE_MODES: readonly EnhanceMode[] = ['on', 'off', 'auto'];

/** auto enhances when the animation needs at least this many times the photo's pixels (per side). */
export const AUTO_MIN_NEED = 1.25;
/** A photo at most this many pixels is enhanced whole; a larger one around the face only. */
export const WHOLE_PHOTO_PIXELS = 512 * 512;
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
 * Whether and where to enhance: the animation reads moved pixels from a copy `needLongSide` px on
 * the long side (twice the output); a photo with fewer pixels than that is enlarged, the model
 * making the face region's (or a small photo's) pixels and the rest scaled smoothly.
 */
export function planEnhancement(photo: Size, face: Box, needLongSide: number, mode: EnhanceMode): EnhancePlan | undefined {
  if (mode === 'off') return undefined;
  const long = Math.max(photo.width, photo.height);
  const need = needLongSide / long;
  if (need <= 1 || (mode === 'auto' && need < AUTO_MIN_NEED)) return undefined;
  const target = { width: Math.round(photo.width * need), height: Math.round(photo.height * need) };
  if (photo.width * photo.height <= WHOLE_PHOTO_PIXELS) return { region: { x: 0, y: 0, width: photo.width, height: photo.height }, whole: true, target };
  const x0 = Math.max(0, Math.floor(face.x - FACE_MARGIN * face.width));
  const y0 = Math.max(0, Math.floor(face.y - FACE_MARGIN * face.height));
  const x1 = Math.min(photo.width, Math.ceil(face.x + (1 + FACE_MARGIN) * face.width));
  const y1 = Math.min(photo.height, Math.ceil(face.y + (1 + FACE_MARGIN) * face.height));
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { region: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, whole: false, target };
}
