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
