import { useEffect, useRef } from 'preact/hooks';
import type { FaceReport } from '../../pipeline/types.ts';
import { useWords } from '../Language/words.tsx';
import type { ShownPhoto } from '../state.ts';

const THUMB = 88;

function FaceThumb({ photo, face }: { photo: ShownPhoto; face: FaceReport }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const [x, y, w, h] = face.box.map((v) => v / photo.displayScale) as [number, number, number, number];
    const side = Math.max(w, h) * 1.5;
    context.clearRect(0, 0, THUMB, THUMB);
    context.drawImage(photo.display, x + w / 2 - side / 2, y + h / 2 - side / 2, side, side, 0, 0, THUMB, THUMB);
  }, [photo, face]);
  return <canvas ref={canvas} width={THUMB} height={THUMB} aria-hidden="true" />;
}

interface Props {
  photo: ShownPhoto;
  faces: FaceReport[];
  selected?: number;
  onSelect(index: number): void;
  /** "Animate everyone" is offered (two or more faces can be animated). */
  canAnimateEveryone: boolean;
  everyone: boolean;
  onEveryone(on: boolean): void;
  /** With everyone animated: the faces kept still (the chosen one among them or not). */
  still: ReadonlySet<number>;
  onStill(still: boolean): void;
}

/** A strip of face crops to pick from, as Deep Nostalgia shows; and, for a group, everyone at once. */
export function FacePicker({ photo, faces, selected, onSelect, canAnimateEveryone, everyone, onEveryone, still, onStill }: Props) {
  const { t } = useWords();
  if (!faces.length) return null;
  const label = (i: number) => (!everyone ? t('face.label', { face: i + 1 }) : still.has(i) ? t('face.still', { face: i + 1 }) : t('face.moving', { face: i + 1 }));
  return (
    <>
      {canAnimateEveryone && (
        <button
          type="button"
          class={`button picker__everyone${everyone ? ' picker__everyone--on' : ''}`}
          aria-pressed={everyone}
          title={t('faces.everyone.title')}
          data-testid="animate-everyone"
          onClick={() => onEveryone(!everyone)}
        >
          {t('faces.everyone')}
        </button>
      )}
      <ul class={`picker${everyone ? ' picker--everyone' : ''}`} aria-label={t('faces.pick')} data-testid="face-picker">
        {faces.map((face, i) => (
          <li key={i}>
            <button
              type="button"
              class={`picker__face${selected === i ? ' picker__face--selected' : ''}${everyone && !face.tooSmall && !still.has(i) ? ' picker__face--moving' : ''}`}
              aria-pressed={selected === i}
              aria-label={everyone && !face.tooSmall ? label(i) : undefined}
              disabled={face.tooSmall}
              title={face.tooSmall ? t('face.small.title') : label(i)}
              onClick={() => onSelect(i)}
            >
              <FaceThumb photo={photo} face={face} />
              <span>{face.tooSmall ? t('face.small', { face: i + 1 }) : t('face.label', { face: i + 1 })}</span>
            </button>
          </li>
        ))}
      </ul>
      {everyone && selected !== undefined && (
        <label class="picker__still">
          <input type="checkbox" checked={still.has(selected)} data-testid="still" onChange={(e) => onStill(e.currentTarget.checked)} />
          {t('faces.still', { face: selected + 1 })}
        </label>
      )}
    </>
  );
}
