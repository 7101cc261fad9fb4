import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { DEFAULT_FPS } from '../core/drivers/authoring.ts';
import { animationRequest, DEFAULT_OUTPUT_SIZE } from '../pipeline/animate.ts';
import type { Driver } from '../core/motion/types.ts';
import type { FaceReport } from '../pipeline/types.ts';
import { FaceFinder } from '../pipeline/detect/client.ts';
import { loadDriverTexts, saveDriverText } from '../pipeline/driver-store.ts';
import { MAX_RECORDING_SECONDS, RECORDING_FPS, trackFaceInVideo } from '../pipeline/record/video.ts';
import { CameraRecorder } from './CameraRecorder/CameraRecorder.tsx';
import type { FaceAnimator } from '../pipeline/generate/client.ts';
import { DriverPicker, SKETCH_SIZE, type DriverChoice } from './DriverPicker/DriverPicker.tsx';
import { Preview } from './Preview/Preview.tsx';
import type { DetectProgress } from '../pipeline/detect/contract.ts';
import { DropZone } from './DropZone/DropZone.tsx';
import { MotionEditor } from './MotionEditor/MotionEditor.tsx';
import { ExportPanel } from './ExportPanel/ExportPanel.tsx';
import { useFileMaker, type Animated } from './ExportPanel/use-file-maker.ts';
import { useMarkImage } from './Preview/use-mark-image.ts';
import type { FileExporter } from '../pipeline/export/client.ts';
import { FacePicker } from './FacePicker/FacePicker.tsx';
import { Notice } from './Notice/Notice.tsx';
import { PhotoView } from './PhotoView/PhotoView.tsx';
import { Progress } from './Progress/Progress.tsx';
import { MIN_TRIMMED_FRAMES, trimDriver } from '../core/drivers/trim.ts';
import { initialState, reduce, selectableFaces, type AppState } from './state.ts';

function summary(state: AppState): string | undefined {
  if (state.phase !== 'ready' || !state.faces.length) return undefined;
  const usable = selectableFaces(state.faces).length;
  const small = state.faces.length - usable;
  const found = `${state.faces.length} ${state.faces.length === 1 ? 'face' : 'faces'} found`;
  const smallNote = small ? ` (${small} too small to animate — a larger scan of the photo helps)` : '';
  if (!usable) return `${found}${smallNote}.`;
  return `${found}${smallNote}. ${state.selected === undefined ? 'Pick the face to bring to life.' : `Face ${state.selected + 1} is selected.`}`;
}

interface Catalogue {
  drivers: DriverChoice[];
  defaultFor(face: FaceReport): string;
  choiceOf(driver: Driver): DriverChoice;
}

/** The motions, loaded with the generator's code rather than with the first screen. */
function useCatalogue(wanted: boolean): Catalogue | undefined {
  const [catalogue, setCatalogue] = useState<Catalogue>();
  useEffect(() => {
    if (!wanted || catalogue) return;
    void Promise.all([import('../core/drivers/registry.ts'), import('../core/drivers/sketch.ts')]).then(
      ([{ builtinDrivers, defaultDriverForFace }, { sketchFrame }]) => {
        const choiceOf = (driver: Driver): DriverChoice => ({
          id: driver.id,
          name: driver.name,
          seconds: driver.frames.length / driver.fps,
          frames: driver.frames.length,
          fps: driver.fps,
          sketch: (frame) => sketchFrame(driver.frames[frame % driver.frames.length]!, SKETCH_SIZE),
        });
        setCatalogue({
          drivers: builtinDrivers()
            .filter((entry) => !entry.mirrored)
            .map(({ driver }) => choiceOf(driver)),
          defaultFor: (face) => defaultDriverForFace(face.landmarks, face.matrix),
          choiceOf,
        });
      },
    );
  }, [wanted, catalogue]);
  return catalogue;
}

export function App({ finder, animator, exporter }: { finder: FaceFinder; animator: FaceAnimator; exporter: FileExporter }) {
  const [state, dispatch] = useReducer(reduce, initialState);
  const catalogue = useCatalogue(state.selected !== undefined);
  const latest = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  const findFaces = useCallback(
    async (ticket: number) => {
      const onProgress = (progress: DetectProgress) => ticket === latest.current && dispatch({ type: 'progress', progress });
      const found = await finder.findFaces(onProgress);
      if (ticket !== latest.current) return;
      if (found.ok) dispatch({ type: 'faces-found', faces: found.value });
      else if (found.code !== 'cancelled') dispatch({ type: 'find-failed', message: found.message });
    },
    [finder],
  );

  const openFile = useCallback(
    async (file: File) => {
      const ticket = ++latest.current;
      const wasFinding = stateRef.current.phase === 'finding';
      dispatch({ type: 'open-started' });
      const opened = await finder.openPhoto(file, (progress) => ticket === latest.current && dispatch({ type: 'progress', progress }));
      if (ticket !== latest.current) {
        if (opened.ok) opened.value.display.close();
        return;
      }
      if (!opened.ok) {
        if (opened.code === 'cancelled') return;
        dispatch({ type: 'open-failed', message: opened.message });
        // Opening stopped the previous photo's face search: finish it, so nothing is lost.
        if (wasFinding) await findFaces(ticket);
        return;
      }
      const { width, height, display, displayScale, notices } = opened.value;
      dispatch({ type: 'photo-opened', photo: { name: file.name, width, height, display, displayScale }, notices });
      await findFaces(ticket);
    },
    [finder, findFaces],
  );

  // Animate the chosen face as soon as it is chosen, and again when the motion or strength changes.
  const face = state.selected === undefined ? undefined : state.faces[state.selected];
  // A newly chosen face gets the motion that suits its pose, as Deep Nostalgia picks one.
  useEffect(() => {
    if (face && catalogue && state.driverFace !== state.selected) dispatch({ type: 'driver', driverId: catalogue.defaultFor(face) });
  }, [face, catalogue, state.driverFace, state.selected]);
  const custom = state.customDrivers.find((d) => d.id === state.driverId);
  // Recorded and loaded motions play as they are (the mirror applies to built-in ones).
  const driverId = state.mirrored && !custom ? `${state.driverId}-mirrored` : state.driverId;
  // Renaming a motion must not render it again: only its frames matter here.
  const customFrames = custom?.frames;
  const ready = !!face && state.driverFace === state.selected;
  useEffect(() => {
    if (!face || !ready) return;
    let current = true;
    const mine: ImageBitmap[] = [];
    dispatch({ type: 'animation-started' });
    void (async () => {
      const made = await animationRequest(finder, face, {
        size: DEFAULT_OUTPUT_SIZE,
        driverId,
        intensity: state.intensity,
        glasses: state.glasses,
      });
      if (!current) return made.ok && made.value.request.photo.close();
      if (!made.ok) return dispatch({ type: 'animation-failed', message: made.message });
      if (custom) made.value.request.driver = custom;
      const done = await animator.animate(made.value.request, (frame, _index, total) => {
        if (current) {
          mine.push(frame);
          dispatch({ type: 'frame', frame, total, fps: DEFAULT_FPS });
        } else frame.close();
      });
      if (current && !done.ok && done.code !== 'cancelled') dispatch({ type: 'animation-failed', message: done.message });
    })();
    return () => {
      current = false;
      animator.cancel();
      // The frames of a replaced animation are freed (the preview skips closed ones).
      mine.forEach((frame) => frame.close());
    };
  }, [face, ready, driverId, customFrames, state.intensity, state.glasses, finder, animator]);

  const animation = state.animation;
  const complete = !!animation && animation.total > 0 && animation.frames.length >= animation.total;
  const animated: Animated | undefined =
    face && state.photo && animation && complete
      ? {
          photoName: state.photo.name,
          photoLongSide: Math.max(state.photo.width, state.photo.height),
          motion: custom ? custom.name : driverId,
          frames: animation.frames,
          fps: animation.fps,
          renderAt: async (size) => {
            const made = await animationRequest(finder, face, { size, driverId, intensity: state.intensity, glasses: state.glasses });
            if (!made.ok) return made.message;
            const { request } = made.value;
            if (custom) request.driver = custom;
            return {
              width: request.photo.width,
              height: request.photo.height,
              frames: async (take) => {
                const done = await animator.animate(request, (frame, _index, total) => take(frame, total));
                return done.ok ? undefined : done.message;
              },
            };
          },
          cancelRender: () => animator.cancel(),
        }
      : undefined;
  const fileMaker = useFileMaker(exporter, animated, animation?.frames[0]);
  const markImage = useMarkImage(animation?.width, animation?.height);
  const [showOriginal, setShowOriginal] = useState(false);

  // The camera's own detect worker follows the face for the live overlay, while it is open.
  const [camera, setCamera] = useState<FaceFinder>();
  const closeCamera = () => {
    camera?.dispose();
    setCamera(undefined);
  };

  const recordVideo = async (file: File) => {
    // Its own detect worker: the photo being animated stays open in the main one.
    const recorder = new FaceFinder();
    dispatch({ type: 'busy', text: 'Following the face in your video…' });
    try {
      const tracked = await trackFaceInVideo(recorder, file, (done, total) =>
        dispatch({ type: 'busy', text: `Following the face in your video… ${done} / ${total} frames` }),
      );
      const { recordDriver } = await import('../core/drivers/record.ts');
      const name = file.name.replace(/\.[^.]+$/, '') || 'My motion';
      const recorded = recordDriver(tracked, { fps: RECORDING_FPS, id: `recorded-${Date.now()}`, name });
      await keep(recorded.driver);
      const gaps = recorded.bridged + recorded.trimmed;
      dispatch({
        type: 'custom-driver',
        driver: recorded.driver,
        notice: gaps
          ? `Recorded "${name}": ${gaps} frame${gaps === 1 ? '' : 's'} had no face and ${gaps === 1 ? 'was' : 'were'} bridged or trimmed.`
          : `Recorded "${name}".`,
      });
    } catch (error) {
      dispatch({ type: 'error', message: (error as Error).message || 'This video could not be used.' });
    } finally {
      recorder.dispose();
      dispatch({ type: 'busy' });
    }
  };

  /** The user's motions stay in this browser for next time (best effort: private modes may refuse). */
  const keep = async (driver: Driver) => {
    const { serializeDriver } = await import('../core/drivers/format.ts');
    await saveDriverText(driver.id, serializeDriver(driver)).catch(() => undefined);
  };

  // The motions kept from earlier visits join the list once the motions are shown.
  useEffect(() => {
    if (!catalogue) return;
    void (async () => {
      const { parseDriver } = await import('../core/drivers/format.ts');
      const texts = await loadDriverTexts().catch(() => [] as string[]);
      const drivers = texts.flatMap((text) => {
        const parsed = parseDriver(text);
        return parsed.ok ? [parsed.driver] : [];
      });
      if (drivers.length) dispatch({ type: 'saved-drivers', drivers });
    })();
  }, [catalogue]);

  /** An edited motion replaces the original, here and in the browser's store. */
  const replaceCustom = async (driver: Driver) => {
    dispatch({ type: 'custom-driver', driver });
    await keep(driver);
  };

  const saveDriver = async (driver: Driver) => {
    const { serializeDriver } = await import('../core/drivers/format.ts');
    const url = URL.createObjectURL(new Blob([serializeDriver(driver)], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `${driver.name || driver.id}.kinora.json` });
    link.click();
    // Freed once the browser has surely read it for the download.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  };

  const loadDriverFile = async (file: File) => {
    const { parseDriver } = await import('../core/drivers/format.ts');
    const parsed = parseDriver(await file.text());
    if (parsed.ok) {
      await keep(parsed.driver);
      dispatch({ type: 'custom-driver', driver: parsed.driver, notice: `Loaded the motion "${parsed.driver.name}".` });
    }
    else dispatch({ type: 'error', message: `${file.name} is not a motion file Kinora can play: ${parsed.errors.slice(0, 3).join('; ')}` });
  };

  // Free the previous photo's pixels when it is replaced.
  const display = state.photo?.display;
  useEffect(() => () => display?.close(), [display]);

  // A dropped or pasted file is a photo, or a motion file (the open driver format).
  const openAny = useRef<(file: File) => void>(() => undefined);
  openAny.current = (file) => void (/\.json$/i.test(file.name) || file.type === 'application/json' ? loadDriverFile(file) : openFile(file));

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const file = Array.from(e.clipboardData?.files ?? [])[0];
      if (file) {
        e.preventDefault();
        openAny.current(file);
      }
    };
    // A file dropped anywhere on the page opens, rather than the browser navigating to it.
    const onDragOver = (e: DragEvent) => e.preventDefault();
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (file) openAny.current(file);
    };
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  const select = (index: number) => dispatch({ type: 'select', index });
  const choices = useMemo(
    () => (catalogue ? [...catalogue.drivers, ...state.customDrivers.map((d) => catalogue.choiceOf(d))] : []),
    [catalogue, state.customDrivers],
  );
  const status = summary(state);
  return (
    <div class="app">
      <header class="app__header">
        <h1>Kinora</h1>
        <p class="app__tagline">Bring the faces in old photos to life.</p>
      </header>
      <main class="app__main">
        {state.error && <Notice kind="error" text={state.error} onDismiss={() => dispatch({ type: 'dismiss-error' })} />}
        {state.notices.map((text) => (
          <Notice key={text} kind="info" text={text} />
        ))}
        {state.progress && <Progress progress={state.progress} />}
        {state.busy && <Notice kind="info" text={state.busy} />}
        {camera && (
          <CameraRecorder
            maxSeconds={MAX_RECORDING_SECONDS}
            locate={(frame, box) => camera.landmarksNear(frame, box)}
            onDone={(video) => {
              closeCamera();
              void recordVideo(new File([video], 'My camera motion.webm', { type: video.type }));
            }}
            onCancel={closeCamera}
            onError={(message) => {
              closeCamera();
              dispatch({ type: 'error', message });
            }}
          />
        )}
        {face && state.photo && animation && (
          <Preview
            frames={animation.frames}
            total={animation.total}
            fps={animation.fps}
            width={animation.width}
            height={animation.height}
            label={`Face ${state.selected! + 1}, animated`}
            mark={fileMaker.mark ? markImage : undefined}
            original={state.photo.display}
            showOriginal={showOriginal}
            onShowOriginal={setShowOriginal}
          />
        )}
        {fileMaker.error && <Notice kind="error" text={fileMaker.error} onDismiss={fileMaker.dismissError} />}
        {face && animation && (
          <ExportPanel
            format={fileMaker.format}
            onFormat={fileMaker.setFormat}
            sizes={fileMaker.sizes}
            size={fileMaker.size}
            onSize={fileMaker.setSize}
            mark={fileMaker.mark}
            onMark={fileMaker.setMark}
            ready={!!animated}
            making={fileMaker.making}
            made={fileMaker.made}
            onMake={fileMaker.make}
            onCancel={fileMaker.cancel}
            onShare={fileMaker.share}
          />
        )}
        {state.photo && (
          // The animation takes the photo's place once it plays; the photo stays for picking faces.
          <div hidden={!!(face && state.animation)}>
            <PhotoView photo={state.photo} faces={state.faces} selected={state.selected} onSelect={select} />
          </div>
        )}
        {status && (
          <p class="app__status" data-testid="status">
            {status}
          </p>
        )}
        {state.photo && <FacePicker photo={state.photo} faces={state.faces} selected={state.selected} onSelect={select} />}
        {face && catalogue && (
          <DriverPicker
            drivers={choices}
            selected={state.driverId}
            mirrored={state.mirrored}
            onMirrored={(mirrored) => dispatch({ type: 'mirrored', mirrored })}
            onVideo={(file) => void recordVideo(file)}
            onCamera={() => setCamera((open) => open ?? new FaceFinder())}
            onDriverFile={(file) => void loadDriverFile(file)}
            intensity={state.intensity}
            onSelect={(driverId) => dispatch({ type: 'driver', driverId })}
            onIntensity={(intensity) => dispatch({ type: 'intensity', intensity })}
            glasses={state.glasses}
            onGlasses={(glasses) => dispatch({ type: 'glasses', glasses })}
          />
        )}
        {face && custom && (
          <MotionEditor
            name={custom.name}
            frames={custom.frames.length}
            fps={custom.fps}
            minFrames={MIN_TRIMMED_FRAMES}
            onRename={(name) => void replaceCustom({ ...custom, name })}
            onTrim={(first, last) => void replaceCustom(trimDriver(custom, first, last))}
            onSave={() => void saveDriver(custom)}
          />
        )}
        <DropZone compact={!!state.photo} onFile={(file) => openAny.current(file)} />
        <p class="app__privacy">Your photo never leaves this device: Kinora works entirely in your browser, even offline.</p>
      </main>
    </div>
  );
}
