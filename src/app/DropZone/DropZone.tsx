import { useRef, useState } from 'preact/hooks';
import { useWords } from '../Language/words.tsx';

interface Props {
  /** Compact: a photo is already shown, so this is the "choose another" control. */
  compact: boolean;
  onFile(file: File): void;
}

/** Drop area, file picker and (on phones) camera / photo library. Paste is handled by the app. */
export function DropZone({ compact, onFile }: Props) {
  const { t } = useWords();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const pick = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  return (
    <section
      class={`dropzone${compact ? ' dropzone--compact' : ''}${dragging ? ' dropzone--over' : ''}`}
      aria-label={t('drop.label')}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        // Handled here: the page-wide drop handler must not open it a second time.
        e.stopPropagation();
        setDragging(false);
        pick(e.dataTransfer?.files);
      }}
    >
      {!compact && (
        <p class="dropzone__title">
          <span class="for-mouse">{t('drop.title.mouse')}</span>
          <span class="for-touch">{t('drop.title.touch')}</span>
        </p>
      )}
      <button type="button" class={`button${compact ? '' : ' button--primary'}`} data-testid={compact ? 'another-photo' : 'choose-photo'} onClick={() => input.current?.click()}>
        {compact ? t('drop.another') : t('drop.choose')}
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          pick(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      {!compact && <p class="dropzone__hint for-mouse">{t('drop.paste')}</p>}
      {!compact && <p class="dropzone__hint">{t('drop.private')}</p>}
    </section>
  );
}
