import { useEffect, useRef } from 'preact/hooks';
import type { FaceReport } from '../../pipeline/types.ts';
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
  if (!faces.length) return null;
  return (
    <ul class="picker" aria-label="Pick a face" data-testid="face-picker">
      {faces.map((face, i) => (
        <li key={i}>
          <button
            type="button"
            class={`picker__face${selected === i ? ' picker__face--selected' : ''}`}
            aria-pressed={selected === i}
            disabled={face.tooSmall}
            title={face.tooSmall ? 'Too small to animate' : `Face ${i + 1}`}
            onClick={() => onSelect(i)}
          >
            <FaceThumb photo={photo} face={face} />
            <span>{face.tooSmall ? `${i + 1} · too small` : `Face ${i + 1}`}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
