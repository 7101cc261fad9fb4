export interface DriverChoice {
  id: string;
  name: string;
  seconds: number;
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
  /** Set when the selected motion is the user's own: saves it as a driver file. */
  onSave?: () => void;
}

/** The motions to choose from, and how strongly to apply them. */
export function DriverPicker(props: Props) {
  const { drivers, selected, intensity, glasses, mirrored, onSelect, onIntensity, onGlasses, onMirrored, onVideo, onCamera, onDriverFile, onSave } = props;
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
            <button
              type="button"
              class={`drivers__item${driver.id === selected ? ' drivers__item--selected' : ''}`}
              aria-pressed={driver.id === selected}
              onClick={() => onSelect(driver.id)}
            >
              <span class="drivers__name">{driver.name}</span>
              <span class="drivers__length">{driver.seconds.toFixed(1)} s</span>
            </button>
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
      {onSave && (
        <button type="button" class="button drivers__own" data-testid="save-driver" onClick={onSave}>
          Save this motion
        </button>
      )}
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
