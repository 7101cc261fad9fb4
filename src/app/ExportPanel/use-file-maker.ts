import { useEffect, useRef, useState } from 'preact/hooks';
import { exportFileName } from '../../core/export/file-name.ts';
import { roundedTimeLeft, type MakeStage } from '../../core/export/progress.ts';
import { because, say, type Message } from '../../i18n/messages.ts';
import type { ExportFormat } from '../../pipeline/export/contract.ts';
import type { Session } from '../../pipeline/session.ts';
import { useWords } from '../Language/words.tsx';
import type { MadeFile, MakingFile, SizeChoice } from './ExportPanel.tsx';
import { ENHANCE_FACTOR } from '../../core/enhance/contract.ts';
import type { EnhanceComparison } from '../../pipeline/enhance/contract.ts';

/** Long sides offered; "original" is the photo's own, up to this. */
const SIZES = [480, 720];
const MAX_ORIGINAL = 1080;
/** Offered above a smaller photo when enhanced (up to the model's factor). */
const ENHANCED_SIZES = [720, MAX_ORIGINAL];

/**
 * The sizes that make sense for a photo with this long side: never larger than the photo, unless
 * enhanced (then up to the model's factor, the largest size at most).
 */
export function sizeChoices(photoLongSide: number, enhance = false): SizeChoice[] {
  const original = Math.min(photoLongSide, MAX_ORIGINAL);
  const larger = enhance ? ENHANCED_SIZES.filter((s) => s > original && s <= photoLongSide * ENHANCE_FACTOR) : [];
  return [
    ...SIZES.filter((s) => s < original).map((s) => ({ label: say('export.size.px', { px: s }), longSide: s })),
    { label: say(original === MAX_ORIGINAL && photoLongSide > MAX_ORIGINAL ? 'export.size.largest' : 'export.size.original', { px: original }), longSide: original },
    ...larger.map((s) => ({ label: say('export.size.enhanced', { px: s }), longSide: s })),
  ];
}

export interface Animated {
  photoName: string;
  /** The photo's long side, original pixels. */
  photoLongSide: number;
  /** Names the file: the motion's id or name. */
  motion: string;
  /** The preview's frames, once all are rendered. */
  frames: ImageBitmap[];
  /** The motion's sound, for an MP4 (see FileOptions.sound). */
  sound?: { audio: Blob; start: number };
}

const STAGE_LABELS: Record<MakeStage, (format: ExportFormat, rendered: boolean) => Message> = {
  loading: () => say('export.loading'),
  rendering: (_format, rendered) => say(rendered ? 'export.rendering' : 'export.preparing'),
  encoding: (format) => say('export.encoding', { format: format.toUpperCase() }),
};

/** "about 5 s left" as a message; undefined while unknown. */
function timeLeft(seconds: number | undefined): Message | undefined {
  const left = roundedTimeLeft(seconds);
  if (!left) return undefined;
  return left.unit === 'almost' ? say('time.almost') : say(left.unit === 'seconds' ? 'time.seconds-left' : 'time.minutes-left', { count: left.count });
}

/**
 * The save step's state: options, the file being made (progress, ETA, cancel) and the file
 * made. A change of animation (`key`) cancels the file in progress and forgets the one made.
 */
export function useFileMaker(session: Session, animated: Animated | undefined, key: unknown) {
  const [format, setFormat] = useState<ExportFormat>('gif');
  const [size, setSize] = useState(480);
  const [mark, setMark] = useState(true);
  const [enhance, setEnhance] = useState(true);
  const [comparison, setComparison] = useState<EnhanceComparison>();
  const [showBefore, setShowBefore] = useState(false);
  const [making, setMaking] = useState<MakingFile>();
  const [made, setMade] = useState<MadeFile & { file: File }>();
  const { t } = useWords();
  const [error, setError] = useState<Message>();
  const job = useRef(0);
  const busy = useRef(false);
  busy.current = !!making;

  const sizes = animated ? sizeChoices(animated.photoLongSide, enhance) : [];
  const longSide = sizes.some((s) => s.longSide === size) ? size : (sizes[0]?.longSide ?? size);

  const cancel = () => {
    job.current++;
    setMaking(undefined);
    session.cancelFile();
  };

  // A new animation (whose rendering replaced any file's): the file in progress and the one made
  // belong to the old one.
  useEffect(() => {
    if (busy.current) cancel();
    setMade(undefined);
    setError(undefined);
  }, [key]);

  // Another photo: its face was not enhanced yet (the session freed the old crops).
  useEffect(() => setComparison(undefined), [animated?.photoName, animated?.photoLongSide]);

  useEffect(() => () => made && URL.revokeObjectURL(made.url), [made]);

  const make = async () => {
    if (!animated) return;
    const ticket = ++job.current;
    setError(undefined);
    setMade(undefined);
    setMaking({ label: STAGE_LABELS.rendering(format, false), fraction: 0 });
    const result = await session.makeFile({
      format,
      mark,
      size: longSide,
      frames: animated.frames,
      ...(animated.sound && { sound: animated.sound }),
      onProgress: ({ stage, fraction, secondsLeft, rendered }) => {
        if (ticket === job.current) setMaking({ label: STAGE_LABELS[stage](format, rendered), fraction, remaining: timeLeft(secondsLeft) });
      },
      enhance: enhance ? 'auto' : 'off',
      onEnhanceProgress: ({ stage, done, total }) => {
        if (ticket !== job.current) return;
        setMaking({ label: say(stage === 'loading-model' ? 'enhance.loading' : 'enhance.enhancing'), fraction: total ? (done ?? 0) / total : 0 });
      },
    });
    if (ticket !== job.current) return;
    setMaking(undefined);
    if (!result.ok && result.code === 'encoder-offline') {
      // Offline before the first MP4 (ffmpeg's core is cached once used): the message says so, and
      // GIF, which needs nothing more, is chosen instead.
      setFormat('gif');
      return setError(result.message);
    }
    if (!result.ok) return result.code === 'cancelled' ? undefined : setError(because(say('export.failed', { format: format.toUpperCase() }), [result.message]));
    const { bytes, mimeType, extension } = result.value;
    if (result.value.enhanced) {
      setComparison(session.enhanceComparison);
      setShowBefore(false);
    }
    const name = exportFileName(animated.photoName, animated.motion, extension);
    const file = new File([bytes as Uint8Array<ArrayBuffer>], name, { type: mimeType });
    const url = URL.createObjectURL(file);
    setMade({ name, url, bytes: file.size, file });
    Object.assign(document.createElement('a'), { href: url, download: name }).click();
  };

  const canShare = !!made && typeof navigator.canShare === 'function' && navigator.canShare({ files: [made.file] });
  const share = async () => {
    if (!made) return;
    try {
      await navigator.share({ files: [made.file], title: made.name, text: t('export.share.text') });
    } catch (e) {
      // The user closing the share sheet is not an error.
      if ((e as Error).name !== 'AbortError') setError(say('export.share.failed', { reason: (e as Error).message }));
    }
  };

  return {
    format,
    setFormat,
    sizes,
    size: longSide,
    setSize,
    mark,
    setMark,
    enhance,
    setEnhance,
    comparison,
    showBefore,
    setShowBefore,
    making,
    made,
    error,
    dismissError: () => setError(undefined),
    make: () => void make(),
    cancel,
    share: canShare ? () => void share() : undefined,
  };
}
