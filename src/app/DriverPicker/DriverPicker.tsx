import { useEffect, useRef, useState } from 'preact/hooks';

export interface DriverChoice {
  id: string;
  name: string;
  seconds: number;
  frames: number;
  fps: number;
  /** Line sketch of a frame (polylines of x, y in 0..SKETCH_SIZE). */
  sketch(frame: number): number[][];
}

export const SKETCH_SIZE = 36;

/** A tiny face doing the motion: still until the chip is hovered, focused or chosen. */
function DriverSketch({ choice, playing }: { choice: DriverChoice; playing: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const draw = (frame: number) => {
      context.clearRect(0, 0, SKETCH_SIZE, SKETCH_SIZE);
      context.strokeStyle = getComputedStyle(canvas.current!).color;
      context.lineWidth = 1;
      for (const line of choice.sketch(frame)) {
        context.beginPath();
        for (let i = 0; i < line.length; i += 2) (i ? context.lineTo : context.moveTo).call(context, line[i]!, line[i + 1]!);
        context.stroke();
      }
    };
    draw(0);
    if (!playing) return;
    const started = performance.now();
    let handle = requestAnimationFrame(function tick(now) {
      draw(Math.floor(((now - started) / 1000) * choice.fps) % choice.frames);
      handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
  }, [choice, playing]);
  return <canvas ref={canvas} class="drivers__sketch" width={SKETCH_SIZE} height={SKETCH_SIZE} aria-hidden="true" />;
}

function DriverChip({ choice, selected, onSelect }: { choice: DriverChoice; selected: boolean; onSelect(id: string): void }) {
  const [hovered, setHovered] = useState(false);
  return (
    <button
      type="button"
      class={`drivers__item${selected ? ' drivers__item--selected' : ''}`}
      aria-pressed={selected}
      onClick={() => onSelect(choice.id)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => setHovered(true)}
      onBlur={() => setHovered(false)}
    >
      <DriverSketch choice={choice} playing={hovered || selected} />
      <span class="drivers__name">{choice.name}</span>
      <span class="drivers__length">{choice.seconds.toFixed(1)} s</span>
    </button>
  );
}

interface Props {
  drivers: DriverChoice[];
  selected: string;
  intensity: number;
  glasses: boolean;
  mirrored: boolean;
  onSelect(id: string): void;
  onMirrored(value: boolean): void;
  onIntensity(value: number): void;
  onGlasses(value: boolean): void;
  /** A video of someone's face: record its motion as a new driver. */
  onVideo(file: File): void;
  /** Record the user's own face with the camera. */
  onCamera(): void;
  /** A driver file (Kinora's open format) to play. */
  onDriverFile(file: File): void;
}

/** The motions to choose from, and how strongly to apply them. */
export function DriverPicker(props: Props) {
  const { drivers, selected, intensity, glasses, mirrored, onSelect, onIntensity, onGlasses, onMirrored, onVideo, onCamera, onDriverFile } = props;
  const pick = (handler: (file: File) => void) => (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) handler(file);
    input.value = '';
  };
  return (
    <section class="drivers" aria-label="Motion">
      <ul class="drivers__list" data-testid="driver-picker">
        {drivers.map((driver) => (
          <li key={driver.id}>
            <DriverChip choice={driver} selected={driver.id === selected} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      <label class="drivers__intensity">
        Strength
        <input
          type="range"
          min={0}
          max={1.5}
          step={0.05}
          value={intensity}
          data-testid="intensity"
          onChange={(e) => onIntensity(Number(e.currentTarget.value))}
        />
        <output>{Math.round(intensity * 100)}%</output>
      </label>
      <button type="button" class="button drivers__own" data-testid="record-camera" onClick={onCamera}>
        Record with the camera
      </button>
      <label class="button drivers__own">
        Record from a video…
        <input type="file" accept="video/*" hidden data-testid="record-video" onChange={pick(onVideo)} />
      </label>
      <label class="button drivers__own">
        Load a motion file…
        <input type="file" accept=".json,application/json" hidden data-testid="driver-file" onChange={pick(onDriverFile)} />
      </label>
      <label class="drivers__glasses">
        <input type="checkbox" checked={mirrored} data-testid="mirrored" onChange={(e) => onMirrored(e.currentTarget.checked)} />
        Mirror the motion
      </label>
      <label class="drivers__glasses">
        <input type="checkbox" checked={glasses} data-testid="glasses" onChange={(e) => onGlasses(e.currentTarget.checked)} />
        Wears glasses (keep the frames straight)
      </label>
    </section>
  );
}
