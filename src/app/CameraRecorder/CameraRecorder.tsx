import { useEffect, useRef, useState } from 'preact/hooks';
import { followLandmarks, type LandmarkLocator } from './landmark-overlay.ts';

interface Props {
  /** The recording, when the user stops it (or at the time limit). */
  onDone(video: Blob): void;
  onCancel(): void;
  onError(message: string): void;
  maxSeconds: number;
  /** Finds the face in a camera frame, for the live landmark overlay. */
  locate: LandmarkLocator;
}

type Phase = { kind: 'starting' } | { kind: 'countdown'; left: number } | { kind: 'recording'; seconds: number };

/** Records the user's own face with the camera: a countdown, then up to `maxSeconds`. */
export function CameraRecorder({ onDone, onCancel, onError, maxSeconds, locate }: Props) {
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
        onError('Kinora could not use the camera: allow it in the browser, or record from a video file instead.');
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
    phase.kind === 'starting' ? 'Starting the camera…' : phase.kind === 'countdown' ? `Recording in ${phase.left}…` : `Recording ${phase.seconds.toFixed(0)} s — move your head, smile, blink`;
  return (
    <section class="camera" aria-label="Record your own motion" data-testid="camera">
      <div class="camera__view">
        <video ref={preview} class="camera__video" muted playsInline />
        <canvas ref={overlay} class="camera__overlay" data-testid="camera-overlay" data-face={faceSeen ? 'seen' : 'none'} aria-hidden="true" />
      </div>
      <p class="camera__status" role="status">
        {label}
      </p>
      {faceSeen === false && <p class="camera__hint">No face in view: face the camera, in good light.</p>}
      <div class="camera__actions">
        {phase.kind === 'recording' && (
          <button type="button" class="button button--primary" data-testid="camera-stop" onClick={() => recorder.current?.stop()}>
            Stop and use it
          </button>
        )}
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
