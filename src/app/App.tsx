import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import type { Driver } from '../core/motion/types.ts';
import { FaceFinder } from '../pipeline/detect/client.ts';
import { loadDriverTexts, saveDriverText } from '../pipeline/driver-store.ts';
import { hasSound, MAX_RECORDING_SECONDS, RECORDING_FPS, trackFaceInVideo } from '../pipeline/record/video.ts';
import type { Session } from '../pipeline/session.ts';
import { CameraRecorder } from './CameraRecorder/CameraRecorder.tsx';
import { LiveMode, type LiveRecording } from './LiveMode/LiveMode.tsx';
import { DriverPicker, SKETCH_SIZE, type DriverChoice, type DriverGroup } from './DriverPicker/DriverPicker.tsx';
import { Preview } from './Preview/Preview.tsx';
import { DropZone } from './DropZone/DropZone.tsx';
import { MotionEditor } from './MotionEditor/MotionEditor.tsx';
import { ExportPanel } from './ExportPanel/ExportPanel.tsx';
import { EnhanceControl } from './Enhance/EnhanceControl.tsx';
import { useFileMaker, type Animated } from './ExportPanel/use-file-maker.ts';
import { useMarkImage } from './Preview/use-mark-image.ts';
import { FacePicker } from './FacePicker/FacePicker.tsx';
import { Notice } from './Notice/Notice.tsx';
import { PhotoView } from './PhotoView/PhotoView.tsx';
import { Samples } from './Samples/Samples.tsx';
import { StatusLine } from './StatusLine/StatusLine.tsx';
import { Step } from './Step/Step.tsx';
import { fitInto, longSideWithinBudget, renderSizeFor, useBoxSize } from './Stage/use-box-size.ts';
import { asOwnMotion, OWN_PREFIX } from '../core/drivers/own.ts';
import { MIN_TRIMMED_FRAMES, trimDriver } from '../core/drivers/trim.ts';
import { initialState, movingFaces, reduce, selectableFaces, statusOf, summaryOf } from './state.ts';
import { because, Refusal, say } from '../i18n/messages.ts';
import { LanguageSwitcher } from './Language/LanguageSwitcher.tsx';
import { useWords } from './Language/words.tsx';

/**
 * Live mode's frames: the preview's size, at least 384 px long, within the pixels a 2-core laptop
 * renders at the camera's rate on WASM (512x512: 25 frames a second, ~50 ms behind; a portrait
 * photo is then 627 px tall). A saved take renders at full size.
 */
const LIVE_MIN_LONG_SIDE = 384;
const LIVE_PIXELS = 512 * 512;

/** The long side of live frames of a `width` x `height` photo shown at `renderSize`. */
function liveLongSide(width: number, height: number, renderSize: number | undefined): number {
  const budget = Math.floor(Math.sqrt((LIVE_PIXELS * Math.max(width, height)) / Math.min(width, height)));
  return Math.max(LIVE_MIN_LONG_SIDE, Math.min(budget, renderSize ?? 0));
}

interface Catalogue {
  drivers: DriverChoice[];
  choiceOf(driver: Driver, group?: DriverGroup): DriverChoice;
}

/** The motions, loaded with the generator's code rather than with the first screen. */
function useCatalogue(wanted: boolean): Catalogue | undefined {
  const [catalogue, setCatalogue] = useState<Catalogue>();
  useEffect(() => {
    if (!wanted || catalogue) return;
    void Promise.all([import('../core/drivers/registry.ts'), import('../core/drivers/sketch.ts'), import('../core/drivers/groups.ts')]).then(
      ([{ builtinDrivers }, { sketchFrame }, { groupOfTags }]) => {
        const choiceOf = (driver: Driver, group?: DriverGroup): DriverChoice => ({
          id: driver.id,
          name: driver.name,
          seconds: driver.frames.length / driver.fps,
          frames: driver.frames.length,
          fps: driver.fps,
          group,
          // The picker hands in a frame index already wrapped into range (wrapFrame).
          sketch: (frame) => sketchFrame(driver.frames[frame]!, SKETCH_SIZE),
        });
        setCatalogue({
          drivers: builtinDrivers().flatMap((entry) => {
            const group = groupOfTags(entry.tags);
            // Mirror images are a switch, and the test motions are for the CLI, not the gallery.
            return entry.mirrored || !group ? [] : [choiceOf(entry.driver, group)];
          }),
          choiceOf,
        });
      },
    );
  }, [wanted, catalogue]);
  return catalogue;
}

const framesIds = new WeakMap<object, number>();
let lastFramesId = 0;
/** A number per frames array, so that new frames of a motion of one's own (a trim) render it again. */
function framesIdentity(frames: object | undefined): number | undefined {
  if (!frames) return undefined;
  if (!framesIds.has(frames)) framesIds.set(frames, ++lastFramesId);
  return framesIds.get(frames);
}

export function App({ session }: { session: Session }) {
  const words = useWords();
  const { t, motion } = words;
  const [state, dispatch] = useReducer(reduce, initialState);
  const catalogue = useCatalogue(state.selected !== undefined);
  const latest = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const stage = useRef<HTMLDivElement>(null);
  const stageBox = useBoxSize(stage);
  // Live mode: the user's face drives the chosen face, from the camera.
  const [live, setLive] = useState(false);
  /** The voice recorded with a motion of one's own (live mode), by the motion's id: its MP4 carries it. */
  const sounds = useRef(new Map<string, { audio: Blob; start: number }>());

  const findFaces = useCallback(
    async (ticket: number) => {
      // Progress comes on its own channel: one arriving after the list must not bring the bar back.
      let settled = false;
      const found = await session.faces({
        onProgress: (progress) => !settled && ticket === latest.current && dispatch({ type: 'progress', progress }),
        // The largest faces come first: the first one starts animating while the rest are searched.
        onFirstFaces: (faces) => ticket === latest.current && dispatch({ type: 'faces-found', faces, partial: true }),
      });
      settled = true;
      if (ticket !== latest.current) return;
      if (found.ok) dispatch({ type: 'faces-found', faces: found.value });
      else if (found.code !== 'cancelled') dispatch({ type: 'find-failed', message: found.message });
    },
    [session],
  );

  const openFile = useCallback(
    async (file: File) => {
      const ticket = ++latest.current;
      const wasFinding = stateRef.current.phase === 'finding';
      dispatch({ type: 'open-started' });
      const opened = await session.open(file, (progress) => ticket === latest.current && dispatch({ type: 'progress', progress }));
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
      // The result takes the focus: the next Tab goes on from the photo, not from a button scrolled away.
      stage.current?.focus({ preventScroll: true });
      await findFaces(ticket);
    },
    [session, findFaces],
  );

  const startOver = () => {
    latest.current++;
    session.cancelAnimation();
    session.cancelFile();
    dispatch({ type: 'start-over' });
  };

  const face = state.selected === undefined ? undefined : state.faces[state.selected];
  // A newly chosen face gets the motion that suits its pose, as Deep Nostalgia picks one.
  useEffect(() => {
    if (!face || state.driverFace === state.selected) return;
    const chosen = state.selected!;
    void session.suggestedMotion(face).then((driverId) => dispatch({ type: 'suggested', face: chosen, driverId }));
  }, [face, state.driverFace, state.selected, session]);

  // With everyone animated, the faces not yet given a motion get theirs, varied across the group.
  useEffect(() => {
    if (!state.everyone) return;
    const waiting = selectableFaces(state.faces).filter((i) => !state.cast[i] && !(i === state.selected && state.driverFace === i));
    if (!waiting.length) return;
    void session.suggestedMotions(waiting.map((i) => state.faces[i]!)).then((ids) => dispatch({ type: 'group-suggested', drivers: Object.fromEntries(waiting.map((i, k) => [i, ids[k]!])) }));
  }, [state.everyone, state.faces, state.cast, state.selected, state.driverFace, session]);

  const custom = state.customDrivers.find((d) => d.id === state.driverId);
  const moving = movingFaces(state);
  // The motions the animation plays; renaming a motion of one's own must not render it again (only its frames count).
  const movingKey = moving && JSON.stringify(moving.map(({ index, motion }) => [index, motion, framesIdentity(state.customDrivers.find((d) => d.id === motion.driverId)?.frames)]));
  // Every face kept still: the photo itself, nothing to render.
  const ready = !!face && !!moving && moving.length > 0;
  // Shown at the stage's size; rendered at that size times the screen's density.
  const shown = state.photo && stageBox ? fitInto(stageBox, state.photo.width, state.photo.height) : undefined;
  // The motion's frames all stay in memory: a long one at a high density is rendered a little smaller.
  const framesOf = (id: string) => state.customDrivers.find((d) => d.id === id)?.frames.length ?? catalogue?.drivers.find((d) => d.id === id)?.frames ?? 250;
  const motionFrames = moving?.length ? Math.max(...moving.map(({ motion }) => framesOf(motion.driverId))) : 250;
  const renderSize =
    shown && state.photo ? Math.min(renderSizeFor(shown, window.devicePixelRatio || 1), longSideWithinBudget(motionFrames, state.photo.width, state.photo.height)) : undefined;
  useEffect(() => {
    if (live || !face || !ready || !renderSize || !moving) return;
    let current = true;
    const mine: ImageBitmap[] = [];
    dispatch({ type: 'animation-started' });
    void (async () => {
      const parts = moving.map(({ index, motion }) => {
        const own = state.customDrivers.find((d) => d.id === motion.driverId);
        return { face: state.faces[index]!, motion: { driver: own ?? motion.driverId, mirrored: motion.mirrored && !own, intensity: motion.intensity, glasses: motion.glasses } };
      });
      const done = await session.animate(
        parts,
        {
          size: renderSize,
          onFrame: (frame, _index, total) => {
            if (!current) return frame.close();
            mine.push(frame);
            dispatch({ type: 'frame', frame, total, fps: 25 });
          },
        },
      );
      if (current && !done.ok && done.code !== 'cancelled') dispatch({ type: 'animation-failed', message: done.message });
    })();
    return () => {
      current = false;
      // The frames of a replaced animation are freed (the preview skips closed ones).
      mine.forEach((frame) => frame.close());
    };
    // The render size is read when the animation starts: a resize rescales it, it does not render again.
  }, [face, ready, movingKey, session, !!renderSize, live]);

  // Another photo, face or motion ends live mode (the strength and the mirror switch apply live).
  useEffect(() => setLive(false), [state.photo, state.selected, state.everyone, state.driverId]);

  const animation = state.animation;
  const playing = !!animation && animation.frames.length > 0;
  const complete = playing && animation.frames.length >= animation.total;
  const motionName = custom?.name ?? (state.driverId !== undefined ? (motion(state.driverId)?.name ?? state.driverId) : '');
  // A motion of one's own may have a voice (live mode) or its video's sound.
  const sound = !state.everyone && custom ? sounds.current.get(custom.id) : undefined;
  const animated: Animated | undefined =
    face && state.photo && animation && complete
      ? {
          photoName: state.photo.name,
          photoLongSide: Math.max(state.photo.width, state.photo.height),
          motion: state.everyone ? 'everyone' : custom ? custom.name : state.mirrored ? `${state.driverId}-mirrored` : state.driverId!,
          frames: animation.frames,
          ...(sound && { sound }),
        }
      : undefined;
  const fileMaker = useFileMaker(session, animated, animation?.frames[0]);
  const markImage = useMarkImage(animation?.width, animation?.height);
  const [showOriginal, setShowOriginal] = useState(false);

  // The camera's own detect worker follows the face for the live overlay, while it is open.
  const [camera, setCamera] = useState<FaceFinder>();
  const closeCamera = () => {
    camera?.dispose();
    setCamera(undefined);
  };

  /** Follows the face in a video and keeps its motion (and its sound, unless `silent`: a camera recording has none). */
  const recordVideo = async (file: File, silent = false) => {
    // Its own detect worker: the photo being animated stays open in the session's.
    const recorder = new FaceFinder();
    dispatch({ type: 'busy', text: say('status.following') });
    try {
      const tracked = await trackFaceInVideo(recorder, file, (done, total) => dispatch({ type: 'busy', text: say('status.following-frames', { done, total }) }));
      if (!tracked.some(Boolean)) throw new Refusal(say('record.no-face'));
      const { recordDriver } = await import('../core/drivers/record.ts');
      const name = file.name.replace(/\.[^.]+$/, '') || t('editor.default-name');
      const recorded = recordDriver(tracked, { fps: RECORDING_FPS, id: `${OWN_PREFIX}recorded-${Date.now()}`, name });
      // "Your photo says it": the video's own sound goes with its motion, from where the motion starts.
      if (!silent && (await hasSound(file))) sounds.current.set(recorded.driver.id, { audio: file, start: recorded.first / RECORDING_FPS });
      await keep(recorded.driver);
      const gaps = recorded.bridged + recorded.trimmed;
      dispatch({
        type: 'custom-driver',
        driver: recorded.driver,
        notice: gaps ? say('record.gaps', { name, gaps }) : say('record.done', { name }),
      });
    } catch (error) {
      dispatch({ type: 'error', message: error instanceof Refusal ? error.said : say('record.unusable') });
    } finally {
      recorder.dispose();
      dispatch({ type: 'busy' });
    }
  };

  const liveRecorded = async ({ take, sound, seconds }: LiveRecording) => {
    setLive(false);
    const name = t('live.take-name');
    const driver = take.driver({ fps: RECORDING_FPS, id: `${OWN_PREFIX}live-${Date.now()}`, name, seconds });
    if (sound) {
      sounds.current.set(driver.id, { audio: sound, start: 0 });
      // The voice is kept by an MP4 only.
      fileMaker.setFormat('mp4');
    }
    await keep(driver);
    dispatch({ type: 'custom-driver', driver, notice: sound ? say('live.recorded', { name }) : say('live.recorded-silent', { name }) });
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
      const texts = await loadDriverTexts().catch(() => [] as string[]);
      const drivers = (await session.readMotionTexts(texts)).flatMap((parsed) => (parsed.ok ? [asOwnMotion(parsed.driver)] : []));
      if (drivers.length) dispatch({ type: 'saved-drivers', drivers });
    })();
  }, [catalogue, session]);

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
    const parsed = await session.readMotionFile(file);
    if (parsed.ok) {
      const driver = asOwnMotion(parsed.driver);
      await keep(driver);
      dispatch({ type: 'custom-driver', driver, notice: say('motion-file.loaded', { name: driver.name }) });
    } else dispatch({ type: 'error', message: because(say('motion-file.refused', { file: file.name }), parsed.errors.slice(0, 3)) });
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
    () => (catalogue ? [...catalogue.drivers, ...state.customDrivers.map((d) => catalogue.choiceOf(d, 'yours'))] : []),
    [catalogue, state.customDrivers],
  );
  const stillFaces = new Set(selectableFaces(state.faces).filter((i) => (i === state.selected ? state.still : state.cast[i]?.still)));
  const status = statusOf(state);
  const summary = summaryOf(state);
  const photo = state.photo;
  const faceHint = !photo
    ? t('hint.face.open')
    : state.faces.length === 0
      ? state.phase === 'ready'
        ? t('hint.face.none')
        : t('status.looking')
      : undefined;
  const keptStill = state.everyone && state.still;
  const motionHint = !face
    ? t('hint.motion.waiting')
    : keptStill
      ? t('faces.still.hint', { face: state.selected! + 1 })
      : state.everyone
        ? t('faces.everyone.hint')
        : state.suggested && state.driverId === state.suggested
          ? t('hint.motion.suggested', { motion: motionName })
          : undefined;
  const saveHint = !face ? t('hint.save.waiting') : !complete ? t('hint.save.rendering') : undefined;

  return (
    <div class={`app${photo ? ' app--photo' : ''}`}>
      <header class="app__header">
        <div class="app__brand">
          <h1>Kinora</h1>
          <p class="app__tagline">{t('app.tagline')}</p>
        </div>
        <LanguageSwitcher />
        {photo && (
          <div class="app__actions">
            <DropZone compact onFile={(file) => openAny.current(file)} />
            <button type="button" class="button button--quiet" data-testid="start-over" title={t('app.start-over.title')} onClick={startOver}>
              {t('app.start-over')}
            </button>
          </div>
        )}
      </header>
      <main class="app__main">
        <div
          class="stage"
          ref={stage}
          tabIndex={-1}
          aria-label={photo ? t('app.photo', { name: photo.name }) : t('drop.label')}
          data-testid="stage"
          style={photo ? { '--photo-aspect': `${photo.width} / ${photo.height}` } : undefined}
        >
          {!photo && (
            <div class="stage__empty">
              {state.phase === 'opening' ? (
                <p class="stage__opening">{t('status.opening')}</p>
              ) : (
                <>
                  <DropZone compact={false} onFile={(file) => openAny.current(file)} />
                  <Samples onFile={(file) => openAny.current(file)} onError={() => dispatch({ type: 'error', message: say('samples.failed') })} />
                </>
              )}
            </div>
          )}
          {photo && shown && face && live && (
            <LiveMode
              shown={shown}
              photo={photo.display}
              begin={() => session.beginLive({ face, motion: { driver: 'live', intensity: state.intensity, glasses: state.glasses } }, liveLongSide(photo.width, photo.height, renderSize))}
              end={() => session.endLive()}
              render={(frame, intensity) => session.liveFrame(frame, intensity)}
              makeTracker={() => new FaceFinder()}
              intensity={state.intensity}
              mirrored={state.mirrored}
              maxSeconds={MAX_RECORDING_SECONDS}
              onRecorded={(recording) => void liveRecorded(recording)}
              onClose={() => setLive(false)}
              onError={(message) => {
                setLive(false);
                dispatch({ type: 'error', message });
              }}
            />
          )}
          {photo && shown && face && playing && !live && (
            <Preview
              frames={animation.frames}
              total={animation.total}
              fps={animation.fps}
              width={animation.width}
              height={animation.height}
              shown={shown}
              label={state.everyone ? t('preview.label.everyone', { count: moving?.length ?? 0 }) : t('preview.label', { face: state.selected! + 1, motion: motionName })}
              mark={fileMaker.mark ? markImage : undefined}
              original={photo.display}
              showOriginal={showOriginal}
              onShowOriginal={setShowOriginal}
              sound={animated?.sound}
            />
          )}
          {photo && shown && (
            // The animation takes the photo's place once it plays; the photo stays for picking faces.
            <div hidden={!!(face && (playing || live))}>
              <PhotoView photo={photo} faces={state.faces} selected={state.selected} onSelect={select} shown={shown} />
            </div>
          )}
          {status && !live && <StatusLine status={status} testId={state.progress ? 'progress' : 'animation-status'} />}
        </div>
        <div class="steps">
          {state.error && <Notice kind="error" text={words.say(state.error)} onDismiss={() => dispatch({ type: 'dismiss-error' })} />}
          {state.notices.map((notice) => (
            <Notice key={notice.key} kind="info" text={words.say(notice)} />
          ))}
          <Step number={1} title={t('step.face')} hint={faceHint} testId="face">
            {summary && (
              <p class="step__status" data-testid="status">
                {words.say(summary)}
              </p>
            )}
            {photo && (
              <FacePicker
                photo={photo}
                faces={state.faces}
                selected={state.selected}
                onSelect={select}
                canAnimateEveryone={state.phase === 'ready' && selectableFaces(state.faces).length > 1}
                everyone={state.everyone}
                onEveryone={(on) => dispatch({ type: 'everyone', on })}
                still={stillFaces}
                onStill={(still) => dispatch({ type: 'still', still })}
              />
            )}
          </Step>
          <Step number={2} title={t('step.motion')} hint={live ? t('live.label') : motionHint} waiting={!face} testId="motion" fill={!keptStill}>
            {face && !state.everyone && !live && (
              <button type="button" class="button live-open" data-testid="live-open" title={t('live.open.title')} onClick={() => setLive(true)}>
                {t('live.open')}
              </button>
            )}
            {face && catalogue && state.driverId !== undefined && !keptStill && (
              <DriverPicker
                drivers={choices}
                selected={state.driverId}
                suggested={state.suggested}
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
                onTrim={(first, last) => {
                  // Its sound starts where the kept stretch starts.
                  const sound = sounds.current.get(custom.id);
                  if (sound) sounds.current.set(custom.id, { ...sound, start: sound.start + first / custom.fps });
                  void replaceCustom(trimDriver(custom, first, last));
                }}
                onSave={() => void saveDriver(custom)}
              />
            )}
          </Step>
          <Step number={3} title={t('step.save')} hint={saveHint} waiting={!face} testId="save">
            {fileMaker.error && <Notice kind="error" text={words.say(fileMaker.error)} onDismiss={fileMaker.dismissError} />}
            {face && (
              <ExportPanel
                format={fileMaker.format}
                onFormat={fileMaker.setFormat}
                sizes={fileMaker.sizes.length ? fileMaker.sizes : [{ label: say('export.size.px', { px: 480 }), longSide: 480 }]}
                size={fileMaker.size}
                onSize={fileMaker.setSize}
                mark={fileMaker.mark}
                onMark={fileMaker.setMark}
                ready={!!animated && !live}
                making={fileMaker.making}
                made={fileMaker.made}
                onMake={fileMaker.make}
                onCancel={fileMaker.cancel}
                onShare={fileMaker.share}
              />
            )}
            {face && (
              <EnhanceControl
                enhance={fileMaker.enhance}
                onEnhance={fileMaker.setEnhance}
                disabled={!!fileMaker.making}
                comparison={fileMaker.comparison}
                showBefore={fileMaker.showBefore}
                onShowBefore={fileMaker.setShowBefore}
              />
            )}
          </Step>
          {camera && (
            <CameraRecorder
              maxSeconds={MAX_RECORDING_SECONDS}
              locate={(frame, box) => camera.landmarksNear(frame, box)}
              onDone={(video) => {
                closeCamera();
                void recordVideo(new File([video], `${t('camera.file')}.webm`, { type: video.type }), true);
              }}
              onCancel={closeCamera}
              onError={(message) => {
                closeCamera();
                dispatch({ type: 'error', message });
              }}
            />
          )}
          <p class="app__privacy">{t('app.privacy')}</p>
        </div>
      </main>
    </div>
  );
}
