import type { FaceReport } from '../pipeline/automation-contract.ts';
import type { DetectProgress } from '../pipeline/detect/contract.ts';

export interface ShownPhoto {
  name: string;
  width: number;
  height: number;
  display: ImageBitmap;
  displayScale: number;
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
}

export type AppAction =
  | { type: 'open-started' }
  | { type: 'open-failed'; message: string }
  | { type: 'photo-opened'; photo: ShownPhoto; notices: string[] }
  | { type: 'progress'; progress: DetectProgress }
  | { type: 'faces-found'; faces: FaceReport[] }
  | { type: 'find-failed'; message: string }
  | { type: 'select'; index: number }
  | { type: 'dismiss-error' };

export const initialState: AppState = { phase: 'empty', faces: [], notices: [] };

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
      return state.faces[action.index] && !state.faces[action.index]!.tooSmall ? { ...state, selected: action.index } : state;
    case 'dismiss-error':
      return { ...state, error: undefined };
  }
}
