import type { FaceReport } from './automation-contract.ts';
import type { FaceFinder } from './detect/client.ts';
import type { Outcome } from './detect/contract.ts';
import type { AnimateRequest } from './generate/contract.ts';

/** Long side of the animation, in pixels, unless asked otherwise. */
export const DEFAULT_OUTPUT_SIZE = 512;
export const DEFAULT_DRIVER = 'smile';

/**
 * What the generator needs to animate `face`: the whole photo at the output size (the generator
 * renders at that size, not the photo's) and the face's landmarks in its pixels.
 */
export async function animationRequest(
  finder: FaceFinder,
  face: FaceReport,
  options: { size: number; driverId: string; intensity: number },
): Promise<Outcome<AnimateRequest>> {
  const scaled = await finder.photoAt(options.size);
  if (!scaled.ok) return scaled;
  const { bitmap, scale } = scaled.value;
  return {
    ok: true,
    value: {
      photo: bitmap,
      face: {
        landmarks: face.landmarks.map(([x, y, z]) => [x / scale, y / scale, z / scale]),
        ...(face.matrix ? { matrix: face.matrix } : {}),
      },
      driverId: options.driverId,
      intensity: options.intensity,
    },
  };
}
