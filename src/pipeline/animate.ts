import { boundingBox, type Box } from '../core/face/geometry.ts';
import { DETAIL_FACTOR } from '../core/image/detail.ts';
import { interOcularDistance, meanDistance } from '../core/face/landmark-indices.ts';
import { nearestFace } from '../core/quality/measures.ts';
import { planEnhancement, type EnhanceMode, type EnhancePlan } from '../core/enhance/plan.ts';
import { resampleMask } from '../core/image/mask-resample.ts';
import type { Size } from '../core/image/sizing.ts';
import type { EnhancedPhoto } from './enhance/contract.ts';
import type { FaceReport, Outcome as StepOutcome } from './types.ts';
import type { FaceFinder } from './detect/client.ts';
import type { Outcome } from './detect/contract.ts';
import type { AnimateRequest, FaceToAnimate } from './generate/contract.ts';

/** Long side of the animation, in pixels, unless asked otherwise. */
export const DEFAULT_OUTPUT_SIZE = 512;

/**
 * What the generator needs to animate faces: the whole photo at the output size (the generator
 * renders at that size, not the photo's) and each face's landmarks in its pixels — detected again
 * on that very image, the way every rendered frame is judged, so a still frame reproduces them
 * exactly (on a small face, landmarks found at full resolution and scaled down differ from what
 * the detector sees at the output size by several per cent of the eye span).
 */
export interface PreparedAnimation {
  request: AnimateRequest;
  /**
   * Per face, the crop its source landmarks were found in (output pixels). Judging a frame, the
   * detector looks at this crop moved with the face, so a still frame gives back the source
   * landmarks exactly: on a hard face (a profile, a beard) the landmarker's answer depends on the crop.
   */
  anchors: Box[];
  /** What enhancement did, when it ran. */
  enhanced?: { region: Box; whole: boolean; ms: number; backend: EnhancedPhoto['backend'] };
}

/** Runs the enhancement model on the photo (handed over) as planned (the session's PhotoEnhancer). */
export type EnhanceRunner = (photo: ImageBitmap, plan: EnhancePlan) => Promise<StepOutcome<EnhancedPhoto>>;

export interface Enhancement {
  mode: EnhanceMode;
  run: EnhanceRunner;
}

/** `photo` scaled so its long side is `longSide`, enlarged if need be (whole pixels). */
export function scaledTo(photo: Size, longSide: number): Size {
  const factor = longSide / Math.max(photo.width, photo.height);
  return { width: Math.max(1, Math.round(photo.width * factor)), height: Math.max(1, Math.round(photo.height * factor)) };
}

/** One face to animate and how: a built-in driver's id (the request takes the driver itself later, when it has one). */
export interface FacePart {
  face: FaceReport;
  driverId: string;
  intensity: number;
  glasses?: boolean;
  /** Where in the faces' shared loop it starts, frames. */
  phase?: number;
}

/** The smallest box around the faces' boxes [x, y, width, height]. */
function unionBox(boxes: readonly (readonly number[])[]): [number, number, number, number] {
  const x0 = Math.min(...boxes.map((b) => b[0]!));
  const y0 = Math.min(...boxes.map((b) => b[1]!));
  const x1 = Math.max(...boxes.map((b) => b[0]! + b[2]!));
  const y1 = Math.max(...boxes.map((b) => b[1]! + b[3]!));
  return [x0, y0, x1 - x0, y1 - y0];
}

export async function animationRequest(
  finder: Pick<FaceFinder, 'photoAt' | 'landmarksNear' | 'personMask'>,
  parts: readonly FacePart[],
  options: { size: number; others?: readonly FaceReport[]; enhance?: Enhancement },
): Promise<Outcome<PreparedAnimation>> {
  const [scaled, finer, person] = await Promise.all([
    finder.photoAt(options.size),
    finder.photoAt(options.size * DETAIL_FACTOR),
    // Without a person mask the whole photo moves with the face, as before: not a failure.
    finder.personMask(options.size).catch(() => undefined),
  ]);
  if (!scaled.ok) {
    if (finer.ok) finer.value.bitmap.close();
    return scaled;
  }
  let { bitmap, scale } = scaled.value;
  // Only a copy with twice the pixels is finer (a small photo is never enlarged).
  let detail = finer.ok && finer.value.bitmap.width === bitmap.width * DETAIL_FACTOR && finer.value.bitmap.height === bitmap.height * DETAIL_FACTOR ? finer.value.bitmap : undefined;
  let mask = person?.ok && person.value.width === bitmap.width && person.value.height === bitmap.height ? person.value.alpha : undefined;
  let enhanced: PreparedAnimation['enhanced'];
  if (!detail && finer.ok && options.enhance) {
    // The photo has fewer pixels than the animation reads from: the model makes the face's.
    const source = finer.value;
    const output = Math.max(bitmap.width, bitmap.height) < options.size ? scaledTo(bitmap, options.size) : { width: bitmap.width, height: bitmap.height };
    const [x, y, width, height] = unionBox(parts.map((part) => part.face.box)).map((v) => v / source.scale) as [number, number, number, number];
    const plan = planEnhancement(source.bitmap, { x, y, width, height }, { width: output.width * DETAIL_FACTOR, height: output.height * DETAIL_FACTOR }, options.enhance.mode);
    if (plan) {
      const result = await options.enhance.run(source.bitmap, plan);
      if (!result.ok && result.code === 'cancelled') {
        bitmap.close();
        return { ok: false, code: 'cancelled', message: result.message };
      }
      // A failed enhancement is no failed animation: it goes on with the photo's own pixels.
      if (result.ok) {
        detail = result.value.bitmap;
        enhanced = { region: plan.region, whole: plan.whole, ms: result.value.ms, backend: result.value.backend };
        if (output.width !== bitmap.width) {
          const enlarged = await createImageBitmap(detail, { resizeWidth: output.width, resizeHeight: output.height, resizeQuality: 'high' });
          scale *= bitmap.width / output.width;
          if (mask) mask = resampleMask(Float32Array.from(mask, (v) => v / 255), bitmap, { x: 0, y: 0, width: bitmap.width, height: bitmap.height }, output);
          bitmap.close();
          bitmap = enlarged;
        }
      }
    } else source.bitmap.close();
  } else if (finer.ok && !detail) finer.value.bitmap.close();
  const others = (options.others ?? []).map((other) => other.box.map((v) => v / scale) as [number, number, number, number]);
  const anchors: Box[] = [];
  const faces: FaceToAnimate[] = [];
  for (const part of parts) {
    const scaledDown = part.face.landmarks.map(([x, y, z]) => [x / scale, y / scale, z / scale] as [number, number, number]);
    const anchor = boundingBox(scaledDown);
    const seen = await finder.landmarksNear(await createImageBitmap(bitmap), [anchor.x, anchor.y, anchor.width, anchor.height]);
    const again = nearestFace(seen, scaledDown);
    // Only the same face, found again: never a neighbour's.
    const landmarks = again && meanDistance(again, scaledDown) < 0.2 * interOcularDistance(scaledDown) ? again : scaledDown;
    anchors.push(anchor);
    faces.push({
      landmarks,
      ...(part.face.matrix ? { matrix: part.face.matrix } : {}),
      driverId: part.driverId,
      intensity: part.intensity,
      glasses: !!part.glasses,
      phase: part.phase ?? 0,
    });
  }
  return {
    ok: true,
    value: {
      anchors,
      ...(enhanced ? { enhanced } : {}),
      request: {
        photo: bitmap,
        ...(detail ? { finer: detail } : {}),
        ...(mask ? { person: mask } : {}),
        ...(others.length ? { others } : {}),
        faces,
      },
    },
  };
}

/** The anchor crop moved with the face: by the shift of the landmarks' centroid. */
export function anchorFor(anchor: Box, source: readonly (readonly number[])[], target: readonly (readonly number[])[]): [number, number, number, number] {
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < source.length; i++) {
    dx += target[i]![0]! - source[i]![0]!;
    dy += target[i]![1]! - source[i]![1]!;
  }
  return [anchor.x + dx / source.length, anchor.y + dy / source.length, anchor.width, anchor.height];
}
