import type { Message } from '../../i18n/messages.ts';
import type { ExportFormat } from '../../pipeline/export/contract.ts';
import { useWords } from '../Language/words.tsx';

export interface SizeChoice {
  label: Message;
  /** Long side, pixels. */
  longSide: number;
}

export interface MakingFile {
  label: Message;
  fraction: number;
  /** "about 5 s left"; undefined while unknown. */
  remaining?: Message;
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

const FORMATS = [
  { format: 'gif', label: 'GIF', hint: 'export.gif.hint' },
  { format: 'mp4', label: 'MP4', hint: 'export.mp4.hint' },
] as const satisfies { format: ExportFormat; label: string; hint: string }[];

/** Choose how to save the animation, make the file, then download or share it. */
export function ExportPanel(props: Props) {
  const { format, onFormat, sizes, size, onSize, mark, onMark, ready, making, made, onMake, onCancel, onShare } = props;
  const { t, say } = useWords();
  const busy = !!making;
  const label = making && say(making.label);
  return (
    <section class="export" aria-label={t('export.label')} data-testid="export">
      <div class="export__options">
        <fieldset class="export__choice" disabled={busy}>
          <legend>{t('export.format')}</legend>
          {FORMATS.map((f) => (
            <label key={f.format} title={t(f.hint)}>
              <input type="radio" name="export-format" value={f.format} checked={format === f.format} onChange={() => onFormat(f.format)} />
              {f.label}
            </label>
          ))}
        </fieldset>
        <fieldset class="export__choice" disabled={busy}>
          <legend>{t('export.size')}</legend>
          {sizes.map((s) => (
            <label key={s.longSide}>
              <input type="radio" name="export-size" value={s.longSide} checked={size === s.longSide} onChange={() => onSize(s.longSide)} />
              {say(s.label)}
            </label>
          ))}
        </fieldset>
      </div>
      {making ? (
        <div class="progress export__progress" role="status" aria-live="polite" data-testid="export-progress">
          <span>
            {label} {making.remaining && <span class="export__remaining">— {say(making.remaining)}</span>}
          </span>
          <progress max={1} value={making.fraction} aria-label={label} />
          <button type="button" class="button" data-testid="export-cancel" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <div class="export__actions">
          <button type="button" class="button button--primary" data-testid="export-make" disabled={!ready} onClick={onMake}>
            {t('export.download', { format: format.toUpperCase() })}
          </button>
          <label class="export__mark">
            <input type="checkbox" checked={mark} disabled={busy} data-testid="export-mark" onChange={(e) => onMark(e.currentTarget.checked)} />
            {t('export.mark')}
          </label>
          {made && (
            <>
              <a class="button" href={made.url} download={made.name} data-testid="export-again">
                {t('export.made', { name: made.name, bytes: made.bytes })}
              </a>
              {onShare && (
                <button type="button" class="button" data-testid="export-share" onClick={onShare}>
                  {t('export.share')}
                </button>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
