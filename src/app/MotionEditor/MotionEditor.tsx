import { useEffect, useState } from 'preact/hooks';
import { useWords } from '../Language/words.tsx';

interface Props {
  name: string;
  frames: number;
  fps: number;
  /** The shortest stretch a trim may keep, in frames. */
  minFrames: number;
  onRename(name: string): void;
  /** Keep frames first..last (inclusive). */
  onTrim(first: number, last: number): void;
  /** Download it as a motion file. */
  onSave(): void;
}

function FrameSlider(props: { label: string; frames: number; value: number; shown: string; testId: string; onInput(frame: number): void }) {
  const { label, frames, value, shown, testId, onInput } = props;
  return (
    <label class="motion-editor__row">
      {label}
      <input type="range" min={0} max={frames - 1} value={value} data-testid={testId} onInput={(e) => onInput(Number(e.currentTarget.value))} />
      <output>{shown}</output>
    </label>
  );
}

/** The user's own motion (recorded or loaded): rename it, trim it, save it as a file. */
export function MotionEditor({ name, frames, fps, minFrames, onRename, onTrim, onSave }: Props) {
  const { t } = useWords();
  const [draftName, setDraftName] = useState(name);
  const [first, setFirst] = useState(0);
  const [last, setLast] = useState(frames - 1);
  useEffect(() => setDraftName(name), [name]);
  useEffect(() => {
    setFirst(0);
    setLast(frames - 1);
  }, [frames]);
  const seconds = (count: number) => t('motions.seconds', { seconds: count / fps });
  const rename = () => {
    const cleaned = draftName.trim();
    if (cleaned && cleaned !== name) onRename(cleaned);
    else setDraftName(name);
  };
  const trimmed = first > 0 || last < frames - 1;
  return (
    <fieldset class="motion-editor" data-testid="motion-editor">
      <legend>{t('editor.legend')}</legend>
      <label class="motion-editor__row">
        {t('editor.name')}
        <input
          type="text"
          value={draftName}
          maxLength={80}
          data-testid="motion-name"
          onInput={(e) => setDraftName(e.currentTarget.value)}
          onChange={rename}
          onKeyDown={(e) => e.key === 'Enter' && rename()}
        />
      </label>
      <FrameSlider label={t('editor.start')} frames={frames} value={first} shown={seconds(first)} testId="trim-start" onInput={(f) => setFirst(Math.min(f, last - minFrames + 1))} />
      <FrameSlider label={t('editor.end')} frames={frames} value={last} shown={seconds(last + 1)} testId="trim-end" onInput={(f) => setLast(Math.max(f, first + minFrames - 1))} />
      <div class="motion-editor__actions">
        <button type="button" class="button" data-testid="trim-apply" disabled={!trimmed} onClick={() => onTrim(first, last)}>
          {t('editor.keep', { kept: (last - first + 1) / fps, total: frames / fps })}
        </button>
        <button type="button" class="button" data-testid="save-driver" onClick={onSave}>
          {t('editor.save')}
        </button>
      </div>
    </fieldset>
  );
}
