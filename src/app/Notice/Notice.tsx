import { useWords } from '../Language/words.tsx';

interface Props {
  kind: 'error' | 'info';
  text: string;
  onDismiss?: () => void;
}

export function Notice({ kind, text, onDismiss }: Props) {
  const { t } = useWords();
  return (
    <div class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${kind}`}>
      <span>{text}</span>
      {onDismiss && (
        <button type="button" class="notice__close" aria-label={t('common.dismiss')} onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  );
}
