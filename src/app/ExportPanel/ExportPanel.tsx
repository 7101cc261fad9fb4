import type { ExportFormat } from '../../pipeline/export/contract.ts';

export interface SizeChoice {
  label: string;
  /** Long side, pixels. */
  longSide: number;
}

export interface MakingFile {
  label: string;
  fraction: number;
  /** "about 5 s left", or empty while unknown. */
  remaining: string;
}

export interface MadeFile {
  name: string;
  url: string;
  bytes: number;
}

interface Props {
  format: ExportFormat;
  onFormat(format: ExportFormat): void;
  sizes: SizeChoice[];
  size: number;
  onSize(longSide: number): void;
  mark: boolean;
  onMark(mark: boolean): void;
  /** False while the preview is still rendering. */
  ready: boolean;
  making?: MakingFile;
  made?: MadeFile;
  onMake(): void;
  onCancel(): void;
  /** Set where the browser can share files (phones): shares the made file. */
  onShare?: () => void;
}

const FORMATS: { format: ExportFormat; label: string; hint: string }[] = [
  { format: 'gif', label: 'GIF', hint: 'plays everywhere, loops' },
  { format: 'mp4', label: 'MP4', hint: 'video, smaller and sharper' },
];

function megabytes(bytes: number): string {
  return bytes < 1e6 ? `${Math.max(1, Math.round(bytes / 1e3))} KB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** Choose how to save the animation, make the file, then download or share it. */
export function ExportPanel(props: Props) {
  const { format, onFormat, sizes, size, onSize, mark, onMark, ready, making, made, onMake, onCancel, onShare } = props;
  const busy = !!making;
  return (
    <section class="export" aria-label="Save the animation" data-testid="export">
      <div class="export__options">
        <fieldset class="export__choice" disabled={busy}>
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.format} title={f.hint}>
              <input type="radio" name="export-format" value={f.format} checked={format === f.format} onChange={() => onFormat(f.format)} />
              {f.label}
            </label>
          ))}
        </fieldset>
        <fieldset class="export__choice" disabled={busy}>
          <legend>Size</legend>
          {sizes.map((s) => (
            <label key={s.longSide}>
              <input type="radio" name="export-size" value={s.longSide} checked={size === s.longSide} onChange={() => onSize(s.longSide)} />
              {s.label}
            </label>
          ))}
        </fieldset>
      </div>
      {making ? (
        <div class="progress export__progress" role="status" aria-live="polite" data-testid="export-progress">
          <span>
            {making.label} {making.remaining && <span class="export__remaining">— {making.remaining}</span>}
          </span>
          <progress max={1} value={making.fraction} aria-label={making.label} />
          <button type="button" class="button" data-testid="export-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : (
        <div class="export__actions">
          <button type="button" class="button button--primary" data-testid="export-make" disabled={!ready} onClick={onMake}>
            Download {format.toUpperCase()}
          </button>
          <label class="export__mark">
            <input type="checkbox" checked={mark} disabled={busy} data-testid="export-mark" onChange={(e) => onMark(e.currentTarget.checked)} />
            Show the “animated” mark
          </label>
          {made && (
            <>
              <a class="button" href={made.url} download={made.name} data-testid="export-again">
                {made.name} ({megabytes(made.bytes)})
              </a>
              {onShare && (
                <button type="button" class="button" data-testid="export-share" onClick={onShare}>
                  Share…
                </button>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
