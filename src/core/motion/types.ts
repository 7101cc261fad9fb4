/**
 * Shared types of the motion pipeline: a driver (recorded or authored motion) is turned into
 * target landmarks for the chosen face, which the generator then renders.
 */

export type Vec3 = [number, number, number];
/** 3x3 matrix, row-major. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/**
 * 478 MediaPipe landmarks [x, y, z] in photo pixels; z in pixels on the same scale as x,
 * smaller = nearer the camera (MediaPipe convention).
 */
export type Landmarks = [number, number, number][];

/** Head pose relative to the driver's first frame. */
export interface HeadPose {
  /** Degrees. Positive yaw turns the face to the viewer's right, positive pitch nods down, positive roll tilts clockwise as seen. */
  yaw: number;
  pitch: number;
  roll: number;
  /** Translation in eye-spans (image axes: x right, y down). */
  x: number;
  y: number;
  /** 1 = rest. */
  scale: number;
}

/** One frame of a driver. */
export interface DriverFrame {
  pose: HeadPose;
  /**
   * 478 x (dx, dy, dz) displacements of the landmarks in the canonical, pose-free face space
   * (x right, y down, z away from the camera as seen in the image), in eye-spans (distance
   * between the outer eye corners 33 and 263 = 1). Length 478 * 3.
   */
  expression: Float32Array;
}

export interface Driver {
  id: string;
  name: string;
  fps: number;
  /** Starts and ends at rest, so the animation loops seamlessly. */
  loops: boolean;
  frames: DriverFrame[];
}

/**
 * The chosen face of the photo, prepared for motion transfer (headFrame in head-frame.ts).
 * Head-local axes are the canonical face's: x right, y down, z away from the camera as seen
 * when the face looks straight at it.
 */
export interface HeadFrame {
  /** The detected landmarks (photo pixels). */
  landmarks: Landmarks;
  /** Head-local -> image axes; orthonormal, det +1. */
  rotation: Mat3;
  /** Where `rotation` comes from: MediaPipe's facial transformation matrix, or a fit of the canonical face. */
  rotationSource: 'matrix' | 'landmarks';
  /** |p33 - p263| in pixels: the unit of expressions and pose translations. */
  eyeSpan: number;
  /** Centre the head turns about (photo pixels, z as the landmarks). */
  pivot: Vec3;
  /** Orientation of the face in the photo, degrees, HeadPose signs (rotation = Ry(yaw)·Rx(pitch)·Rz(roll)). */
  yaw: number;
  pitch: number;
  roll: number;
}

/** Degrees, relative to the face's pose in the photo. */
export interface AngleRange {
  min: number;
  max: number;
}

/** How far a face may be moved before the warp stops convincing (motionLimits in limits.ts). */
export interface MotionLimits {
  yaw: AngleRange;
  pitch: AngleRange;
  roll: AngleRange;
  /** Largest upward displacement of the brows and forehead, eye-spans. */
  browRaise: number;
  /**
   * The share of a driver's motion this face takes, 1 .. 0.5. `pose` (turn, nod, tilt, sway): 1
   * within ~15° of frontal, 0.5 for near-profiles, whose far side is hidden and can only be bent.
   * `expression` (the skin moving inside the face): 1 up to ~30°, 0.5 for near-profiles, where the
   * mouth runs along the outline. The eyelids always take all of it: a blink is a whole blink.
   */
  amplitude: { pose: number; expression: number };
  /** The face wears glasses: the frames' region moves with the head only, never bends. */
  rigidGlasses: boolean;
  /**
   * The mouth corners' height above the lips' centre (head-local eye-spans, over the canonical
   * face's): the photo's own, and the most any expression may take them to.
   */
  cornerLift: { photo: number; max: number };
}

/**
 * Target of one frame for the warp. Every landmark (and any point the warp attaches to the head)
 * moves as p -> pivot + scale · rotation · (p + displacement - pivot) + translation, then is
 * projected orthographically (x, y; z is kept for the depth test).
 */
export interface MotionFrame {
  /** 478 targets, photo pixels. */
  landmarks: Landmarks;
  /** The rotation about the pivot applied this frame, image axes. */
  rotation: Mat3;
  pivot: Vec3;
  /** Pixels, image axes. */
  translation: Vec3;
  scale: number;
  /** The expression displacement in image axes, pixels, before rotation (the warp uses it for points outside the face). */
  displacement: Landmarks;
}
