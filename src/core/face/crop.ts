import { boxCenter, type Box } from './geometry.ts';

/** A square region of the image that is resampled to `size` x `size` pixels for the landmarker. */
export interface Crop extends Box {
  size: number;
}

/**
 * The square crop around a detected face that the landmarker sees. The face fills about
 * 1/`context` of it, so the landmarker's own detector finds it at a comfortable scale; the
 * resampled size is large enough for the 192 px landmark model and never far above the crop's
 * own resolution.
 */
export function landmarkCrop(face: Box, context = 2.2, minSize = 256, maxSize = 512): Crop {
  const [cx, cy] = boxCenter(face);
  const side = Math.max(face.width, face.height) * context;
  const size = Math.round(Math.min(maxSize, Math.max(minSize, side)));
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side, size };
}

/** Maps a normalised landmark of the crop (x, y in 0..1, z in units of crop width) to image pixels. */
export function cropPointToImage(p: { x: number; y: number; z: number }, crop: Crop): [number, number, number] {
  return [crop.x + p.x * crop.width, crop.y + p.y * crop.height, p.z * crop.width];
}
