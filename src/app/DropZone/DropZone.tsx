import { useRef, useState } from 'preact/hooks';

interface Props {
  /** Compact: a photo is already shown, so this is the "choose another" control. */
  compact: boolean;
  onFile(file: File): void;
}

/** Drop area, file picker and (on phones) camera / photo library. Paste is handled by the app. */
export function DropZone({ compact, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const pick = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onFile(file);
  };
  return (
    <section
      class={`dropzone${compact ? ' dropzone--compact' : ''}${dragging ? ' dropzone--over' : ''}`}
      aria-label="Open a photo"
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
          <span class="for-mouse">Drop an old photo here</span>
          <span class="for-touch">Bring an old photo to life</span>
        </p>
      )}
      <button type="button" class={`button${compact ? '' : ' button--primary'}`} data-testid={compact ? 'another-photo' : 'choose-photo'} onClick={() => input.current?.click()}>
        {compact ? 'Another photo' : 'Choose a photo'}
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
      {!compact && <p class="dropzone__hint for-mouse">or paste one with Ctrl+V / ⌘V</p>}
      {!compact && <p class="dropzone__hint">Your photo stays on this device: nothing is uploaded.</p>}
    </section>
  );
}
