import type { Driver } from '../core/motion/types.ts';
import type { FaceReport } from '../pipeline/types.ts';
import { DEFAULT_DRIVER } from '../pipeline/animate.ts';
import type { DetectProgress } from '../pipeline/detect/contract.ts';

export interface ShownPhoto {
  name: string;
  width: number;
  height: number;
  display: ImageBitmap;
  displayScale: number;
}

export interface Animation {
  frames: ImageBitmap[];
  /** Frames the animation will have (0 until the first arrives). */
  total: number;
  fps: number;
  width: number;
  height: number;
}

export interface AppState {
  /** empty: nothing opened yet; opening: decoding; finding: looking for faces; ready: faces known. */
  phase: 'empty' | 'opening' | 'finding' | 'ready';
  photo?: ShownPhoto;
  faces: FaceReport[];
  selected?: number;
  progress?: DetectProgress;
  error?: string;
  notices: string[];
  driverId: string;
  /** The face the motion was chosen for (by default from its pose, or by the user). */
  driverFace?: number;
  /** Play the left-right mirrored variant of the motion. */
  mirrored: boolean;
  intensity: number;
  /** The chosen face wears glasses: keep the frames rigid. */
  glasses: boolean;
  /** Motions the user recorded from a video or loaded from a file, this session. */
  customDrivers: Driver[];
  /** A longer job in progress that is not face finding (recording a motion). */
  busy?: string;
  animation?: Animation;
}

export type AppAction =
  | { type: 'open-started' }
  | { type: 'open-failed'; message: string }
  | { type: 'photo-opened'; photo: ShownPhoto; notices: string[] }
  | { type: 'progress'; progress: DetectProgress }
  | { type: 'faces-found'; faces: FaceReport[] }
  | { type: 'find-failed'; message: string }
  | { type: 'select'; index: number }
  | { type: 'dismiss-error' }
  | { type: 'driver'; driverId: string }
  | { type: 'mirrored'; mirrored: boolean }
  | { type: 'intensity'; intensity: number }
  | { type: 'glasses'; glasses: boolean }
  | { type: 'custom-driver'; driver: Driver; notice?: string }
  | { type: 'saved-drivers'; drivers: Driver[] }
  | { type: 'busy'; text?: string }
  | { type: 'error'; message: string }
  | { type: 'animation-started' }
  | { type: 'frame'; frame: ImageBitmap; total: number; fps: number }
  | { type: 'animation-failed'; message: string };

export const initialState: AppState = { phase: 'empty', faces: [], notices: [], driverId: DEFAULT_DRIVER, mirrored: false, intensity: 1, glasses: false, customDrivers: [] };

/** The faces a user can pick: too-small ones are shown but cannot be animated. */
export function selectableFaces(faces: FaceReport[]): number[] {
  return faces.flatMap((f, i) => (f.tooSmall ? [] : [i]));
}

export function reduce(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'open-started':
      return { ...state, phase: state.photo ? state.phase : 'opening', progress: { stage: 'decoding' }, error: undefined };
    case 'open-failed':
      // A bad file loses nothing: whatever was on screen stays.
      return { ...state, phase: state.photo ? 'ready' : 'empty', progress: undefined, error: action.message };
    case 'photo-opened':
      return {
        ...state,
        animation: undefined,
        driverFace: undefined,
        phase: 'finding',
        photo: action.photo,
        faces: [],
        selected: undefined,
        progress: undefined,
        error: undefined,
        notices: action.notices,
      };
    case 'progress':
      return { ...state, progress: action.progress };
    case 'faces-found': {
      const selectable = selectableFaces(action.faces);
      return {
        ...state,
        phase: 'ready',
        faces: action.faces,
        // One face: it is the obvious choice.
        selected: selectable.length === 1 ? selectable[0] : undefined,
        progress: undefined,
        error: action.faces.length === 0 ? 'No face found — try a photo where the face is larger.' : undefined,
      };
    }
    case 'find-failed':
      return { ...state, phase: 'ready', progress: undefined, error: action.message };
    case 'select':
      // A newly chosen face gets its own default motion.
      return state.faces[action.index] && !state.faces[action.index]!.tooSmall
        ? { ...state, selected: action.index, driverFace: state.selected === action.index ? state.driverFace : undefined }
        : state;
    case 'dismiss-error':
      return { ...state, error: undefined };
    case 'driver':
      return { ...state, driverId: action.driverId, driverFace: state.selected };
    case 'mirrored':
      return { ...state, mirrored: action.mirrored };
    case 'intensity':
      return { ...state, intensity: action.intensity };
    case 'glasses':
      return { ...state, glasses: action.glasses };
    case 'custom-driver':
      return {
        ...state,
        customDrivers: [...state.customDrivers.filter((d) => d.id !== action.driver.id), action.driver],
        driverId: action.driver.id,
        driverFace: state.selected,
        mirrored: false,
        notices: action.notice ? [action.notice] : state.notices,
        error: undefined,
      };
    case 'saved-drivers': {
      const known = new Set(state.customDrivers.map((d) => d.id));
      return { ...state, customDrivers: [...state.customDrivers, ...action.drivers.filter((d) => !known.has(d.id))] };
    }
    case 'busy':
      return { ...state, busy: action.text };
    case 'error':
      return { ...state, error: action.message };
    case 'animation-started':
      return { ...state, animation: undefined };
    case 'frame': {
      const { frame, total, fps } = action;
      const previous = state.animation?.frames ?? [];
      return { ...state, animation: { frames: [...previous, frame], total, fps, width: frame.width, height: frame.height } };
    }
    case 'animation-failed':
      return { ...state, animation: undefined, error: action.message };
  }
}
