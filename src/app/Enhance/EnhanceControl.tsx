import { BeforeAfter } from '../BeforeAfter/BeforeAfter.tsx';
import { useEffect, useRef } from 'preact/hooks';
import type { EnhanceComparison } from '../../pipeline/enhance/contract.ts';
import { useWords } from '../Language/words.tsx';

interface Props {
  enhance: boolean;
  onEnhance(on: boolean): void;
  disabled: boolean;
  /** The last enhanced face, once a file was made with it. */
  comparison?: EnhanceComparison;
  showBefore: boolean;
  onShowBefore(before: boolean): void;
}

/** "Enhance the face" and, once it has run, the face without and with it. */
export function EnhanceControl({ enhance, onEnhance, disabled, comparison, showBefore, onShowBefore }: Props) {
  const { t } = useWords();
  const canvas = useRef<HTMLCanvasElement>(null);
  const shown = comparison && (showBefore ? comparison.before : comparison.after);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    // A closed bitmap (a new photo) has no size.
    if (context && shown?.width) context.drawImage(shown, 0, 0);
  }, [shown]);
  return (
    <div class="enhance" data-testid="enhance">
      <label class="export__mark" title={t('enhance.hint')}>
        <input type="checkbox" checked={enhance} disabled={disabled} data-testid="enhance-toggle" onChange={(e) => onEnhance(e.currentTarget.checked)} />
        {t('enhance.toggle')}
      </label>
      {comparison && (
        <figure class="enhance__compare">
          <canvas ref={canvas} width={comparison.after.width} height={comparison.after.height} role="img" aria-label={showBefore ? t('enhance.before') : t('enhance.after')} data-testid="enhance-compare" data-showing={showBefore ? 'before' : 'after'} />
          <BeforeAfter label={t('enhance.compare')} before={t('enhance.before')} after={t('enhance.after')} showBefore={showBefore} onShowBefore={onShowBefore} />
        </figure>
      )}
    </div>
  );
}
