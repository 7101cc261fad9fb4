import { say, Refusal } from '../../i18n/messages.ts';
import type { FaceReport } from '../types.ts';
import type { FaceDetector } from '../session.ts';
import { boundingBox } from '../../core/face/geometry.ts';
import { nearestFace } from '../../core/quality/measures.ts';
import type { Landmarks } from '../../core/motion/types.ts';

/** Recordings are capped at this length, as the issue asks. */
export const MAX_RECORDING_SECONDS = 30;
export const RECORDING_FPS = 25;

/** Videos larger than this are not read whole to look for a sound: they are taken to have one (an MP4 without it is then silent anyway). */
const SOUND_PROBE_BYTES = 64 * 1024 * 1024;

/** Whether the video has a sound track the browser can play (a camera recording made without the microphone has none). */
export async function hasSound(video: Blob): Promise<boolean> {
  if (video.size > SOUND_PROBE_BYTES) return true;
  try {
    const decoded = await new OfflineAudioContext(1, 1, 44_100).decodeAudioData(await video.arrayBuffer());
    return decoded.length > 0;
  } catch {
    return false;
  }
}

export interface TrackedFrame {
  landmarks: Landmarks;
}

function waitFor(target: EventTarget, event: string, failure = 'error'): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      target.removeEventListener(event, done);
      target.removeEventListener(failure, fail);
      resolve();
    };
    const fail = () => {
      target.removeEventListener(event, done);
      target.removeEventListener(failure, fail);
      reject(new Refusal(say('record.unreadable')));
    };
    target.addEventListener(event, done);
    target.addEventListener(failure, fail);
  });
}

async function frameBlob(video: HTMLVideoElement): Promise<Blob> {
  const canvas = new OffscreenCanvas(video.videoWidth, video.videoHeight);
  canvas.getContext('2d')!.drawImage(video, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/**
 * Steps through a video file at 25 fps (up to 30 s), decoded by the browser, and follows one face:
 * found on the first frame with the full face search (the largest face), then tracked with the
 * landmarker in a crop around where it was. Frames where it is lost are null.
 */
export async function trackFaceInVideo(
  finder: FaceDetector,
  file: Blob,
  onProgress?: (done: number, total: number) => void,
): Promise<(TrackedFrame | null)[]> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  // A blob URL: the whole video is local, so every frame can be sought.
  const url = URL.createObjectURL(file);
  video.src = url;
  try {
    await waitFor(video, 'loadeddata');
    await learnDuration(video);
    return await stepThrough(finder, video, onProgress);
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

/**
 * A camera recording (MediaRecorder) does not state its duration: seeking far past the end makes
 * the browser find it.
 */
async function learnDuration(video: HTMLVideoElement): Promise<void> {
  if (Number.isFinite(video.duration)) return;
  video.currentTime = Number.MAX_SAFE_INTEGER;
  await waitFor(video, 'seeked');
  video.currentTime = 0;
  await waitFor(video, 'seeked');
}

async function stepThrough(
  finder: FaceDetector,
  video: HTMLVideoElement,
  onProgress?: (done: number, total: number) => void,
): Promise<(TrackedFrame | null)[]> {
  const seconds = Math.min(video.duration || 0, MAX_RECORDING_SECONDS);
  const total = Math.max(1, Math.floor(seconds * RECORDING_FPS));
  const frames: (TrackedFrame | null)[] = [];
  let previous: Landmarks | undefined;
  for (let index = 0; index < total; index++) {
    video.currentTime = index / RECORDING_FPS;
    await waitFor(video, 'seeked');
    if (!previous) {
      const opened = await finder.openPhoto(await frameBlob(video));
      if (!opened.ok) throw new Refusal(opened.message);
      opened.value.display.close();
      const found = await finder.findFaces();
      const faces = found.ok ? found.value.filter((f: FaceReport) => !f.tooSmall) : [];
      const largest = faces.sort((a, b) => b.box[2] - a.box[2])[0];
      // Landmarks only, as on every later frame: the head pose is then fitted the same way throughout.
      frames.push(largest ? { landmarks: largest.landmarks } : null);
      previous = largest?.landmarks;
    } else {
      const box = boundingBox(previous);
      const seen = await finder.landmarksNear(await createImageBitmap(video), [box.x, box.y, box.width, box.height]);
      const face = nearestFace(seen, previous);
      frames.push(face ? { landmarks: face } : null);
      if (face) previous = face;
    }
    onProgress?.(index + 1, total);
  }
  return frames;
}
