/** Motion transfer: driver frames -> target landmarks for a face in a photo. */
export type * from './types.ts';
export { fitCanonicalPose, headFrame, rotationFromMatrix, type CanonicalPoseFit } from './head-frame.ts';
export { motionLimits, softClamp, type MotionLimitOptions } from './limits.ts';
export { MAX_INTENSITY, transferMotion, type TransferOptions } from './transfer.ts';
