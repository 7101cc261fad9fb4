import { boundingBox } from '../../core/face/geometry.ts';
import type { Landmarks } from '../../core/motion/types.ts';
import { nearestFace } from '../../core/quality/measures.ts';

/** Landmarks of the faces seen in `frame` (which it closes) around `box` ([x, y, w, h]). */
export type LandmarkLocator = (frame: ImageBitmap, box: [number, number, number, number]) => Promise<Landmarks[]>;

/**
 * Follows the face in a live video and draws its landmarks on `canvas` (laid over the video),
 * as fast as the landmarker allows, until the returned stop function is called. `onFace` hears
 * whether a face is in view whenever that changes.
 */
export function followLandmarks(video: HTMLVideoElement, canvas: HTMLCanvasElement, locate: LandmarkLocator, onFace: (seen: boolean) => void): () => void {
  let stopped = false;
  let seen: boolean | undefined;
  let previous: Landmarks | undefined;
  void (async () => {
    while (!stopped) {
      if (video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const { videoWidth: width, videoHeight: height } = video;
        // Near the face seen last, else the whole picture (the camera's face is large in it).
        const box = previous ? boundingBox(previous) : { x: 0, y: 0, width, height };
        const faces = await locate(await createImageBitmap(video), [box.x, box.y, box.width, box.height]).catch(() => []);
        if (stopped) return;
        const face = previous ? nearestFace(faces, previous) : faces.sort((a, b) => boundingBox(b).width - boundingBox(a).width)[0];
        previous = face;
        draw(canvas, width, height, face);
        if (seen !== !!face) onFace((seen = !!face));
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  })();
  return () => {
    stopped = true;
  };
}

function draw(canvas: HTMLCanvasElement, width: number, height: number, face: Landmarks | undefined): void {
  if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
  const context = canvas.getContext('2d')!;
  context.clearRect(0, 0, width, height);
  if (!face) return;
  const radius = Math.max(1, width / 400);
  context.fillStyle = 'rgba(140, 230, 255, 0.85)';
  context.beginPath();
  for (const [x, y] of face) {
    context.moveTo(x + radius, y);
    context.arc(x, y, radius, 0, 2 * Math.PI);
  }
  context.fill();
}
