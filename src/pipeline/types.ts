/**
 * Types every stage of the pipeline shares (the workers' contracts, the session controller, the
 * app and the automation), kept apart so that none of them imports another's module for a type.
 */
import { say, type Message } from '../i18n/messages.ts';

/** One face, in original-image pixels (after EXIF orientation). */
export interface FaceReport {
  /** [x, y, width, height] of the face box. */
  box: [number, number, number, number];
  score: number;
  /** 478 points [x, y, z]; z in pixels, same scale as x (MediaPipe convention). */
  landmarks: [number, number, number][];
  /** Set when the face is too small to animate (about 40 px); it is reported, not dropped. */
  tooSmall?: boolean;
  /** 4x4 facial transformation matrix (column-major, MediaPipe), when available. */
  matrix?: number[];
}

/** A result or the reason there is none: a code for programs and a message for people (worded by the reader). */
export type Outcome<T, Code extends string = string> = { ok: true; value: T } | { ok: false; code: Code; message: Message };

/** The answer of a step that something newer stopped. */
export const CANCELLED = { ok: false, code: 'cancelled', message: say('cancelled') } as const;
