import { useEffect, useRef, useState } from 'preact/hooks';
import type { LiveTake } from '../../core/drivers/live-follow.ts';
import { say, type Message } from '../../i18n/messages.ts';
import type { CameraTracker, LiveLoop, LiveRenderer, LiveStatus } from '../../pipeline/live/live-loop.ts';
import type { Outcome } from '../../pipeline/types.ts';
import { useWords } from '../Language/words.tsx';

/** What a take leaves: the motion, the voice recorded with it (when the microphone was allowed) and how long both last. */
export interface LiveRecording {
  take: LiveTake;
  sound?: Blob;
  seconds: number;
}

interface Props {
  /** The photo's size on screen. */
  shown: { width: number; height: number };
  /** The photo as it is, shown until the first live frame. */
  photo: ImageBitmap;
  /** Prepares the face for live frames (Session.beginLive). */
  begin(): Promise<Outcome<{ width: number; height: number }>>;
  /** Leaves live mode (Session.endLive). */
  end(): void;
  render: LiveRenderer;
  /** A landmarker for the camera, its own worker: freed when live mode ends. */
  makeTracker(): CameraTracker & { dispose(): void };
  intensity: number;
  /** The "Mirror" switch: on, the photo moves as the camera sees the user; off, like their mirror image (as the camera view shows them). */
  mirrored: boolean;
  maxSeconds: number;
  onRecorded(recording: LiveRecording): void;
  onClose(): void;
  onError(message: Message): void;
}

type Recording = { started: number; seconds: number; media?: MediaRecorder; microphone?: MediaStream; chunks: Blob[] };

/** The photo large, following the user's face in the camera (small, in a corner), with Record and Done. */
export function LiveMode({ shown, photo, begin, end, render, makeTracker, intensity, mirrored, maxSeconds, onRecorded, onClose, onError }: Props) {
  const { t } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const loop = useRef<LiveLoop | undefined>(undefined);
  const strength = useRef(intensity);
  strength.current = intensity;
  const mirror = useRef(!mirrored);
  mirror.current = !mirrored;
  const [status, setStatus] = useState<LiveStatus>();
  const [recording, setRecording] = useState<Recording>();
  /** The take in progress, as of now (the state lags a render behind). */
  const recordingRef = useRef<Recording | undefined>(undefined);
  /** Live mode was left: nothing more may start. */
  const closed = useRef(false);
  /** Record was pressed and the microphone is being asked for. */
  const starting = useRef(false);

  useEffect(() => {
    // The photo as it is, until the first live frame (never a black box).
    const frames = canvas.current!;
    Object.assign(frames, { width: Math.round(shown.width), height: Math.round(shown.height) });
    frames.getContext('2d')!.drawImage(photo, 0, 0, frames.width, frames.height);
    let stopped = false;
    let camera: MediaStream | undefined;
    const stopCamera = () => camera?.getTracks().forEach((track) => track.stop());
    const tracker = makeTracker();
    void (async () => {
      const hasCamera = typeof navigator.mediaDevices?.getUserMedia === 'function';
      const cameraAsked = hasCamera
        ? navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } }, audio: false }).then(
            (stream) => {
              camera = stream;
              // Left while the camera was starting: it is ended as soon as it is there.
              if (stopped) stopCamera();
              return stream;
            },
            () => undefined,
          )
        : Promise.resolve(undefined);
      let stream: MediaStream | undefined;
      let begun: Awaited<ReturnType<typeof begin>>;
      let LiveLoop: typeof import('../../pipeline/live/live-loop.ts').LiveLoop;
      try {
        // The follower's code loads with live mode, not with the first screen.
        [stream, begun, { LiveLoop }] = await Promise.all([cameraAsked, begin(), import('../../pipeline/live/live-loop.ts')]);
      } catch {
        if (!stopped) onError(say('live.failed'));
        return;
      }
      if (stopped) return;
      if (!stream) return onError(hasCamera ? say('camera.refused') : say('live.unavailable'));
      if (!begun.ok) return begun.code === 'cancelled' ? undefined : onError(begun.message);
      Object.assign(frames, { width: begun.value.width, height: begun.value.height });
      frames.getContext('2d')!.drawImage(photo, 0, 0, begun.value.width, begun.value.height);
      video.current!.srcObject = stream;
      await video.current!.play().catch(() => undefined);
      if (stopped) return;
      loop.current = new LiveLoop({
        video: video.current!,
        tracker,
        render,
        intensity: () => strength.current,
        mirror: () => mirror.current,
        paint: (frame) => {
          frames.getContext('2d')!.drawImage(frame, 0, 0, frames.width, frames.height);
          frame.close();
        },
        onStatus: setStatus,
        onFailure: () => onError(say('live.failed')),
      });
      loop.current.start();
    })();
    return () => {
      stopped = true;
      closed.current = true;
      loop.current?.stop();
      stopRecording(recordingRef.current);
      // Camera and microphone are off as soon as live mode is left.
      stopCamera();
      tracker.dispose();
      end();
    };
  }, []);

  // The take ends at the time limit.
  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => {
      const seconds = (performance.now() - recording.started) / 1000;
      if (seconds >= maxSeconds) finish();
      else setRecording((now) => now && { ...now, seconds });
    }, 250);
    return () => clearInterval(timer);
  }, [recording?.started]);

  const record = async () => {
    if (starting.current || recordingRef.current) return;
    starting.current = true;
    try {
      // The microphone only now, when asked for: without it the motion is kept alone.
      const microphone = await navigator.mediaDevices.getUserMedia({ audio: true, video: false }).catch(() => undefined);
      const stopMicrophone = () => microphone?.getTracks().forEach((track) => track.stop());
      if (!loop.current || closed.current) return stopMicrophone();
      let media: MediaRecorder | undefined;
      const chunks: Blob[] = [];
      if (microphone) {
        try {
          const type = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/mp4'].find((candidate) => MediaRecorder.isTypeSupported(candidate));
          media = new MediaRecorder(microphone, type ? { mimeType: type } : {});
          media.ondataavailable = (event) => void (event.data.size && chunks.push(event.data));
          media.start(250);
        } catch {
          // The motion is kept without the voice.
          stopMicrophone();
          media = undefined;
        }
      }
      loop.current.startTake();
      const started: Recording = { started: performance.now(), seconds: 0, media, microphone: media && microphone, chunks };
      recordingRef.current = started;
      setRecording(started);
    } finally {
      starting.current = false;
    }
  };

  const finish = () => {
    const now = recordingRef.current;
    if (!now) return;
    // Once: the Stop button and the time limit may both ask in the same moment.
    recordingRef.current = undefined;
    setRecording(undefined);
    const take = loop.current?.stopTake();
    const seconds = (performance.now() - now.started) / 1000;
    if (!take || take.seconds < 1) {
      stopRecording(now);
      return onError(say('live.too-short'));
    }
    if (!now.media) return onRecorded({ take, seconds });
    const media = now.media;
    media.onstop = () => {
      const sound = new Blob(now.chunks, { type: media.mimeType || 'audio/webm' });
      onRecorded({ take, seconds, ...(sound.size > 0 && { sound }) });
    };
    stopRecording(now);
  };

  const message = !status
    ? t('live.starting')
    : recording
      ? t(recording.media ? 'live.recording' : 'live.recording-silent', { seconds: recording.seconds, max: maxSeconds })
      : status.step === 'calibrating'
        ? status.seen
          ? t('live.calibrating')
          : t('camera.no-face')
        : status.step === 'lost'
          ? t('live.lost')
          : t('live.following');
  return (
    <section class="live" aria-label={t('live.label')} data-testid="live" data-step={status?.step ?? 'starting'}>
      <figure class="live__photo" style={{ width: `${shown.width}px`, height: `${shown.height}px` }}>
        <canvas ref={canvas} class="live__frames" role="img" aria-label={t('live.label')} data-testid="live-frames" data-painted={status ? String(status.fps > 0) : 'false'} />
        <video ref={video} class="live__camera" aria-label={t('live.camera')} muted playsInline />
        {status && status.step === 'calibrating' && status.seen && <progress class="live__calibration" max={1} value={status.progress} />}
        {status && (
          <span class="live__fps" data-testid="live-fps">
            {t('live.fps', { fps: status.fps })}
          </span>
        )}
        <div class="live__controls">
          <p class={`live__status${recording ? ' live__status--recording' : ''}`} role="status">
            {message}
          </p>
          <div class="live__actions">
            {recording ? (
              <button type="button" class="button button--primary" data-testid="live-stop" onClick={finish}>
                {t('live.stop')}
              </button>
            ) : (
              <button type="button" class="button button--primary" data-testid="live-record" title={t('live.record.title')} disabled={status?.step !== 'following'} onClick={() => void record()}>
                {t('live.record')}
              </button>
            )}
            {!recording && (
              <button type="button" class="button" title={t('live.recalibrate.title')} disabled={!status} onClick={() => loop.current?.recalibrate()}>
                {t('live.recalibrate')}
              </button>
            )}
            <button type="button" class="button" data-testid="live-done" onClick={onClose}>
              {recording ? t('live.discard') : t('live.done')}
            </button>
          </div>
        </div>
      </figure>
    </section>
  );
}

function stopRecording(recording: Recording | undefined): void {
  if (recording?.media?.state === 'recording') recording.media.stop();
  recording?.microphone?.getTracks().forEach((track) => track.stop());
}
