import { useEffect, useRef } from 'preact/hooks';
import { FACE_OVAL } from '../../core/face/landmark-indices.ts';
import type { FaceReport } from '../../pipeline/types.ts';
import { useWords } from '../Language/words.tsx';
import type { ShownPhoto } from '../state.ts';

interface Props {
  photo: ShownPhoto;
  faces: FaceReport[];
  selected?: number;
  onSelect(index: number): void;
  /** Size on screen, CSS pixels. */
  shown: { width: number; height: number };
}

function outline(face: FaceReport): string {
  if (face.landmarks.length) return FACE_OVAL.map((i) => face.landmarks[i]!.slice(0, 2).join(',')).join(' ');
  const [x, y, w, h] = face.box;
  return `${x},${y} ${x + w},${y} ${x + w},${y + h} ${x},${y + h}`;
}

/** The photo with every face outlined and numbered; faces are buttons (click, or Tab + Enter). */
export function PhotoView({ photo, faces, selected, onSelect, shown }: Props) {
  const { t } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    c.width = photo.display.width;
    c.height = photo.display.height;
    c.getContext('2d')?.drawImage(photo.display, 0, 0);
  }, [photo]);
  // Labels and strokes are sized to the photo so they read the same on any photo size.
  const unit = Math.max(photo.width, photo.height) / 60;
  return (
    <figure class="photo" data-testid="photo" style={{ width: `${shown.width}px`, height: `${shown.height}px` }}>
      <canvas ref={canvas} class="photo__image" role="img" aria-label={t('app.photo', { name: photo.name })} />
      <svg class="photo__faces" viewBox={`0 0 ${photo.width} ${photo.height}`} aria-label={t('faces.found')}>
        {faces.map((face, i) => {
          const [x, y] = face.box;
          const label = face.tooSmall ? t('face.small.label', { face: i + 1 }) : t('face.label', { face: i + 1 });
          return (
            <g
              key={i}
              class={`face${face.tooSmall ? ' face--small' : ''}${selected === i ? ' face--selected' : ''}`}
              role="button"
              tabindex={face.tooSmall ? -1 : 0}
              aria-label={label}
              aria-pressed={selected === i}
              aria-disabled={face.tooSmall}
              data-testid="face-outline"
              onClick={() => onSelect(i)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(i);
                }
              }}
            >
              <title>{label}</title>
              <polygon points={outline(face)} vector-effect="non-scaling-stroke" />
              <circle cx={x} cy={y} r={unit * 0.9} />
              <text x={x} y={y} font-size={unit * 1.1} dominant-baseline="central" text-anchor="middle">
                {i + 1}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
