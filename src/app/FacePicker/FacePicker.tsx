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
}

/** A strip of face crops to pick from, as Deep Nostalgia shows. */
export function FacePicker({ photo, faces, selected, onSelect }: Props) {
  const { t } = useWords();
  if (!faces.length) return null;
  return (
    <ul class="picker" aria-label={t('faces.pick')} data-testid="face-picker">
      {faces.map((face, i) => (
        <li key={i}>
          <button
            type="button"
            class={`picker__face${selected === i ? ' picker__face--selected' : ''}`}
            aria-pressed={selected === i}
            disabled={face.tooSmall}
            title={face.tooSmall ? t('face.small.title') : t('face.label', { face: i + 1 })}
            onClick={() => onSelect(i)}
          >
            <FaceThumb photo={photo} face={face} />
            <span>{face.tooSmall ? t('face.small', { face: i + 1 }) : t('face.label', { face: i + 1 })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
