import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import { groupChoices, type DriverGroup } from '../../core/drivers/groups.ts';
import { useWords } from '../Language/words.tsx';
import './DriverPicker.css';

export type { DriverGroup } from '../../core/drivers/groups.ts';

export interface DriverChoice {
  id: string;
  name: string;
  seconds: number;
  frames: number;
  fps: number;
  /**
   * The gallery group (see core/drivers/groups.ts: groupOfTags of the library entry's tags).
   * A choice without one is the user's own motion, shown under "Yours".
   */
  group?: DriverGroup;
  /** Line sketch of a frame (polylines of x, y in 0..SKETCH_SIZE); `frame` is in 0..frames - 1. */
  sketch(frame: number): number[][];
}

export const SKETCH_SIZE = 36;
/** The sketch canvas's pixels per sketch unit: sharp on high-density screens. */
const SKETCH_SCALE = 2;

/** `index` wrapped into 0..length - 1 (a negative one too); 0 for an empty driver. */
export function wrapFrame(index: number, length: number): number {
  if (!(length > 0) || !Number.isFinite(index)) return 0;
  const whole = Math.floor(index) % length;
  return whole < 0 ? whole + length : whole;
}

const sketchOf = (choice: DriverChoice, frame: number) => (choice.frames > 0 ? choice.sketch(wrapFrame(frame, choice.frames)) : []);

const stills = new WeakMap<DriverChoice, number>();

/** The frame that shows the motion best: the one furthest from its first (rest) frame. */
function stillFrame(choice: DriverChoice): number {
  const known = stills.get(choice);
  if (known !== undefined) return known;
  let best = 0;
  if (choice.frames > 1) {
    const rest = sketchOf(choice, 0);
    const step = Math.max(1, Math.floor(choice.frames / 40));
    let most = 0;
    for (let frame = step; frame < choice.frames; frame += step) {
      let distance = 0;
      sketchOf(choice, frame).forEach((line, l) => {
        const before = rest[l];
        if (before) for (let i = 0; i < line.length && i < before.length; i++) distance += (line[i]! - before[i]!) ** 2;
      });
      if (distance > most) [most, best] = [distance, frame];
    }
  }
  stills.set(choice, best);
  return best;
}

/** Whether the user asked for less motion (`prefers-reduced-motion: reduce`), kept up to date. */
function useReducedMotion(): boolean {
  const query = useMemo(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined), []);
  const [reduced, setReduced] = useState(() => query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const update = () => setReduced(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [query]);
  return reduced;
}

/**
 * A tiny face doing the motion: its most telling frame while still, playing (from there) while
 * the chip is hovered, focused or chosen, unless the user prefers reduced motion. The loop ends
 * with the effect and as soon as the canvas leaves the page.
 */
function DriverSketch({ choice, playing, selected }: { choice: DriverChoice; playing: boolean; selected: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const draw = (frame: number) => {
      context.setTransform(SKETCH_SCALE, 0, 0, SKETCH_SCALE, 0, 0);
      context.clearRect(0, 0, SKETCH_SIZE, SKETCH_SIZE);
      context.strokeStyle = getComputedStyle(element).color;
      context.lineWidth = 1;
      context.lineJoin = 'round';
      for (const line of sketchOf(choice, frame)) {
        context.beginPath();
        for (let i = 0; i + 1 < line.length; i += 2) (i ? context.lineTo : context.moveTo).call(context, line[i]!, line[i + 1]!);
        context.stroke();
      }
    };
    const still = stillFrame(choice);
    draw(still);
    if (!playing || !(choice.fps > 0) || choice.frames < 2) return;
    let started: number | undefined;
    let handle = requestAnimationFrame(function tick(now) {
      if (!element.isConnected) return;
      started ??= now;
      draw(still + Math.max(0, ((now - started) / 1000) * choice.fps));
      handle = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(handle);
    // `selected` changes the ink colour.
  }, [choice, playing, selected]);
  return (
    <canvas
      ref={canvas}
      class="motions__sketch"
      width={SKETCH_SIZE * SKETCH_SCALE}
      height={SKETCH_SIZE * SKETCH_SCALE}
      aria-hidden="true"
    />
  );
}

interface ChipProps {
  choice: DriverChoice;
  selected: boolean;
  suggested: boolean;
  /** The chip the Tab key reaches (roving tabindex: one chip of the gallery). */
  tabbable: boolean;
  animate: boolean;
  onSelect(id: string): void;
  onFocusChip(id: string): void;
}

function DriverChip({ choice, selected, suggested, tabbable, animate, onSelect, onFocusChip }: ChipProps) {
  const [hovered, setHovered] = useState(false);
  const { t, motion } = useWords();
  const words = motion(choice.id);
  return (
    <button
      type="button"
      title={words?.description}
      class={`motions__chip${selected ? ' motions__chip--selected' : ''}${suggested ? ' motions__chip--suggested' : ''}`}
      aria-pressed={selected}
      tabIndex={tabbable ? 0 : -1}
      data-driver={choice.id}
      onClick={() => onSelect(choice.id)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
      onFocus={() => {
        setHovered(true);
        onFocusChip(choice.id);
      }}
      onBlur={() => setHovered(false)}
    >
      <DriverSketch choice={choice} playing={animate && (hovered || selected)} selected={selected} />
      <span class="motions__text">
        <span class="motions__name">{words?.name ?? choice.name}</span>
        <span class="motions__length">{t('motions.seconds', { seconds: choice.seconds })}</span>
        {suggested && (
          <span class="motions__badge">
            {t('motions.suggested')}
            <span class="visually-hidden">{t('motions.suggested.more')}</span>
          </span>
        )}
      </span>
    </button>
  );
}

/** The chip an arrow key (or Home / End) moves to from `from`, by the chips' places on screen. */
function chipFor(key: string, chips: HTMLElement[], from: HTMLElement): HTMLElement | undefined {
  const index = chips.indexOf(from);
  if (key === 'Home') return chips[0];
  if (key === 'End') return chips[chips.length - 1];
  if (key === 'ArrowLeft') return chips[Math.max(0, index - 1)];
  if (key === 'ArrowRight') return chips[Math.min(chips.length - 1, index + 1)];
  if (key !== 'ArrowUp' && key !== 'ArrowDown') return undefined;
  // Up / down: the nearest row above or below (across groups), then the chip nearest across.
  const here = from.getBoundingClientRect();
  const middle = here.left + here.width / 2;
  const down = key === 'ArrowDown';
  const rows = chips
    .map((chip) => ({ chip, box: chip.getBoundingClientRect() }))
    .filter(({ box }) => (down ? box.top >= here.bottom - 1 : box.bottom <= here.top + 1));
  if (!rows.length) return from;
  const rowTop = down ? Math.min(...rows.map(({ box }) => box.top)) : Math.max(...rows.map(({ box }) => box.top));
  const row = rows.filter(({ box }) => Math.abs(box.top - rowTop) < 2);
  return row.reduce((best, next) =>
    Math.abs(next.box.left + next.box.width / 2 - middle) < Math.abs(best.box.left + best.box.width / 2 - middle) ? next : best,
  ).chip;
}

interface Props {
  drivers: DriverChoice[];
  selected: string;
  /** The id of the motion that suits the chosen face (its chip says so). */
  suggested?: string;
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

/** The motions to choose from, in groups, and how strongly to apply them. */
export function DriverPicker(props: Props) {
  const { drivers, selected, suggested, intensity, glasses, mirrored } = props;
  const { onSelect, onIntensity, onGlasses, onMirrored, onVideo, onCamera, onDriverFile } = props;
  const id = useId();
  const { t } = useWords();
  const animate = !useReducedMotion();
  const videoInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  // Until the app says which group a motion is in, show them as one list.
  const groups = useMemo(
    () => (drivers.some((driver) => driver.group) ? groupChoices(drivers) : [{ group: undefined, choices: drivers }]),
    [drivers],
  );
  // Roving tabindex: Tab reaches one chip (the last focused, else the chosen one, else the first).
  const [focused, setFocused] = useState<string>();
  const has = (driverId: string | undefined) => !!driverId && drivers.some((driver) => driver.id === driverId);
  const tabStop = has(focused) ? focused : has(selected) ? selected : drivers[0]?.id;
  useEffect(() => setFocused(undefined), [selected]);
  // The chosen motion is shown where its row scrolls sideways (phones), without moving the page.
  const gallery = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chip = gallery.current?.querySelector<HTMLElement>('.motions__chip--selected');
    if (!chip) return;
    const row = chip.closest<HTMLElement>('.motions__grid');
    if (row && row.scrollWidth > row.clientWidth) {
      row.scrollLeft = Math.max(0, chip.getBoundingClientRect().left - row.getBoundingClientRect().left + row.scrollLeft - 8);
    }
    const list = chip.closest<HTMLElement>('.motions__scroll');
    if (list && list.scrollHeight > list.clientHeight) {
      const top = chip.getBoundingClientRect().top - list.getBoundingClientRect().top + list.scrollTop;
      if (top < list.scrollTop || top + chip.offsetHeight > list.scrollTop + list.clientHeight - 24) list.scrollTop = Math.max(0, top - 28);
    }
  }, [selected, drivers]);

  const onKeyDown = (event: KeyboardEvent) => {
    const from = (event.target as HTMLElement).closest<HTMLElement>('.motions__chip');
    if (!from || event.altKey || event.ctrlKey || event.metaKey) return;
    const chips = Array.from(event.currentTarget instanceof HTMLElement ? event.currentTarget.querySelectorAll<HTMLElement>('.motions__chip') : []);
    const to = chipFor(event.key, chips, from);
    if (!to) return;
    event.preventDefault();
    to.focus();
  };
  const pick = (handler: (file: File) => void) => (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (file) handler(file);
    input.value = '';
  };
  return (
    // No heading or landmark of its own: the app's "Motion" step holds it (group headings are h3).
    <div class="motions">
      {/* The gallery and the user's own motions scroll; the strength and switches stay in view. */}
      <div class="motions__scroll">
        <div ref={gallery} class="motions__gallery" data-testid="driver-picker" role="group" aria-label={t('motions.label')} onKeyDown={onKeyDown}>
          {groups.map(({ group, choices }) => (
            <div class="motions__group" key={group?.id ?? 'all'}>
              {group && (
                <h3 class="motions__heading" id={`${id}-${group.id}`}>
                  {t(`group.${group.id}`)}
                </h3>
              )}
              <ul class="motions__grid" aria-labelledby={group ? `${id}-${group.id}` : undefined}>
                {choices.map((driver) => (
                  <li key={driver.id}>
                    <DriverChip
                      choice={driver}
                      selected={driver.id === selected}
                      suggested={driver.id === suggested}
                      tabbable={driver.id === tabStop}
                      animate={animate}
                      onSelect={onSelect}
                      onFocusChip={setFocused}
                    />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
        {/* Folded: recording is for the few; the gallery and Save stay close on a phone. */}
        <details class="motions__own" data-testid="own-motion">
          <summary>{t('motions.own')}</summary>
          <div class="motions__buttons">
            <button type="button" class="motions__button" data-testid="record-camera" onClick={onCamera}>
              {t('motions.camera')}
            </button>
            <button type="button" class="motions__button" onClick={() => videoInput.current?.click()}>
              {t('motions.video')}
            </button>
            <input ref={videoInput} type="file" accept="video/*" hidden tabIndex={-1} data-testid="record-video" onChange={pick(onVideo)} />
            <button type="button" class="motions__button" onClick={() => fileInput.current?.click()}>
              {t('motions.file')}
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              tabIndex={-1}
              data-testid="driver-file"
              onChange={pick(onDriverFile)}
            />
          </div>
        </details>
      </div>
      <div class="motions__controls">
        <div class="motions__strength">
          <label class="motions__label" for={`${id}-strength`}>
            {t('motions.strength')}
          </label>
          <output class="motions__percent" for={`${id}-strength`}>
            {t('motions.percent', { fraction: intensity })}
          </output>
          <div class="motions__slider">
            <span aria-hidden="true">{t('motions.less')}</span>
            <input
              id={`${id}-strength`}
              type="range"
              min={0}
              max={1.5}
              step={0.05}
              value={intensity}
              aria-valuetext={t('motions.percent', { fraction: intensity })}
              data-testid="intensity"
              onChange={(e) => onIntensity(Number(e.currentTarget.value))}
            />
            <span aria-hidden="true">{t('motions.more')}</span>
          </div>
        </div>
        <label class="motions__check">
          <input type="checkbox" checked={mirrored} data-testid="mirrored" onChange={(e) => onMirrored(e.currentTarget.checked)} />
          {t('motions.mirror')}
        </label>
        <label class="motions__check">
          <input type="checkbox" checked={glasses} data-testid="glasses" onChange={(e) => onGlasses(e.currentTarget.checked)} />
          {t('motions.glasses')}
        </label>
      </div>
    </div>
  );
}
