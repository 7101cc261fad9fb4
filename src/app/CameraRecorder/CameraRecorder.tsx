import { useEffect, useRef, useState } from 'preact/hooks';
import { say, type Message } from '../../i18n/messages.ts';
import { useWords } from '../Language/words.tsx';
import { followLandmarks, type LandmarkLocator } from './landmark-overlay.ts';

interface Props {
  /** The recording, when the user stops it (or at the time limit). */
  onDone(video: Blob): void;
  onCancel(): void;
  onError(message: Message): void;
  maxSeconds: number;
  /** Finds the face in a camera frame, for the live landmark overlay. */
  locate: LandmarkLocator;
}

type Phase = { kind: 'starting' } | { kind: 'countdown'; left: number } | { kind: 'recording'; seconds: number };

/** Records the user's own face with the camera: a countdown, then up to `maxSeconds`. */
export function CameraRecorder({ onDone, onCancel, onError, maxSeconds, locate }: Props) {
  const { t } = useWords();
  const preview = useRef<HTMLVideoElement>(null);
  const overlay = useRef<HTMLCanvasElement>(null);
  const [faceSeen, setFaceSeen] = useState<boolean>();
  const recorder = useRef<MediaRecorder | undefined>(undefined);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    let stopFollowing: (() => void) | undefined;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
      } catch {
        onError(say('camera.refused'));
        return;
      }
      if (stopped) return stream.getTracks().forEach((t) => t.stop());
      preview.current!.srcObject = stream;
      await preview.current!.play().catch(() => undefined);
      if (stopped) return;
      stopFollowing = followLandmarks(preview.current!, overlay.current!, locate, setFaceSeen);
      let left = 3;
      setPhase({ kind: 'countdown', left });
      timer = setInterval(() => {
        left--;
        if (left > 0) return setPhase({ kind: 'countdown', left });
        clearInterval(timer);
        const chunks: Blob[] = [];
        const mimeType = MediaRecorder.isTypeSupported('video/webm') ? 'video/webm' : '';
        const media = new MediaRecorder(stream!, mimeType ? { mimeType } : {});
        recorder.current = media;
        media.ondataavailable = (e) => e.data.size && chunks.push(e.data);
        media.onstop = () => onDone(new Blob(chunks, { type: media.mimeType || 'video/webm' }));
        media.start(250);
        const started = performance.now();
        setPhase({ kind: 'recording', seconds: 0 });
        timer = setInterval(() => {
          const seconds = (performance.now() - started) / 1000;
          if (seconds >= maxSeconds) media.stop();
          else setPhase({ kind: 'recording', seconds });
        }, 250);
      }, 1000);
    })();
    return () => {
      stopped = true;
      stopFollowing?.();
      clearInterval(timer);
      if (recorder.current?.state === 'recording') recorder.current.stop();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  const label =
    phase.kind === 'starting'
      ? t('camera.starting')
      : phase.kind === 'countdown'
        ? t('camera.countdown', { left: phase.left })
        : t('camera.recording', { seconds: phase.seconds });
  return (
    <section class="camera" aria-label={t('camera.label')} data-testid="camera">
      <div class="camera__view">
        <video ref={preview} class="camera__video" muted playsInline />
        <canvas ref={overlay} class="camera__overlay" data-testid="camera-overlay" data-face={faceSeen ? 'seen' : 'none'} aria-hidden="true" />
      </div>
      <p class="camera__status" role="status">
        {label}
      </p>
      {faceSeen === false && <p class="camera__hint">{t('camera.no-face')}</p>}
      <div class="camera__actions">
        {phase.kind === 'recording' && (
          <button type="button" class="button button--primary" data-testid="camera-stop" onClick={() => recorder.current?.stop()}>
            {t('camera.stop')}
          </button>
        )}
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  );
}
