import { FaceFinder } from './detect/client.ts';
import { PhotoEnhancer } from './enhance/client.ts';
import { FileExporter } from './export/client.ts';
import { FaceAnimator } from './generate/client.ts';
import { MotionFileReader } from './motion-file/client.ts';
import { Session } from './session.ts';

/** The page's session over the real workers (each started on first use). */
export function startSession(animator = new FaceAnimator()): Session {
  return new Session({
    detector: new FaceFinder(),
    generator: animator,
    encoder: () => new FileExporter(),
    enhancer: () => new PhotoEnhancer(),
    motionFiles: () => new MotionFileReader(),
    // The motions are built with the generator's code, not with the first screen.
    motions: async () => {
      const { findDriver, defaultDriverForFace, groupDriversFor } = await import('../core/drivers/registry.ts');
      const { headFrame } = await import('../core/motion/head-frame.ts');
      return {
        find: findDriver,
        suggestFor: (face) => defaultDriverForFace(face.landmarks, face.matrix),
        suggestForGroup: (faces) => groupDriversFor(faces.map((face) => headFrame(face.landmarks, face.matrix).yaw)),
      };
    },
  });
}
