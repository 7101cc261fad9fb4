import type { Driver } from '../core/motion/types.ts';
import { say, type Message } from '../i18n/messages.ts';
import type { DetectProgress } from '../pipeline/detect/contract.ts';
import type { FaceReport } from '../pipeline/types.ts';

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

/** One face's motion when everyone is animated together (the chosen face's lives in AppState itself). */
export interface CastMotion {
  driverId: string;
  suggested: string;
  mirrored: boolean;
  intensity: number;
  glasses: boolean;
  still: boolean;
}

export interface AppState {
  /** empty: nothing opened yet; opening: decoding; finding: looking for faces; ready: faces known. */
  phase: 'empty' | 'opening' | 'finding' | 'ready';
  photo?: ShownPhoto;
  faces: FaceReport[];
  /** The search is still going on behind the faces listed (the largest are found first). */
  moreFacesComing: boolean;
  selected?: number;
  progress?: DetectProgress;
  error?: Message;
  notices: Message[];
  /** The chosen motion: a built-in one's id or one of `customDrivers`; undefined until suggested. */
  driverId?: string;
  /** The motion that suits the chosen face's pose. */
  suggested?: string;
  /** The face the motion was chosen for (suggested by its pose, or by the user). */
  driverFace?: number;
  /** Play the left-right mirrored variant of the motion. */
  mirrored: boolean;
  intensity: number;
  /** The chosen face wears glasses: keep them rigid. */
  glasses: boolean;
  /** Every face large enough is animated together; the chosen one is the one whose motion is edited. */
  everyone: boolean;
  /** With `everyone`: the chosen face stays still. */
  still: boolean;
  /** With `everyone`: the motions of the faces not chosen, by face index (the chosen one's are above). */
  cast: Record<number, CastMotion>;
  /** Motions the user recorded from a video or loaded from a file. */
  customDrivers: Driver[];
  /** A longer job in progress that is not face finding (recording a motion). */
  busy?: Message;
  /** The chosen face's animation: absent before it starts, with no frames while it is prepared. */
  animation?: Animation;
}

export type AppAction =
  | { type: 'open-started' }
  | { type: 'open-failed'; message: Message }
  | { type: 'photo-opened'; photo: ShownPhoto; notices: Message[] }
  | { type: 'progress'; progress: DetectProgress }
  | { type: 'faces-found'; faces: FaceReport[]; partial?: boolean }
  | { type: 'find-failed'; message: Message }
  | { type: 'select'; index: number }
  | { type: 'start-over' }
  | { type: 'dismiss-error' }
  | { type: 'suggested'; face: number; driverId: string }
  | { type: 'driver'; driverId: string }
  | { type: 'mirrored'; mirrored: boolean }
  | { type: 'intensity'; intensity: number }
  | { type: 'glasses'; glasses: boolean }
  | { type: 'everyone'; on: boolean }
  | { type: 'group-suggested'; drivers: Record<number, string> }
  | { type: 'still'; still: boolean }
  | { type: 'custom-driver'; driver: Driver; notice?: Message }
  | { type: 'saved-drivers'; drivers: Driver[] }
  | { type: 'busy'; text?: Message }
  | { type: 'error'; message: Message }
  | { type: 'animation-started' }
  | { type: 'frame'; frame: ImageBitmap; total: number; fps: number }
  | { type: 'animation-failed'; message: Message };

export const initialState: AppState = {
  phase: 'empty',
  faces: [],
  moreFacesComing: false,
  notices: [],
  mirrored: false,
  intensity: 1,
  glasses: false,
  everyone: false,
  still: false,
  cast: {},
  customDrivers: [],
};

/** The chosen face's motion, as kept for it while another face is chosen. */
function castOf(state: AppState): CastMotion | undefined {
  if (state.driverId === undefined || state.driverFace !== state.selected) return undefined;
  return { driverId: state.driverId, suggested: state.suggested ?? state.driverId, mirrored: state.mirrored, intensity: state.intensity, glasses: state.glasses, still: state.still };
}

/**
 * With everyone animated, choosing a face keeps the previous one's motion in the cast and brings
 * the new one's out of it: the animation goes on as it is.
 */
function chooseInCast(state: AppState, index: number): AppState {
  const kept = castOf(state);
  const cast = { ...state.cast };
  if (kept && state.selected !== undefined) cast[state.selected] = kept;
  const chosen = cast[index];
  delete cast[index];
  return chosen
    ? { ...state, cast, selected: index, driverFace: index, driverId: chosen.driverId, suggested: chosen.suggested, mirrored: chosen.mirrored, intensity: chosen.intensity, glasses: chosen.glasses, still: chosen.still }
    : { ...state, cast, selected: index, driverFace: undefined, suggested: undefined, still: false };
}

/**
 * Every face that moves, with its motion, in face order: the chosen face and (with everyone)
 * the cast, leaving out faces kept still; undefined while a face's motion is not known yet.
 */
export function movingFaces(state: AppState): { index: number; motion: Omit<CastMotion, 'suggested' | 'still'> }[] | undefined {
  if (state.selected === undefined) return undefined;
  const own = castOf(state);
  if (!own) return undefined;
  const indices = state.everyone ? selectableFaces(state.faces) : [state.selected];
  const moving = [];
  for (const index of indices) {
    const motion = index === state.selected ? own : state.cast[index];
    if (!motion) return undefined;
    if (!motion.still) moving.push({ index, motion: { driverId: motion.driverId, mirrored: motion.mirrored, intensity: motion.intensity, glasses: motion.glasses } });
  }
  return moving;
}

/** The faces a user can pick: too-small ones are shown but cannot be animated. */
export function selectableFaces(faces: FaceReport[]): number[] {
  return faces.flatMap((f, i) => (f.tooSmall ? [] : [i]));
}

/** The face animatable by default: the only one, or (while more are being searched) the first found. */
function defaultFace(faces: FaceReport[], partial: boolean): number | undefined {
  const selectable = selectableFaces(faces);
  return selectable.length === 1 || (partial && selectable.length) ? selectable[0] : undefined;
}

function overlap(a: FaceReport, b: FaceReport): number {
  const [ax, ay, aw, ah] = a.box;
  const [bx, by, bw, bh] = b.box;
  const w = Math.max(0, Math.min(ax + aw, bx + bw) - Math.max(ax, bx));
  const h = Math.max(0, Math.min(ay + ah, by + bh) - Math.max(ay, by));
  return (w * h) / (aw * ah + bw * bh - w * h);
}

/**
 * The full list of faces, keeping the objects of faces already listed (found early): the face
 * being animated stays the same face, so its animation goes on undisturbed.
 */
function keepKnown(known: FaceReport[], found: FaceReport[]): FaceReport[] {
  return found.map((face) => known.find((k) => overlap(k, face) > 0.7) ?? face);
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
        driverId: undefined,
        suggested: undefined,
        phase: 'finding',
        photo: action.photo,
        faces: [],
        moreFacesComing: true,
        selected: undefined,
        progress: undefined,
        error: undefined,
        notices: action.notices,
        glasses: false,
        everyone: false,
        still: false,
        cast: {},
      };
    case 'progress':
      return { ...state, progress: action.progress };
    case 'faces-found': {
      const partial = !!action.partial;
      const faces = keepKnown(state.faces, action.faces);
      const remap = (index: number | undefined) => {
        const at = index === undefined ? -1 : faces.indexOf(state.faces[index]!);
        return at >= 0 ? at : undefined;
      };
      const kept = remap(state.selected);
      const selected = kept ?? (state.selected === undefined ? defaultFace(faces, partial) : undefined);
      return {
        ...state,
        phase: partial ? 'finding' : 'ready',
        faces,
        moreFacesComing: partial,
        selected,
        // The motion follows the face it was chosen for to its place in the new list.
        driverFace: remap(state.driverFace),
        progress: partial ? state.progress : undefined,
        error: !partial && faces.length === 0 ? say('faces.none') : state.error,
      };
    }
    case 'find-failed':
      return { ...state, phase: 'ready', moreFacesComing: false, progress: undefined, error: action.message };
    case 'select':
      if (!state.faces[action.index] || state.faces[action.index]!.tooSmall || state.selected === action.index) return state;
      if (state.everyone) return chooseInCast(state, action.index);
      // A newly chosen face gets the motion that suits it.
      return { ...state, selected: action.index, driverFace: undefined, suggested: undefined, animation: undefined };
    case 'everyone': {
      if (action.on === state.everyone) return state;
      if (!action.on) return { ...state, everyone: false, still: false, cast: {}, animation: undefined };
      const selected = state.selected ?? selectableFaces(state.faces)[0];
      if (selected === undefined || selectableFaces(state.faces).length < 2) return state;
      return { ...state, everyone: true, selected, still: false, animation: undefined };
    }
    case 'group-suggested': {
      if (!state.everyone) return state;
      const cast = { ...state.cast };
      let chosen = state;
      for (const [key, driverId] of Object.entries(action.drivers)) {
        const index = Number(key);
        if (index === state.selected) {
          if (state.driverFace !== index) chosen = { ...chosen, driverId, suggested: driverId, driverFace: index };
        } else cast[index] ??= { driverId, suggested: driverId, mirrored: false, intensity: state.intensity, glasses: false, still: false };
      }
      return { ...chosen, cast };
    }
    case 'still':
      return action.still === state.still ? state : { ...state, still: action.still, animation: undefined };
    case 'start-over':
      return { ...initialState, customDrivers: state.customDrivers, intensity: state.intensity };
    case 'dismiss-error':
      return { ...state, error: undefined };
    case 'suggested':
      if (action.face !== state.selected) return state;
      return { ...state, suggested: action.driverId, driverId: state.driverFace === action.face ? state.driverId : action.driverId, driverFace: action.face };
    // A change of motion replaces the animation at once: nothing stale is shown, or saved, meanwhile.
    case 'driver':
      return action.driverId === state.driverId && state.driverFace === state.selected ? state : { ...state, driverId: action.driverId, driverFace: state.selected, animation: undefined };
    case 'mirrored':
      return action.mirrored === state.mirrored ? state : { ...state, mirrored: action.mirrored, animation: undefined };
    case 'intensity':
      return action.intensity === state.intensity ? state : { ...state, intensity: action.intensity, animation: undefined };
    case 'glasses':
      return action.glasses === state.glasses ? state : { ...state, glasses: action.glasses, animation: undefined };
    case 'custom-driver':
      return {
        ...state,
        customDrivers: [...state.customDrivers.filter((d) => d.id !== action.driver.id), action.driver],
        // Renaming keeps the frames (and the animation); new frames replace it.
        animation: state.customDrivers.find((d) => d.id === action.driver.id)?.frames === action.driver.frames ? state.animation : undefined,
        driverId: action.driver.id,
        driverFace: state.selected,
        mirrored: false,
        notices: action.notice ? [action.notice] : state.notices,
        error: undefined,
      };
    case 'saved-drivers': {
      const known = new Set(state.customDrivers.map((d) => d.id));
      const added = action.drivers.filter((d) => !known.has(d.id) && (known.add(d.id), true));
      return { ...state, customDrivers: [...state.customDrivers, ...added] };
    }
    case 'busy':
      return { ...state, busy: action.text };
    case 'error':
      // A refusal replaces what was said before ("Loaded the motion …" must not stand beside it).
      return { ...state, error: action.message, notices: [] };
    case 'animation-started':
      return { ...state, animation: { frames: [], total: 0, fps: 25, width: 0, height: 0 } };
    case 'frame': {
      const { frame, total, fps } = action;
      const previous = state.animation?.frames ?? [];
      return { ...state, animation: { frames: [...previous, frame], total, fps, width: frame.width, height: frame.height } };
    }
    case 'animation-failed':
      return { ...state, animation: undefined, error: action.message };
  }
}

export interface Status {
  label: Message;
  /** 0..1 where the work is countable; undefined: under way, amount unknown. */
  fraction?: number;
}

/**
 * What the page is busy with, in words, for the one status line: every wait says what is
 * happening, with a bar where the work is countable — never a bar stuck full.
 */
export function statusOf(state: AppState): Status | undefined {
  const { progress } = state;
  if (progress) {
    switch (progress.stage) {
      case 'decoding':
        return { label: say('status.opening') };
      case 'loading-models': {
        if ('fromCache' in progress && progress.fromCache) return { label: say('status.getting-ready') };
        const fraction = progress.loadedBytes / progress.totalBytes;
        // Whole percents, rounded down: the bar never says done before it is.
        return progress.totalBytes > 0 && progress.loadedBytes < progress.totalBytes
          ? { label: say('status.downloading', { fraction: Math.floor(100 * fraction) / 100 }), fraction }
          : { label: say('status.getting-ready') };
      }
      case 'finding-faces': {
        const found = state.faces.length;
        const label = found ? say('status.found-more', { count: found }) : say('status.looking');
        return { label, fraction: progress.total ? Math.min(0.99, progress.done / progress.total) : undefined };
      }
      default:
        return { label: say('status.getting-ready') };
    }
  }
  const animation = state.animation;
  if (state.selected !== undefined && animation) {
    const face = state.selected + 1;
    const count = state.everyone ? (movingFaces(state)?.length ?? 0) : 1;
    const done = animation.frames.length;
    const total = animation.total;
    if (!done) return { label: state.everyone ? say('status.bringing-everyone', { count }) : say('status.bringing', { face }) };
    if (done < total) {
      const label = state.everyone ? say('status.bringing-everyone-frames', { count, done, total }) : say('status.bringing-frames', { face, done, total });
      return { label, fraction: done / total };
    }
  }
  if (state.busy) return { label: state.busy };
  return undefined;
}

/** One line on what was found and what to do next. */
export function summaryOf(state: AppState): Message | undefined {
  if (state.phase !== 'ready' || !state.faces.length) return undefined;
  const count = state.faces.length;
  const usable = selectableFaces(state.faces).length;
  const small = count - usable;
  if (!usable) return say('summary.all-small', { count });
  if (state.selected === undefined) return say('summary.pick', { count, small });
  if (state.everyone) return say('summary.everyone', { count, moving: movingFaces(state)?.length ?? usable, face: state.selected + 1 });
  return say('summary.chosen', { count, small, face: state.selected + 1, more: usable > 1 });
}
